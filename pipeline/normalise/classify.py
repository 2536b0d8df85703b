"""Apply the taxonomy to whole columns at once: project types, budget categories, themes.

Each rule becomes one `str.contains` over the normalised text, and the first rule that
fires is picked with `coalesce`, so classifying a million budget lines costs a handful of
vectorised regex passes, not a million Python calls. The rule's position is kept beside the
value: every classification can be traced to the row of the mapping file that made it.
"""
from __future__ import annotations

import polars as pl

from pipeline.normalise.taxonomy import FALLBACK, Taxonomy, normalise_key_expr


def first_rule(taxonomy: Taxonomy, field: str, text: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(value, rule position) of the first matching rule; (FALLBACK, null) when none fires."""
    key = normalise_key_expr(text)
    rules = taxonomy.rules[field]
    if not rules:
        return pl.lit(FALLBACK), pl.lit(None, dtype=pl.Int32)
    position = pl.coalesce(
        [pl.when(key.str.contains(r.pattern.pattern)).then(pl.lit(r.position, dtype=pl.Int32)) for r in rules]
    )
    lookup = {r.position: r.value for r in rules}
    value = position.replace_strict(lookup, default=pl.lit(FALLBACK), return_dtype=pl.String)
    return value, position


def all_rules(taxonomy: Taxonomy, field: str, text: pl.Expr) -> pl.Expr:
    """Every value whose rule fires, in file order, each once (theme tags)."""
    key = normalise_key_expr(text)
    rules = taxonomy.rules[field]
    if not rules:
        return pl.lit([], dtype=pl.List(pl.String))
    hits = [pl.when(key.str.contains(r.pattern.pattern)).then(pl.lit(r.value)) for r in rules]
    return pl.concat_list(hits).list.drop_nulls().list.unique(maintain_order=True)


def classify_projects(projects: pl.DataFrame, taxonomy: Taxonomy) -> pl.DataFrame:
    value, position = first_rule(taxonomy, "project_type", pl.col("name"))
    return projects.with_columns(
        value.alias("type"),
        position.alias("type_rule"),
        all_rules(taxonomy, "theme", pl.col("name")).alias("themes"),
    )


def classify_budget(lines: pl.DataFrame, taxonomy: Taxonomy) -> pl.DataFrame:
    value, position = first_rule(taxonomy, "budget_category", pl.col("item"))
    return lines.with_columns(value.alias("category"), position.alias("category_rule"))
