"""`starboard build`: parse what was downloaded and publish the warehouse."""
from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeRemainingColumn,
)

from pipeline.commands.base import State, app, err, fail, out
from pipeline.home import DataHome
from pipeline.quality.results import QualityRun

#: show a progress bar when at least this many files are parsed
PROGRESS_FROM = 20
STAGES = {
    "catalog": "reading the catalog and cached parses", "parse": "parsing new files",
    "normalise": "normalising", "check": "checking data quality", "publish": "publishing", "warehouse": "writing the warehouse",
    "exports": "writing the exports", "switch": "switching to the new build",
}


def coverage_lines(rows: list[dict[str, Any]]) -> list[str]:
    """Taxonomy coverage as `starboard build` prints it."""
    by = {(r["field"], r["measure"]): r for r in rows}
    lines = []
    for field, label, amount_label in (("budget_category", "budget categories", "of the budget amount"),
                                       ("project_type", "project types", "of the proceeds")):
        items, amount = by.get((field, "items")), by.get((field, "amount_wan"))
        if not items or not items["total"]:
            lines.append(f"{label}: nothing to classify")
            continue
        amount_share = f"{amount['share']:.1%}" if amount and amount["share"] is not None else "n/a"
        lines.append(
            f"{label}: {amount_share} {amount_label} and {items['share']:.1%} of items classified "
            f"({int(items['classified'])} of {int(items['total'])})"
        )
    return lines


def run_build(home: DataHome, full: bool = False, jobs: int | None = None) -> None:
    from pipeline.build import build as build_warehouse
    from pipeline.publish.warehouse import PublishError
    from pipeline.quality.check import QualityBlocked

    if not home.catalog.exists():
        raise fail(f"no catalog at {home.catalog}: run `starboard crawl` (or `starboard demo`) first")
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=err, transient=True, disable=not err.is_terminal) as bar:
        task = None
        stage_task = bar.add_task("building", total=None)

        def on_stage(name: str) -> None:
            bar.update(stage_task, description=STAGES.get(name, name))

        def progress(stage: str, done: int, total: int) -> None:
            nonlocal task
            if total < PROGRESS_FROM:
                return
            if task is None:
                task = bar.add_task(f"parsing {total} new files", total=total)
            bar.update(task, completed=done)

        try:
            summary = build_warehouse(home, full=full, jobs=jobs, progress=progress, on_stage=on_stage)
        except PublishError as exc:
            raise fail(f"{exc}; the published warehouse is unchanged") from None
        except QualityBlocked as exc:
            failed = ", ".join(f"{r.check_id} ({r.error or f'{r.failing_count} rows'})" for r in exc.run.failed("blocking"))
            raise fail(f"data quality: blocking expectations failed: {failed}; the build was not published and "
                       f"the published warehouse is unchanged; report: {home.root / exc.run.report_path}") from None
    out.print(
        f"built {home.warehouse} in {summary.seconds:.1f} s: {summary.documents} documents "
        f"({summary.parsed_now} parsed now, {summary.from_cache} from cache; {summary.failed} unreadable, "
        f"{summary.warned} with warnings), {summary.offerings} offerings, {summary.projects} projects, "
        f"{summary.budget_lines} budget lines",
        highlight=False,
    )
    for line in coverage_lines(summary.coverage):
        out.print(f"  taxonomy coverage, {line}", highlight=False)
    if summary.unmapped:
        out.print(f"  {summary.unmapped} names no rule classified: SELECT * FROM unmapped_items", highlight=False)
    if summary.quality:
        out.print(f"  data quality: {quality_line(summary.quality, home)}", highlight=False)


def quality_line(run: QualityRun, home: DataHome) -> str:
    """One line on a build's check run: its outcome, what failed, how many rows are flagged."""
    passed = sum(r.success for r in run.results)
    line = f"{run.outcome}, {passed} of {len(run.results)} expectations passed"
    warnings = run.failed("warning")
    if warnings:
        flagged = sum((run.flagged_rows or {}).values())
        line += (f"; {len(warnings)} warnings ({', '.join(r.check_id for r in warnings)}) flagged {flagged} rows "
                 "dq_status = 'warn'")
    return f"{line}; report: {home.root / run.report_path}"


@app.command()
def build(
    full: Annotated[bool, typer.Option("--full", help="ignore cached parses and page texts: parse every file again")] = False,
    workers: Annotated[int | None, typer.Option(
        "--workers", "--jobs", "-j", min=1,
        help="parser processes (default: usable CPUs, at most 8); --jobs is an older name for it")] = None,
) -> None:
    """Parse every downloaded filing and publish warehouse.duckdb and exports/*.parquet."""
    run_build(State.home, full=full, jobs=workers)
