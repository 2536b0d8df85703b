"""Parsed filings (contract dicts) → the warehouse's tables, as Polars frames.

Nested JSON is flattened with Polars' explode/unnest rather than loops over rows, so the
same code serves three filings or a hundred thousand.
"""
from __future__ import annotations

from typing import Any

import polars as pl

KEYS = ["source", "announcement_id"]

FILINGS_SCHEMA = {
    "source": pl.String, "announcement_id": pl.String, "code": pl.String, "short_name": pl.String,
    "full_name": pl.String, "title": pl.String, "kind": pl.String, "revision": pl.String,
    "doc_date": pl.String, "offering": pl.String, "published_at": pl.Datetime("us"),
    "raise_total_wan": pl.Float64, "project_count": pl.Int32, "parse_status": pl.String,
    "warnings": pl.List(pl.String), "needs_ocr": pl.Boolean, "url": pl.String, "local_path": pl.String,
    "sha256": pl.String,
}
_EVIDENCE = pl.Struct({"page": pl.Int32, "text": pl.String})
_BUDGET = pl.Struct({
    "item": pl.String, "category": pl.String, "amount_wan": pl.Float64, "proceeds_wan": pl.Float64,
    "evidence": _EVIDENCE,
})
_PROJECT = pl.Struct({
    "seq": pl.Int32, "name": pl.String, "type": pl.String, "total_investment_wan": pl.Float64,
    "proceeds_wan": pl.Float64, "construction_months": pl.Int32, "location": pl.String,
    "entity": pl.String, "themes": pl.List(pl.String), "evidence": _EVIDENCE, "budget": pl.List(_BUDGET),
})
PARSED_SCHEMA = {
    "source": pl.String, "announcement_id": pl.String, "url": pl.String, "local_path": pl.String,
    "sha256": pl.String, "published_at": pl.Datetime("us"), "catalog_code": pl.String,
    "catalog_name": pl.String, "catalog_title": pl.String, "error": pl.String,
    "code": pl.String, "short_name": pl.String, "full_name": pl.String, "title": pl.String,
    "kind": pl.String, "revision": pl.String, "doc_date": pl.String, "offering": pl.String,
    "raise_total_wan": pl.Float64, "warnings": pl.List(pl.String), "needs_ocr": pl.Boolean,
    "projects": pl.List(_PROJECT),
}


def parsed_record(meta: dict[str, Any], contract: dict[str, Any] | None, error: str | None) -> dict[str, Any]:
    """One filing's row of the `parsed` frame: catalog facts beside what the parse found."""
    c = contract or {}
    company = c.get("company") or {}
    document = c.get("document") or {}
    return {
        **meta,
        "error": error,
        "code": company.get("code"), "short_name": company.get("short_name"),
        "full_name": company.get("full_name"), "title": document.get("title"),
        "kind": document.get("kind"), "revision": document.get("revision"),
        "doc_date": document.get("date"), "offering": document.get("offering"),
        "raise_total_wan": c.get("raise_total_wan"), "warnings": c.get("warnings") or ([error] if error else []),
        "needs_ocr": document.get("needs_ocr"), "projects": c.get("projects") or [],
    }


def parsed_frame(records: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(records, schema=PARSED_SCHEMA)


def filings(parsed: pl.DataFrame) -> pl.DataFrame:
    """Catalog facts fill in what the text did not say (code, name, title, kind)."""
    return parsed.select(
        *KEYS,
        pl.coalesce("code", "catalog_code").alias("code"),
        pl.coalesce("short_name", "catalog_name").alias("short_name"),
        "full_name",
        pl.coalesce("title", "catalog_title").alias("title"),
        "kind", "revision", "doc_date", "offering", "published_at", "raise_total_wan",
        pl.col("projects").list.len().cast(pl.Int32).alias("project_count"),
        pl.when(pl.col("error").is_not_null()).then(pl.lit("failed"))
        .when(pl.col("warnings").list.len() > 0).then(pl.lit("warn"))
        .otherwise(pl.lit("ok")).alias("parse_status"),
        "warnings", pl.col("needs_ocr").fill_null(False), "url", "local_path", "sha256",
    ).sort(KEYS)


def _projects_long(parsed: pl.DataFrame) -> pl.DataFrame:
    return (
        parsed.select(*KEYS, "projects")
        .explode("projects")
        .drop_nulls("projects")
        .unnest("projects")
    )


def projects(parsed: pl.DataFrame) -> pl.DataFrame:
    return _projects_long(parsed).select(
        *KEYS, "seq", "name", "type", "total_investment_wan", "proceeds_wan", "construction_months",
        "location", "entity", "themes",
        pl.col("evidence").struct.field("page").alias("evidence_page"),
        pl.col("evidence").struct.field("text").alias("evidence_text"),
    ).sort([*KEYS, "seq"])


def budget_lines(parsed: pl.DataFrame) -> pl.DataFrame:
    return (
        _projects_long(parsed)
        .select(*KEYS, pl.col("seq").alias("project_seq"), "budget")
        .explode("budget")
        .drop_nulls("budget")
        .with_columns(pl.int_range(1, pl.len() + 1).over([*KEYS, "project_seq"]).cast(pl.Int32).alias("line_no"))
        .unnest("budget")
        .select(
            *KEYS, "project_seq", "line_no", "item", "category", "amount_wan", "proceeds_wan",
            pl.col("evidence").struct.field("page").alias("evidence_page"),
            pl.col("evidence").struct.field("text").alias("evidence_text"),
        )
        .sort([*KEYS, "project_seq", "line_no"])
    )


def warehouse_frames(parsed: pl.DataFrame) -> dict[str, pl.DataFrame]:
    return {"filings": filings(parsed), "projects": projects(parsed), "budget_lines": budget_lines(parsed)}
