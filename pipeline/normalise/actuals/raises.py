"""How much each raise actually raised, and where each raise stands: planned, issued or withdrawn.

The figures (gross, net, date received) come from the documents that state them: the
issuance report, listing announcement or 验资 notice first, else a later document that
restates them (a reallocation notice or use report opens with the same paragraph). A raise
is `issued` when a document states its money or reports on spending it, `withdrawn` when a
notice ends it without money, and otherwise `planned`: filings alone cannot tell a raise
whose approval lapsed from one still under way, so a planned raise is "not issued as of"
its latest plan version, whose date and document the status carries.
"""
from __future__ import annotations

import polars as pl

from pipeline.normalise.units import DECIMAL, attach_printed, to_decimal

ISSUANCE = "issuance_result"
WITHDRAWAL = "withdrawal"
#: kinds that only exist once the money has arrived (a raise they report on was issued)
SPENDING = ("reallocation", "use_report", "use_change")

RAISES_ACTUAL = [
    "offering_id", "code", "short_name", "offering_type", "plan_year", "document_id", "document_kind",
    "document_date", "offering_hint", "link_rule", "cap_wan", "gross_wan", "gross_unit", "gross_text", "net_wan",
    "fees_wan", "received_date", "shares", "price_yuan", "raised_share_of_cap", "shortfall_wan", "stated_by",
    "figures_agree", "evidence_page", "evidence_text",
]


def raises_actual(after: pl.DataFrame, links: pl.DataFrame, offerings: pl.DataFrame) -> pl.DataFrame:
    """One row per raise with money: the figures of the document that speaks for it.

    after: primary announcements of documents after the raise (with raise_actual);
    links: document_id → offering_id, link_rule.
    """
    stated = (
        after.filter(pl.col("raise_actual").struct.field("gross_wan").is_not_null()
                     | pl.col("raise_actual").struct.field("net_wan").is_not_null())
        .join(links, on="document_id")
        .filter(pl.col("offering_id").is_not_null())
        .select("offering_id", "document_id", pl.col("kind").alias("document_kind"),
                pl.col("version_date").alias("document_date"), "link_rule",
                pl.col("raise_actual").struct.unnest())
        .with_columns(to_decimal(pl.col("gross_wan")).alias("gross_wan"),
                      to_decimal(pl.col("net_wan")).alias("net_wan"))
        .sort([pl.col("document_kind") != ISSUANCE, "document_date", "document_id"])
    )
    per_offering = stated.group_by("offering_id", maintain_order=True).agg(
        pl.col("document_id").sort_by("document_date", "document_id").alias("stated_by"),
        (pl.col("gross_wan").drop_nulls().n_unique() <= 1).alias("figures_agree"),
    )
    first = stated.unique("offering_id", keep="first", maintain_order=True)
    caps = offerings.select("offering_id", "code", "short_name", "offering_type", "plan_year",
                            pl.col("latest_raise_total_wan").alias("cap_wan"))
    cap = pl.col("cap_wan").cast(pl.Float64)
    return (
        first.join(per_offering, on="offering_id")
        .join(caps, on="offering_id")
        .pipe(attach_printed, text="evidence", amount="gross_wan", prefix="gross")
        .with_columns(
            (pl.col("gross_wan") - pl.col("net_wan")).cast(DECIMAL).alias("fees_wan"),
            pl.col("received_date").str.to_date("%Y-%m-%d", strict=False),
            pl.col("shares").round(0).cast(pl.Int64),
            pl.when(cap > 0).then(pl.col("gross_wan").cast(pl.Float64) / cap).alias("raised_share_of_cap"),
            (pl.col("cap_wan") - pl.col("gross_wan")).cast(DECIMAL).alias("shortfall_wan"),
            pl.col("evidence").struct.field("page").cast(pl.Int32).alias("evidence_page"),
            pl.col("evidence").struct.field("text").alias("evidence_text"),
        )
        .select(RAISES_ACTUAL)
        .sort("offering_id")
    )


def offering_status(plan_docs: pl.DataFrame, after_docs: pl.DataFrame, raised: pl.DataFrame) -> pl.DataFrame:
    """(offering_id, status, status_date, status_document_id) for every raise.

    plan_docs: the plan documents with their offering and version; after_docs: documents after
    the raise with the offering they were linked to.
    """
    linked = after_docs.filter(pl.col("offering_id").is_not_null())
    by_money = raised.select("offering_id", pl.coalesce("received_date", "document_date").alias("_date"),
                             "document_id", pl.lit(0).alias("_pref"))
    by_spending = linked.filter(pl.col("kind").is_in(SPENDING)).select(
        "offering_id", pl.col("version_date").alias("_date"), "document_id", pl.lit(1).alias("_pref"))
    issued = (
        pl.concat([by_money, by_spending])
        .sort("offering_id", "_pref", "_date", "document_id")
        .unique("offering_id", keep="first", maintain_order=True)
        .select("offering_id", pl.lit("issued").alias("status"), pl.col("_date").alias("status_date"),
                pl.col("document_id").alias("status_document_id"))
    )
    withdrawn = (
        linked.filter(pl.col("kind") == WITHDRAWAL)
        .sort("offering_id", "version_date", "document_id")
        .unique("offering_id", keep="first", maintain_order=True)
        .select("offering_id", pl.lit("withdrawn").alias("status"), pl.col("version_date").alias("status_date"),
                pl.col("document_id").alias("status_document_id"))
    )
    last_version = pl.col("version_no") == pl.col("version_no").max().over("offering_id")
    planned = (
        plan_docs.filter(pl.col("offering_id").is_not_null(), pl.col("is_version_representative"), last_version)
        .sort("offering_id", "document_id")
        .unique("offering_id", keep="first", maintain_order=True)
        .select("offering_id", pl.lit("planned").alias("status"), pl.col("version_date").alias("status_date"),
                pl.col("document_id").alias("status_document_id"))
    )
    # money that arrived outranks a notice ending the raise, which outranks the plan
    ranked = pl.concat([issued, withdrawn, planned]).with_columns(
        pl.col("status").replace_strict({"issued": 0, "withdrawn": 1, "planned": 2}, return_dtype=pl.Int32)
        .alias("_rank"))
    everything = plan_docs.filter(pl.col("offering_id").is_not_null()).select("offering_id").unique()
    return (
        everything.join(ranked.sort("offering_id", "_rank").unique("offering_id", keep="first"),
                        on="offering_id", how="left")
        .with_columns(pl.col("status").fill_null("planned"))
        .drop("_rank")
        .sort("offering_id")
    )
