"""Taxonomy coverage as measured numbers, and every name no rule classified.

Coverage counts a row as classified when some rule of the mapping files fired for it
(a rule may say `other` on purpose, e.g. 其他费用); the fallback for names no rule knows is
also `other`, but those rows are unmapped and listed in `unmapped_items` with how often and
how much, so the next edit of the mapping files starts from the largest gap.
"""
from __future__ import annotations

import polars as pl

from pipeline.normalise.units import DECIMAL


def _measure(frame: pl.DataFrame, field: str, mapped: pl.Expr, amount: str) -> pl.DataFrame:
    return frame.select(
        pl.lit(field).alias("field"),
        pl.lit("items").alias("measure"),
        mapped.sum().cast(pl.Float64).alias("classified"),
        pl.len().cast(pl.Float64).alias("total"),
    ).vstack(frame.select(
        pl.lit(field).alias("field"),
        pl.lit("amount_wan").alias("measure"),
        pl.col(amount).filter(mapped).sum().cast(pl.Float64).fill_null(0.0).alias("classified"),
        pl.col(amount).sum().cast(pl.Float64).fill_null(0.0).alias("total"),
    ))


def coverage(projects: pl.DataFrame, budget: pl.DataFrame) -> pl.DataFrame:
    """Share of items and of amounts that a rule classified, per taxonomy."""
    return pl.concat([
        _measure(budget, "budget_category", pl.col("category_rule").is_not_null(), "amount_wan"),
        _measure(projects, "project_type", pl.col("type_rule").is_not_null(), "proceeds_wan"),
        _measure(projects, "theme", pl.col("themes").list.len() > 0, "proceeds_wan"),
    ]).with_columns(
        pl.when(pl.col("total") > 0).then(pl.col("classified") / pl.col("total")).alias("share"),
    )


def _unmapped(frame: pl.DataFrame, field: str, text: str, mapped: str, amount: str, page: str) -> pl.DataFrame:
    return (
        frame.filter(pl.col(mapped).is_null())
        .sort("document_id")
        .group_by(pl.col(text).alias("text"), maintain_order=True)
        .agg(
            pl.len().cast(pl.Int32).alias("occurrences"),
            pl.col("document_id").n_unique().cast(pl.Int32).alias("documents"),
            pl.col(amount).sum().cast(DECIMAL).alias("amount_wan"),
            pl.col("document_id").first().alias("example_document_id"),
            pl.col(page).first().alias("example_page"),
        )
        .with_columns(pl.lit(field).alias("field"))
    )


def unmapped_items(projects: pl.DataFrame, budget: pl.DataFrame) -> pl.DataFrame:
    return (
        pl.concat([
            _unmapped(budget, "budget_category", "item", "category_rule", "amount_wan", "evidence_page"),
            _unmapped(projects, "project_type", "name", "type_rule", "proceeds_wan", "evidence_page"),
        ])
        .select("field", "text", "occurrences", "documents", "amount_wan", "example_document_id", "example_page")
        .sort("field", "amount_wan", "occurrences", "text", descending=[False, True, True, False], nulls_last=True)
    )
