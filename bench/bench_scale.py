"""Scale on synthetic data homes (`starboard synth --pdf`, seed 0, about 3.3 documents per offering): `build` is a full build from raw + catalog (every PDF extracted and parsed, warehouse and Parquet published), followed by `starboard check` where that command exists; `publish` is the warehouse half alone (parsed contracts → Polars frames → DuckDB + Parquet), which reaches 100k offerings without rendering 330k PDFs; `workers` is extraction + parsing of the same PDFs on a process pool of 1 and of 2 workers (pipeline/extract/pool.py, spawn start-up included), beside `machine_ceiling_x`, what 2 processes gain on pure CPU work on this machine.
"""
from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import common

CASES: list[dict[str, Any]] = [
    {"what": "build", "offerings": 1000},
    {"what": "build", "offerings": 10000},
    {"what": "publish", "offerings": 1000},
    {"what": "publish", "offerings": 10000},
    {"what": "publish", "offerings": 100000},
    {"what": "workers", "docs": 1000},
]
QUICK_CASES: list[dict[str, Any]] = [
    {"what": "build", "offerings": 3},
    {"what": "build", "offerings": 6},
    {"what": "publish", "offerings": 3},
    {"what": "publish", "offerings": 6},
    {"what": "workers", "docs": 6},
]
SCALE_BY = "offerings"
SCALE_FIGURES = ["build_s", "check_s", "publish_s"]
WORKERS_SOURCE = 1000  # the same home as the 1k build


def _source(case: dict[str, Any]) -> Path:
    if case["what"] == "build":
        return common.synth_home(case["offerings"])
    if case["what"] == "publish":
        return common.synth_home(case["offerings"], pdf=False)
    return common.synth_home(3 if common.quick() else WORKERS_SOURCE)


def setup(**case: Any) -> None:
    _source(case)


def measure(**case: Any) -> dict[str, float]:
    return {"build": build, "publish": publish, "workers": workers}[case["what"]](case)


def build(case: dict[str, Any]) -> dict[str, float]:
    home = common.fresh_home(_source(case))
    try:
        started = time.perf_counter()
        summary = common.run_build(home)
        seconds = time.perf_counter() - started
        figures = {
            "filings": float(summary.filings),
            "build_s": seconds,
            "filings_per_s": summary.filings / seconds,
        }
        if common.has_command("check"):
            check_s, code = common.timed_cli(home, "check")
            figures["check_s"] = check_s
            figures["check_exit"] = float(code)
    finally:
        common.drop(home)
    return figures


def publish(case: dict[str, Any]) -> dict[str, float]:
    """Contracts as the build would hold them after parsing, then the build's own
    frames and publish steps, timed together."""
    from pipeline.build import PARSER_VERSION
    from pipeline.home import DataHome
    from pipeline.normalise import frames as F
    from pipeline.normalise.taxonomy import load_taxonomy
    from pipeline.publish.warehouse import publish as publish_warehouse
    from pipeline.synth.store import read_records

    source = _source(case)
    parsed = []
    for rec in read_records(source):
        meta = {
            "source": rec["source"], "announcement_id": rec["announcement_id"], "url": None,
            "local_path": rec["local_path"], "sha256": None,
            "published_at": datetime.fromisoformat(rec["published"]),
            "catalog_code": rec["contract"]["company"]["code"],
            "catalog_name": rec["contract"]["company"]["short_name"], "catalog_title": rec["title"],
        }
        parsed.append((meta, rec["contract"]))
    home = DataHome(common.fresh_home_empty()).ensure()
    try:
        started = time.perf_counter()
        records = [F.parsed_record(meta, contract, None) for meta, contract in parsed]
        frames = F.warehouse_frames(F.parsed_frame(records))
        info = {"built_at": datetime.now().isoformat(timespec="seconds"), "parser_version": str(PARSER_VERSION),
                "taxonomy_version": load_taxonomy().version, "filings": str(len(records))}
        publish_warehouse(home.root, home.warehouse, home.exports_dir, frames, info)
        seconds = time.perf_counter() - started
    finally:
        common.drop(home.root)
    return {
        "filings": float(len(parsed)),
        "budget_lines": float(frames["budget_lines"].height),
        "publish_s": seconds,
        "filings_per_s": len(parsed) / seconds,
    }


def workers(case: dict[str, Any]) -> dict[str, float]:
    from pipeline.extract.pool import parse_many

    paths = common.pdf_paths(_source(case), case["docs"])
    started = time.perf_counter()
    one = parse_many(paths, workers=1)
    w1 = time.perf_counter() - started
    started = time.perf_counter()
    two = parse_many(paths, workers=2)
    w2 = time.perf_counter() - started
    if one != two:
        raise RuntimeError("1 and 2 workers gave different parses: extraction is not a pure function")
    return {"docs": float(len(paths)), "workers1_s": w1, "workers2_s": w2, "speedup_x": w1 / w2,
            "machine_ceiling_x": machine_ceiling()}


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_ceiling(n: int = 5_000_000) -> float:
    """What 2 processes can gain on this machine at all: the same pure-CPU work done twice
    in a row, then on a pool of 2. A speed-up is read against this, not against 2.0."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    n = 200_000 if common.quick() else n
    started = time.perf_counter()
    _burn(n)
    _burn(n)
    serial = time.perf_counter() - started
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(_burn, [1, 1]))  # start both workers before the clock
        started = time.perf_counter()
        list(pool.map(_burn, [n, n]))
        parallel = time.perf_counter() - started
    return serial / parallel
