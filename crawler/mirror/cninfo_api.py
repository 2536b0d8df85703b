"""cninfo's announcement-query protocol, answered from the mirror's filings.

Pure functions from request fields to the JSON cninfo returns (see ../shared/sources.md):
the same form fields, the same answer keys, `announcements: null` when empty, epoch
milliseconds in Beijing time, `<em>` highlighting, and the silent page cap (pages past
it come back empty with `hasMore: false`, while `totalRecordNum` still counts them).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from crawler.mirror.filings import Filing

MAX_PAGE_SIZE = 30
SILENT_PAGE_CAP = 100  # the real site stops paging here without saying so


def announcement_json(f: Filing, highlight: str | None = None) -> dict[str, Any]:
    title = f.title
    if highlight:
        for word in highlight.split():
            title = title.replace(word, f"<em>{word}</em>")
    return {
        "id": None,
        "secCode": f.code,
        "secName": f.short_name,
        "orgId": f.org_id,
        "announcementId": f.announcement_id,
        "announcementTitle": title,
        "announcementTime": f.epoch_ms,
        "adjunctUrl": f.adjunct_url,
        "adjunctSize": max(1, round(len(f.pdf) / 1024)),
        "adjunctType": "PDF",
        "storageTime": None,
        "columnId": "09020202||250101",
        "pageColumn": "SHKCP",
        "announcementType": "01010503||010112||01239999",
        "associateAnnouncement": None,
        "important": None,
        "batchNum": None,
        "announcementContent": "",
        "orgName": None,
        "tileSecName": f.short_name,
        "shortTitle": f.title,
        "announcementTypeName": None,
        "secNameList": None,
    }


def _in_window(f: Filing, se_date: str) -> bool:
    if not se_date or "~" not in se_date:
        return True
    start, _, end = se_date.partition("~")
    day = f.beijing.date()
    try:
        return (not start.strip() or date.fromisoformat(start.strip()) <= day) and (
            not end.strip() or day <= date.fromisoformat(end.strip())
        )
    except ValueError:
        return False


def matching(filings: Iterable[Filing], form: Mapping[str, str]) -> list[Filing]:
    """Every filing the query selects, newest first (the site's order)."""
    column = form.get("column", "")
    stock = form.get("stock", "")
    searchkey = (form.get("searchkey") or "").strip()
    rows = [f for f in filings if f.on_cninfo]
    if column == "sse":
        rows = [f for f in rows if f.code.startswith("6")]
    elif column == "szse":
        rows = [f for f in rows if not f.code.startswith("6")]
    if stock:
        code, _, org = stock.partition(",")
        rows = [f for f in rows if f.code == code.strip() and f.org_id == org.strip()]
    if searchkey:
        rows = [f for f in rows if all(word in f.title for word in searchkey.split())]
    rows = [f for f in rows if _in_window(f, form.get("seDate", ""))]
    rows.sort(key=lambda f: (f.beijing, f.announcement_id), reverse=True)
    return rows


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


def query(filings: Iterable[Filing], form: Mapping[str, str], page_cap: int = SILENT_PAGE_CAP) -> dict[str, Any]:
    rows = matching(filings, form)
    page_size = max(1, min(_int(form.get("pageSize"), MAX_PAGE_SIZE), MAX_PAGE_SIZE))
    page_num = max(1, _int(form.get("pageNum"), 1))
    total = len(rows)
    pages = math.ceil(total / page_size) if total else 0
    visible_pages = min(pages, page_cap)
    chunk = rows[(page_num - 1) * page_size: page_num * page_size] if page_num <= visible_pages else []
    searchkey = (form.get("searchkey") or "").strip()
    highlight = searchkey if form.get("isHLtitle") == "true" else None
    return {
        "classifiedAnnouncements": None,
        "totalSecurities": 0,
        "totalAnnouncement": total,
        "totalRecordNum": total,
        "announcements": [announcement_json(f, highlight) for f in chunk] or None,
        "categoryList": None,
        "hasMore": page_num < visible_pages,
        "totalpages": pages,
    }


def stock_list(filings: Iterable[Filing]) -> dict[str, Any]:
    seen: dict[str, dict[str, str]] = {}
    for f in filings:
        seen.setdefault(f.code, {
            "orgId": f.org_id, "category": "A股", "code": f.code, "pinyin": "", "zwjc": f.short_name,
        })
    return {"stockList": sorted(seen.values(), key=lambda r: r["code"])}
