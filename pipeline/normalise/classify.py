"""Apply the taxonomy to whole columns at once: project types, budget categories, themes.

Each distinct text is normalised once; each rule becomes one `str.contains` over those
keys, and the first rule that fires is picked with `coalesce`, so classifying a million
budget lines costs a handful of vectorised regex passes over their distinct names, not a
million Python calls. The rule's position is kept beside the
value: every classification can be traced to the row of the mapping file that made it.
"""
from __future__ import annotations

import polars as pl

from pipeline.normalise.taxonomy import FALLBACK, Taxonomy, normalise_key_expr


def first_rule(taxonomy: Taxonomy, field: str, key: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(value, rule position) of the first rule matching the normalised `key`; (FALLBACK, null) when none."""
    rules = taxonomy.rules[field]
    if not rules:
        return pl.lit(FALLBACK), pl.lit(None, dtype=pl.Int32)
    position = pl.coalesce(
        [pl.when(key.str.contains(r.pattern.pattern)).then(pl.lit(r.position, dtype=pl.Int32)) for r in rules]
    )
    lookup = {r.position: r.value for r in rules}
    value = position.replace_strict(lookup, default=pl.lit(FALLBACK), return_dtype=pl.String)
    return value, position


def all_rules(taxonomy: Taxonomy, field: str, key: pl.Expr) -> pl.Expr:
    """Every value whose rule matches the normalised `key`, in file order, each once (theme tags)."""
    rules = taxonomy.rules[field]
    if not rules:
        return pl.lit([], dtype=pl.List(pl.String))
    hits = [pl.when(key.str.contains(r.pattern.pattern)).then(pl.lit(r.value)) for r in rules]
    return pl.concat_list(hits).list.drop_nulls().list.unique(maintain_order=True)


def _by_distinct(frame: pl.DataFrame, text: str, columns: dict[str, pl.Expr]) -> pl.DataFrame:
    """Classify each distinct text once (names repeat across versions and filings), then join."""
    lookup = (
        frame.select(pl.col(text).unique())
        .with_columns(normalise_key_expr(pl.col(text)).alias("_key"))
        .with_columns(**columns)
        .drop("_key")
    )
    return frame.join(lookup, on=text, how="left", nulls_equal=True, maintain_order="left")


def classify_projects(projects: pl.DataFrame, taxonomy: Taxonomy) -> pl.DataFrame:
    value, position = first_rule(taxonomy, "project_type", pl.col("_key"))
    return _by_distinct(projects, "name", {
        "type": value, "type_rule": position, "themes": all_rules(taxonomy, "theme", pl.col("_key")),
    })


def classify_budget(lines: pl.DataFrame, taxonomy: Taxonomy) -> pl.DataFrame:
    value, position = first_rule(taxonomy, "budget_category", pl.col("_key"))
    return _by_distinct(lines, "item", {"category": value, "category_rule": position})
