"""The data-quality summary of a nightly report.

Read from the dq_runs / dq_results tables the build's check step publishes with the
warehouse (the run whose build_id is the new build's), or, when the check blocked the
publish, from the failure the build raised: an exception naming the failed blocking
expectations, with the check run as `.run` where it has one. A warehouse without those
tables (a build with no check step) gives "no checks run".
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from pipeline.nightly.changes import plain

NO_CHECKS = {"ran": False, "note": "no checks run"}
RUN_FIELDS = ("run_id", "outcome", "expectations", "passed", "failed_blocking", "failed_warning", "failing_rows",
              "flagged_rows", "report_path", "seconds")
RESULT_FIELDS = ("check_id", "severity", "failing_rows", "checked_rows", "description", "error")


def _dicts(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def from_warehouse(warehouse: Path, build_id: str | None) -> dict[str, Any]:
    """The check run of `build_id` as its warehouse records it; NO_CHECKS when it records none."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if "dq_runs" not in tables:
            return dict(NO_CHECKS)
        runs = _dicts(con, "SELECT * FROM dq_runs WHERE build_id IS NOT DISTINCT FROM ? ORDER BY started_at DESC",
                      [build_id])
        runs = [r for r in runs if r.get("run_kind", "build") == "build"] or runs
        if not runs:
            return {"ran": False, "note": "no check run recorded for this build"}
        run = runs[0]
        failed: list[dict[str, Any]] = []
        if "dq_results" in tables:
            failed = _dicts(con, "SELECT * FROM dq_results WHERE run_id = ? AND NOT success "
                                 "ORDER BY severity, check_id", [run["run_id"]])
    finally:
        con.close()
    summary = {"ran": True, **{k: plain(run[k]) for k in RUN_FIELDS if k in run}}
    summary["failed_checks"] = [{k: plain(r[k]) for k in RESULT_FIELDS if k in r} for r in failed]
    if not failed and run.get("failed_checks"):
        summary["failed_checks"] = [{"check_id": c} for c in run["failed_checks"]]
    return summary


def from_failure(exc: BaseException) -> dict[str, Any] | None:
    """The summary of a check that blocked the build, when `exc` is one; None otherwise."""
    run = getattr(exc, "run", None)
    if run is None or not callable(getattr(run, "failed", None)):
        return None
    results = list(getattr(run, "results", []) or [])
    blocking = run.failed("blocking")
    warnings = run.failed("warning")
    return {
        "ran": True,
        "run_id": getattr(run, "run_id", None),
        "outcome": getattr(run, "outcome", "blocked"),
        "expectations": len(results),
        "passed": sum(1 for r in results if getattr(r, "success", False)),
        "failed_blocking": len(blocking),
        "failed_warning": len(warnings),
        "report_path": str(getattr(run, "report_path", "") or "") or None,
        "failed_checks": [
            {"check_id": r.check_id, "severity": getattr(r, "severity", None),
             "failing_rows": getattr(r, "failing_count", None), "description": getattr(r, "description", None),
             "error": getattr(r, "error", None)}
            for r in [*blocking, *warnings]
        ],
    }


def is_quality_block(exc: BaseException) -> bool:
    """True for the failure a blocking expectation raises in the build's check step."""
    return from_failure(exc) is not None or "blocking expectation" in str(exc).lower()
