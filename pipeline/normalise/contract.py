"""The parse contract (DESIGN.md) as a Polars schema, and cached parses read in bulk.

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
CONTRACT = pl.Struct({
    "company": pl.Struct({"code": pl.String, "short_name": pl.String, "full_name": pl.String}),
    "document": pl.Struct({
        "title": pl.String, "kind": pl.String, "revision": pl.String, "date": pl.String,
        "offering": pl.String, "pages": pl.Int64, "pages_without_text": pl.List(pl.Int64),
        "needs_ocr": pl.Boolean,
    }),
    "raise_total_wan": pl.Float64,
    "raise_total_evidence": EVIDENCE,
    "projects": pl.List(PROJECT),
    "warnings": pl.List(pl.String),
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
