"""Run a crawl in-process and record it: one crawl-run row per source in the catalog.

Decides each source's date range (incremental from the last complete listing minus a
lookback, or --since/--until, or --full), what to retry, and what is already held; runs
the sources one after the other in one reactor (cninfo first, so it is the primary copy
of documents both sites post); then recomputes duplicate/superseded states and closes the
run rows with their counts, errors and status. Call once per process (Twisted).
"""
from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess

from crawler import catalog, raw_store
from crawler.progress import Progress
from crawler.settings import BASE, FAST, SOURCES, source_urls
from crawler.spiders.cninfo import CninfoSpider
from crawler.spiders.listing import CrawlPlan, Shared, follow_terms, search_terms
from crawler.spiders.sse import SseSpider

STAR_MARKET_OPENED = date(2019, 7, 22)
SPIDERS = {"cninfo": CninfoSpider, "sse": SseSpider}
BEIJING = timezone(timedelta(hours=8))

#: exit codes of `starboard crawl` (also documented in the README)
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED, EXIT_PARTIAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 5


@dataclass
class CrawlOptions:
    sources: Sequence[str] = SOURCES
    base_url: str | None = None
    since: date | None = None
    until: date | None = None
    full: bool = False
    codes: Sequence[str] = ()
    lookback_days: int = 7
    fast: bool = False  # loopback server: no delays, no throttle
    settings: dict[str, Any] = field(default_factory=dict)
    progress: bool | None = None  # live lines; None = when stderr is a terminal


@dataclass
class CrawlSummary:
    source: str
    run_id: int
    status: str  # ok | partial | failed | interrupted
    counts: dict[str, int] = field(default_factory=dict)
    message: str | None = None
    since: date | None = None
    until: date | None = None
    mode: str = ""
    listing_complete: bool = False
    errors: list[str] = field(default_factory=list)


def date_range(con: Any, source: str, options: CrawlOptions, today: date) -> tuple[date, date, str]:
    """(since, until, mode) for one source: full, an explicit range, or incremental."""
    until = options.until or today
    if options.full:
        return STAR_MARKET_OPENED, until, "full"
    if options.since:
        return options.since, until, "range"
    last = catalog.last_complete_until(con, source)
    if last is None:
        return STAR_MARKET_OPENED, until, "first"
    return max(STAR_MARKET_OPENED, last - timedelta(days=options.lookback_days)), until, "incremental"


def follow_start(con: Any, source: str, mode: str, since: date, lookback_days: int) -> tuple[dict[str, date], date]:
    """Where each followed company's follow listing starts: (code -> first day, first day of a
    company never listed completely). An explicit range or --full applies to every company;
    otherwise each company continues from its own last complete follow listing, minus the
    lookback, and a newly followed one is listed from the STAR market's opening."""
    if mode in ("full", "range"):
        return {}, since
    return ({code: max(STAR_MARKET_OPENED, last - timedelta(days=lookback_days))
             for code, last in catalog.follow_listed_until(con, source).items()}, STAR_MARKET_OPENED)


def run_status(close_reason: str | None, counts: dict[str, int], errors: list[str]) -> tuple[str, bool]:
    """(status, listing complete) of one source's run."""
    complete = close_reason == "finished" and not counts.get("windows_short") and not counts.get("windows_interrupted")
    if close_reason != "finished":
        return "interrupted", False
    if not counts.get("pages_listed") and (counts.get("pages_failed") or errors):
        return "failed", False
    if errors or counts.get("failed"):
        return "partial", complete
    return "ok", complete


def exit_code(summaries: Sequence[CrawlSummary]) -> int:
    statuses = {s.status for s in summaries}
    if not summaries or statuses == {"failed"}:
        return EXIT_FAILED
    if "interrupted" in statuses:
        return EXIT_INTERRUPTED
    if statuses & {"failed", "partial"}:
        return EXIT_PARTIAL
    return EXIT_OK


ASYNCIO_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"


def _install_reactor(path: str) -> None:
    """Install Scrapy's reactor before anything here touches `twisted.internet.reactor`."""
    from scrapy.utils.reactor import install_reactor, is_reactor_installed

    if not is_reactor_installed():
        install_reactor(path)


def _logging(level: str, rich_console: bool) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    if rich_console:
        from rich.console import Console
        from rich.logging import RichHandler

        handler: logging.Handler = RichHandler(console=Console(stderr=True), show_path=False)
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(level)
    root.addHandler(handler)
    root.setLevel(level)


def crawl(raw_root: Path, catalog_path: Path, options: CrawlOptions) -> list[CrawlSummary]:
    merged = {**BASE, **(FAST if options.fast else {}), **options.settings,
              "STARBOARD_RAW_ROOT": str(raw_root), "STARBOARD_CATALOG": str(catalog_path)}
    max_attempts = int(merged["STARBOARD_MAX_ATTEMPTS"])
    today = datetime.now(BEIJING).date()
    terms = list(merged.get("STARBOARD_TERMS") or search_terms())  # tests narrow the search terms
    later_terms = merged.get("STARBOARD_FOLLOW_TERMS")
    later_terms = list(follow_terms() if later_terms is None else later_terms)
    summaries: list[CrawlSummary] = []
    with catalog.open_catalog(catalog_path) as con:
        stale = catalog.close_stale_runs(con)
        raw_store.remove_partials(raw_root)
        shared = Shared(catalog.CatalogWriter(con), raw_root, claims=catalog.claimed_documents(con),
                        hashes=catalog.held_hashes(con), org_ids=catalog.stock_org_ids(con),
                        followed=catalog.followed_codes(con) | set(options.codes))
        plans: dict[str, CrawlPlan] = {}
        ranges: dict[str, tuple[date, date, str]] = {}
        for source in options.sources:
            since, until, mode = date_range(con, source, options, today)
            urls = source_urls(source, options.base_url)
            run_id = catalog.start_run(con, source, urls["query"], since, until, mode)
            ranges[source] = (since, until, mode)
            follow_since, follow_first = follow_start(con, source, mode, since, options.lookback_days)
            plans[source] = CrawlPlan(
                source, urls, since, until, run_id, terms, codes=list(options.codes),
                known=catalog.known_rows(con, source), retry=catalog.retry_rows(con, source, max_attempts),
                max_attempts=max_attempts, follow_terms=later_terms, follow_since=follow_since,
                follow_first=follow_first)

        tty = sys.stderr.isatty() if options.progress is None else options.progress
        _install_reactor(str(merged.get("TWISTED_REACTOR") or ASYNCIO_REACTOR))
        process = CrawlerProcess({**merged, "LOG_INSTALL_ROOT_HANDLER": False})
        _logging(str(merged.get("LOG_LEVEL", "WARNING")), tty)
        counts: dict[str, dict[str, int]] = {s: {} for s in options.sources}
        states: dict[str, str] = {s: "waiting" for s in options.sources}
        spiders: dict[str, Any] = {}
        progress = Progress(counts, states, tty=tty, plain_every=float(merged["STARBOARD_PROGRESS_SECONDS"]))
        _run_sequentially(process, options.sources, plans, shared, counts, states, spiders)
        progress.start()
        try:
            process.start(stop_after_crawl=False)
        finally:
            progress.stop()
            shared.writer.flush()
        resolved = catalog.apply_resolution(con)

        for source in options.sources:
            plan, spider, c = plans[source], spiders.get(source), counts[source]
            errors = list(spider.errors) if spider else []
            close_reason = spider.close_reason if spider else "not started"
            if spider:
                catalog.record_windows(con, plan.run_id, source, spider.window_log)
                c["windows_interrupted"] = sum(1 for w in spider.window_log if w["status"] == "interrupted")
            for state, n in resolved.items():
                c[f"now_{state}"] = n
            if stale:
                c["stale_runs_closed"] = stale
            status, complete = run_status(close_reason, c, errors)
            message = _message(status, close_reason, c, errors)
            catalog.finish_run(con, plan.run_id, status, c, message, complete, errors)
            since, until, mode = ranges[source]
            summaries.append(CrawlSummary(source, plan.run_id, status, c, message, since, until, mode, complete, errors))
    return summaries


def _message(status: str, close_reason: str | None, counts: dict[str, int], errors: list[str]) -> str | None:
    parts = []
    if status == "interrupted":
        parts.append(f"stopped before the end ({close_reason}); the next run completes it")
    if counts.get("failed"):
        parts.append(f"{counts['failed']} file(s) failed (see announcements.state = 'failed')")
    if errors:
        parts.append(f"{len(errors)} error(s): " + " | ".join(errors[:3]) + (" | …" if len(errors) > 3 else ""))
    return "; ".join(parts) or None


def _run_sequentially(process: CrawlerProcess, sources: Sequence[str], plans: dict[str, CrawlPlan],
                      shared: Shared, counts: dict[str, dict[str, int]], states: dict[str, str],
                      spiders: dict[str, Any]) -> None:
    """Schedule the sources one after another, then stop the reactor; a shutdown stops the chain."""
    from twisted.internet import defer, reactor

    @defer.inlineCallbacks
    def chain() -> Any:
        try:
            for source in sources:
                crawler = process.create_crawler(SPIDERS[source])
                states[source] = "crawling"
                try:
                    yield process.crawl(crawler, plan=plans[source], shared=shared, counts=counts[source])
                except Exception:  # noqa: BLE001 - recorded as this source's failure, the others still run
                    logging.getLogger(__name__).exception("%s crawl crashed", source)
                spider = getattr(crawler, "spider", None)
                if spider is not None:
                    spiders[source] = spider
                reason = getattr(spider, "close_reason", None)
                states[source] = "done" if reason == "finished" else "stopped"
                if reason == "shutdown":  # SIGTERM/SIGINT: the next run completes the rest
                    break
        finally:
            if reactor.running:
                try:
                    reactor.stop()
                except Exception:  # noqa: BLE001 - a shutdown signal may have stopped it already
                    pass

    reactor.callWhenRunning(chain)
