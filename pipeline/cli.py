"""The `starboard` command line: one entry point for every stage of the chain."""
from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from pipeline.home import DataHome

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="starboard: use-of-proceeds analytics for STAR-market refinancing filings.",
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


class State:
    home: DataHome = DataHome.resolve(None)


@app.callback()
def _root(
    home: Annotated[str | None, typer.Option("--home", help="data home (else STARBOARD_HOME, else ./data)")] = None,
) -> None:
    State.home = DataHome.resolve(home)


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="a filing: .pdf, .txt or .html")],
    as_json: Annotated[bool, typer.Option("--json", help="print the parse contract as JSON (the default)")] = True,
) -> None:
    """Parse one filing and print the parse contract (DESIGN.md) as JSON."""
    from pipeline.extract.pages import ExtractError
    from pipeline.parse import parse_file

    if not file.exists():
        raise fail(f"{file}: no such file", 2)
    try:
        result = parse_file(file)
    except ExtractError as exc:
        raise fail(f"{file}: {exc}", 2) from None
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")


@app.command()
def mirror(
    port: Annotated[int, typer.Option(help="port on 127.0.0.1 (0 = any free port)")] = 8800,
    verbose: Annotated[bool, typer.Option(help="log every request")] = False,
) -> None:
    """Serve the bundled corpus over the disclosure sites' protocols on 127.0.0.1."""
    from crawler.mirror.server import Mirror

    server = Mirror(port=port, verbose=verbose)
    out.print(f"mirror of {len(server.fixtures)} filings at [bold]{server.url}[/] (cninfo protocol); Ctrl-C stops it")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


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


@app.command()
def build() -> None:
    """Parse every downloaded filing and publish warehouse.duckdb and exports/*.parquet."""
    from pipeline.build import build as run_build

    home = State.home
    if not home.catalog.exists():
        raise fail(f"no catalog at {home.catalog}: run `starboard crawl` (or `starboard demo`) first")
    summary = run_build(home)
    out.print(
        f"built {home.warehouse}: {summary.filings} filings ({summary.failed} unreadable, "
        f"{summary.warned} with warnings), {summary.projects} projects, {summary.budget_lines} budget lines"
    )


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="one SELECT (or WITH … SELECT) statement")],
    fmt: Annotated[str, typer.Option("--format", help="table | csv | json")] = "table",
    limit: Annotated[int, typer.Option(help="row cap")] = 10_000,
    timeout: Annotated[float, typer.Option(help="seconds before the query is stopped")] = 30.0,
) -> None:
    """Run a read-only query on the published warehouse."""
    from pipeline.sql import QueryError, run_query

    if fmt not in {"table", "csv", "json"}:
        raise fail(f"--format must be table, csv or json, not {fmt!r}", 2)
    try:
        result = run_query(State.home.warehouse, query, row_limit=limit, timeout_s=timeout)
    except QueryError as exc:
        raise fail(str(exc)) from None
    frame = result.frame
    if fmt == "csv":
        sys.stdout.write(frame.write_csv())
    elif fmt == "json":
        sys.stdout.write(json.dumps(frame.to_dicts(), ensure_ascii=False, default=str, indent=1) + "\n")
    else:
        from rich.table import Table

        table = Table(show_lines=False)
        for name in frame.columns:
            table.add_column(name, overflow="fold")
        for row in frame.iter_rows():
            table.add_row(*["" if v is None else str(v) for v in row])
        out.print(table)
        out.print(f"{frame.height} row(s)")
    if result.truncated:
        err.print(f"[yellow]note:[/] output capped at {limit} rows (--limit)")


def serve_dashboard(home: DataHome, port: int, host: str = "127.0.0.1") -> int:
    import subprocess

    app_path = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
    env = {**os.environ, "STARBOARD_HOME": str(home.root)}
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(app_path),
        "--server.port", str(port), "--server.address", host, "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--global.developmentMode", "false",
    ]
    out.print(f"dashboard: [bold]http://{host}:{port}[/]  (Ctrl-C stops it)")
    try:
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        return 0


@app.command()
def dashboard(
    port: Annotated[int, typer.Option(help="port to listen on")] = 8501,
    host: Annotated[str, typer.Option(help="address to bind; 127.0.0.1 keeps it on this machine")] = "127.0.0.1",
) -> None:
    """Open the Streamlit dashboard on the published warehouse (read-only)."""
    raise typer.Exit(serve_dashboard(State.home, port, host))


@app.command()
def demo(
    port: Annotated[int, typer.Option(help="dashboard port")] = 8501,
) -> None:
    """The whole chain offline: local mirror → crawl → build → dashboard.

    Set STARBOARD_NO_SERVE=1 to stop after the build (CI, headless machines).
    """
    from crawler.mirror.server import Mirror
    from pipeline.build import build as run_build

    home = State.home.ensure()
    with Mirror() as url:
        out.print(f"[bold]1/3[/] mirror of the bundled corpus at {url}; crawling it into {home.root}")
        code = run_crawl(url, None, None)
        if code == 1:
            raise fail("the crawl of the local mirror failed; see the messages above")
        out.print("[bold]2/3[/] building the warehouse")
        summary = run_build(home)
        out.print(
            f"built {home.warehouse}: {summary.filings} filings ({summary.failed} unreadable, "
            f"{summary.warned} with warnings), {summary.projects} projects, {summary.budget_lines} budget lines"
        )
        if os.environ.get("STARBOARD_NO_SERVE"):
            out.print("[bold]3/3[/] STARBOARD_NO_SERVE is set: not starting the dashboard. Try:")
            out.print("    .venv/bin/starboard sql \"SELECT code, short_name, raise_total_wan FROM filings\"")
            return
        out.print("[bold]3/3[/] starting the dashboard")
        raise typer.Exit(serve_dashboard(home, port))


def main() -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    app()


if __name__ == "__main__":
    main()
