"""cninfo (巨潮资讯网): the announcement-query API, the stock list and the static PDF host.

The stock list (`szse_stock.json`) is fetched first, every run: a code's orgId cannot be
derived from the code, and a one-company query (`stock=<code>,<orgId>`) with a wrong
orgId silently returns nothing. Listings are form POSTs of (searchkey, seDate window,
page); rows carry epoch-millisecond Beijing times and a file path relative to the static
host, whose announced size (`adjunctSize`, KB) is checked against what arrives.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

from scrapy.http import FormRequest, Request, Response

from crawler import catalog
from crawler.answers import BrokenAnswer, ListingPage, cninfo_page, load_json
from crawler.items import Announcement
from crawler.spiders.listing import ListingSpider, failure_reason, file_url, search_terms
from crawler.titles import normalise_title
from crawler.windows import Window

QUERY_PATH = "/new/hisAnnouncement/query"
STOCK_LIST_PATH = "/new/data/szse_stock.json"
PAGE_SIZE = 30
BEIJING = timezone(timedelta(hours=8))
__all__ = ["CninfoSpider", "search_terms"]  # search_terms: the terms file, read by the tests too


def beijing_time(millis: Any) -> datetime | None:
    """cninfo's announcementTime (epoch ms) as a naive Beijing datetime."""
    try:
        return datetime.fromtimestamp(int(millis) / 1000, BEIJING).replace(tzinfo=None)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def star_stocks(text: str) -> list[dict[str, str]]:
    """The STAR-market rows of the stock list; BrokenAnswer when it is not one."""
    data = load_json(text)
    rows = data.get("stockList") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise BrokenAnswer("stock list without stockList")
    out = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        code, org = str(row.get("code") or ""), str(row.get("orgId") or "")
        if code.startswith(("688", "689")) and len(code) == 6 and org:
            out.append({**{k: str(v) for k, v in row.items() if v is not None}, "code": code, "orgId": org})
    return out


class CninfoSpider(ListingSpider):
    name = "cninfo"
    page_size = PAGE_SIZE

    def first_requests(self) -> Iterator[Request]:
        yield Request(f"{self.urls['query'].rstrip('/')}{STOCK_LIST_PATH}", callback=self._on_stocks,
                      errback=self._on_stocks_error, headers=self.file_headers(), dont_filter=True, priority=20)

    def _on_stocks(self, response: Response) -> Iterator[Any]:
        try:
            rows = star_stocks(response.text)
        except (BrokenAnswer, AttributeError) as exc:
            yield from self._without_stocks(str(exc))
            return
        self.count("stocks", len(rows))
        catalog.record_stocks(self.shared.writer.con, rows, self.plan.run_id)
        self.shared.org_ids.update({r["code"]: r["orgId"] for r in rows})
        yield from self._start_listing()

    def _on_stocks_error(self, failure: Any) -> Iterator[Any]:
        yield from self._without_stocks(failure_reason(failure))

    def _without_stocks(self, reason: str) -> Iterator[Any]:
        known = catalog.stock_org_ids(self.shared.writer.con)
        self.shared.org_ids.update({c: o for c, o in known.items() if c not in self.shared.org_ids})
        self.error(f"stock list unavailable ({reason}); using orgIds from the last refresh ({len(known)} codes)")
        yield from self._start_listing()

    def _start_listing(self) -> Iterator[Any]:
        asked = list(self.plan.codes)
        self.plan.codes[:] = [c for c in asked if c in self.shared.org_ids]
        for code in sorted(set(asked) - set(self.plan.codes)):
            self.error(f"{code}: not in the stock list, so there is no orgId to query it with")
        if asked and not self.plan.codes:
            return
        yield from self.listing_starts()

    def follow_codes(self) -> list[str]:
        """Followed companies the stock list gives an orgId for (a one-company query needs it)."""
        codes = super().follow_codes()
        for code in [c for c in codes if c not in self.shared.org_ids]:
            self.error(f"{code}: followed, but not in the stock list, so there is no orgId to list its documents with")
        return [c for c in codes if c in self.shared.org_ids]

    def page_request(self, window: Window, page: int) -> Request:
        base = self.urls["query"].rstrip("/")
        site = self.urls["site"].rstrip("/")
        stock = f"{window.code},{self.shared.org_ids[window.code]}" if window.code else ""
        return FormRequest(
            f"{base}{QUERY_PATH}",
            formdata={
                "pageNum": str(page), "pageSize": str(PAGE_SIZE), "column": "sse", "tabName": "fulltext",
                "plate": "sh", "stock": stock, "searchkey": window.term, "secid": "", "category": "",
                "trade": "", "seDate": f"{window.start.isoformat()}~{window.end.isoformat()}", "sortName": "",
                "sortType": "", "isHLtitle": "true",
            },
            headers={
                "X-Requested-With": "XMLHttpRequest",
                "Referer": f"{site}/new/commonUrl/pageOfSearch?url=disclosure/list/search",
                "Origin": site,
                "Accept": "application/json, text/javascript, */*; q=0.01",
            },
        )

    def read_page(self, text: str) -> ListingPage:
        return cninfo_page(text)

    def to_announcement(self, row: dict[str, Any]) -> Announcement | None:
        ident = str(row.get("announcementId") or "").strip()
        ref = str(row.get("adjunctUrl") or "").strip()
        if not ident or not ref:
            return None
        try:
            size_kb = int(row.get("adjunctSize") or 0)
        except (TypeError, ValueError):
            size_kb = 0
        return Announcement(
            source=self.name, announcement_id=ident, sec_code=str(row.get("secCode") or ""),
            sec_name=str(row.get("secName") or ""), org_id=row.get("orgId") or None,
            title=normalise_title(str(row.get("announcementTitle") or "")),
            published_at=beijing_time(row.get("announcementTime")),
            url=file_url(self.urls["static"], ref), file_ref=ref,
            declared_bytes=size_kb * 1024 if size_kb > 0 else None,
        )
