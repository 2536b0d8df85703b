"""cninfo (巨潮资讯网): the announcement-query API and the static PDF host.

Lists every window × search term page by page, keeps STAR-market codes, lets the title
classifier decide what is wanted, and fetches each wanted PDF once. The answer is checked
for shape: `announcements: null` with `totalRecordNum: 0` is an empty answer, anything
else without those keys is a broken one and is recorded as such.
"""
from __future__ import annotations

import csv
import json
import re
from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import FormRequest, Request, Response

from crawler.items import Announcement
from crawler.titles import classify_title, normalise_title

QUERY_PATH = "/new/hisAnnouncement/query"
PAGE_SIZE = 30
STAR_CODE = re.compile(r"^68[89]\d{3}$")
BEIJING = timezone(timedelta(hours=8))
QUERIES_FILE = Path(__file__).resolve().parent.parent / "queries.csv"


def search_terms() -> list[str]:
    with QUERIES_FILE.open(encoding="utf-8", newline="") as fh:
        return [row["searchkey"] for row in csv.DictReader(fh)]


def windows(since: date, until: date, days: int = 366) -> list[tuple[date, date]]:
    out = []
    start = since
    while start <= until:
        end = min(until, start + timedelta(days=days - 1))
        out.append((start, end))
        start = end + timedelta(days=1)
    return out


class CninfoSpider(scrapy.Spider):
    name = "cninfo"

    def __init__(self, urls: dict[str, str], since: date, until: date, known: set[str] | None = None,
                 counts: dict[str, int] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls
        self.since = since
        self.until = until
        self.known = known or set()
        self.counts = counts if counts is not None else {}
        self.seen: set[str] = set()
        self.allowed_hosts = {urlsplit(u).netloc for u in urls.values()}

    def _count(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    async def start(self) -> AsyncIterator[Request]:
        for start, end in windows(self.since, self.until):
            for term in search_terms():
                yield self._query(term, start, end, 1)

    def _query(self, term: str, start: date, end: date, page: int) -> FormRequest:
        base = self.urls["query"]
        return FormRequest(
            f"{base}{QUERY_PATH}",
            formdata={
                "pageNum": str(page), "pageSize": str(PAGE_SIZE), "column": "sse", "tabName": "fulltext",
                "plate": "sh", "stock": "", "searchkey": term, "secid": "", "category": "",
                "trade": "", "seDate": f"{start.isoformat()}~{end.isoformat()}", "sortName": "",
                "sortType": "", "isHLtitle": "true",
            },
            headers={
                "X-Requested-With": "XMLHttpRequest",
                "Referer": f"{base}/new/commonUrl/pageOfSearch?url=disclosure/list/search",
                "Origin": base,
                "Accept": "application/json, text/javascript, */*; q=0.01",
            },
            callback=self.parse_listing,
            errback=self.listing_failed,
            cb_kwargs={"term": term, "start": start, "end": end, "page": page},
            dont_filter=True,
        )

    def listing_failed(self, failure: Any) -> None:
        self._count("listing_failures")
        self.logger.error("listing failed: %s", failure.getErrorMessage())

    def parse_listing(self, response: Response, term: str, start: date, end: date, page: int) -> Iterator[Any]:
        try:
            data = json.loads(response.text)
        except ValueError:
            self._count("listing_failures")
            self.logger.error("listing %s %s..%s p%d: not JSON", term, start, end, page)
            return
        if not isinstance(data, dict) or "totalRecordNum" not in data or "announcements" not in data:
            self._count("listing_failures")
            self.logger.error("listing %s %s..%s p%d: JSON without totalRecordNum/announcements", term, start, end, page)
            return
        self._count("pages_listed")
        if page == 1:
            self._count("expected", int(data.get("totalRecordNum") or 0))
        for row in data.get("announcements") or []:
            yield from self._announcement(row)
        if data.get("hasMore"):
            yield self._query(term, start, end, page + 1)

    def _announcement(self, row: dict[str, Any]) -> Iterator[Any]:
        self._count("listed")
        ann_id = str(row.get("announcementId") or "")
        code = str(row.get("secCode") or "")
        if not ann_id or ann_id in self.seen:
            return
        self.seen.add(ann_id)
        if not STAR_CODE.match(code):
            self._count("not_star")
            return
        title = normalise_title(row.get("announcementTitle") or "")
        cls = classify_title(title)
        millis = row.get("announcementTime")
        published = datetime.fromtimestamp(millis / 1000, BEIJING).replace(tzinfo=None) if millis else None
        url = f"{self.urls['static'].rstrip('/')}/{str(row.get('adjunctUrl') or '').lstrip('/')}"
        item = Announcement(
            source="cninfo", announcement_id=ann_id, sec_code=code, sec_name=str(row.get("secName") or ""),
            org_id=row.get("orgId"), title=title, published_at=published, url=url,
            kind=cls.kind, revision=cls.revision, offering=cls.offering,
        )
        if not cls.wanted:
            self._count("skipped")
            item.state, item.reason = "skipped", f"title not wanted: {cls.skip or 'not a use-of-proceeds document'}"
            yield item
            return
        self._count("wanted")
        if ann_id in self.known:
            self._count("already_held")
            return
        if urlsplit(url).netloc not in self.allowed_hosts:
            item.state, item.reason = "failed", f"file host not allowed: {urlsplit(url).netloc}"
            self._count("failed")
            yield item
            return
        yield Request(url, callback=self.parse_file, errback=self.file_failed,
                      headers={"Referer": self.urls["query"] + "/"}, cb_kwargs={"item": item})

    def parse_file(self, response: Response, item: Announcement) -> Iterator[Announcement]:
        item.body = response.body
        length = response.headers.get("Content-Length")
        item.declared_length = int(length) if length and length.isdigit() else None
        item.attempted = True
        yield item

    def file_failed(self, failure: Any) -> Iterator[Announcement]:
        item: Announcement = failure.request.cb_kwargs["item"]
        item.state, item.reason, item.attempted = "failed", f"download failed: {failure.getErrorMessage()}", True
        self._count("failed")
        yield item
