"""`starboard report`: print the latest nightly report (or a given night's)."""
from __future__ import annotations

from typing import Annotated

import typer

from pipeline.commands.base import State, app, fail, out


@app.command()
def report(
    last: Annotated[bool, typer.Option("--last", help="the latest night's report (the default)")] = False,
    date: Annotated[str | None, typer.Option("--date", help="the report of this night (YYYY-MM-DD)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the JSON report instead of the Markdown one")] = False,
    list_: Annotated[bool, typer.Option("--list", help="list the nights that have a report, newest first")] = False,
) -> None:
    """Print the nightly report (reports/nightly/<date>.md): outcome, what changed, warnings, checks, crawl, timings."""
    from pipeline.nightly.report import latest_report, report_paths

    if last and date:
        raise fail("--last and --date contradict each other; use one", 2)
    reports = State.home.reports_dir
    if list_:
        for path in report_paths(reports):
            out.print(path.stem, highlight=False)
        return
    path = latest_report(reports, date)
    if path is None:
        what = f"for {date}" if date else "yet"
        raise fail(f"no nightly report {what} in {reports / 'nightly'}: run `starboard nightly`")
    shown = path if as_json else path.with_suffix(".md")
    if not shown.exists():
        raise fail(f"{shown} is missing (the run was stopped while writing it); the JSON is {path}")
    typer.echo(shown.read_text(encoding="utf-8"), nl=False)
