"""Benchmark: `starboard check` on the published warehouse of N synthetic offerings.

Reuses bench_build's synthetic data home (made once, then kept): N raises, their documents,
projects and budget lines, and a raw file per document. One run is what `starboard check`
does: read the published tables and the catalog, hash every raw file, evaluate every
expectation of expectations/*.json with Great Expectations, write the HTML report. The
interpreter's one-off import of Great Expectations is timed on its own (`import_seconds`);
`seconds` is the check.

    .venv/bin/python bench/bench_check.py 10000       # one run, figures printed as JSON
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

CASES: list[dict[str, Any]] = [{"offerings": 1000}, {"offerings": 10000}]


def measure(offerings: int) -> dict[str, float]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_build import _home_for

    from pipeline.build import read_catalog
    from pipeline.home import DataHome
    from pipeline.quality.check import check_published

    started = time.perf_counter()
    import great_expectations  # noqa: F401 - timed apart: paid once per process, not per check

    imported = time.perf_counter()
    home = DataHome(_home_for(offerings))  # made on first use (a build, which runs the checks too)
    checking = time.perf_counter()
    run = check_published(home.root, home.warehouse, read_catalog(home))
    seconds = time.perf_counter() - checking
    if run.blocked:
        raise RuntimeError(f"the synthetic warehouse fails blocking checks: {[r.check_id for r in run.failed('blocking')]}")
    return {
        "seconds": seconds,
        "import_seconds": imported - started,
        "offerings_per_s": offerings / seconds,
        "expectations": float(len(run.results)),
        "rows_checked": float(sum(r.checked_rows for r in run.results)),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    n = int(sys.argv[1]) if len(sys.argv) > 1 else CASES[0]["offerings"]
    print(json.dumps(measure(offerings=n), indent=1))
