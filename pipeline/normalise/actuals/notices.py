"""project_changes: what notices after the raise did to its projects.

A reallocation notice moves each project's commitment (before → after, usually after a raise
smaller than the cap); a change of use moves money from one project to another or to
working capital; a delay moves a project's ready date; a completion (结项) closes a project,
its surplus (节余) often going to working capital. One row per change a notice makes, linked
to the raise the notice belongs to and to the planned project it names.
"""
from __future__ import annotations

import polars as pl

from pipeline.normalise.actuals.links import match_projects
from pipeline.normalise.changes import name_key
from pipeline.normalise.classify import classify_projects
from pipeline.normalise.frames import to_date
from pipeline.normalise.taxonomy import Taxonomy
from pipeline.normalise.units import DECIMAL, to_decimal

KINDS = ("reallocation", "delay", "change_of_use", "completion")
COLUMNS = [
    "document_id", "change_no", "code", "short_name", "notice_date", "kind", "offering_id", "link_rule", "project",
    "project_key", "planned_document_id", "planned_seq", "planned_project", "name_similarity", "new_project",
    "committed_before_wan", "committed_after_wan", "delta_wan", "amount_wan", "to_working_capital",
    "to_working_capital_wan", "old_ready_date", "new_ready_date", "delay_months", "evidence_page", "evidence_text",
]


def months_between(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Calendar months from `start` to `end`, 2 places: whole months, plus the days left over as a
    share of an average month (30.4375 days). Month ends count as the same day, so 2025-12-31 →
    2026-12-31 is 12 months and 2023-03-17 → 2023-12-31 is 9.46."""
    months = (end.dt.year() - start.dt.year()) * 12 + end.dt.month().cast(pl.Int32) - start.dt.month().cast(pl.Int32)
    both_month_ends = (start == start.dt.month_end()) & (end == end.dt.month_end())
    days = pl.when(both_month_ends).then(0).otherwise(end.dt.day().cast(pl.Int32) - start.dt.day().cast(pl.Int32))
    return (months.cast(pl.Float64) + days.cast(pl.Float64) / 30.4375).round(2)


def project_key(planned: pl.Expr, printed: pl.Expr) -> pl.Expr:
    """Which project of its raise a row is about: the planned project's name, else the printed one."""
    return name_key(pl.coalesce(planned, printed))


def project_changes(after: pl.DataFrame, links: pl.DataFrame, projects_of_plans: pl.DataFrame,
                    taxonomy: Taxonomy) -> pl.DataFrame:
    """after: primary announcements of documents after the raise; links: document_id → offering_id."""
    rows = (
        after.select("document_id", "code", "short_name", pl.col("version_date").alias("notice_date"), "changes")
        .explode("changes").drop_nulls("changes")
        .with_columns(pl.int_range(1, pl.len() + 1).over("document_id").cast(pl.Int32).alias("change_no"))
        .unnest("changes")
        .join(links.select("document_id", "offering_id", "link_rule"), on="document_id", how="left")
        .with_columns(pl.format("{}#{}", "document_id", "change_no").alias("row_id"))
    )
    matched = match_projects(rows.select("row_id", "offering_id", pl.col("project").alias("name")), projects_of_plans)
    destination = classify_projects(
        rows.select("row_id", pl.col("new_project").alias("name")).drop_nulls("name"), taxonomy
    ).select("row_id", (pl.col("type") == "working_capital").alias("_new_is_wc"))
    to_wc = pl.col("to_working_capital").fill_null(False) | pl.col("_new_is_wc").fill_null(False)
    before, after_ = to_decimal(pl.col("committed_before_wan")), to_decimal(pl.col("committed_after_wan"))
    return (
        rows.join(matched, on="row_id", how="left")
        .join(destination, on="row_id", how="left")
        .with_columns(
            project_key(pl.col("planned_project"), pl.col("project")).alias("project_key"),
            before.alias("committed_before_wan"), after_.alias("committed_after_wan"),
            (after_ - before).cast(DECIMAL).alias("delta_wan"),
            to_decimal(pl.col("amount_wan")).alias("amount_wan"),
            to_wc.alias("to_working_capital"),
            to_date(pl.col("old_ready_date")).alias("old_ready_date"),
            to_date(pl.col("new_ready_date")).alias("new_ready_date"),
            pl.col("evidence").struct.field("page").cast(pl.Int32).alias("evidence_page"),
            pl.col("evidence").struct.field("text").alias("evidence_text"),
        )
        .with_columns(
            pl.when(pl.col("to_working_capital")).then(pl.col("amount_wan")).alias("to_working_capital_wan"),
            months_between(pl.col("old_ready_date"), pl.col("new_ready_date")).alias("delay_months"),
        )
        .select(COLUMNS)
        .sort("document_id", "change_no")
    )
