"""Benchmark: `starboard build` of N synthetic offerings when every parse is cached (the nightly's common case).

The home is `starboard synth --pdf` (seed 0, about 3.4 documents per offering) after one
real build, made once and kept (bench.common.built_home); each run builds a fresh copy of
it that sees its raw store and parse cache: read the catalog and the parse cache's pack,
normalise, run the data-quality suites (every raw file hashed), publish warehouse +
exports. `check_s` is the data-quality stage of that build. Great Expectations is imported
before the clock starts (`gx_import_s`: what a build in a fresh process pays on top).
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
    """One build in a fresh copy of the built home: nothing is parsed, everything else runs."""
    home = common.fresh_home(common.built_home(offerings), parsed=True)
    gx_import_s = common.import_gx()
    try:
        started = time.perf_counter()
        summary, stages = common.timed_build(home)
        seconds = time.perf_counter() - started
    finally:
        common.drop(home)
    if summary.parsed_now:
        raise RuntimeError(f"{summary.parsed_now} documents were parsed: the bench must run from cached parses")
    return {
        "seconds": seconds,
        "check_s": stages["check_s"],
        "offerings_per_s": summary.offerings / seconds,
        "documents": float(summary.documents),
        "offerings": float(summary.offerings),
        "budget_lines": float(summary.budget_lines),
        "gx_import_s": gx_import_s,
    }
