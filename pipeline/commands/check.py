"""`starboard check`: run the expectation suites on the published build and say what failed."""
from __future__ import annotations

import typer
from rich.table import Table

from pipeline.commands.base import State, app, err, fail, out
from pipeline.quality.results import CheckResult, QualityRun

#: failing row keys printed per failed expectation (the report and dq_results hold them all)
KEYS_SHOWN = 3


def summary_table(run: QualityRun) -> Table:
    """Suite by suite: expectations, how many passed, how many failed blocking / warning, failing rows."""
    table = Table(title=f"data quality: {run.outcome}", title_justify="left")
    table.add_column("suite", no_wrap=True)
    for name in ("checks", "passed", "blocking", "warning", "failing rows"):
        table.add_column(name, justify="right", no_wrap=True)
    suites: dict[str, list[CheckResult]] = {}
    for result in run.results:
        suites.setdefault(result.suite, []).append(result)
    for suite, results in suites.items():
        failed = [r for r in results if not r.success]
        table.add_row(suite, str(len(results)), str(len(results) - len(failed)),
                      str(sum(r.severity == "blocking" for r in failed)),
                      str(sum(r.severity == "warning" for r in failed)),
                      f"{sum(r.failing_count for r in failed):,}")
    return table


def failure_lines(run: QualityRun) -> list[str]:
    lines = []
    for severity in ("blocking", "warning"):
        for r in run.failed(severity):
            what = r.error or f"{r.failing_count:,} of {r.checked_rows:,} rows"
            keys = ", ".join(" ".join(str(v) for v in k.values()) for k in r.failing_keys[:KEYS_SHOWN])
            more = f" …{len(r.failing_keys) - KEYS_SHOWN} more" if len(r.failing_keys) > KEYS_SHOWN else ""
            lines.append(f"{severity:8} {r.check_id}: {what}" + (f" — {keys}{more}" if keys else ""))
    return lines


@app.command()
def check() -> None:
    """Run the data-quality suites (expectations/) on the published build; exit 1 when a blocking one fails.

    Prints a summary per suite and every failed expectation with its first failing rows, and
    writes the HTML report to reports/dq/<run>/index.html under the data home. Exit codes:
    0 passed or only warnings failed, 1 a blocking expectation failed, 2 nothing to check.
    """
    from pipeline.build import read_catalog
    from pipeline.quality.check import check_published
    from pipeline.quality.suites import SuiteError

    home = State.home
    if not home.warehouse.exists():
        raise fail(f"no published warehouse at {home.warehouse}: run `starboard build` first", code=2)
    if not home.catalog.exists():
        raise fail(f"no catalog at {home.catalog}: run `starboard crawl` first", code=2)
    try:
        run = check_published(home.root, home.warehouse, read_catalog(home))
    except SuiteError as exc:
        raise fail(f"the expectation suites cannot be read: {exc}", code=2) from None
    out.print(summary_table(run))
    for line in failure_lines(run):
        out.print(line, highlight=False, markup=False)
    out.print(f"report: {home.root / run.report_path}", highlight=False)
    blocking = run.failed("blocking")
    if blocking:
        err.print(f"[bold red]error:[/] blocking expectations failed: {', '.join(r.check_id for r in blocking)}",
                  highlight=False)
        raise typer.Exit(1)
