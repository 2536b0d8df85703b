"""Benchmark: `starboard check` on the published warehouse of N synthetic offerings.

The home is bench_build's (`starboard synth --pdf`, seed 0, after one real build; made once
and kept). One run is what `starboard check` does: read the published tables and the
catalog, hash every raw file, evaluate every expectation of expectations/*.json with Great
Expectations, write the HTML report. The interpreter's one-off import of Great Expectations
is timed on its own (`import_seconds`); `seconds` is the check.
"""
from __future__ import annotations

import time
from typing import Any

from bench import common

CASES: list[dict[str, Any]] = [{"offerings": 1000}, {"offerings": 10000}]
QUICK_CASES: list[dict[str, Any]] = [{"offerings": 4}]
SCALE_BY = "offerings"
SCALE_FIGURES = ["seconds"]


def setup(offerings: int) -> None:
    common.built_home(offerings)


def measure(offerings: int) -> dict[str, float]:
    from pipeline.build import read_catalog
    from pipeline.home import DataHome
    from pipeline.quality.check import check_published

    home = DataHome(common.built_home(offerings))
    started = time.perf_counter()
    import great_expectations  # noqa: F401 - timed apart: paid once per process, not per check

    imported = time.perf_counter()
    run = check_published(home.root, home.warehouse, read_catalog(home))
    seconds = time.perf_counter() - imported
    if run.blocked:
        raise RuntimeError(f"the synthetic warehouse fails blocking checks: {[r.check_id for r in run.failed('blocking')]}")
    return {
        "seconds": seconds,
        "import_seconds": imported - started,
        "offerings_per_s": offerings / seconds,
        "expectations": float(len(run.results)),
        "rows_checked": float(sum(r.checked_rows for r in run.results)),
    }
