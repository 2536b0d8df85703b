"""`starboard crawl`: collect filings into the raw store and the catalog.

Exit codes: 0 every source listed completely and every file stored; 1 no source could be
listed; 2 bad arguments; 3 the catalog is held by another crawl; 4 partial (a listing
shortfall or failed files, recorded in the catalog and retried by the next run); 5
interrupted (SIGTERM/SIGINT; the next run completes it).
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any

import typer

from pipeline.commands.base import State, app, crawler_settings, err, fail, out

SOURCE_CHOICES = ("cninfo", "sse", "all")


def _date(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{flag} wants a date like 2023-03-31, got {value!r}", 2) from None


def _is_loopback(url: str) -> bool:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "") in {"127.0.0.1", "localhost", "::1"}


def run_crawl(base_url: str | None, since: date | None, until: date | None, source: str = "all",
              full: bool = False, codes: Sequence[str] = (), settings: dict[str, Any] | None = None,
              lookback_days: int = 7, progress: bool | None = None) -> int:
    """Crawl and print one summary line per source; returns the exit code (see module doc)."""
    from crawler.catalog import CatalogLocked
    from crawler.run import EXIT_LOCKED, CrawlOptions, crawl, exit_code
    from crawler.settings import SOURCES

    home = State.home.ensure()
    options = CrawlOptions(
        sources=SOURCES if source == "all" else (source,), base_url=base_url, since=since, until=until,
        full=full, codes=tuple(codes), lookback_days=lookback_days,
        fast=bool(base_url) and _is_loopback(base_url), settings=dict(settings or {}), progress=progress,
    )
    try:
        summaries = crawl(home.raw_root, home.catalog, options)
    except CatalogLocked as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        return EXIT_LOCKED
    for s in summaries:
        c = s.counts
        out.print(
            f"crawl {s.source} run {s.run_id} ({s.mode} {s.since}~{s.until}): {s.status} — "
            f"pages {c.get('pages_listed', 0)}, listed {c.get('listed', 0)}, wanted {c.get('wanted', 0)}, "
            f"skipped {c.get('skipped', 0)}, downloaded {c.get('downloaded', 0)}, "
            f"already held {c.get('already_held', 0)}, duplicates {c.get('duplicates', 0)}, "
            f"retried {c.get('retried', 0)}, failed {c.get('failed', 0)}, "
            f"windows {c.get('windows_complete', 0)} complete / {c.get('windows_short', 0)} short",
            highlight=False,
        )
        if s.message:
            err.print(f"[yellow]warning:[/] {s.source}: {s.message}", highlight=False)
    return exit_code(summaries)


@app.command()
def crawl(
    source: Annotated[str, typer.Option("--source", help="cninfo, sse or all")] = "all",
    base_url: Annotated[str | None, typer.Option("--base-url", help="replace scheme+host of the query API and file host (mirror, test server)")] = None,
    since: Annotated[str | None, typer.Option(help="first publication date (YYYY-MM-DD); default: last complete crawl minus the lookback")] = None,
    until: Annotated[str | None, typer.Option(help="last publication date (YYYY-MM-DD); default: today")] = None,
    full: Annotated[bool, typer.Option("--full", help="re-list everything since the STAR market opened (downloads only what is new)")] = False,
    code: Annotated[list[str] | None, typer.Option("--code", help="only this company (repeatable); uses its orgId from the stock list")] = None,
    lookback_days: Annotated[int, typer.Option(help="incremental runs re-list this many days before the last complete crawl")] = 7,
    max_attempts: Annotated[int | None, typer.Option(help="download attempts per file across runs (default 5)")] = None,
    max_file_mb: Annotated[float | None, typer.Option(help="refuse files larger than this (default 50)")] = None,
    set_: Annotated[list[str] | None, typer.Option("--set", help="any crawler setting, KEY=VALUE (e.g. CONCURRENT_REQUESTS_PER_DOMAIN=1)")] = None,
    progress: Annotated[bool | None, typer.Option("--progress/--no-progress", help="live progress lines (default: on a terminal)")] = None,
) -> None:
    """Collect filings into the raw store and the catalog (exit 0 ok, 4 partial, 5 interrupted; see README)."""
    if source not in SOURCE_CHOICES:
        raise fail(f"--source wants one of {', '.join(SOURCE_CHOICES)}, got {source!r}", 2)
    if full and since:
        raise fail("--full and --since contradict each other; use one", 2)
    settings = crawler_settings(set_)
    if max_attempts is not None:
        settings["STARBOARD_MAX_ATTEMPTS"] = max_attempts
    if max_file_mb is not None:
        settings["DOWNLOAD_MAXSIZE"] = int(max_file_mb * 1024 * 1024)
    codes = [c.strip() for c in code or []]
    bad = [c for c in codes if not (c.isdigit() and len(c) == 6 and c.startswith(("688", "689")))]
    if bad:
        raise fail(f"--code wants STAR-market codes (688xxx, 689xxx), got {', '.join(bad)}", 2)
    first, last = _date(since, "--since"), _date(until, "--until")
    if first and last and first > last:
        raise fail(f"--since {first} is after --until {last}", 2)
    code_ = run_crawl(base_url, first, last, source=source, full=full, codes=codes, settings=settings,
                      lookback_days=lookback_days, progress=progress)
    raise typer.Exit(code_)
