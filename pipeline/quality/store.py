"""Where check runs are kept: reports/dq/<run_id>/ under the data home, and the dq_* tables.

Every run, blocked or not, writes its folder: index.html (the report), results.json (every
result and failing row) and gx/<suite>.json (GX's validation results). A blocked build
publishes nothing, so its results cannot be in the warehouse it failed to make; the next
published build carries them: dq_runs and dq_results hold the last KEEP_RUNS runs found
under reports/dq/, the build's own run included.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import polars as pl

from pipeline.quality.report import render_index, render_run
from pipeline.quality.results import QualityRun
from pipeline.quality.suites import Suite

DQ_DIR = Path("reports") / "dq"
KEEP_RUNS = 30

DQ_RUNS_SCHEMA = {
    "run_id": pl.String, "run_kind": pl.String, "build_id": pl.String, "started_at": pl.Datetime("us"),
    "seconds": pl.Float64, "outcome": pl.String, "expectations": pl.Int32, "passed": pl.Int32,
    "failed_blocking": pl.Int32, "failed_warning": pl.Int32, "failing_rows": pl.Int64, "flagged_rows": pl.Int64,
    "failed_checks": pl.List(pl.String), "report_path": pl.String, "gx_version": pl.String,
    "suites_digest": pl.String,
}
DQ_RESULTS_SCHEMA = {
    "run_id": pl.String, "check_id": pl.String, "suite": pl.String, "expectation_type": pl.String,
    "severity": pl.String, "description": pl.String, "columns": pl.List(pl.String), "kwargs": pl.String,
    "success": pl.Boolean, "checked_rows": pl.Int64, "failing_rows": pl.Int64, "failing_percent": pl.Float64,
    "key_columns": pl.List(pl.String), "failing_keys": pl.List(pl.String), "failing_values": pl.List(pl.String),
    "flags": pl.List(pl.String), "error": pl.String,
}


def dq_root(home_root: Path) -> Path:
    return home_root / DQ_DIR


def report_path(run_id: str) -> str:
    """The report of a run, relative to the data home."""
    return str(DQ_DIR / run_id / "index.html")


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_run(home_root: Path, run: QualityRun, suites: list[Suite], gx_results: dict[str, dict[str, Any]]) -> Path:
    """The run's folder: report, results and GX's own results; results.json last, so a
    half-written folder is never read as a run. Returns the report's path."""
    folder = dq_root(home_root) / run.run_id
    (folder / "gx").mkdir(parents=True, exist_ok=True)
    for name, result in gx_results.items():
        _write(folder / "gx" / f"{name}.json", json.dumps(result, ensure_ascii=False, indent=1))
    _write(folder / "index.html", render_run(run, suites))
    _write(folder / "results.json", run.dumps())
    _write(dq_root(home_root) / "index.html", render_index(load_runs(home_root, keep=None)))
    return folder / "index.html"


def load_runs(home_root: Path, keep: int | None = KEEP_RUNS) -> list[dict[str, Any]]:
    """The newest runs' results.json, newest first; unreadable folders are skipped."""
    root = dq_root(home_root)
    if not root.is_dir():
        return []
    runs = []
    for folder in sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.name, reverse=True):
        try:
            runs.append(json.loads((folder / "results.json").read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
        if keep is not None and len(runs) >= keep:
            break
    return runs


def _run_row(run: dict[str, Any]) -> dict[str, Any]:
    results = run.get("results", [])
    failed = [r for r in results if not r["success"]]
    flagged = run.get("flagged_rows")
    return {
        "run_id": run["run_id"], "run_kind": run["run_kind"], "build_id": run.get("build_id"),
        "started_at": run["started_at"], "seconds": run["seconds"], "outcome": run["outcome"],
        "expectations": len(results), "passed": len(results) - len(failed),
        "failed_blocking": sum(r["severity"] == "blocking" for r in failed),
        "failed_warning": sum(r["severity"] == "warning" for r in failed),
        "failing_rows": sum(int(r["failing_count"]) for r in failed),
        "flagged_rows": None if flagged is None else sum(flagged.values()),
        "failed_checks": [r["check_id"] for r in failed], "report_path": run.get("report_path", ""),
        "gx_version": run.get("gx_version", ""), "suites_digest": run.get("suites_digest", ""),
    }


def _result_row(run_id: str, r: dict[str, Any]) -> dict[str, Any]:
    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    checked, failing = int(r["checked_rows"]), int(r["failing_count"])
    return {
        "run_id": run_id, "check_id": r["check_id"], "suite": r["suite"], "expectation_type": r["expectation_type"],
        "severity": r["severity"], "description": r["description"], "columns": r["columns"],
        "kwargs": dumps(r["kwargs"]), "success": r["success"], "checked_rows": checked, "failing_rows": failing,
        "failing_percent": 100.0 * failing / checked if checked else None, "key_columns": r["key_columns"],
        "failing_keys": [dumps(k) for k in r.get("failing_keys", [])],
        "failing_values": [dumps(v) for v in r.get("failing_values", [])],
        "flags": r.get("flag", []), "error": r.get("error"),
    }


def dq_tables(runs: list[dict[str, Any]]) -> dict[str, pl.DataFrame]:
    """dq_runs and dq_results of these runs, sorted by their keys."""
    run_rows = [_run_row(r) for r in runs]
    result_rows = [_result_row(r["run_id"], x) for r in runs for x in r.get("results", [])]
    dq_runs = pl.DataFrame(run_rows, schema={**DQ_RUNS_SCHEMA, "started_at": pl.String}) \
        .with_columns(pl.col("started_at").str.to_datetime("%Y-%m-%dT%H:%M:%S", time_unit="us"))
    dq_results = pl.DataFrame(result_rows, schema=DQ_RESULTS_SCHEMA)
    return {"dq_runs": dq_runs.sort("run_id"), "dq_results": dq_results.sort("run_id", "check_id")}
