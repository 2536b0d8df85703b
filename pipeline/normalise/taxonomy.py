"""Keyword taxonomies read from versioned data files: project type, budget category, theme.

Rules are rows in `pipeline/taxonomy/*.csv`; the first matching rule wins for types and
categories, every matching rule fires for themes. Anything no rule maps is reported as
unmapped, so taxonomy coverage is a measured number rather than a hope.

The same rules run in two engines: Python's `re` here (the parser classifies one filing)
and Polars' Rust regex in `classify.py` (the warehouse classifies every row at once). A
pattern the Rust engine cannot compile is refused when the files are loaded, so the two
can never disagree silently.
"""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl

TAXONOMY_DIR = Path(__file__).resolve().parent.parent / "taxonomy"
FALLBACK = "other"
#: taxonomy fields whose first matching rule decides the value (themes collect every match)
FIRST_MATCH_FIELDS = ("project_type", "budget_category")


class TaxonomyError(ValueError):
    """A mapping file is malformed: the message names the file and the row."""


@dataclass(frozen=True)
class Rule:
    value: str
    pattern: re.Pattern[str]
    note: str
    position: int = 0  # 1-based row of the rule in its file


@dataclass(frozen=True)
class Value:
    field: str
    value: str
    label_zh: str
    label_en: str
    note: str


@dataclass(frozen=True)
class Taxonomy:
    version: str
    rules: dict[str, tuple[Rule, ...]]
    values: tuple[Value, ...] = ()
    #: (field, value) → rank for ordering documents: field is "revision" or "kind"
    document_order: tuple[tuple[str, str, int, str], ...] = ()

    def first(self, field: str, text: str) -> tuple[str, bool]:
        """(value, mapped): the first rule's value, or the fallback and mapped=False."""
        key = normalise_key(text)
        for rule in self.rules[field]:
            if rule.pattern.search(key):
                return rule.value, True
        return FALLBACK, False

    def all(self, field: str, text: str) -> list[str]:
        key = normalise_key(text)
        seen: list[str] = []
        for rule in self.rules[field]:
            if rule.value not in seen and rule.pattern.search(key):
                seen.append(rule.value)
        return seen

    def project_type(self, name: str) -> str:
        return self.first("project_type", name)[0]

    def budget_category(self, item: str) -> str:
        return self.first("budget_category", item)[0]

    def themes(self, text: str) -> list[str]:
        return self.all("theme", text)

    def value_list(self, field: str) -> list[str]:
        return [v.value for v in self.values if v.field == field]


def normalise_key(text: str) -> str:
    """The form rules are matched against: NFKC (full-width → half-width), no white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def normalise_key_expr(expr: pl.Expr) -> pl.Expr:
    """`normalise_key` as a Polars expression, for whole columns at once."""
    return expr.fill_null("").str.normalize("NFKC").str.replace_all(r"\s+", "")


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        raise TaxonomyError(f"taxonomy file {path} is missing")
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _compile(path: Path, row_no: int, pattern: str) -> re.Pattern[str]:
    try:
        compiled = re.compile(pattern)
        pl.Series([""]).str.contains(pattern)  # the warehouse's engine must accept it too
    except (re.error, pl.exceptions.PolarsError) as exc:
        first = str(exc).strip().splitlines()
        raise TaxonomyError(
            f"{path.name} row {row_no}: pattern {pattern!r} is not accepted by both Python re and "
            f"Polars regex (no look-around or back-references): {first[-1] if first else exc}"
        ) from None
    return compiled


@lru_cache(maxsize=4)
def load_taxonomy(directory: Path = TAXONOMY_DIR) -> Taxonomy:
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    rules: dict[str, tuple[Rule, ...]] = {}
    for field, filename in manifest["files"].items():
        path = directory / filename
        rules[field] = tuple(
            Rule(row["value"], _compile(path, n, row["pattern"]), row.get("note") or "", n)
            for n, row in enumerate(_read_csv(path), start=1)
        )
    values: tuple[Value, ...] = ()
    if manifest.get("values"):
        values = tuple(
            Value(r["field"], r["value"], r.get("label_zh") or "", r.get("label_en") or "", r.get("note") or "")
            for r in _read_csv(directory / manifest["values"])
        )
    order: tuple[tuple[str, str, int, str], ...] = ()
    if manifest.get("document_order"):
        order = tuple(
            (r["field"], r["value"], int(r["rank"]), r.get("note") or "")
            for r in _read_csv(directory / manifest["document_order"])
        )
    return Taxonomy(version=manifest["version"], rules=rules, values=values, document_order=order)


def rule_frame(taxonomy: Taxonomy, field: str) -> pl.DataFrame:
    """One taxonomy file as a table: the published `taxonomy_*` tables are these frames."""
    rules = taxonomy.rules[field]
    return pl.DataFrame(
        {
            "position": [r.position for r in rules],
            "value": [r.value for r in rules],
            "pattern": [r.pattern.pattern for r in rules],
            "note": [r.note for r in rules],
        },
        schema={"position": pl.Int32, "value": pl.String, "pattern": pl.String, "note": pl.String},
    ).with_columns(pl.lit(taxonomy.version).alias("taxonomy_version"))


def values_frame(taxonomy: Taxonomy) -> pl.DataFrame:
    return pl.DataFrame(
        [{"field": v.field, "value": v.value, "label_zh": v.label_zh, "label_en": v.label_en, "note": v.note}
         for v in taxonomy.values],
        schema={"field": pl.String, "value": pl.String, "label_zh": pl.String, "label_en": pl.String,
                "note": pl.String},
    ).with_columns(pl.lit(taxonomy.version).alias("taxonomy_version"))


def order_frame(taxonomy: Taxonomy, field: str) -> pl.DataFrame:
    """Rank of each revision label or document kind; an empty revision value is the first version."""
    rows = [(v or None, rank) for f, v, rank, _ in taxonomy.document_order if f == field]
    return pl.DataFrame(rows, schema={field: pl.String, f"{field}_rank": pl.Int32}, orient="row")
