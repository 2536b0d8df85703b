"""The benchmark harness on toy bench modules: fresh processes, medians, reports, errors.

Nothing here measures speed; the toy figures are counts the harness must summarise exactly.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.harness import discover, loglog_slope
from tests.conftest import ROOT

TOY = '''
"""A toy stage: each run returns its run number, so the median of 5 runs is 3."""
import os
from pathlib import Path

CASES = [{"name": "small", "alloc_mb": 0}, {"name": "big", "alloc_mb": 96}]
QUICK_CASES = [{"name": "quick", "alloc_mb": 0}]


def _count(name: str, kind: str) -> int:
    path = Path(os.environ["TOY_STATE"]) / f"{name}.{kind}"
    n = int(path.read_text()) + 1 if path.exists() else 1
    path.write_text(str(n))
    return n


def setup(name, alloc_mb):
    _count(name, "setup")


def measure(name, alloc_mb):
    run = _count(name, "runs")
    block = b"x" * (alloc_mb << 20)  # touched, so it is resident
    return {"run": run, "double": 2.0 * run, "pid": os.getpid(), "block_mb": len(block) >> 20,
            "quick": float(os.environ.get("STARBOARD_BENCH_QUICK") == "1")}
'''

SCALED = '''
"""Figures that grow as n squared (not timed: computed), to check the exponent fit."""
CASES = [{"n": 10}, {"n": 20}, {"n": 40}]
SCALE_BY = "n"
SCALE_FIGURES = ["work_s"]


def measure(n):
    return {"work_s": float(n * n)}
'''

BROKEN = '''
"""Fails on one case only."""
CASES = [{"ok": True}, {"ok": False}]


def measure(ok):
    if not ok:
        raise ValueError("this case is broken on purpose")
    return {"value": 1.0}
'''


def run_bench(tmp_path: Path, modules: dict[str, str], *args: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    bench_dir = tmp_path / "benches"
    bench_dir.mkdir(exist_ok=True)
    for name, text in modules.items():
        (bench_dir / f"bench_{name}.py").write_text(text, encoding="utf-8")
    state = tmp_path / "state"
    state.mkdir(exist_ok=True)
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--dir", str(bench_dir), "--out", str(out), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "TOY_STATE": str(state)},
    )
    return proc, out


def test_each_case_runs_five_times_in_fresh_processes_and_reports_median_min_max(tmp_path: Path) -> None:
    proc, out = run_bench(tmp_path, {"toy": TOY})
    assert proc.returncode == 0, proc.stderr
    report = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    small, big = report["results"]
    assert small["case"] == {"name": "small", "alloc_mb": 0}
    assert small["summary"]["run"] == {"median": 3.0, "min": 1.0, "max": 5.0, "n": 5}
    assert small["summary"]["double"]["median"] == 6.0
    assert len({r["figures"]["pid"] for r in small["runs"]}) == 5  # a new process per run
    assert (tmp_path / "state" / "small.setup").read_text() == "1"  # setup once per case, untimed
    assert small["summary"]["quick"]["max"] == 0.0
    # peak RSS is per run: the 96 MB case shows it, the small case (run after it or not) does not
    assert big["summary"]["peak_rss_mb"]["min"] >= 96
    assert small["summary"]["peak_rss_mb"]["max"] < 96
    assert all(isinstance(r["load_1m"], float) for r in small["runs"])  # was the machine shared?
    md = (out / "latest.md").read_text(encoding="utf-8")
    assert "| name=small, alloc_mb=0 | run | 3 | 1 – 5 |" in md and "load average" in md
    stamped = sorted(out.glob("bench-*.json"))
    assert len(stamped) == 1 and sorted(out.glob("bench-*.md"))
    assert json.loads(stamped[0].read_text(encoding="utf-8")) == report


def test_report_header_names_the_machine_and_library_versions(tmp_path: Path) -> None:
    proc, out = run_bench(tmp_path, {"scaled": SCALED})
    assert proc.returncode == 0, proc.stderr
    machine = json.loads((out / "latest.json").read_text(encoding="utf-8"))["machine"]
    assert machine["cores"] >= 1 and machine["memory_gib"] > 0
    assert machine["python"] == ".".join(map(str, sys.version_info[:3]))
    for package in ("duckdb", "polars", "pyarrow", "scrapy", "pypdfium2", "streamlit", "great-expectations"):
        assert machine["versions"][package], package
    md = (out / "latest.md").read_text(encoding="utf-8")
    assert f"duckdb {machine['versions']['duckdb']}" in md and "cores" in md


def test_exponent_in_n_is_fitted_over_the_medians(tmp_path: Path) -> None:
    proc, out = run_bench(tmp_path, {"scaled": SCALED})
    assert proc.returncode == 0, proc.stderr
    (fit,) = json.loads((out / "latest.json").read_text(encoding="utf-8"))["scaling"]
    assert fit["figure"] == "work_s" and fit["by"] == "n"
    assert fit["exponent"] == pytest.approx(2.0)
    assert "| scaled | default | work_s |" in (out / "latest.md").read_text(encoding="utf-8")


def test_a_failing_case_is_reported_and_the_rest_still_run(tmp_path: Path) -> None:
    proc, out = run_bench(tmp_path, {"broken": BROKEN, "scaled": SCALED})
    assert proc.returncode == 1
    report = json.loads((out / "latest.json").read_text(encoding="utf-8"))
    ok, broken = [r for r in report["results"] if r["bench"] == "broken"]
    assert ok["summary"]["value"]["median"] == 1.0 and not ok["errors"]
    assert len(broken["errors"]) == 5 and "broken on purpose" in broken["errors"][0]
    assert any(r["bench"] == "scaled" and r["summary"] for r in report["results"])
    assert "**error** | ValueError: this case is broken on purpose" in (out / "latest.md").read_text(encoding="utf-8")


def test_quick_mode_and_subset(tmp_path: Path) -> None:
    proc, out = run_bench(tmp_path, {"toy": TOY, "scaled": SCALED}, "--only", "toy", "--quick", "--runs", "2")
    assert proc.returncode == 0, proc.stderr
    report = json.loads((out / "latest-quick.json").read_text(encoding="utf-8"))
    (only,) = report["results"]
    assert only["case"]["name"] == "quick" and only["summary"]["run"]["n"] == 2
    assert only["summary"]["quick"]["min"] == 1.0  # bench modules can see quick mode
    assert not (out / "latest.json").exists()  # a smoke test never replaces the real report


def test_fewer_than_five_runs_need_quick_and_unknown_stages_are_refused(tmp_path: Path) -> None:
    proc, _ = run_bench(tmp_path, {"toy": TOY}, "--runs", "3")
    assert proc.returncode == 2 and "at least 5" in proc.stderr
    proc, _ = run_bench(tmp_path, {"toy": TOY}, "--only", "nosuch")
    assert proc.returncode != 0 and "no bench module for nosuch" in proc.stderr


def test_the_project_bench_modules_follow_the_convention() -> None:
    from bench.child import load_module

    paths = discover()
    assert {"baselines", "scale"} <= {p.stem.removeprefix("bench_") for p in paths}
    for path in paths:
        module = load_module(path)
        assert module.CASES and callable(module.measure), path.name
        for case in [*module.CASES, *getattr(module, "QUICK_CASES", [])]:
            assert json.loads(json.dumps(case)) == case


def test_the_project_bench_modules_import_only_names_that_exist() -> None:
    """Bench modules import the project lazily, inside functions, so a renamed or removed
    function would only show in `make bench`; every `from X import Y` must resolve now."""
    import ast
    import importlib

    missing = []
    for path in discover():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module != "__future__":
                module = importlib.import_module(node.module)
                missing += [f"{path.name}: {node.module}.{a.name}" for a in node.names
                            if not hasattr(module, a.name) and importlib.util.find_spec(f"{node.module}.{a.name}") is None]
    assert not missing, missing


def test_loglog_slope_recovers_a_power_law() -> None:
    assert loglog_slope([(1000, 2.0), (10000, 20.0), (100000, 200.0)]) == pytest.approx(1.0)
    assert loglog_slope([(1, 1.0), (2, 8.0)]) == pytest.approx(3.0)
