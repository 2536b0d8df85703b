"""Run bench modules: every case, several times, each run in a fresh process.

Peak memory comes from `os.wait4`, which reports the resource use of the one child it
reaps: ru_maxrss is the largest resident set of that run's process or of any process it
waited for (a worker pool, a CLI it ran), so it is per run, not the running maximum that
RUSAGE_CHILDREN would give. No third-party dependency is needed for it.
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from statistics import median
from typing import Any

from bench.child import load_module

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent
MIN_RUNS = 5
QUICK_ENV = "STARBOARD_BENCH_QUICK"
RSS = "peak_rss_mb"


@dataclass
class RunResult:
    figures: dict[str, float] | None
    error: str | None
    peak_rss_mb: float
    seconds: float
    load_1m: float | None = None  # the machine's load average as the run started: was it shared?


@dataclass
class CaseResult:
    bench: str
    module: str
    case: dict[str, Any]
    runs: list[RunResult] = field(default_factory=list)
    setup_error: str | None = None

    @property
    def errors(self) -> list[str]:
        errs = [self.setup_error] if self.setup_error else []
        return errs + [r.error for r in self.runs if r.error]

    def summary(self) -> dict[str, dict[str, float]]:
        """median, min and max of every figure over the runs that succeeded."""
        ok = [r for r in self.runs if r.figures is not None]
        names: list[str] = []
        for r in ok:
            names += [n for n in (r.figures or {}) if n not in names]
        out = {name: stats([r.figures[name] for r in ok if r.figures and name in r.figures]) for name in names}
        if ok:
            out[RSS] = stats([r.peak_rss_mb for r in ok])
        return out


def stats(values: list[float]) -> dict[str, float]:
    return {"median": float(median(values)), "min": float(min(values)), "max": float(max(values)), "n": len(values)}


def bench_name(path: Path) -> str:
    return path.stem.removeprefix("bench_")


def discover(directory: Path = BENCH_DIR, only: list[str] | None = None) -> list[Path]:
    """bench_*.py in `directory`, optionally only the named stages (`parse` or `bench_parse`)."""
    paths = sorted(directory.glob("bench_*.py"))
    if not only:
        return paths
    wanted = {w.strip().removeprefix("bench_") for w in only if w.strip()}
    unknown = wanted - {bench_name(p) for p in paths}
    if unknown:
        have = ", ".join(bench_name(p) for p in paths) or "none"
        raise SystemExit(f"no bench module for {', '.join(sorted(unknown))} in {directory} (have: {have})")
    return [p for p in paths if bench_name(p) in wanted]


def cases_of(path: Path, quick: bool) -> list[dict[str, Any]]:
    module = load_module(path)
    cases = list(getattr(module, "CASES", []) or [{}])
    if quick:
        cases = list(getattr(module, "QUICK_CASES", None) or cases[:1])
    for case in cases:
        json.dumps(case)  # cases cross a process boundary as JSON
    return cases


def run_child(module: Path, case: dict[str, Any], mode: str, env: dict[str, str], timeout: float) -> RunResult:
    """One fresh process; its own peak RSS through wait4."""
    with tempfile.TemporaryDirectory(prefix="starboard-bench-") as tmp:
        result_path = Path(tmp) / "result.json"
        log_path = Path(tmp) / "log.txt"
        cmd = [sys.executable, "-m", "bench.child", str(module), json.dumps(case), str(result_path), mode]
        load = load_average()
        started = time.perf_counter()
        with log_path.open("wb") as log:
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True)
            status, usage = _wait(proc, timeout)
        seconds = time.perf_counter() - started
        peak_mb = usage.ru_maxrss / 1024 if usage is not None else math.nan  # Linux reports KiB
        if sys.platform == "darwin" and usage is not None:
            peak_mb = usage.ru_maxrss / 1024 / 1024  # macOS reports bytes
        payload: dict[str, Any] = {}
        if result_path.exists():
            payload = json.loads(result_path.read_text(encoding="utf-8"))
        if status is None:
            return RunResult(None, f"timed out after {timeout:.0f} s", peak_mb, seconds, load)
        if "error" in payload or status != 0 or "figures" not in payload:
            tail = log_path.read_text(encoding="utf-8", errors="replace")[-1500:]
            reason = payload.get("error") or f"exited {status}"
            detail = payload.get("traceback") or tail
            return RunResult(None, f"{reason}\n{detail}".strip(), peak_mb, seconds, load)
        return RunResult(payload["figures"], None, peak_mb, seconds, load)


def load_average() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except (OSError, AttributeError):
        return None


def _wait(proc: subprocess.Popen[bytes], timeout: float) -> tuple[int | None, Any]:
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            code = os.waitstatus_to_exitcode(status)
            proc.returncode = code  # reaped here; keep Popen from waiting again
            return code, usage
        if time.monotonic() > deadline:
            os.killpg(proc.pid, 9)
            _, _, usage = os.wait4(proc.pid, 0)
            proc.returncode = -9
            return None, usage
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


def run_case(path: Path, case: dict[str, Any], runs: int, env: dict[str, str], timeout: float,
             log: Callable[[str], None]) -> CaseResult:
    result = CaseResult(bench=bench_name(path), module=_relative(path), case=case)
    label = case_label(case)
    setup = run_child(path, case, "setup", env, timeout)
    if setup.error:
        result.setup_error = f"setup: {setup.error}"
        log(f"[{result.bench}] {label}: setup failed: {setup.error.splitlines()[0]}")
        return result
    for n in range(1, runs + 1):
        run = run_child(path, case, "measure", env, timeout)
        result.runs.append(run)
        if run.error:
            log(f"[{result.bench}] {label} run {n}/{runs}: FAILED {run.error.splitlines()[0]}")
        else:
            shown = ", ".join(f"{k}={fmt(v)}" for k, v in (run.figures or {}).items())
            log(f"[{result.bench}] {label} run {n}/{runs}: {shown}, peak {fmt(run.peak_rss_mb)} MB")
    return result


def case_label(case: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in case.items()) or "default"


def fmt(value: float) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    magnitude = abs(value)
    if value == int(value) and magnitude < 1e15:
        return f"{int(value):,}"
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def scaling(path: Path, results: list[CaseResult]) -> list[dict[str, Any]]:
    """The exponent b in time ~ N^b: least squares on log-log medians, per group of cases
    that differ only in the scaled parameter."""
    module = load_module(path)
    by = getattr(module, "SCALE_BY", None)
    figures = getattr(module, "SCALE_FIGURES", None)
    if not by or not figures:
        return []
    groups: dict[str, list[CaseResult]] = {}
    for res in results:
        if by in res.case:
            rest = {k: v for k, v in res.case.items() if k != by}
            groups.setdefault(json.dumps(rest, sort_keys=True), []).append(res)
    fits = []
    for key, members in groups.items():
        for figure in figures:
            points = []
            for res in members:
                summary = res.summary().get(figure)
                if summary and summary["median"] > 0 and float(res.case[by]) > 0:
                    points.append((float(res.case[by]), summary["median"]))
            if len({x for x, _ in points}) < 2:
                continue
            fits.append({"bench": bench_name(path), "group": json.loads(key), "by": by, "figure": figure,
                         "points": sorted(points), "exponent": loglog_slope(points)})
    return fits


def loglog_slope(points: list[tuple[float, float]]) -> float:
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def run_all(paths: list[Path], runs: int = MIN_RUNS, quick: bool = False, timeout: float = 3600.0,
            log: Callable[[str], None] = lambda s: print(s, file=sys.stderr, flush=True)) -> dict[str, Any]:
    from bench.machine import describe

    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop(QUICK_ENV, None)
    if quick:
        env[QUICK_ENV] = "1"
    started = datetime.now()
    machine = describe(ROOT)  # before the runs: the commit measured, not one edited meanwhile
    results: list[CaseResult] = []
    fits: list[dict[str, Any]] = []
    for path in paths:
        try:
            cases = cases_of(path, quick)
        except Exception as exc:  # a module that cannot even be imported is reported, the rest still run
            res = CaseResult(bench=bench_name(path), module=_relative(path), case={})
            res.setup_error = f"import: {type(exc).__name__}: {exc}"
            log(f"[{res.bench}] cannot load: {exc}")
            results.append(res)
            continue
        mine = [run_case(path, case, runs, env, timeout, log) for case in cases]
        results.extend(mine)
        fits.extend(scaling(path, mine))
    return {
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now().isoformat(timespec="seconds"),
        "quick": quick,
        "runs_per_case": runs,
        "machine": machine,
        "results": [
            {"bench": r.bench, "module": r.module, "case": r.case, "summary": r.summary(), "errors": r.errors,
             "runs": [{"figures": x.figures, RSS: x.peak_rss_mb, "process_s": round(x.seconds, 3),
                       "load_1m": x.load_1m, "error": x.error} for x in r.runs]}
            for r in results
        ],
        "scaling": fits,
    }
