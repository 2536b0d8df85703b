"""Scale on synthetic data homes (`starboard synth`, seed 0, about 3.4 documents per offering): `build` is a full `starboard build` from raw + catalog (every PDF extracted and parsed on the default worker pool, normalised, checked by the data-quality suites, published), with its parse and check stages timed apart, then `starboard check` on the published build (a CLI process of its own, Great Expectations' import included); Great Expectations is imported before the clock starts and its one-off import reported as `gx_import_s`; `warehouse` is a build's half after parsing (synth's contracts as the parse cache would hand them over → normalise → the data-quality suites but the catalog's, which hash raw files → publish), which reaches 100k offerings without rendering 340k PDFs; `workers` is `starboard build --full --workers 1` against `--workers 2` on the same 1k-offering home, the parse stage timed apart, beside `machine_ceiling_x`, what 2 processes gain on pure CPU work on this machine.
"""
from __future__ import annotations

import hashlib
import json
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import common

CASES: list[dict[str, Any]] = [
    {"what": "build", "offerings": 1000},
    {"what": "build", "offerings": 10000},
    {"what": "warehouse", "offerings": 1000},
    {"what": "warehouse", "offerings": 10000},
    {"what": "warehouse", "offerings": 100000},
    {"what": "workers", "offerings": 1000},
]
QUICK_CASES: list[dict[str, Any]] = [
    {"what": "build", "offerings": 3},
    {"what": "build", "offerings": 6},
    {"what": "warehouse", "offerings": 3},
    {"what": "warehouse", "offerings": 6},
    {"what": "workers", "offerings": 6},
]
SCALE_BY = "offerings"
SCALE_FIGURES = ["build_s", "parse_s", "check_s", "starboard_check_s", "normalise_s", "publish_s", "warehouse_s"]


def _source(case: dict[str, Any]) -> Path:
    return common.synth_home(case["offerings"], pdf=case["what"] != "warehouse")


def setup(**case: Any) -> None:
    _source(case)


def measure(**case: Any) -> dict[str, float]:
    return {"build": build, "warehouse": warehouse, "workers": workers}[case["what"]](case)


def build(case: dict[str, Any]) -> dict[str, float]:
    home = common.fresh_home(_source(case))
    gx_import_s = common.import_gx()
    try:
        started = time.perf_counter()
        summary, stages = common.timed_build(home)
        seconds = time.perf_counter() - started
        if summary.parsed_now != summary.documents:
            raise RuntimeError(f"{summary.parsed_now} of {summary.documents} documents parsed: not a build from raw")
        check_s, code = common.timed_cli(home, "check")
        if code:
            raise RuntimeError(f"starboard check exited {code} on a build that published")
    finally:
        common.drop(home)
    return {
        "documents": float(summary.documents),
        "build_s": seconds,
        "parse_s": stages["parse_s"],
        "check_s": stages["check_s"],
        "documents_per_s": summary.documents / seconds,
        "gx_import_s": gx_import_s,
        "starboard_check_s": check_s,
    }


def _contracts(source: Path) -> tuple[Any, Any]:
    """(catalog frame, parses frame) as a build holds them after reading the parse cache:
    one catalog row and one cached parse per synthetic document. Read straight into Polars
    (100k offerings are 340k contracts); with no raw file to hash, each document's key is
    the SHA-256 of its id."""
    import polars as pl

    from pipeline.normalise.contract import CONTRACT
    from pipeline.normalise.frames import CATALOG
    from pipeline.normalise.taxonomy import load_taxonomy
    from pipeline.parse import PARSER_VERSION
    from pipeline.synth import URL_SCHEME

    seed = json.loads((source / "synth" / "manifest.json").read_text(encoding="utf-8"))["seed"]
    records = pl.read_ndjson(source / "synth" / "filings.jsonl", schema={
        "source": pl.String, "announcement_id": pl.String, "published": pl.String, "title": pl.String,
        "contract": CONTRACT,
    })
    ids = records["announcement_id"].to_list()
    records = records.with_columns(
        pl.Series("sha256", [hashlib.sha256(f"synth:{i}".encode()).hexdigest() for i in ids], dtype=pl.String))
    doc, company = pl.col("contract").struct.field("document"), pl.col("contract").struct.field("company")
    catalog = records.select(
        "source", "announcement_id",
        pl.lit(f"{URL_SCHEME}seed-{seed}/").add(pl.col("announcement_id")).alias("url"),
        pl.lit(None, pl.String).alias("local_path"), "sha256",
        pl.col("published").str.to_datetime("%Y-%m-%d", time_unit="us").alias("published_at"),
        company.struct.field("code").alias("catalog_code"), company.struct.field("short_name").alias("catalog_name"),
        pl.col("title").alias("catalog_title"), doc.struct.field("kind").alias("catalog_kind"),
        doc.struct.field("revision").alias("catalog_revision"), doc.struct.field("offering").alias("catalog_offering"),
        pl.lit(None, pl.String).alias("industry"),
    ).select([pl.col(c).cast(t) for c, t in CATALOG.items()])
    parses = records.select(
        "sha256", pl.lit(str(PARSER_VERSION)).alias("parser_version"),
        pl.lit(load_taxonomy().version).alias("taxonomy_version"), pl.lit(None, pl.String).alias("error"), "contract",
    )
    return catalog, parses


def warehouse(case: dict[str, Any]) -> dict[str, float]:
    """The build's own steps after parsing, timed one by one."""
    from pipeline.home import DataHome
    from pipeline.normalise.model import warehouse_frames
    from pipeline.normalise.taxonomy import load_taxonomy
    from pipeline.parse import PARSER_VERSION
    from pipeline.publish.warehouse import new_build_id, publish
    from pipeline.quality.check import check_build
    from pipeline.quality.suites import load_suites

    catalog, parses = _contracts(_source(case))
    taxonomy = load_taxonomy()
    suites = [s for s in load_suites() if s.frame != "catalog"]  # no raw files to hash here
    home = DataHome(common.fresh_home_empty()).ensure()
    gx_import_s = common.import_gx()
    try:
        started = time.perf_counter()
        frames = warehouse_frames(catalog, parses, taxonomy)
        normalised = time.perf_counter()
        build_id = new_build_id()
        checked = check_build(home.root, frames, catalog, build_id, suites=suites, taxonomy=taxonomy)
        was_checked = time.perf_counter()
        info = {"built_at": datetime.now().isoformat(timespec="seconds"), "parser_version": str(PARSER_VERSION),
                "taxonomy_version": taxonomy.version, "documents": str(frames["documents"].height)}
        publish(home.root, checked.frames, info, build_id=build_id)
        published = time.perf_counter()
    finally:
        common.drop(home.root)
    return {
        "documents": float(frames["documents"].height),
        "budget_lines": float(frames["budget_lines"].height),
        "normalise_s": normalised - started,
        "check_s": was_checked - normalised,
        "publish_s": published - was_checked,
        "warehouse_s": published - started,
        "documents_per_s": frames["documents"].height / (published - started),
        "gx_import_s": gx_import_s,
    }


def workers(case: dict[str, Any]) -> dict[str, float]:
    """The same full build on 1 and on 2 parser processes; both must publish the same tables."""
    home = common.fresh_home(_source(case))
    common.import_gx()
    try:
        common.warm_raw_files(home)
        started = time.perf_counter()
        one, one_stages = common.timed_build(home, full=True, jobs=1)
        one_s = time.perf_counter() - started
        one_tables = common.warehouse_checksums(home)
        started = time.perf_counter()
        two, two_stages = common.timed_build(home, full=True, jobs=2)
        two_s = time.perf_counter() - started
        if common.warehouse_checksums(home) != one_tables:
            raise RuntimeError("1 and 2 workers published different tables: parsing is not a pure function")
    finally:
        common.drop(home)
    if one.parsed_now != two.parsed_now or one.parsed_now < 1:
        raise RuntimeError(f"parsed {one.parsed_now} and {two.parsed_now} documents: not two full builds")
    return {
        "documents": float(one.parsed_now),
        "workers1_parse_s": one_stages["parse_s"],
        "workers2_parse_s": two_stages["parse_s"],
        "parse_speedup_x": one_stages["parse_s"] / two_stages["parse_s"],
        "workers1_build_s": one_s,
        "workers2_build_s": two_s,
        "build_speedup_x": one_s / two_s,
        "machine_ceiling_x": machine_ceiling(),
    }


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
