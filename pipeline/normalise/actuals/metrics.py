"""Spend and delay metrics per raise, for peer_metrics: comparable across raises where known.

Computed on each project's latest report (project_progress.is_latest_report), over the
projects that are built (working-capital lines are spent at once and would flatter any
spend rate), weighted by commitment, so a raise is one figure however many projects it has.
A raise without use reports has nulls, never zeros: it drops out of those percentiles.
"""
from __future__ import annotations

import polars as pl

from pipeline.normalise.units import DECIMAL

COLUMNS = {
    "raised_share_of_cap": pl.Float64, "spend_share": pl.Float64, "elapsed_share": pl.Float64,
    "spend_gap": pl.Float64, "months_since_received": pl.Float64, "progress_as_of": pl.Date,
    "projects_followed": pl.Int32, "projects_delayed": pl.Int32, "delayed_share": pl.Float64,
    "moved_to_wc_wan": DECIMAL, "moved_to_wc_share": pl.Float64,
}


def _weighted(value: str) -> pl.Expr:
    weight = pl.col("commitment_wan").cast(pl.Float64)
    known = pl.col(value).is_not_null() & (weight > 0)
    total = weight.filter(known).sum()
    return pl.when(total > 0).then((pl.col(value) * weight).filter(known).sum() / total)


def after_raise_metrics(progress: pl.DataFrame, changes: pl.DataFrame, raised: pl.DataFrame) -> pl.DataFrame:
    """One row per raise with a figure after its raise (offering_id + COLUMNS)."""
    latest = progress.filter(
        pl.col("is_latest_report"), pl.col("raise_kind") == "refinancing", pl.col("offering_id").is_not_null(),
        ~pl.col("is_working_capital"),
    ).with_columns(pl.min_horizontal("elapsed_share", pl.lit(1.0)).alias("elapsed_capped"))
    invested, committed = pl.col("invested_to_date_wan").cast(pl.Float64), pl.col("commitment_wan").cast(pl.Float64)
    both = invested.is_not_null() & (committed > 0)
    spend = latest.group_by("offering_id").agg(
        pl.when(committed.filter(both).sum() > 0).then(invested.filter(both).sum() / committed.filter(both).sum())
        .alias("spend_share"),
        _weighted("elapsed_capped").alias("elapsed_share"),
        _weighted("spend_gap").alias("spend_gap"),
        pl.col("months_since_received").max(),
        pl.col("period_end").max().alias("progress_as_of"),
    )
    linked_changes = changes.filter(pl.col("offering_id").is_not_null())
    followed = pl.concat([
        latest.select("offering_id", "project_key", "delayed"),
        linked_changes.filter(pl.col("kind") == "delay").select("offering_id", "project_key", pl.lit(True).alias("delayed")),
    ]).group_by("offering_id", "project_key").agg(pl.col("delayed").any())
    delays = followed.group_by("offering_id").agg(
        pl.len().cast(pl.Int32).alias("projects_followed"),
        pl.col("delayed").sum().cast(pl.Int32).alias("projects_delayed"),
    ).with_columns((pl.col("projects_delayed") / pl.col("projects_followed")).alias("delayed_share"))
    # money moved to working capital, out of what the raise brought in; known (possibly 0) once
    # the raise has a use report or notice after it, unknown while a move to working capital
    # states no amount (a completion naming several projects and one surplus)
    reported = pl.concat([progress.select("offering_id"), linked_changes.select("offering_id")]).drop_nulls().unique()
    moved = (
        raised.select("offering_id", pl.coalesce("net_wan", "gross_wan").cast(pl.Float64).alias("_base"),
                      pl.col("raised_share_of_cap"))
        .join(reported.with_columns(pl.lit(True).alias("_reported")), on="offering_id", how="left")
        .join(linked_changes.group_by("offering_id").agg(
            pl.col("to_working_capital_wan").sum().alias("_moved"),
            (pl.col("to_working_capital") & pl.col("amount_wan").is_null()).any().alias("_unstated")),
              on="offering_id", how="left")
        .with_columns(
            pl.when(pl.col("_reported") & ~pl.col("_unstated").fill_null(False))
            .then(pl.col("_moved").fill_null(0)).cast(DECIMAL).alias("moved_to_wc_wan"),
        )
        .with_columns(
            pl.when(pl.col("_base") > 0).then(pl.col("moved_to_wc_wan").cast(pl.Float64) / pl.col("_base"))
            .alias("moved_to_wc_share"),
        )
        .select("offering_id", "raised_share_of_cap", "moved_to_wc_wan", "moved_to_wc_share")
    )
    ids = pl.concat([moved.select("offering_id"), spend.select("offering_id"), delays.select("offering_id")]).unique()
    return (
        ids.join(moved, on="offering_id", how="left")
        .join(spend, on="offering_id", how="left")
        .join(delays, on="offering_id", how="left")
        .select("offering_id", *[pl.col(c).cast(t) for c, t in COLUMNS.items()])
        .sort("offering_id")
    )
