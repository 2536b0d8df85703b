"""project_progress: each project's spending as each use report states it, beside its plan.

One row per row of a use report's 募集资金使用情况对照表, linked to the raise its table names
and to the planned project it reports on. Beside the printed figures it carries what makes
raises comparable: the spend share (cumulative investment ÷ adjusted commitment) against the
elapsed share (months since the money arrived ÷ the plan's construction months, capped at 1
in the gap: once the period is over, everything should be spent), whether the project was
pushed back (a later ready date than its first report gave, or a delay notice), whether its
ready date passed unfinished, and which report is its latest.

IPO money (首次公开发行) is kept apart: its rows stay (raise_kind = ipo) but link to no
refinancing, and the views and peer metrics leave them out.
"""
from __future__ import annotations

import polars as pl

from pipeline.normalise.actuals.links import match_projects
from pipeline.normalise.actuals.notices import months_between, project_key
from pipeline.normalise.changes import name_key
from pipeline.normalise.classify import classify_projects
from pipeline.normalise.frames import to_date
from pipeline.normalise.taxonomy import Taxonomy
from pipeline.normalise.units import to_decimal

COLUMNS = [
    "document_id", "row_no", "code", "short_name", "report_date", "period_end", "offering_hint", "raise_kind",
    "offering_id", "link_rule", "seq", "project", "project_key", "planned_document_id", "planned_seq",
    "planned_project", "name_similarity", "project_type", "is_working_capital", "committed_wan", "adjusted_wan",
    "commitment_wan", "invested_period_wan", "invested_to_date_wan", "progress_pct", "ready_date", "ready_date_text",
    "changed", "received_date", "construction_months", "months_since_received", "spend_share", "elapsed_share",
    "spend_gap", "first_ready_date", "delayed", "completed", "ready_date_passed", "is_latest_report",
    "evidence_page", "evidence_text",
]


def _rows(after: pl.DataFrame, table_links: pl.DataFrame) -> pl.DataFrame:
    doc_hint = pl.col("raise_actual").struct.field("offering_hint")
    return (
        after.select("document_id", "code", "short_name", pl.col("version_date").alias("report_date"),
                     to_date(pl.col("period_end")).alias("period_end"), doc_hint.alias("_doc_hint"), "progress")
        .explode("progress").drop_nulls("progress")
        .with_columns(pl.int_range(1, pl.len() + 1).over("document_id").cast(pl.Int32).alias("row_no"))
        .unnest("progress")
        .with_columns(pl.coalesce("offering_hint", "_doc_hint").alias("hint"))
        .join(table_links.select("document_id", "hint", "is_ipo", "offering_id", "link_rule"),
              on=["document_id", "hint"], how="left", nulls_equal=True)
        .with_columns(pl.format("{}#{}", "document_id", "row_no").alias("row_id"),
                      pl.when(pl.col("is_ipo")).then(pl.lit("ipo")).otherwise(pl.lit("refinancing")).alias("raise_kind"))
        .drop("_doc_hint", "offering_hint")
        .rename({"hint": "offering_hint"})
    )


def _planned_months(matched: pl.DataFrame, projects_of_plans: pl.DataFrame) -> pl.DataFrame:
    """The matched project's type and construction months; months a version does not state are
    taken from another version of the raise that names the same project."""
    keyed = projects_of_plans.with_columns(name_key(pl.col("name")).alias("_key"))
    own = keyed.select(pl.col("document_id").alias("planned_document_id"), pl.col("seq").cast(pl.Int32).alias("planned_seq"),
                       "offering_id", "_key", pl.col("type").alias("_planned_type"),
                       pl.col("construction_months").alias("_own_months"))
    elsewhere = keyed.group_by("offering_id", "_key").agg(pl.col("construction_months").max().alias("_any_months"))
    return (
        matched.join(own, on=["planned_document_id", "planned_seq"], how="left")
        .join(elsewhere, on=["offering_id", "_key"], how="left")
        .select("row_id", "_planned_type",
                pl.coalesce("_own_months", "_any_months").cast(pl.Int32).alias("construction_months"))
    )


def _notices(changes: pl.DataFrame, kind: str) -> pl.DataFrame:
    return changes.filter(pl.col("kind") == kind, pl.col("offering_id").is_not_null()).select(
        "offering_id", "project_key", "notice_date")


def project_progress(after: pl.DataFrame, table_links: pl.DataFrame, projects_of_plans: pl.DataFrame,
                     raised: pl.DataFrame, changes: pl.DataFrame, taxonomy: Taxonomy) -> pl.DataFrame:
    rows = _rows(after, table_links)
    matched = match_projects(rows.select("row_id", "offering_id", pl.col("project").alias("name")), projects_of_plans)
    planned = _planned_months(matched.join(rows.select("row_id", "offering_id"), on="row_id"), projects_of_plans)
    typed = classify_projects(rows.select("row_id", pl.col("project").alias("name")), taxonomy).select(
        "row_id", pl.col("type").alias("_printed_type"))
    commitment = pl.coalesce(to_decimal(pl.col("adjusted_wan")), to_decimal(pl.col("committed_wan")))
    invested = pl.col("invested_to_date_wan").cast(pl.Float64)
    frame = (
        rows.join(matched, on="row_id", how="left")
        .join(planned, on="row_id", how="left")
        .join(typed, on="row_id", how="left")
        .join(raised.select("offering_id", "received_date"), on="offering_id", how="left")
        .with_columns(
            project_key(pl.col("planned_project"), pl.col("project")).alias("project_key"),
            pl.coalesce("_planned_type", "_printed_type").alias("project_type"),
            to_decimal(pl.col("committed_wan")).alias("committed_wan"),
            to_decimal(pl.col("adjusted_wan")).alias("adjusted_wan"),
            commitment.alias("commitment_wan"),
            to_decimal(pl.col("invested_period_wan")).alias("invested_period_wan"),
            to_decimal(pl.col("invested_to_date_wan")).alias("invested_to_date_wan"),
            to_date(pl.col("ready_date")).alias("ready_date"),
            months_between(pl.col("received_date"), pl.col("period_end")).alias("months_since_received"),
            pl.col("evidence").struct.field("page").cast(pl.Int32).alias("evidence_page"),
            pl.col("evidence").struct.field("text").alias("evidence_text"),
            pl.col("seq").cast(pl.Int32),
        )
        .with_columns(
            (pl.col("project_type") == "working_capital").alias("is_working_capital"),
            pl.when(pl.col("commitment_wan").cast(pl.Float64) > 0)
            .then(invested / pl.col("commitment_wan").cast(pl.Float64)).alias("spend_share"),
            pl.when((pl.col("construction_months") > 0) & (pl.col("months_since_received") >= 0))
            .then(pl.col("months_since_received") / pl.col("construction_months")).alias("elapsed_share"),
            pl.coalesce("offering_id", pl.format("{}|{}", "code", pl.col("offering_hint").fill_null(""))).alias("_raise"),
        )
        .with_columns(
            pl.when(~pl.col("is_working_capital"))
            .then(pl.min_horizontal(pl.col("elapsed_share"), pl.lit(1.0)) - pl.col("spend_share")).alias("spend_gap"),
        )
    )
    return _schedule(frame, changes).select(COLUMNS).sort("document_id", "row_no")


def _schedule(frame: pl.DataFrame, changes: pl.DataFrame) -> pl.DataFrame:
    """first_ready_date, delayed, completed, ready_date_passed and is_latest_report of each row."""
    project = ["_raise", "project_key"]
    first_ready = (
        frame.filter(pl.col("ready_date").is_not_null())
        .sort("period_end", "report_date", "document_id", nulls_last=True)
        .group_by(project, maintain_order=True).agg(pl.col("ready_date").first().alias("first_ready_date"))
    )

    def noticed(kind: str, alias: str) -> pl.DataFrame:
        # a notice counts for the reports published on or after it
        notices = _notices(changes, kind)
        return (
            frame.select("row_id", "offering_id", "project_key", "report_date")
            .join(notices, on=["offering_id", "project_key"])
            .filter(pl.col("notice_date") <= pl.col("report_date"))
            .select("row_id").unique().with_columns(pl.lit(True).alias(alias))
        )

    order = ["period_end", "report_date", "document_id", "row_no"]
    last = pl.int_range(pl.len()).over(project) == pl.len().over(project) - 1
    return (
        frame.sort(order, nulls_last=False)
        .with_columns(last.alias("is_latest_report"))
        .join(first_ready, on=project, how="left", maintain_order="left")
        .join(noticed("delay", "_delay_notice"), on="row_id", how="left")
        .join(noticed("completion", "_completion_notice"), on="row_id", how="left")
        .with_columns(
            ((pl.col("ready_date") > pl.col("first_ready_date")).fill_null(False)
             | pl.col("_delay_notice").fill_null(False)).alias("delayed"),
            ((pl.col("spend_share") >= 1).fill_null(False) | pl.col("_completion_notice").fill_null(False))
            .alias("completed"),
        )
        .with_columns(
            ((pl.col("ready_date") < pl.col("period_end")).fill_null(False) & ~pl.col("completed"))
            .alias("ready_date_passed"),
        )
    )
