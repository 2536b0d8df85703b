"""The parse contract (DESIGN.md, docs/contract-after-the-raise.md) as a Polars schema, and
cached parses read in bulk.

A cached parse is one JSON line: `{"sha256", "parser_version", "taxonomy_version", "error",
"contract"}`. Reading thousands of them is one `read_ndjson` call against this schema, done
in Rust; fields the schema does not name are ignored, so the parser may add to the contract
without breaking the warehouse, and fields it leaves out arrive as nulls.
"""
from __future__ import annotations

import io
import json
from typing import Any

import polars as pl

EVIDENCE = pl.Struct({"page": pl.Int64, "text": pl.String})
BUDGET_ITEM = pl.Struct({
    "item": pl.String, "category": pl.String, "amount_wan": pl.Float64, "proceeds_wan": pl.Float64,
    "evidence": EVIDENCE,
})
PROJECT = pl.Struct({
    "seq": pl.Int64, "name": pl.String, "type": pl.String, "total_investment_wan": pl.Float64,
    "proceeds_wan": pl.Float64, "construction_months": pl.Float64, "location": pl.String,
    "entity": pl.String, "themes": pl.List(pl.String), "evidence": EVIDENCE, "budget": pl.List(BUDGET_ITEM),
})
#: docs/contract-after-the-raise.md: what a document says was raised
RAISE_ACTUAL = pl.Struct({
    "gross_wan": pl.Float64, "net_wan": pl.Float64, "received_date": pl.String, "shares": pl.Float64,
    "price_yuan": pl.Float64, "offering_hint": pl.String, "evidence": EVIDENCE,
})
#: one row of a use report's 募集资金使用情况对照表
PROGRESS = pl.Struct({
    "seq": pl.Int64, "project": pl.String, "offering_hint": pl.String, "committed_wan": pl.Float64,
    "adjusted_wan": pl.Float64, "invested_period_wan": pl.Float64, "invested_to_date_wan": pl.Float64,
    "progress_pct": pl.Float64, "ready_date": pl.String, "ready_date_text": pl.String, "changed": pl.Boolean,
    "evidence": EVIDENCE,
})
#: a reallocation, delay, change of use or completion a notice makes
CHANGE = pl.Struct({
    "kind": pl.String, "project": pl.String, "new_project": pl.String, "committed_before_wan": pl.Float64,
    "committed_after_wan": pl.Float64, "amount_wan": pl.Float64, "to_working_capital": pl.Boolean,
    "old_ready_date": pl.String, "new_ready_date": pl.String, "evidence": EVIDENCE,
})
CONTRACT = pl.Struct({
    "company": pl.Struct({"code": pl.String, "short_name": pl.String, "full_name": pl.String}),
    "document": pl.Struct({
        "title": pl.String, "kind": pl.String, "revision": pl.String, "date": pl.String,
        "offering": pl.String, "pages": pl.Int64, "pages_without_text": pl.List(pl.Int64),
        "needs_ocr": pl.Boolean, "period_end": pl.String,
    }),
    "raise_total_wan": pl.Float64,
    "raise_total_evidence": EVIDENCE,
    "projects": pl.List(PROJECT),
    "warnings": pl.List(pl.String),
    "raise_actual": RAISE_ACTUAL,
    "progress": pl.List(PROGRESS),
    "changes": pl.List(CHANGE),
})
CACHED_PARSE = {
    "sha256": pl.String, "parser_version": pl.String, "taxonomy_version": pl.String, "error": pl.String,
    "contract": CONTRACT,
}


def cached_parse(sha256: str, parser_version: str, taxonomy_version: str,
                 contract: dict[str, Any] | None, error: str | None) -> dict[str, Any]:
    """One parse as it is cached: the contract, or why the file could not be read at all."""
    return {"sha256": sha256, "parser_version": parser_version, "taxonomy_version": taxonomy_version,
            "error": error, "contract": contract}


def parses_frame(records: list[dict[str, Any]]) -> pl.DataFrame:
    """Fresh parses (and hand-written ones in tests) as a frame of CACHED_PARSE.

    They go through JSON on purpose: the same reader as cached parses, so the two can never
    be typed differently.
    """
    if not records:
        return pl.DataFrame(schema=CACHED_PARSE)
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode("utf-8")
    return pl.read_ndjson(io.BytesIO(lines), schema=CACHED_PARSE)
