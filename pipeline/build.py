"""`starboard build`: raw store + catalog → parsed filings → published warehouse.

Extraction is a pure function of the file's bytes, cached per sha256 + parser version +
taxonomy version, so a rebuild parses only what is new and two builds from the same raw
store publish identical tables. New files are parsed on a pool of processes (`--workers`;
PDFium is not thread-safe, so the parallelism is processes, not threads). Files that cannot
be read become documents with parse_status = failed and the reason; they never stop the build.
"""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import polars as pl

from crawler.catalog import DOWNLOADED, open_catalog
from pipeline.home import DataHome
from pipeline.normalise.contract import CACHED_PARSE, cached_parse, parses_frame
from pipeline.normalise.frames import CATALOG
from pipeline.normalise.model import warehouse_frames
from pipeline.normalise.taxonomy import load_taxonomy
from pipeline.parse import PARSER_VERSION
from pipeline.parse_cache import ParseCache
from pipeline.publish.warehouse import new_build_id, publish
from pipeline.quality.check import check_build
from pipeline.quality.results import QualityRun

#: below this many files to parse, a process pool costs more than it saves
POOL_THRESHOLD = 16
#: catalog column → warehouse name; columns a catalog does not have yet are read as nulls
CATALOG_COLUMNS = {
    "source": "source", "announcement_id": "announcement_id", "url": "url", "path": "local_path",
    "sha256": "sha256", "published_at": "published_at", "sec_code": "catalog_code",
    "sec_name": "catalog_name", "title": "catalog_title", "kind": "catalog_kind",
    "revision": "catalog_revision", "offering": "catalog_offering", "industry": "industry",
}
Progress = Callable[[str, int, int], None]
#: errors that say the parser itself failed (not the file): reported, never cached
UNCACHED_PREFIX = "parser failed:"


@dataclass
class BuildSummary:
    announcements: int
    documents: int
    parsed_now: int
    from_cache: int
    failed: int
    warned: int
    offerings: int
    projects: int
    budget_lines: int
    coverage: list[dict[str, Any]] = field(default_factory=list)
    unmapped: int = 0
    build_dir: Path | None = None
    seconds: float = 0.0
    quality: QualityRun | None = None

    @property
    def filings(self) -> int:  # the skeleton's name for documents
        return self.documents


def parse_cache_dir(home: DataHome) -> Path:
    return home.root / "parsed"


def catalog_rows(home: DataHome) -> pl.DataFrame:
    """Downloaded announcements, reading only the columns the catalog has today."""
    with open_catalog(home.catalog, read_only=True) as con:
        have = {r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'announcements'").fetchall()}
        select = ", ".join(
            f"{src} AS {dst}" if src in have else f"NULL AS {dst}" for src, dst in CATALOG_COLUMNS.items()
        )
        frame = con.sql(
            f"SELECT {select} FROM announcements WHERE state = $state ORDER BY source, announcement_id",
            params={"state": DOWNLOADED},
        ).pl()
    return frame.select([pl.col(c).cast(t) for c, t in CATALOG.items()])


def read_catalog(home: DataHome) -> pl.DataFrame:
    """The catalog rows a build reads, with hashes filled in where the catalog lacks them."""
    return _fill_missing_sha(home, catalog_rows(home))


def _sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _fill_missing_sha(home: DataHome, catalog: pl.DataFrame) -> pl.DataFrame:
    """Hash the few files the catalog has no sha256 for (older rows); unreadable ones stay null."""
    missing = catalog.filter(pl.col("sha256").is_null() & pl.col("local_path").is_not_null())
    if missing.is_empty():
        return catalog
    hashes = {p: _sha256_of(home.root / p) for p in missing["local_path"].to_list()}
    return catalog.with_columns(
        pl.coalesce("sha256", pl.col("local_path").replace_strict(hashes, default=None, return_dtype=pl.String))
    )


def parse_task(root: str, local_path: str, sha256: str, text_dir: str | None,
               parser_version: str, taxonomy_version: str) -> tuple[dict[str, Any], bool]:
    """(cached-parse record, cacheable) for one raw file. Runs in worker processes."""
    from pipeline.extract.pages import ExtractError, load_document
    from pipeline.parse import parse_document

    try:
        doc = load_document(Path(root) / local_path, Path(text_dir) if text_dir else None)
        return cached_parse(sha256, parser_version, taxonomy_version, parse_document(doc), None), True
    except ExtractError as exc:
        return cached_parse(sha256, parser_version, taxonomy_version, None, str(exc)), True
    except Exception as exc:  # a parser bug must not stop the build; it is reported, not cached
        return cached_parse(sha256, parser_version, taxonomy_version, None,
                            f"{UNCACHED_PREFIX} {type(exc).__name__}: {exc}"), False


def _parse_all(home: DataHome, todo: list[tuple[str, str]], cache: ParseCache, full: bool, jobs: int,
               progress: Progress | None) -> list[dict[str, Any]]:
    text_dir = None if full else str(home.text_dir)
    args = [(str(home.root), path, sha, text_dir, cache.parser_version, cache.taxonomy_version) for sha, path in todo]
    records: list[dict[str, Any]] = []

    def keep(result: tuple[dict[str, Any], bool]) -> None:
        record, cacheable = result
        if cacheable:
            cache.store(record)
        records.append(record)
        if progress:
            progress("parse", len(records), len(args))

    if jobs > 1 and len(args) >= POOL_THRESHOLD:
        # spawned, not forked: this process holds DuckDB and Polars threads, and a forked copy
        # of a process with threads can deadlock; results come back in input order
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
            for result in pool.map(parse_task, *zip(*args, strict=True), chunksize=4):
                keep(result)
    else:
        for a in args:
            keep(parse_task(*a))
    return records


def default_workers() -> int:
    """The CPUs this process may run on (its affinity, not the machine's count), at most 8."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 1
    return max(1, min(8, usable))


def build(home: DataHome, full: bool = False, jobs: int | None = None, progress: Progress | None = None,
          on_stage: Callable[[str], None] | None = None) -> BuildSummary:
    """Parse what is new, normalise, check, publish atomically. Returns what was built.

    `jobs` is the number of parser processes (`starboard build --workers N`; default: usable
    CPUs, at most 8): parsing is a pure function of a file's bytes, so the warehouse does
    not depend on it.

    The expectation suites run on the frames about to be written: when a blocking one
    fails, pipeline.quality.check.QualityBlocked is raised before anything is staged, so
    the published build stays as it was; failed warnings flag rows, and the build publishes.
    """
    started = time.perf_counter()
    stage = on_stage or (lambda _name: None)
    home.ensure()
    taxonomy = load_taxonomy()
    cache = ParseCache(parse_cache_dir(home), str(PARSER_VERSION), taxonomy.version)
    stage("catalog")
    catalog = read_catalog(home)
    files = (
        catalog.filter(pl.col("sha256").is_not_null() & pl.col("local_path").is_not_null())
        .sort("source", "announcement_id").unique("sha256", keep="first", maintain_order=True)
        .select("sha256", "local_path")
    )
    shas = files["sha256"].to_list()
    cached, to_parse = (pl.DataFrame(schema=CACHED_PARSE), shas) if full else cache.load(shas)
    missing = set(to_parse)
    todo = [(s, p) for s, p in files.iter_rows() if s in missing]
    stage("parse")
    fresh = _parse_all(home, todo, cache, full, jobs or default_workers(), progress)
    parses = pl.concat([cached, parses_frame(fresh)])
    cacheable = parses.filter(~pl.col("error").fill_null("").str.starts_with(UNCACHED_PREFIX))
    if fresh or not cache.pack_answered:
        cache.write_pack(cacheable)
    stage("normalise")
    frames = warehouse_frames(catalog, parses, taxonomy)
    docs = frames["documents"]
    info = {
        "built_at": datetime.now().isoformat(timespec="seconds"),
        "parser_version": str(PARSER_VERSION),
        "taxonomy_version": taxonomy.version,
        "announcements": str(catalog.height),
        "documents": str(docs.height),
        "parsed_now": str(len(fresh)),
        "from_cache": str(cached.height),
        "full": str(full).lower(),
    }
    stage("check")
    build_id = new_build_id()
    checked = check_build(home.root, frames, catalog, build_id)
    info.update(dq_run_id=checked.run.run_id, dq_outcome=checked.run.outcome)
    stage("publish")
    build_dir = publish(home.root, checked.frames, info, build_id=build_id, on_stage=stage)
    status = docs["parse_status"]
    return BuildSummary(
        announcements=catalog.height,
        documents=docs.height,
        parsed_now=len(fresh),
        from_cache=cached.height,
        failed=int((status == "failed").sum()),
        warned=int((status == "warn").sum()),
        offerings=frames["offerings"].height,
        projects=frames["projects"].height,
        budget_lines=frames["budget_lines"].height,
        coverage=frames["coverage"].to_dicts(),
        unmapped=frames["unmapped_items"].height,
        build_dir=build_dir,
        seconds=time.perf_counter() - started,
        quality=checked.run,
    )
