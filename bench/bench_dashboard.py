"""Benchmark: time to render each dashboard page (Streamlit AppTest) on a synthetic warehouse.

The warehouse is bench_build's (`starboard synth --pdf`, seed 0, N invented raises, built
once and kept; the Benchmark page opens on the largest raise, as it does when the focal
raise of settings.toml is not in the warehouse). For each page, `measure` opens a fresh
AppTest session, loads the page once (`first_s`: cold caches of this process), then
re-renders it three times and reports the median (`s`: what a user waits for after the
first load, the figure the target of 1 s is about). The Benchmark page is also timed after
switching to the largest peer set (every other raise).
"""
from __future__ import annotations

import os
import statistics
import time
from typing import Any

from bench import common

APP = str(common.ROOT / "dashboard" / "app.py")
PAGES = ("benchmark", "explore", "filing", "sql_console", "quality", "about")
CASES: list[dict[str, Any]] = [{"offerings": 10000}]
QUICK_CASES: list[dict[str, Any]] = [{"offerings": 4}]


def setup(offerings: int) -> None:
    common.built_home(offerings)


def _timed(at: Any) -> float:
    started = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"the page raised: {[e.message for e in at.exception]}")
    return seconds


def measure(offerings: int) -> dict[str, float]:
    """One pass over every page: first load and re-render time, in seconds."""
    from streamlit.testing.v1 import AppTest

    os.environ["STARBOARD_HOME"] = str(common.built_home(offerings))
    figures: dict[str, float] = {}
    for page in PAGES:
        at = AppTest.from_file(APP, default_timeout=600)
        if page == "benchmark":
            figures[f"{page}_first_s"] = _timed(at)
        else:
            at.run()
            at.switch_page(f"app_pages/{page}.py")
            figures[f"{page}_first_s"] = _timed(at)
        figures[f"{page}_s"] = statistics.median(_timed(at) for _ in range(3))
        if page == "benchmark":
            at.button_group(key="peers").set_value("all")
            figures["benchmark_all_peers_first_s"] = _timed(at)
            figures["benchmark_all_peers_s"] = statistics.median(_timed(at) for _ in range(3))
    figures["slowest_page_s"] = max(v for k, v in figures.items() if k.endswith("_s") and "first" not in k)
    return figures

