"""SSE's company-bulletin protocol, answered from the mirror's filings.

Pure functions from query parameters to what `queryCompanyBulletin.do` returns (see
../shared/sources.md): JSONP when `jsonCallBack` is given, `pageHelp` with the rows both
in `pageHelp.data` and in `result`, SSEDATE as a date, URL as a path on the static host,
BULLETIN_ID only on some rows, and the paging quirk: unless `pageHelp.beginPage` and
`pageHelp.endPage` equal `pageHelp.pageNo`, the answer is page 1.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from crawler.mirror.filings import Filing

MAX_PAGE_SIZE = 25
SILENT_PAGE_CAP = 100


def bulletin_json(f: Filing) -> dict[str, Any]:
    row: dict[str, Any] = {
        "SECURITY_CODE": f.code,
        "SECURITY_NAME": f.short_name,
        "TITLE": f.sse_title,
        "SSEDATE": f.day,
        "URL": f.sse_url,
        "BULLETIN_TYPE": "其他",
        "BULLETIN_YEAR": f.day[:4],
        "ORG_BULLETIN_ID": None,
    }
    if f.bulletin_id:
        row["BULLETIN_ID"] = f.bulletin_id
    return row


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


def matching(filings: Iterable[Filing], params: Mapping[str, str]) -> list[Filing]:
    code = (params.get("productId") or "").strip()
    words = (params.get("keyWord") or "").split()
    begin, end = _date(params.get("beginDate")), _date(params.get("endDate"))
    rows = [f for f in filings if f.on_sse and f.code.startswith("6")]
    if code:
        rows = [f for f in rows if f.code == code]
    if words:
        rows = [f for f in rows if all(w in f.sse_title for w in words)]
    rows = [f for f in rows if (begin is None or begin <= f.beijing.date()) and (end is None or f.beijing.date() <= end)]
    rows.sort(key=lambda f: (f.beijing, f.sse_id), reverse=True)
    return rows


def query(filings: Iterable[Filing], params: Mapping[str, str], page_cap: int = SILENT_PAGE_CAP) -> dict[str, Any]:
    rows = matching(filings, params)
    size = max(1, min(_int(params.get("pageHelp.pageSize"), MAX_PAGE_SIZE), MAX_PAGE_SIZE))
    page_no = max(1, _int(params.get("pageHelp.pageNo"), 1))
    if params.get("pageHelp.beginPage") != str(page_no) or params.get("pageHelp.endPage") != str(page_no):
        page_no = 1  # the quirk other crawlers report
    total = len(rows)
    pages = math.ceil(total / size) if total else 0
    chunk = rows[(page_no - 1) * size: page_no * size] if page_no <= min(pages, page_cap) else []
    data = [bulletin_json(f) for f in chunk]
    return {
        "actionErrors": [], "actionMessages": [], "errorMessages": [], "errors": {}, "fieldErrors": {},
        "isPagination": params.get("isPagination", "true"), "jsonCallBack": params.get("jsonCallBack"),
        "locale": "zh_CN",
        "pageHelp": {
            "beginPage": page_no, "cacheSize": 1, "data": data, "endDate": None, "endPage": None,
            "objectResult": None, "pageCount": pages, "pageNo": page_no, "pageSize": size,
            "searchDate": None, "sort": None, "startDate": None, "total": total,
        },
        "productId": params.get("productId", ""), "result": data, "securityType": params.get("securityType"),
    }


def jsonp(callback: str | None, payload: Any) -> str:
    text = json.dumps(payload, ensure_ascii=False)
    return f"{callback}({text})" if callback else text
