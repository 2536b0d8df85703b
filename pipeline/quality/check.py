"""A check run: the suites over a build's frames, its report written, its verdict applied.

`check_build` is the gate `starboard build` passes before anything is written: a blocking
failure raises QualityBlocked (so nothing is staged or switched and the published build
stays as it was, byte for byte); otherwise warnings become row flags and the frames come
back with dq_status / dq_reason and the dq_runs / dq_results tables, ready to publish.
`check_published` runs the same suites on the published build for `starboard check`; a
published warehouse is never changed in place, so that run is recorded under reports/dq/
and enters the dq tables with the next build. In a synthetic data home (`starboard synth`)
the code and URL patterns also accept synthetic ones (pipeline/quality/synthetic.py).
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl

from pipeline.normalise.taxonomy import Taxonomy, load_taxonomy
from pipeline.quality.flags import apply_flags
from pipeline.quality.frames import TABLES, check_frames, parameters, today_in_beijing
from pipeline.quality.gx_runner import gx_version, validate
from pipeline.quality.raw_files import file_hashes
from pipeline.quality.results import QualityRun
from pipeline.quality.store import dq_tables, load_runs, report_path, write_run
from pipeline.quality.suites import SUITES_DIR, Suite, load_suites, suites_digest
from pipeline.quality.synthetic import for_home


class QualityBlocked(RuntimeError):
    """Blocking expectations failed: the build must not be published."""

    def __init__(self, run: QualityRun) -> None:
        self.run = run
        failed = ", ".join(f"{r.check_id} ({r.error or f'{r.failing_count} rows'})" for r in run.failed("blocking"))
        super().__init__(f"blocking expectations failed: {failed}; report: {run.report_path}")


@dataclass
class CheckedBuild:
    run: QualityRun
    frames: dict[str, pl.DataFrame]


def new_run_id() -> str:
    return f"{datetime.now():%Y%m%dT%H%M%S%f}-{os.getpid()}"


def _run(home_root: Path, tables: dict[str, pl.DataFrame], catalog: pl.DataFrame, run_kind: str,
         build_id: str | None, suites: list[Suite], taxonomy: Taxonomy | None,
         today: date | None) -> tuple[QualityRun, dict[str, dict]]:
    started, clock = datetime.now(), time.perf_counter()
    run_id = new_run_id()
    hashes = file_hashes(home_root, catalog["local_path"].to_list())
    frames = check_frames(tables, catalog, hashes)
    params = parameters(tables["taxonomy_values"], taxonomy or load_taxonomy(), today or today_in_beijing())
    results, raw = validate(suites, frames, params)
    run = QualityRun(run_id=run_id, run_kind=run_kind, build_id=build_id, started_at=started,
                     seconds=time.perf_counter() - clock, gx_version=gx_version(),
                     suites_digest=suites_digest(SUITES_DIR), results=results, report_path=report_path(run_id))
    return run, raw


def check_build(home_root: Path, tables: dict[str, pl.DataFrame], catalog: pl.DataFrame, build_id: str,
                suites: list[Suite] | None = None, taxonomy: Taxonomy | None = None,
                today: date | None = None) -> CheckedBuild:
    """Check a build's frames before they are written. Raises QualityBlocked."""
    suites = for_home(suites or load_suites(), home_root)
    clock = time.perf_counter()
    run, raw = _run(home_root, tables, catalog, "build", build_id, suites, taxonomy, today)
    flagged = tables
    if not run.blocked:
        flagged, run.flagged_rows = apply_flags(tables, run.results, {s.name: s for s in suites})
    run.seconds = time.perf_counter() - clock
    write_run(home_root, run, suites, raw)
    if run.blocked:
        raise QualityBlocked(run)
    return CheckedBuild(run, {**flagged, **dq_tables(load_runs(home_root))})


def published_tables(warehouse: Path) -> tuple[dict[str, pl.DataFrame], str | None]:
    """The tables the suites read from a published warehouse, and its build id."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = {name: con.sql(f"SELECT * FROM {name}").pl() for name in TABLES}
        row = con.execute("SELECT value FROM build_info WHERE key = 'build_id'").fetchone()
    finally:
        con.close()
    return tables, (row[0] if row else None)


def check_published(home_root: Path, warehouse: Path, catalog: pl.DataFrame, suites: list[Suite] | None = None,
                    taxonomy: Taxonomy | None = None, today: date | None = None) -> QualityRun:
    """Run the suites on the published build (and the catalog as it is now); the report is written."""
    suites = for_home(suites or load_suites(), home_root)
    clock = time.perf_counter()
    tables, build_id = published_tables(warehouse)
    run, raw = _run(home_root, tables, catalog, "check", build_id, suites, taxonomy, today)
    run.seconds = time.perf_counter() - clock
    write_run(home_root, run, suites, raw)
    return run
