"""SSE (上海证券交易所): the company-bulletin query API and the static PDF host.

The query is a GET answered as JSONP (`jsonCallBack=NAME`), refused without a Referer
from the site, and paged through `pageHelp.*` where `beginPage` and `endPage` must equal
`pageNo` or every request returns page 1. Rows carry `SSEDATE` (a Beijing date) and a
`URL` path on the static host; SSE gives no stable numeric id for every row, so the id
is the file name of that path (e.g. `688327_20230331_ABCD`), which never changes.
"""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlencode, urlsplit

from scrapy.http import Request

from crawler.answers import ListingPage, sse_page
from crawler.items import Announcement
from crawler.spiders.listing import ListingSpider, file_url
from crawler.titles import normalise_title
from crawler.windows import Window

QUERY_PATH = "/security/stock/queryCompanyBulletin.do"
REFERER_PATH = "/disclosure/listedinfo/announcement/"
PAGE_SIZE = 25
SECURITY_TYPES = "0101,120100,020100,020200,120200"
CALLBACK = "jsonpCallback"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def sse_id(url: str, bulletin_id: Any = None) -> str:
    """The file name of the bulletin's URL (stable), else BULLETIN_ID; '' when there is neither."""
    stem = PurePosixPath(urlsplit(url or "").path).stem
    if stem:
        return _UNSAFE.sub("_", stem)[:64]
    return _UNSAFE.sub("_", str(bulletin_id or ""))[:64]


def sse_date(value: Any) -> datetime | None:
    try:
        return datetime.strptime(str(value or "")[:10], "%Y-%m-%d")
    except ValueError:
        return None


class SseSpider(ListingSpider):
    name = "sse"
    page_size = PAGE_SIZE

    def page_request(self, window: Window, page: int) -> Request:
        params = {
            "jsonCallBack": f"{CALLBACK}{page}",
            "isPagination": "true",
            "productId": window.code,
            "keyWord": window.term,
            "securityType": SECURITY_TYPES,
            "reportType": "ALL",
            "reportType2": "",
            "beginDate": window.start.isoformat(),
            "endDate": window.end.isoformat(),
            "pageHelp.pageSize": str(PAGE_SIZE),
            "pageHelp.pageCount": "50",
            "pageHelp.pageNo": str(page),
            "pageHelp.beginPage": str(page),  # must equal pageNo, or the site serves page 1
            "pageHelp.endPage": str(page),
            "pageHelp.cacheSize": "1",
        }
        site = self.urls["site"].rstrip("/")
        return Request(
            f"{self.urls['query'].rstrip('/')}{QUERY_PATH}?{urlencode(params)}",
            headers={"Referer": f"{site}{REFERER_PATH}", "Accept": "*/*"},
        )

    def read_page(self, text: str) -> ListingPage:
        return sse_page(text)

    def to_announcement(self, row: dict[str, Any]) -> Announcement | None:
        ref = str(row.get("URL") or "").strip()
        ident = sse_id(ref, row.get("BULLETIN_ID"))
        if not ident or not ref:
            return None
        return Announcement(
            source=self.name, announcement_id=ident, sec_code=str(row.get("SECURITY_CODE") or ""),
            sec_name=str(row.get("SECURITY_NAME") or ""), org_id=None,
            title=normalise_title(str(row.get("TITLE") or "")), published_at=sse_date(row.get("SSEDATE")),
            url=file_url(self.urls["static"], ref), file_ref=ref,
        )
