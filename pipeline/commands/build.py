"""`starboard build`: parse what was downloaded and publish the warehouse."""
from __future__ import annotations

from pipeline.commands.base import State, app, fail, out
from pipeline.home import DataHome


def run_build(home: DataHome) -> None:
    from pipeline.build import build as build_warehouse

    if not home.catalog.exists():
        raise fail(f"no catalog at {home.catalog}: run `starboard crawl` (or `starboard demo`) first")
    summary = build_warehouse(home)
    out.print(
        f"built {home.warehouse}: {summary.filings} filings ({summary.failed} unreadable, "
        f"{summary.warned} with warnings), {summary.projects} projects, {summary.budget_lines} budget lines"
    )


@app.command()
def build() -> None:
    """Parse every downloaded filing and publish warehouse.duckdb and exports/*.parquet."""
    run_build(State.home)
