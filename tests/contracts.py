"""Parse contracts written by hand, for testing normalisation without the parser.

Each `doc(...)` is one downloaded announcement: the catalog's facts and the contract its
parse would give (DESIGN.md, and docs/contract-after-the-raise.md for the documents that
report on raised money: `raised(...)`, `progress(...)`, `change(...)`), fed through the same
JSON reader the parse cache uses.
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


def raised(gross: float | None, net: float | None, received: str | None, hint: str | None,
           shares: int | None = None, price: float | None = None, page: int = 2) -> dict[str, Any]:
    """The contract's raise_actual: what a document says was raised."""
    return {"gross_wan": gross, "net_wan": net, "received_date": received, "shares": shares, "price_yuan": price,
            "offering_hint": hint,
            "evidence": {"page": page, "text": f"募集资金总额为人民币{(gross or 0) * 10000:,.2f}元"}}


def progress(project: str, hint: str | None, committed: float | None, adjusted: float | None,
             period: float | None, to_date: float | None, pct: float | None, ready: str | None,
             changed: bool | None = False, seq: int = 1, page: int = 5) -> dict[str, Any]:
    """One row of a use report's 募集资金使用情况对照表."""
    return {"seq": seq, "project": project, "offering_hint": hint, "committed_wan": committed,
            "adjusted_wan": adjusted, "invested_period_wan": period, "invested_to_date_wan": to_date,
            "progress_pct": pct, "ready_date": ready, "ready_date_text": ready, "changed": changed,
            "evidence": {"page": page, "text": f"{project}\t{committed}\t{adjusted}\t{to_date}"}}


def change(kind: str, project: str, *, new_project: str | None = None, before: float | None = None,
           after: float | None = None, amount: float | None = None, to_wc: bool = False,
           old_ready: str | None = None, new_ready: str | None = None, page: int = 1) -> dict[str, Any]:
    """One change a notice after the raise makes (reallocation, delay, change_of_use, completion)."""
    return {"kind": kind, "project": project, "new_project": new_project, "committed_before_wan": before,
            "committed_after_wan": after, "amount_wan": amount, "to_working_capital": to_wc,
            "old_ready_date": old_ready, "new_ready_date": new_ready,
            "evidence": {"page": page, "text": f"{project} {kind}"}}


def doc(aid: str, code: str, title: str, published: str, cap: float | None, *projects: dict[str, Any],
        kind: str | None = None, revision: str | None = None, offering: str | None = "specific_targets",
        source: str = "cninfo", sha: str | None = None, name: str = "测试公司", error: str | None = None,
        industry: str | None = None, raise_actual: dict[str, Any] | None = None,
        rows: list[dict[str, Any]] | None = None, changes: list[dict[str, Any]] | None = None,
        period_end: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """(catalog row, cached parse) of one announcement; kind/revision default to the title's.

    Every section of the contract is present, empty or null where the document does not carry
    it (docs/contract-after-the-raise.md): raise_actual, progress (`rows`), changes, period_end.
    """
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
                     "needs_ocr": False, "period_end": period_end},
        "raise_total_wan": cap,
        "raise_total_evidence": None if cap is None else {"page": 1, "text": f"募集资金总额不超过{cap:,.2f}万元"},
        "projects": [{**p, "seq": i} for i, p in enumerate(projects, start=1)],
        "warnings": [],
        "raise_actual": raise_actual,
        "progress": [*(rows or [])],
        "changes": [*(changes or [])],
    }
    return meta, cached_parse(sha, "1", "test", contract, error)


def frames_of(*docs: tuple[dict[str, Any], dict[str, Any]]) -> dict[str, pl.DataFrame]:
    """The warehouse's frames for these announcements (copies with one sha256 parsed once)."""
    parses = {p["sha256"]: p for _, p in docs}
    return warehouse_frames(F.catalog_frame([m for m, _ in docs]), parses_frame(list(parses.values())), load_taxonomy())
