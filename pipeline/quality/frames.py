"""The frames the suites check: warehouse tables with the few derived columns a check needs.

Pure functions of the frames a build is about to publish (or has published), so that the
build and `starboard check` check exactly the same thing, and tests can build violations
in memory. Sums are taken in DECIMAL (exact) and only the final difference is a float,
so `within 0.01 万元` means what it says. A derived column is null wherever its check does
not apply (no budget lines, an amount the filing does not state): GX skips nulls, and a
filing that lists its projects in prose is never flagged for the amounts it does not give.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import polars as pl

from pipeline.normalise.actuals.thresholds import threshold
from pipeline.normalise.peers import BUDGET_CATEGORIES, PROJECT_TYPES
from pipeline.normalise.taxonomy import Taxonomy

#: Beijing time: filings are dated by the exchange's calendar
BEIJING = timezone(timedelta(hours=8))
#: the warehouse tables the checks read
TABLES = ("documents", "projects", "budget_lines", "offerings", "offering_latest", "peer_metrics", "taxonomy_values",
          "raises_actual", "project_progress", "project_changes")


def catalog_frame(catalog: pl.DataFrame, file_hashes: dict[str, str | None]) -> pl.DataFrame:
    """Downloaded announcements (the build's catalog frame) with the hash of each raw file now."""
    return catalog.select(
        "source", "announcement_id", pl.col("catalog_code").alias("sec_code"), "url", "local_path", "sha256",
        pl.col("local_path").replace_strict(file_hashes, default=None, return_dtype=pl.String).alias("file_sha256"),
    )


def _signed_date(doc_date: pl.Expr) -> pl.Expr:
    """The parsed signed date (YYYY-MM-DD), else its cover month (YYYY-MM) as the month's first day."""
    return pl.coalesce(
        doc_date.str.to_date("%Y-%m-%d", strict=False),
        (doc_date + "-01").str.to_date("%Y-%m-%d", strict=False),
    )


def documents_frame(documents: pl.DataFrame) -> pl.DataFrame:
    return documents.with_columns(_signed_date(pl.col("doc_date")).alias("signed_date"))


def _sum_if_complete(amount: str, alias: str) -> pl.Expr:
    """Sum of `amount` over a group when the group has rows and every one states it, else null."""
    col = pl.col(amount)
    return pl.when((pl.len() > 0) & (col.null_count() == 0)).then(col.sum()).alias(alias)


def projects_frame(projects: pl.DataFrame, documents: pl.DataFrame, budget_lines: pl.DataFrame) -> pl.DataFrame:
    sums = (
        budget_lines.group_by("document_id", pl.col("project_seq").alias("seq"))
        .agg(_sum_if_complete("amount_wan", "budget_sum"))
    )
    return (
        projects.join(documents.select("document_id", pl.col("source").alias("document_source")).unique("document_id"),
                      on="document_id", how="left")
        .join(sums, on=["document_id", "seq"], how="left")
        .with_columns(
            pl.col("budget_sum").cast(pl.Float64).alias("budget_sum_wan"),
            (pl.col("budget_sum") - pl.col("total_investment_wan")).cast(pl.Float64).alias("budget_minus_total_wan"),
        )
        .drop("budget_sum")
    )


def budget_lines_frame(budget_lines: pl.DataFrame, projects: pl.DataFrame) -> pl.DataFrame:
    names = projects.select("document_id", pl.col("seq").alias("project_seq"), pl.col("name").alias("project_name"))
    return budget_lines.join(names.unique(["document_id", "project_seq"]), on=["document_id", "project_seq"],
                             how="left")


def offerings_frame(offerings: pl.DataFrame, latest: pl.DataFrame, projects: pl.DataFrame) -> pl.DataFrame:
    """Each raise with its latest plan's stated cap and the sum of that plan's project proceeds."""
    plan = latest.select("offering_id", pl.col("document_id").alias("_plan"),
                         pl.col("raise_total_wan").alias("_cap"))
    proceeds = projects.group_by("document_id").agg(_sum_if_complete("proceeds_wan", "_proceeds"))
    return (
        offerings.join(plan, on="offering_id", how="left")
        .join(proceeds, left_on="_plan", right_on="document_id", how="left")
        .with_columns(
            pl.col("_cap").cast(pl.Float64).alias("plan_raise_total_wan"),
            pl.col("_proceeds").cast(pl.Float64).alias("plan_proceeds_wan"),
            (pl.col("_proceeds") - pl.col("_cap")).cast(pl.Float64).alias("proceeds_minus_cap_wan"),
        )
        .drop("_plan", "_cap", "_proceeds")
    )


def _share_sum_minus_one(columns: list[str]) -> pl.Expr:
    return (
        pl.when(pl.any_horizontal([pl.col(c).is_not_null() for c in columns]))
        .then(pl.sum_horizontal(columns) - 1.0)
    )


def peer_metrics_frame(peer_metrics: pl.DataFrame, offerings: pl.DataFrame) -> pl.DataFrame:
    codes = offerings.select("offering_id", pl.col("code").alias("offering_code")).unique("offering_id")
    return peer_metrics.join(codes, on="offering_id", how="left").with_columns(
        _share_sum_minus_one([f"share_{c}" for c in BUDGET_CATEGORIES]).alias("share_sum_minus_one"),
        _share_sum_minus_one([f"type_share_{t}" for t in PROJECT_TYPES]).alias("type_share_sum_minus_one"),
    )


def _sources(documents: pl.DataFrame) -> pl.DataFrame:
    return documents.select("document_id", pl.col("source").alias("document_source")).unique("document_id")


def _offering_known(frame: pl.DataFrame, offerings: pl.DataFrame) -> pl.DataFrame:
    """offering_known: true when the row names no raise or one the offerings table has."""
    known = offerings.select("offering_id", pl.lit(True).alias("_known")).unique("offering_id")
    return frame.join(known, on="offering_id", how="left").with_columns(
        (pl.col("offering_id").is_null() | pl.col("_known").fill_null(False)).alias("offering_known")).drop("_known")


def committed_after_raise(progress: pl.DataFrame, changes: pl.DataFrame) -> pl.DataFrame:
    """(offering_id, committed_wan, committed_document_id): the most any one filing after the raise
    commits of its money, a use report's 对照表 (adjusted commitments, else committed) or a
    re-allocation notice (commitments after), summed over the raise's projects. A notice with a
    project whose amount after it is not printed states no total."""
    reports = (
        progress.filter(pl.col("offering_id").is_not_null(), pl.col("raise_kind") == "refinancing")
        .group_by("offering_id", "document_id")
        .agg(pl.col("commitment_wan").cast(pl.Float64).sum().alias("committed_wan"),
             pl.col("commitment_wan").is_null().any().alias("_gap"))
    )
    notices = (
        changes.filter(pl.col("offering_id").is_not_null(), pl.col("kind") == "reallocation")
        .group_by("offering_id", "document_id")
        .agg(pl.col("committed_after_wan").cast(pl.Float64).sum().alias("committed_wan"),
             pl.col("committed_after_wan").is_null().any().alias("_gap"))
    )
    return (
        pl.concat([reports, notices]).filter(~pl.col("_gap"))
        .sort(["offering_id", "committed_wan", "document_id"], descending=[False, True, False])
        .unique("offering_id", keep="first", maintain_order=True)
        .select("offering_id", "committed_wan", pl.col("document_id").alias("committed_document_id"))
    )


def raises_actual_frame(raised: pl.DataFrame, offerings: pl.DataFrame, documents: pl.DataFrame,
                        progress: pl.DataFrame, changes: pl.DataFrame) -> pl.DataFrame:
    plans = offerings.select("offering_id", pl.col("code").alias("offering_code"),
                             pl.col("first_date").alias("plan_first_date")).unique("offering_id")
    return (
        raised.join(plans, on="offering_id", how="left")
        .join(_sources(documents), on="document_id", how="left")
        .join(committed_after_raise(progress, changes), on="offering_id", how="left")
        .with_columns(
            (pl.col("gross_wan") - pl.col("cap_wan")).cast(pl.Float64).alias("raised_minus_cap_wan"),
            (pl.col("committed_wan") - pl.col("net_wan").cast(pl.Float64)).round(2).alias("committed_minus_net_wan"),
        )
    )


def project_progress_frame(progress: pl.DataFrame, offerings: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    commitment = pl.col("commitment_wan").cast(pl.Float64)
    return (
        progress.join(_sources(documents), on="document_id", how="left")
        .pipe(_offering_known, offerings)
        .with_columns(
            pl.when(commitment > 0).then(pl.col("invested_to_date_wan").cast(pl.Float64) / commitment - 1)
            .alias("overspend_share"),
            (pl.col("invested_period_wan") - pl.col("invested_to_date_wan")).cast(pl.Float64)
            .alias("period_minus_to_date_wan"),
        )
    )


def project_changes_frame(changes: pl.DataFrame, offerings: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    return changes.join(_sources(documents), on="document_id", how="left").pipe(_offering_known, offerings)


def check_frames(tables: dict[str, pl.DataFrame], catalog: pl.DataFrame,
                 file_hashes: dict[str, str | None]) -> dict[str, pl.DataFrame]:
    """Frame name (a suite's meta.frame) → the frame it checks."""
    docs, projects, budget = tables["documents"], tables["projects"], tables["budget_lines"]
    return {
        "catalog": catalog_frame(catalog, file_hashes),
        "documents": documents_frame(docs),
        "projects": projects_frame(projects, docs, budget),
        "budget_lines": budget_lines_frame(budget, projects),
        "offerings": offerings_frame(tables["offerings"], tables["offering_latest"], projects),
        "peer_metrics": peer_metrics_frame(tables["peer_metrics"], tables["offerings"]),
        "raises_actual": raises_actual_frame(tables["raises_actual"], tables["offerings"], docs,
                                             tables["project_progress"], tables["project_changes"]),
        "project_progress": project_progress_frame(tables["project_progress"], tables["offerings"], docs),
        "project_changes": project_changes_frame(tables["project_changes"], tables["offerings"], docs),
    }


def today_in_beijing(now: datetime | None = None) -> date:
    return (now or datetime.now(BEIJING)).astimezone(BEIJING).date()


def parameters(taxonomy_values: pl.DataFrame, taxonomy: Taxonomy, today: date) -> dict[str, object]:
    """Values the suites take at run time ({"$PARAMETER": name}): vocabularies from the
    taxonomy files, so adding a category is editing one CSV, the date of today, and the
    allowance for invested interest (pipeline/normalise/actuals/thresholds.csv)."""
    def values(field: str) -> list[str]:
        return sorted(taxonomy_values.filter(pl.col("field") == field)["value"].to_list())

    order = taxonomy.document_order
    return {
        "project_types": values("project_type"),
        "budget_categories": values("budget_category"),
        "document_kinds": sorted({v for f, v, _, _ in order if f == "kind" and v}),
        "revisions": sorted({v for f, v, _, _ in order if f == "revision" and v}),
        # GX compares datetimes; a date string would be read as a date, which pandas will not compare
        "end_of_today": f"{today.isoformat()}T23:59:59",
        "overspend_allowance": threshold("overspend_allowance"),
        "progress_pct_max": round(100 * (1 + threshold("overspend_allowance")), 6),
    }
