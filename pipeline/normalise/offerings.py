"""Group documents into offerings (one per raise) and order each offering's chain.

A raise is a company, an offering type and the year its plan names: titles print it
(`2023年度向特定对象发行A股股票预案`), and revisions, adjustment notices and prospectuses of
the same raise repeat it. Documents whose titles name no year (the statement on the
sci-tech field, most convertible-bond plans) join the raise running when they were
published, unless they come more than 18 months after the company's previous document.
Walking each company's documents in date order, a new raise starts at:
- a printed year different from the last printed year,
- a document naming no year, long after the previous one, or
- a first-version plan (预案, no revision) when an earlier first-version plan exists.

Documents published on the same day are one version of the plan; versions are numbered in
date order. Everything is expressed over windows (`over`) rather than loops, so grouping a
hundred thousand documents is a few sorts.
"""
from __future__ import annotations

import polars as pl

from pipeline.normalise.units import DECIMAL

GROUP = ["code", "_type"]
#: a document naming no year this long after the company's previous one starts a new raise
#: (a plan's approval lasts 12 months; revisions of one raise rarely span more than 18)
NEW_RAISE_GAP_DAYS = 540
#: how documents are walked: date, then first-version plans first, then revision, kind, id
CHAIN_ORDER = ["version_date", "_not_orig_plan", "revision_rank", "kind_rank", "document_id"]
#: which document speaks for a set of documents: one with a project table, with budgets,
#: with a raise cap, then by kind and latest revision
BEST = [
    pl.col("project_count").fill_null(0) > 0,
    pl.col("budget_line_count").fill_null(0) > 0,
    pl.col("raise_total_wan").is_not_null(),
]


def _filled_type() -> pl.Expr:
    """The offering type, else the company's only one, else `other`."""
    known = pl.col("offering_type").drop_nulls()
    sole = pl.when(known.n_unique().over("code") == 1).then(known.first().over("code"))
    return pl.coalesce("offering_type", sole, pl.lit("other"))


def assign_offerings(documents: pl.DataFrame) -> pl.DataFrame:
    """Add offering_id, version_no, chain_position and is_latest to each document with a code."""
    docs = documents.with_columns(
        _filled_type().alias("_type"),
        ~((pl.col("kind") == "plan") & (pl.col("revision_rank") == 0)).alias("_not_orig_plan"),
    ).sort([*GROUP, *CHAIN_ORDER], nulls_last=True)
    orig_plan = ~pl.col("_not_orig_plan")
    # a document that names no year and comes long after the last one is a new raise; it
    # then speaks for the year it was published in, so the plans that follow it join it
    long_gap = (pl.col("version_date") - pl.col("version_date").shift(1)).over(GROUP) > pl.duration(days=NEW_RAISE_GAP_DAYS)
    undated_opener = pl.col("plan_year").is_null() & long_gap.fill_null(False)
    docs = docs.with_columns(
        pl.coalesce("plan_year", pl.when(undated_opener).then(pl.col("version_date").dt.year().cast(pl.Int32)))
        .alias("_eyear"),
        undated_opener.alias("_undated_opener"),
    )
    prev_year = pl.col("_eyear").forward_fill().shift(1).over(GROUP)
    earlier_orig_plans = orig_plan.cast(pl.Int32).cum_sum().shift(1).fill_null(0).over(GROUP)
    opener = (
        (pl.int_range(pl.len()).over(GROUP) == 0)
        | pl.col("_undated_opener")
        | (pl.col("plan_year").is_not_null() & prev_year.is_not_null() & (pl.col("plan_year") != prev_year))
        | (orig_plan & (earlier_orig_plans > 0) & (pl.col("plan_year").is_null() | prev_year.is_null()))
    )
    segment = [*GROUP, "_seg"]
    year = pl.coalesce(
        pl.col("plan_year").drop_nulls().first().over(segment),
        pl.col("version_date").dt.year().cast(pl.Int32).min().over(segment),
    )
    docs = (
        docs.with_columns(opener.cast(pl.Int32).cum_sum().over(GROUP).alias("_seg"))
        .with_columns(year.alias("offering_year"))
        .with_columns(
            # two raises of one type landing on the same year get -2, -3 … by order
            pl.col("_seg").rank("dense").over([*GROUP, "offering_year"]).cast(pl.Int32).alias("_nth"),
        )
        .with_columns(
            pl.when(pl.col("code").is_null()).then(pl.lit(None, dtype=pl.String)).otherwise(
                pl.concat_str(
                    [pl.col("code"), pl.col("_type"), pl.col("offering_year").cast(pl.String).fill_null("unknown")],
                    separator="-",
                )
                + pl.when(pl.col("_nth") > 1).then(pl.format("-{}", pl.col("_nth"))).otherwise(pl.lit(""))
            ).alias("offering_id")
        )
    )
    in_offering = "offering_id"
    docs = docs.with_columns(
        pl.col("version_date").rank("dense").over(in_offering).cast(pl.Int32).alias("version_no"),
        pl.int_range(1, pl.len() + 1).over(in_offering).cast(pl.Int32).alias("chain_position"),
        *[e.alias(f"_best{i}") for i, e in enumerate(BEST)],
    )
    usable = docs.filter(pl.col("parse_status") != "failed", pl.col("offering_id").is_not_null())
    # the latest plan: the newest document with a project table (what a benchmark uses),
    # else the newest document at all
    latest = (
        usable.sort(["_best0", "version_no", "_best1", "_best2", "kind_rank", "revision_rank", "document_id"],
                    descending=[True, True, True, True, False, True, False])
        .unique(in_offering, keep="first")
        .select(in_offering, pl.col("document_id").alias("_latest"))
    )
    representative = (
        usable.sort(["_best0", "_best1", "_best2", "kind_rank", "revision_rank", "document_id"],
                    descending=[True, True, True, False, True, False])
        .unique([in_offering, "version_no"], keep="first")
        .select("document_id", pl.lit(True).alias("is_version_representative"))
    )
    return (
        docs.join(latest, on=in_offering, how="left")
        .join(representative, on="document_id", how="left")
        .with_columns(
            (pl.col("document_id") == pl.col("_latest")).fill_null(False).alias("is_latest"),
            pl.col("is_version_representative").fill_null(False),
            pl.when(pl.col("offering_id").is_not_null()).then(pl.col("_type")).alias("offering_type_filled"),
        )
        .drop("_type", "_not_orig_plan", "_seg", "_nth", "_latest", "_best0", "_best1", "_best2",
              "_eyear", "_undated_opener")
        .sort("document_id")
    )


def stage_label(revision: pl.Expr, kind: pl.Expr) -> pl.Expr:
    """What an analyst calls a version: its revision label, else 调整 or 预案."""
    return (
        pl.when(revision.is_not_null()).then(revision)
        .when(kind == "adjustment").then(pl.lit("调整"))
        .otherwise(pl.lit("预案"))
    )


def offerings(docs: pl.DataFrame, projects: pl.DataFrame) -> pl.DataFrame:
    """One row per raise: its chain of documents in order, and which document is latest."""
    themes = (
        projects.join(docs.select("document_id", "offering_id"), on="document_id")
        .explode("themes").drop_nulls("themes")
        .group_by("offering_id").agg(pl.col("themes").unique().sort())
    )
    with_cap = pl.col("raise_total_wan").filter(pl.col("raise_total_wan").is_not_null())
    return (
        docs.filter(pl.col("offering_id").is_not_null())
        .sort("offering_id", "chain_position")
        .group_by("offering_id", maintain_order=True)
        .agg(
            pl.col("code").first(),
            pl.col("short_name").drop_nulls().last(),
            pl.col("offering_type_filled").first().alias("offering_type"),
            pl.col("offering_year").first().alias("plan_year"),
            pl.col("version_date").min().alias("first_date"),
            pl.col("version_date").max().alias("last_date"),
            pl.len().cast(pl.Int32).alias("document_count"),
            pl.col("version_no").max().alias("version_count"),
            pl.col("document_id").alias("chain"),
            pl.col("document_id").filter(pl.col("is_latest")).first().alias("latest_document_id"),
            with_cap.first().alias("first_raise_total_wan"),
            with_cap.last().alias("latest_raise_total_wan"),
            stage_label(pl.col("revision"), pl.col("kind")).sort_by("revision_rank", "chain_position").last()
            .alias("stage"),
            pl.col("industry").drop_nulls().last(),
        )
        .join(themes, on="offering_id", how="left")
        .with_columns(
            (pl.col("latest_raise_total_wan") - pl.col("first_raise_total_wan")).cast(DECIMAL).alias("raise_change_wan"),
            pl.col("themes").fill_null([]),
        )
        .sort("offering_id")
    )
