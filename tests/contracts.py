"""Parse contracts written by hand, for testing normalisation without the parser.

Each `doc(...)` is one downloaded announcement: the catalog's facts and the contract its
parse would give (DESIGN.md), fed through the same JSON reader the parse cache uses.
"""
from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

import polars as pl

from pipeline.normalise import frames as F
from pipeline.normalise.contract import cached_parse, parses_frame
from pipeline.normalise.model import warehouse_frames
from pipeline.normalise.taxonomy import load_taxonomy


def budget(item: str, amount: float, proceeds: float | None = None, page: int = 2) -> dict[str, Any]:
    return {"item": item, "category": None, "amount_wan": amount, "proceeds_wan": proceeds,
            "evidence": {"page": page, "text": f"{item}\t{amount:,.2f}"}}


def project(name: str, total: float | None, proceeds: float | None, *items: dict[str, Any],
            months: int | None = None) -> dict[str, Any]:
    return {"name": name, "total_investment_wan": total, "proceeds_wan": proceeds, "construction_months": months,
            "budget": list(items), "evidence": {"page": 1, "text": name}}


def doc(aid: str, code: str, title: str, published: str, cap: float | None, *projects: dict[str, Any],
        kind: str | None = None, revision: str | None = None, offering: str | None = "specific_targets",
        source: str = "cninfo", sha: str | None = None, name: str = "测试公司", error: str | None = None,
        industry: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """(catalog row, cached parse) of one announcement; kind/revision default to the title's."""
    from crawler.titles import classify_title

    cls = classify_title(title)
    sha = sha or hashlib.sha256(f"{source}:{aid}".encode()).hexdigest()
    meta = {"source": source, "announcement_id": aid, "url": f"http://127.0.0.1/{aid}", "local_path": f"raw/{aid}.pdf",
            "sha256": sha, "published_at": datetime.fromisoformat(published), "catalog_code": code,
            "catalog_name": name, "catalog_title": f"{name}:{title}", "catalog_kind": cls.kind,
            "catalog_revision": cls.revision, "catalog_offering": cls.offering, "industry": industry}
    contract = None if error else {
        "company": {"code": code, "short_name": name, "full_name": f"{name}股份有限公司"},
        "document": {"title": title, "kind": kind or cls.kind, "revision": revision if kind else cls.revision,
                     "date": published[:10], "offering": offering, "pages": 3, "pages_without_text": [],
                     "needs_ocr": False},
        "raise_total_wan": cap,
        "raise_total_evidence": None if cap is None else {"page": 1, "text": f"募集资金总额不超过{cap:,.2f}万元"},
        "projects": [{**p, "seq": i} for i, p in enumerate(projects, start=1)],
        "warnings": [],
    }
    return meta, cached_parse(sha, "1", "test", contract, error)


def frames_of(*docs: tuple[dict[str, Any], dict[str, Any]]) -> dict[str, pl.DataFrame]:
    """The warehouse's frames for these announcements (copies with one sha256 parsed once)."""
    parses = {p["sha256"]: p for _, p in docs}
    return warehouse_frames(F.catalog_frame([m for m, _ in docs]), parses_frame(list(parses.values())), load_taxonomy())
