"""What every source's spider does the same way: windows, reconciliation, fetch decisions.

A source spider says how to ask for one listing page, how to read the answer and how to
turn one row into an Announcement; this base class pages every (term, window), splits
windows that would run past the page cap, re-asks broken or empty pages, reconciles each
window against the total the site reported, and decides for every row whether to fetch
it (new), skip it (not wanted, already held, gave up), mark it a duplicate (the same
document is held or being fetched under another id) or refuse it (foreign host, too big).

A crawl runs in two stages. The plan stage lists the plan documents of every STAR company
by search term (queries.csv). The follow stage then lists, one company at a time, the
documents that report on money already raised (follow_queries.csv) for the companies the
crawler follows: those with a plan-family document in the catalog or in this run's plan
stage, and any asked for with --code. A post-raise title seen in the plan stage waits
for the end of that stage, when it is known whether its company is followed.
"""
from __future__ import annotations

import csv
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionLost
from twisted.internet.error import TimeoutError as TxTimeoutError

from crawler import documents, raw_store
from crawler.answers import BrokenAnswer, ListingPage
from crawler.catalog import CatalogWriter
from crawler.items import Announcement
from crawler.middlewares import DELAY_META, backoff_seconds
from crawler.titles import classify_title
from crawler.windows import Window, initial_windows, over_cap, pages_needed, split

QUERIES_FILE = Path(__file__).resolve().parent.parent / "queries.csv"
FOLLOW_QUERIES_FILE = Path(__file__).resolve().parent.parent / "follow_queries.csv"
PLAN, FOLLOW = "plan", "follow"


def search_terms(path: Path = QUERIES_FILE) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [row["searchkey"] for row in csv.DictReader(fh)]


def follow_terms(path: Path = FOLLOW_QUERIES_FILE) -> list[str]:
    """Search terms of the per-company follow listings ('' = every title of the company)."""
    return search_terms(path)


def file_url(static_base: str, ref: str) -> str:
    """Where a listed file lives: absolute refs keep their host (and are checked), paths join the file host."""
    ref = (ref or "").strip()
    if urlsplit(ref).scheme:
        return ref
    if ref.startswith("//"):
        return f"{urlsplit(static_base).scheme}:{ref}"
    return f"{static_base.rstrip('/')}/{ref.lstrip('/')}"


@dataclass
class CrawlPlan:
    """What one source's crawl is asked to do (decided by crawler/run.py from the catalog)."""

    source: str
    urls: dict[str, str]
    since: date
    until: date
    run_id: int
    terms: list[str]
    codes: list[str] = field(default_factory=list)  # restrict to these codes; [] = every STAR code
    known: dict[str, tuple[str, int, bool]] = field(default_factory=dict)  # id -> (state, attempts, held)
    retry: list[dict[str, Any]] = field(default_factory=list)  # catalog rows to fetch again
    max_attempts: int = 5
    follow_terms: list[str] = field(default_factory=list)  # per-company terms of the follow stage
    follow_since: dict[str, date] = field(default_factory=dict)  # code -> first day its follow listing needs
    follow_first: date | None = None  # where a company never listed completely before starts (None = since)


@dataclass
class Shared:
    """State both sources' spiders share in one process: the catalog writer and what is held."""

    writer: CatalogWriter
    raw_root: Path
    claims: dict[str, str] = field(default_factory=dict)  # doc_key -> pointer of the row fetching/holding it
    hashes: dict[str, tuple[str, str]] = field(default_factory=dict)  # sha256 -> (pointer, path)
    org_ids: dict[str, str] = field(default_factory=dict)  # code -> orgId (stock list)
    followed: set[str] = field(default_factory=set)  # codes whose post-raise documents are collected


def failure_reason(failure: Any) -> str:
    """A download error as a short reason for the catalog."""
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    if failure.check(TxTimeoutError) or "took longer than" in failure.getErrorMessage():
        return f"timed out: {failure.getErrorMessage()}"
    if failure.check(ConnectionLost):
        return f"connection lost: {failure.getErrorMessage()}"
    text = failure.getErrorMessage() or failure.type.__name__
    if "max size" in text or "maxsize" in text:
        return f"over the size cap: {text}"
    return f"{failure.type.__name__}: {text}"


class ListingSpider(scrapy.Spider):
    page_size = 30
    star_codes = ("688", "689")

    def __init__(self, plan: CrawlPlan, shared: Shared, counts: dict[str, int] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.plan = plan
        self.shared = shared
        self.urls = plan.urls
        self.counts = counts if counts is not None else {}
        self.allowed_hosts = {urlsplit(u).netloc for u in plan.urls.values()}
        self.seen: set[str] = set()
        self.windows: dict[tuple[Any, ...], Window] = {}
        self.window_log: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self.close_reason: str | None = None
        self.follow_started = False
        self.deferred: list[tuple[Announcement, bool]] = []  # post-raise rows waiting for the plan stage's end

    # -- settings ------------------------------------------------------------------------------
    def _setting(self, name: str, default: Any) -> Any:
        value = self.crawler.settings.get(name)
        return default if value is None else type(default)(value)

    @property
    def page_cap(self) -> int:
        return self._setting("STARBOARD_PAGE_CAP", 100)

    # -- what a source provides ----------------------------------------------------------------
    def page_request(self, window: Window, page: int) -> Request:
        raise NotImplementedError

    def read_page(self, text: str) -> ListingPage:
        raise NotImplementedError

    def to_announcement(self, row: dict[str, Any]) -> Announcement | None:
        raise NotImplementedError

    def file_headers(self) -> dict[str, str]:
        return {"Referer": self.urls["site"].rstrip("/") + "/"}

    # -- bookkeeping -----------------------------------------------------------------------------
    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    def error(self, message: str) -> None:
        self.errors.append(message)
        self.logger.error("%s: %s", self.name, message)

    def record(self, item: Announcement) -> None:
        """Called by the catalog pipeline for every item: the one place outcomes are counted."""
        if item.state == "downloaded":
            self.count("adopted" if item.adopted else "downloaded")
        elif item.state == "failed":
            self.count("failed")
            if item.doc_key and self.shared.claims.get(item.doc_key) == documents.pointer(self.name, item.announcement_id):
                del self.shared.claims[item.doc_key]  # the other source may still serve it
            self.logger.warning("%s %s failed: %s", self.name, item.announcement_id, item.reason)
        elif item.state == "duplicate":
            self.count("duplicates")
        self.shared.writer.record(item.row(), self.plan.run_id, item.attempted)

    # -- start -----------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        for row in self.plan.retry:
            for out in self._retry(row):
                yield out
        for out in self.first_requests():
            yield out

    def first_requests(self) -> Iterable[Any]:
        return self.listing_starts()

    def listing_starts(self) -> Iterator[Any]:
        days = self._setting("STARBOARD_WINDOW_DAYS", 366)
        started = False
        for start, end in initial_windows(self.plan.since, self.plan.until, days):
            for term in self.plan.terms:
                for code in self.plan.codes or [""]:
                    window = Window(term, start, end, code)
                    self.windows[window.key] = window
                    started = True
                    yield self._page(window, 1)
        if not started:
            yield from self._start_follow()

    # -- follow stage ----------------------------------------------------------------------------
    def follow_codes(self) -> list[str]:
        """The companies whose post-raise documents this run lists (a source may narrow them)."""
        codes = self.shared.followed
        if self.plan.codes:
            codes = codes & set(self.plan.codes)
        return sorted(codes)

    def _plan_stage_done(self) -> bool:
        return all(w.finished for w in self.windows.values() if w.stage == PLAN)

    def _start_follow(self) -> Iterator[Any]:
        """The plan stage is over: decide the rows that waited for it, then list each followed
        company's post-raise documents from where its last complete follow listing ended."""
        if self.follow_started:
            return
        self.follow_started = True
        waiting, self.deferred = self.deferred, []
        for item, retrying in waiting:
            yield from self._judge(item, retrying)
        codes = self.follow_codes()
        self.count("followed", len(codes))
        days = self._setting("STARBOARD_FOLLOW_WINDOW_DAYS", 3660)
        for code in codes:
            since = self.plan.follow_since.get(code) or self.plan.follow_first or self.plan.since
            for start, end in initial_windows(since, self.plan.until, days):
                for term in self.plan.follow_terms:
                    window = Window(term, start, end, code, stage=FOLLOW)
                    self.windows[window.key] = window
                    yield self._page(window, 1)

    # -- listing ---------------------------------------------------------------------------------
    def _page(self, window: Window, page: int, attempt: int = 0) -> Request:
        request = self.page_request(window, page)
        request.callback = self._on_page
        request.errback = self._on_page_error
        request.cb_kwargs.update(window=window, page=page, attempt=attempt)
        request.dont_filter = True
        request.priority = 10  # listings first: they decide what else there is to fetch
        if not attempt:
            self.count("pages_planned")
        if attempt:
            base = self._setting("STARBOARD_BACKOFF_BASE", 2.0)
            request.meta[DELAY_META] = backoff_seconds(attempt - 1, base, self._setting("STARBOARD_BACKOFF_MAX", 120.0))
        return request

    def _on_page(self, response: Response, window: Window, page: int, attempt: int) -> Iterator[Any]:
        try:
            answer = self.read_page(response.text)
        except (BrokenAnswer, AttributeError, UnicodeDecodeError) as exc:
            reason = str(exc) if isinstance(exc, BrokenAnswer) else "not a text answer"
            yield from self._page_broken(window, page, attempt, reason)
            return
        self.count("pages_listed")
        if page == 1 and not window.pages and window.key in self.windows:
            halves = split(window.start, window.end) if over_cap(answer.total, self.page_size, self.page_cap) else None
            if halves is not None:
                self._log_window(window, "split", f"{answer.total} rows need more than {self.page_cap} pages")
                del self.windows[window.key]
                self.count("windows_split")
                for start, end in halves:
                    half = Window(window.term, start, end, window.code, stage=window.stage)
                    self.windows[half.key] = half
                    yield self._page(half, 1)
                return
            pages = pages_needed(answer.total, self.page_size)
            if pages > self.page_cap:
                window.note = f"{answer.total} rows in one day need more than the {self.page_cap}-page cap"
                pages = self.page_cap
            window.expect(answer.total, pages)
            if not window.relists:
                self.count("expected", answer.total)
            for later in range(2, pages + 1):
                yield self._page(window, later)
        else:
            window.total = max(window.total, answer.total)
        if not answer.rows and page <= window.pages:
            yield from self._page_broken(window, page, attempt, f"empty page {page} of {window.pages}")
            return
        window.pending.discard(page)
        for row in answer.rows:
            item = self.to_announcement(row)
            if item is None:
                self.count("bad_rows")
                continue
            window.ids.add(item.announcement_id)
            yield from self._decide(item)
        if window.done:
            yield from self._finish(window)

    def _page_broken(self, window: Window, page: int, attempt: int, reason: str) -> Iterator[Any]:
        if attempt < self._setting("STARBOARD_PAGE_RETRIES", 2):
            self.count("pages_reasked")
            yield self._page(window, page, attempt + 1)
            return
        yield from self._page_lost(window, page, reason)

    def _on_page_error(self, failure: Any) -> Iterator[Any]:
        kwargs = failure.request.cb_kwargs
        yield from self._page_lost(kwargs["window"], kwargs["page"], failure_reason(failure))

    def _page_lost(self, window: Window, page: int, reason: str) -> Iterator[Any]:
        self.count("pages_failed")
        self.logger.warning("%s listing %s p%d: %s", self.name, window.label, page, reason)
        window.failed_pages[page] = reason
        window.pending.discard(page)
        if window.done:
            yield from self._finish(window)

    def _finish(self, window: Window) -> Iterator[Any]:
        reason = window.reason()
        retryable = bool(window.failed_pages) or (window.shortfall > 0 and window.note is None)
        if reason and retryable and window.relists < self._setting("STARBOARD_RELISTS", 1):
            window.relists += 1
            window.failed_pages.clear()
            window.pages = 0
            window.note = None
            self.count("windows_relisted")
            yield self._page(window, 1)
            return
        window.finished = True
        self._log_window(window, "short" if reason else "complete", reason)
        if reason:
            self.count("windows_short")
            self.count("shortfall", window.shortfall or max(1, len(window.failed_pages)))
            self.error(f"listing {window.label}: {reason}")
        else:
            self.count("windows_complete")
        if window.stage == PLAN and self._plan_stage_done():
            yield from self._start_follow()

    def _log_window(self, window: Window, status: str, reason: str | None) -> None:
        self.window_log.append({
            "term": window.term, "code": window.code, "stage": window.stage, "start": window.start, "end": window.end,
            "expected": window.total, "received": len(window.ids), "pages": window.pages,
            "status": status, "reason": reason,
        })

    # -- fetch decisions -------------------------------------------------------------------------
    def _decide(self, item: Announcement, retrying: bool = False) -> Iterator[Any]:
        ident = item.announcement_id
        if not retrying:
            self.count("listed")
            if ident in self.seen:
                self.count("repeats")
                return
            self.seen.add(ident)
        if not item.sec_code.startswith(self.star_codes) or len(item.sec_code) != 6:
            self.count("not_star")
            return
        if self.plan.codes and item.sec_code not in self.plan.codes:
            return
        yield from self._judge(item, retrying)

    def _judge(self, item: Announcement, retrying: bool) -> Iterator[Any]:
        """What to do with one STAR row of a code this run is about."""
        ident = item.announcement_id
        cls = classify_title(item.title)
        item.kind, item.revision, item.offering = cls.kind, cls.revision, cls.offering
        item.doc_key = documents.doc_key(item.sec_code, item.title, item.sec_name, item.published_at)
        item.org_id = item.org_id or self.shared.org_ids.get(item.sec_code)
        known = self.plan.known.get(ident)
        if not cls.wanted:
            self.count("skipped")
            if known is None:
                item.state, item.reason = "skipped", f"title not wanted: {cls.skip or 'not a use-of-proceeds document'}"
                yield item
            return
        if cls.plan_family:
            self.shared.followed.add(item.sec_code)
        elif item.sec_code not in self.shared.followed:
            if not self.follow_started:  # its company may still turn out to be followed
                self.deferred.append((item, retrying))
                return
            self.count("skipped")
            self.count("not_followed")
            if known is None:
                item.state = "skipped"
                item.reason = (f"company not followed: {cls.kind} documents are collected only for companies "
                               "with a plan in the catalog")
                yield item
            return
        if not retrying:
            self.count("wanted")
        if known is not None and known[2]:
            self.count("already_held")
            return
        if known is not None and known[0] == "failed" and known[1] >= self.plan.max_attempts:
            self.count("gave_up")
            return
        me = documents.pointer(self.name, ident)
        claim = self.shared.claims.get(item.doc_key)
        if claim is not None and claim != me and not retrying:
            if known is None or known[0] != "duplicate":
                item.state, item.duplicate_of = "duplicate", claim
                item.reason = "the same document is held under another id"
                yield item
            else:
                self.count("duplicates")
            return
        host = urlsplit(item.url).netloc
        if host not in self.allowed_hosts:
            item.state, item.attempted = "failed", True
            item.reason = f"refused: file host {host or '(none)'} is not one of {sorted(self.allowed_hosts)}"
            yield item
            return
        max_bytes = self.crawler.settings.getint("DOWNLOAD_MAXSIZE")
        if item.declared_bytes and max_bytes and item.declared_bytes > max_bytes:
            item.state, item.attempted = "failed", True
            item.reason = f"refused: listed size {item.declared_bytes} bytes is over the {max_bytes}-byte cap"
            yield item
            return
        held = raw_store.adopt(self.shared.raw_root, self.name, ident, max_bytes or raw_store.DEFAULT_MAX_BYTES,
                               item.declared_bytes)
        self.shared.claims[item.doc_key] = me
        if held is not None:
            path, digest, size = held
            item.state, item.adopted, item.sha256, item.bytes = "downloaded", True, digest, size
            item.path = str(path.relative_to(self.shared.raw_root.parent))
            self.shared.hashes.setdefault(digest, (me, item.path))
            yield item
            return
        self.count("queued")
        yield Request(item.url, callback=self._on_file, errback=self._on_file_error, headers=self.file_headers(),
                      cb_kwargs={"item": item}, dont_filter=True)

    def _retry(self, row: dict[str, Any]) -> Iterator[Any]:
        """A catalog row from an earlier run, fetched again (its host re-based to today's file host)."""
        self.count("retried")
        ident = str(row["announcement_id"])
        self.seen.add(ident)
        ref = row.get("file_ref") or row.get("url") or ""
        item = Announcement(
            source=self.name, announcement_id=ident, sec_code=row.get("sec_code") or "",
            sec_name=row.get("sec_name") or "", org_id=row.get("org_id"), title=row.get("title") or "",
            published_at=row.get("published_at"), url=file_url(self.urls["static"], ref), file_ref=ref,
            declared_bytes=row.get("declared_bytes"),
        )
        yield from self._decide(item, retrying=True)

    def _on_file(self, response: Response, item: Announcement) -> Iterator[Announcement]:
        self.count("fetched")
        item.body = response.body
        length = response.headers.get("Content-Length")
        item.declared_length = int(length) if length and length.isdigit() else None
        item.attempted = True
        yield item

    def _on_file_error(self, failure: Any) -> Iterator[Announcement]:
        self.count("fetched")
        item: Announcement = failure.request.cb_kwargs["item"]
        item.state, item.reason, item.attempted = "failed", f"download failed: {failure_reason(failure)}", True
        yield item

    # -- end -------------------------------------------------------------------------------------
    def closed(self, reason: str) -> None:
        self.close_reason = reason
        if self.counts.get("bad_rows"):
            self.error(f"{self.counts['bad_rows']} listed row(s) had no id or file path and could not be recorded")
        for window in self.windows.values():
            if not window.finished:
                self._log_window(window, "interrupted", f"crawl stopped ({reason}) with pages pending")
