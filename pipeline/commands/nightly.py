"""`starboard nightly`: crawl → build → check → publish → report, under one lock, for cron and systemd.

Exit codes: 0 ok; 1 a stage failed (named on stderr and in the report); 2 bad arguments;
3 another nightly is running (or a crawl holds the catalog); 4 partial (a source could not
be crawled completely; the rest was built and published); 5 interrupted (SIGTERM/SIGINT).
"""
from __future__ import annotations

from typing import Annotated

import typer

from pipeline.commands.base import State, app, crawler_settings, err, fail
from pipeline.commands.crawl import SOURCE_CHOICES, _date


@app.command()
def nightly(
    source: Annotated[str, typer.Option("--source", help="cninfo, sse or all")] = "all",
    base_url: Annotated[str | None, typer.Option("--base-url", help="replace scheme+host of the sources (mirror, test server)")] = None,
    since: Annotated[str | None, typer.Option(help="crawl from this publication date (YYYY-MM-DD); default: incremental")] = None,
    lookback_days: Annotated[int, typer.Option(help="incremental crawls re-list this many days before the last complete one")] = 7,
    set_: Annotated[list[str] | None, typer.Option("--set", help="any crawler setting, KEY=VALUE (see `starboard crawl`)")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="parser processes (default: CPUs, at most 8)")] = None,
    stale_after_hours: Annotated[float, typer.Option(help="a nightly holding the lock longer than this is taken to be hung")] = 12.0,
    progress: Annotated[bool | None, typer.Option("--progress/--no-progress", help="live crawl progress (default: on a terminal)")] = None,
) -> None:
    """Crawl every source incrementally, build, check, publish, and report what changed (exit 0 ok,
    1 failed stage, 3 locked, 4 partial, 5 interrupted; see README, Running nightly)."""
    from pipeline.nightly.runner import SOURCES, NightlyOptions, run_nightly

    if source not in SOURCE_CHOICES:
        raise fail(f"--source wants one of {', '.join(SOURCE_CHOICES)}, got {source!r}", 2)
    if stale_after_hours <= 0:
        raise fail("--stale-after-hours wants a positive number of hours", 2)
    settings = crawler_settings(set_)
    try:
        from pipeline.nightly.hooks import planned

        planned()
    except ValueError as exc:
        raise fail(str(exc), 2) from None
    options = NightlyOptions(
        sources=SOURCES if source == "all" else (source,), base_url=base_url, since=_date(since, "--since"),
        lookback_days=lookback_days, settings=settings, jobs=jobs, progress=progress,
        stale_after=stale_after_hours * 3600.0,
    )
    result = run_nightly(State.home, options)  # logs its outcome and report path (stdout; stderr when not ok)
    if result.report is None:  # refused the lock: nothing was logged but this
        err.print(f"[bold red]error:[/] {result.message}", highlight=False)
    raise typer.Exit(result.exit_code)
