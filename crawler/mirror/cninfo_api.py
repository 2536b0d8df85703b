"""cninfo's announcement-query protocol, answered from the bundled corpus.

Pure functions from request fields to the JSON cninfo returns (see ../shared/sources.md):
the same form fields, the same answer keys, `announcements: null` when empty, epoch
milliseconds in Beijing time, `<em>` highlighting, and the silent 100-page cap.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from crawler.mirror.corpus import Fixture

MAX_PAGE_SIZE = 30
SILENT_PAGE_CAP = 100  # the real site stops paging here without saying so


def announcement_json(f: Fixture, highlight: str | None = None) -> dict[str, Any]:
    title = f.spec["title"]
    if highlight:
        for word in highlight.split():
            title = title.replace(word, f"<em>{word}</em>")
    return {
        "id": None,
        "secCode": f.spec["code"],
        "secName": f.spec["short_name"],
        "orgId": f.spec["org_id"],
        "announcementId": f.announcement_id,
        "announcementTitle": title,
        "announcementTime": int(f.published.timestamp() * 1000),
        "adjunctUrl": f.adjunct_url,
        "adjunctSize": max(1, len(f.pdf) // 1024),
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
        "tileSecName": f.spec["short_name"],
        "shortTitle": f.spec["title"],
        "announcementTypeName": None,
        "secNameList": None,
    }


def _in_window(f: Fixture, se_date: str) -> bool:
    if not se_date or "~" not in se_date:
        return True
    start, _, end = se_date.partition("~")
    day = f.published.date()
    try:
        return (not start.strip() or date.fromisoformat(start.strip()) <= day) and (
            not end.strip() or day <= date.fromisoformat(end.strip())
        )
    except ValueError:
        return False


def query(fixtures: Iterable[Fixture], form: Mapping[str, str]) -> dict[str, Any]:
    column = form.get("column", "")
    stock = form.get("stock", "")
    searchkey = (form.get("searchkey") or "").strip()
    rows = [f for f in fixtures if not f.spec.get("hidden_from_listing")]
    if column == "sse":
        rows = [f for f in rows if f.spec["code"].startswith("6")]
    elif column == "szse":
        rows = [f for f in rows if not f.spec["code"].startswith("6")]
    if stock:
        code, _, org = stock.partition(",")
        rows = [f for f in rows if f.spec["code"] == code.strip() and f.spec["org_id"] == org.strip()]
    if searchkey:
        rows = [f for f in rows if all(word in f.spec["title"] for word in searchkey.split())]
    rows = [f for f in rows if _in_window(f, form.get("seDate", ""))]
    rows.sort(key=lambda f: (f.published, f.announcement_id), reverse=True)
    page_size = max(1, min(int(form.get("pageSize") or MAX_PAGE_SIZE), MAX_PAGE_SIZE))
    page_num = max(1, int(form.get("pageNum") or 1))
    total = len(rows)
    pages = math.ceil(total / page_size) if total else 0
    visible_pages = min(pages, SILENT_PAGE_CAP)
    chunk = rows[(page_num - 1) * page_size: page_num * page_size] if page_num <= visible_pages else []
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


def stock_list(fixtures: Iterable[Fixture]) -> dict[str, Any]:
    seen: dict[str, dict[str, str]] = {}
    for f in fixtures:
        seen.setdefault(f.spec["code"], {
            "orgId": f.spec["org_id"], "category": "A股", "code": f.spec["code"],
            "pinyin": f.spec.get("pinyin", ""), "zwjc": f.spec["short_name"],
        })
    return {"stockList": sorted(seen.values(), key=lambda r: r["code"])}
