"""`starboard crawl`: collect filings into the raw store and the catalog."""
from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from pipeline.commands.base import State, app, err, fail, out


def _date(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{flag} wants a date like 2023-03-31, got {value!r}", 2) from None


def run_crawl(base_url: str | None, since: date | None, until: date | None, source: str = "cninfo") -> int:
    from crawler.run import crawl as crawl_source

    home = State.home.ensure()
    fast = bool(base_url) and _is_loopback(base_url)
    summary = crawl_source(home.raw_root, home.catalog, source=source, base_url=base_url,
                           since=since, until=until, fast=fast)
    c = summary.counts
    out.print(
        f"crawl {summary.source} run {summary.run_id}: {summary.status} — pages {c.get('pages_listed', 0)}, "
        f"listed {c.get('listed', 0)}, wanted {c.get('wanted', 0)}, skipped {c.get('skipped', 0)}, "
        f"downloaded {c.get('downloaded', 0)}, already held {c.get('already_held', 0)}, failed {c.get('failed', 0)}"
    )
    if summary.message:
        err.print(f"[yellow]warning:[/] {summary.message}")
    return 0 if summary.status == "ok" else (1 if summary.status == "failed" else 4)


def _is_loopback(url: str) -> bool:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "") in {"127.0.0.1", "localhost", "::1"}


@app.command()
def crawl(
    base_url: Annotated[str | None, typer.Option("--base-url", help="replace the source's scheme+host (mirror, test server)")] = None,
    since: Annotated[str | None, typer.Option(help="first publication date (YYYY-MM-DD)")] = None,
    until: Annotated[str | None, typer.Option(help="last publication date (YYYY-MM-DD)")] = None,
) -> None:
    """Collect filings into the raw store and the catalog."""
    code = run_crawl(base_url, _date(since, "--since"), _date(until, "--until"))
    raise typer.Exit(code)
