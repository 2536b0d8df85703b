"""Per-offering metrics a benchmark compares, computed on each offering's latest plan.

Money is summed as DECIMAL (exact, so the order rows arrive in never changes a total) and
only the final ratios are floating point. Shares are of the budget breakdown's amount
(budget categories) and of the proceeds (project types); an offering whose latest plan has
no breakdown has null category shares rather than zeros, so it drops out of those ranks.
"""
from __future__ import annotations

import polars as pl

from pipeline.normalise.units import DECIMAL

#: the wide columns of peer_metrics (schema.sql comments each); tests check they match values.csv
BUDGET_CATEGORIES = ("site", "equipment", "software", "staff", "rnd_expense", "working_capital", "contingency", "other")
PROJECT_TYPES = ("rnd", "capacity", "working_capital", "facilities", "acquisition", "marketing", "it_systems", "other")


def _ratio(part: pl.Expr, whole: pl.Expr) -> pl.Expr:
    whole_f = whole.cast(pl.Float64)
    return pl.when(whole_f > 0).then(part.cast(pl.Float64) / whole_f)


def detail_documents(docs: pl.DataFrame) -> pl.DataFrame:
    """Per offering, the newest readable document with a budget breakdown.

    Later versions often restate only the project table (a revised plan, a prospectus);
    the budget mix of the raise is then read from the newest version that printed one.
    """
    return (
        docs.filter(pl.col("budget_line_count") > 0, pl.col("parse_status") != "failed",
                    pl.col("offering_id").is_not_null())
        .sort(["version_no", "project_count", "kind_rank", "revision_rank", "document_id"],
              descending=[True, True, False, True, False])
        .unique("offering_id", keep="first")
        .select("offering_id", pl.col("document_id").alias("detail_document_id"))
    )


def offering_latest(docs: pl.DataFrame, offerings: pl.DataFrame) -> pl.DataFrame:
    """The latest plan of each offering: the document a benchmark should read."""
    return (
        docs.filter(pl.col("is_latest"))
        .join(detail_documents(docs), on="offering_id", how="left")
        .join(offerings.select("offering_id", pl.col("offering_type").alias("_type"), pl.col("plan_year").alias("_year"),
                               "version_count", "latest_raise_total_wan", "themes",
                               pl.col("stage").alias("offering_stage")), on="offering_id")
        .select(
            "offering_id", "document_id", "detail_document_id", "code", "short_name",
            pl.col("_type").alias("offering_type"), pl.col("_year").alias("plan_year"),
            "version_no", "version_count", (pl.col("version_no") == pl.col("version_count")).alias("is_final_version"),
            "offering_stage", "kind", "revision", "title", "version_date", "raise_total_wan",
            pl.col("latest_raise_total_wan").alias("latest_stated_raise_wan"),
            "project_count", "budget_line_count", "themes", "industry",
            pl.col("urls").list.first().alias("url"),
        )
        .sort("offering_id")
    )


def _months(projects: pl.DataFrame, ids: pl.DataFrame, doc_col: str, suffix: str) -> pl.DataFrame:
    return (
        projects.join(ids.select("offering_id", pl.col(doc_col).alias("document_id")), on="document_id")
        .group_by("offering_id")
        .agg(pl.col("construction_months").max().alias(f"_max{suffix}"),
             pl.col("construction_months").mean().alias(f"_avg{suffix}"))
    )


def peer_metrics(latest: pl.DataFrame, projects: pl.DataFrame, budget: pl.DataFrame) -> pl.DataFrame:
    """Figures of each raise's latest plan; budget shares (and construction periods the plan
    does not state) from its detail document."""
    ids = latest.select("offering_id", "document_id", "detail_document_id")
    both_known = pl.col("proceeds_wan").is_not_null() & pl.col("total_investment_wan").is_not_null()
    per_project = (
        projects.join(ids.select("offering_id", "document_id"), on="document_id")
        .group_by("offering_id")
        .agg(
            pl.col("total_investment_wan").sum().alias("total_investment_wan"),
            pl.col("proceeds_wan").sum().alias("proceeds_wan"),
            pl.col("proceeds_wan").filter(both_known).sum().alias("_p"),
            pl.col("total_investment_wan").filter(both_known).sum().alias("_t"),
            *[pl.col("proceeds_wan").filter(pl.col("type") == t).sum().alias(f"_type_{t}") for t in PROJECT_TYPES],
        )
        .with_columns(
            _ratio(pl.col("_p"), pl.col("_t")).alias("proceeds_ratio"),
            *[_ratio(pl.col(f"_type_{t}"), pl.col("proceeds_wan")).alias(f"type_share_{t}") for t in PROJECT_TYPES],
        )
    )
    per_budget = (
        budget.join(ids.select("offering_id", pl.col("detail_document_id").alias("document_id")), on="document_id")
        .group_by("offering_id")
        .agg(
            pl.col("amount_wan").sum().alias("budget_amount_wan"),
            *[pl.col("amount_wan").filter(pl.col("category") == c).sum().alias(f"_cat_{c}") for c in BUDGET_CATEGORIES],
        )
        .with_columns(
            *[_ratio(pl.col(f"_cat_{c}"), pl.col("budget_amount_wan")).alias(f"share_{c}") for c in BUDGET_CATEGORIES],
        )
    )
    return (
        latest.select("offering_id", "document_id", "detail_document_id", "code", "short_name", "offering_type",
                      "plan_year", "industry", "themes", "raise_total_wan", "project_count")
        .join(per_project, on="offering_id", how="left")
        .join(per_budget, on="offering_id", how="left")
        .join(_months(projects, ids, "document_id", "_l"), on="offering_id", how="left")
        .join(_months(projects, ids, "detail_document_id", "_d"), on="offering_id", how="left")
        .select(
            "offering_id", "document_id", "detail_document_id", "code", "short_name", "offering_type", "plan_year",
            "industry", "themes", "raise_total_wan", "project_count",
            pl.col("total_investment_wan").cast(DECIMAL), pl.col("proceeds_wan").cast(DECIMAL), "proceeds_ratio",
            pl.col("budget_amount_wan").cast(DECIMAL),
            *[f"share_{c}" for c in BUDGET_CATEGORIES],
            *[f"type_share_{t}" for t in PROJECT_TYPES],
            pl.when(pl.col("_max_l").is_not_null()).then(pl.col("_max_l")).otherwise(pl.col("_max_d"))
            .cast(pl.Int32).alias("construction_months_max"),
            pl.when(pl.col("_max_l").is_not_null()).then(pl.col("_avg_l")).otherwise(pl.col("_avg_d"))
            .alias("construction_months_avg"),
        )
        .sort("offering_id")
    )
