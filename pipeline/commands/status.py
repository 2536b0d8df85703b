"""`starboard status`: what the crawler holds, per source, read from the catalog.

Per source: the last successful crawl, the last run and how it ended, documents by state,
and the most recent failures with their reasons — what an operator looks at first in the
morning. Read-only: it never takes the catalog's write lock.
"""
from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from pipeline.commands.base import State, app, fail, out


def catalog_status(con: Any, failures: int = 10) -> dict[str, Any]:
    """Per-source status as plain data (what `--json` prints)."""
    def rows(sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cur = con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    sources = [r["source"] for r in rows(
        "SELECT source FROM announcements UNION SELECT source FROM crawl_runs ORDER BY 1")]
    report: dict[str, Any] = {}
    for source in sources:
        last_ok = rows("""SELECT run_id, started_at, finished_at, since, until FROM crawl_runs
                          WHERE source = ? AND status = 'ok' ORDER BY run_id DESC LIMIT 1""", [source])
        last = rows("""SELECT run_id, status, mode, started_at, finished_at, since, until, downloaded, failed,
                              shortfall, message FROM crawl_runs WHERE source = ? ORDER BY run_id DESC LIMIT 1""",
                    [source])
        states = {r["state"]: r["n"] for r in rows(
            "SELECT state, count(*) AS n FROM announcements WHERE source = ? GROUP BY state ORDER BY state", [source])}
        failed = rows("""SELECT announcement_id, sec_code, title, attempts, last_attempt, reason FROM announcements
                         WHERE source = ? AND state = 'failed' ORDER BY last_attempt DESC NULLS LAST, announcement_id
                         LIMIT ?""", [source, failures])
        short = rows("""SELECT term, code, start_date, end_date, expected, received, reason FROM listing_windows
                        WHERE source = ? AND status = 'short' AND run_id = ?""",
                     [source, last[0]["run_id"] if last else -1])
        report[source] = {"last_successful": last_ok[0] if last_ok else None, "last_run": last[0] if last else None,
                          "documents": states, "recent_failures": failed, "short_windows": short}
    return report


def _when(value: Any) -> str:
    return value.isoformat(sep=" ", timespec="seconds") if hasattr(value, "isoformat") and value else "never"


@app.command()
def status(
    as_json: Annotated[bool, typer.Option("--json", help="print JSON instead of text")] = False,
    failures: Annotated[int, typer.Option(help="how many recent failures to list per source")] = 10,
) -> None:
    """Per source: last successful crawl, documents by state, recent failures with reasons."""
    from crawler.catalog import CatalogLocked, open_catalog

    home = State.home
    try:
        with open_catalog(home.catalog, read_only=True) as con:
            report = catalog_status(con, failures)
    except FileNotFoundError as exc:
        raise fail(str(exc)) from None
    except CatalogLocked as exc:
        raise fail(str(exc), 3) from None
    if as_json:
        out.print_json(json.dumps(report, default=str, ensure_ascii=False))
        return
    if not report:
        out.print("the catalog is empty: run `starboard crawl`")
        return
    for source, info in report.items():
        ok, last = info["last_successful"], info["last_run"]
        out.print(f"[bold]{source}[/]")
        out.print(f"  last successful crawl: {_when(ok['finished_at']) if ok else 'never'}"
                  + (f" (run {ok['run_id']}, {ok['since']}~{ok['until']})" if ok else ""), highlight=False)
        if last:
            out.print(f"  last run: {last['run_id']} {last['status']} ({last['mode'] or '-'}) at "
                      f"{_when(last['finished_at'] or last['started_at'])}: downloaded {last['downloaded']}, "
                      f"failed {last['failed']}, shortfall {last['shortfall'] or 0}", highlight=False)
            if last["message"]:
                out.print(f"    {last['message']}", highlight=False)
        docs = ", ".join(f"{k} {v}" for k, v in info["documents"].items()) or "none"
        out.print(f"  documents: {docs}", highlight=False)
        for w in info["short_windows"]:
            out.print(f"  short window {w['term']} {w['start_date']}~{w['end_date']}: {w['reason']}", highlight=False)
        if info["recent_failures"]:
            out.print("  recent failures:")
            for f in info["recent_failures"]:
                out.print(f"    {f['announcement_id']} {f['sec_code']} (attempts {f['attempts']}): {f['reason']}",
                          highlight=False)
