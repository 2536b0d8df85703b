"""Builds are deterministic, incremental and atomic; the schema is documented."""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import duckdb
import pytest

import pipeline.build as build_module
import pipeline.publish.warehouse as W
from crawler.catalog import open_catalog
from pipeline.build import build, parse_cache_dir
from pipeline.home import DataHome
from pipeline.normalise.taxonomy import load_taxonomy
from pipeline.publish import dictionary
from pipeline.publish.warehouse import PublishError
from tests.warehouse_home import CHAIN, CHAIN_DIR, make_home

UNIQUE_FILES = 7  # eight announcements, two of them the same bytes on two sites


def snapshot(home: DataHome) -> dict[str, bytes | str]:
    """Everything a reader of the published build can see, byte for byte."""
    files: dict[str, bytes | str] = {"current": os.readlink(home.root / "current"),
                                     "warehouse.duckdb": home.warehouse.read_bytes()}
    for path in sorted(home.exports_dir.iterdir()):
        files[f"exports/{path.name}"] = path.read_bytes()
    return files


def checksums(home: DataHome) -> list[tuple]:
    con = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        return con.execute("SELECT * FROM build_tables ORDER BY 1").fetchall()
    finally:
        con.close()


@pytest.fixture
def home(tmp_path: Path) -> DataHome:
    return make_home(tmp_path / "home")


def test_two_builds_of_one_raw_store_are_identical(home: DataHome, tmp_path: Path) -> None:
    build(home, jobs=1)
    first, first_exports = checksums(home), snapshot(home)
    second_home = make_home(tmp_path / "elsewhere")
    build(second_home, full=True, jobs=1)
    assert checksums(second_home) == first
    assert [t for t, _, _ in first] == [
        "analysis_thresholds", "budget_lines", "companies", "coverage", "documents", "offering_changes",
        "offering_latest", "offerings", "peer_metrics", "project_changes", "project_progress", "projects",
        "raises_actual", "taxonomy_budget_categories", "taxonomy_project_types", "taxonomy_themes",
        "taxonomy_values", "unmapped_items"]
    second_exports = snapshot(second_home)
    about_the_build = {f"exports/{t}.parquet" for t in W.META_TABLES}  # build_info, dq_runs, ...
    data_files = [k for k in first_exports if k.startswith("exports/") and k not in about_the_build]
    assert len(data_files) >= 20
    assert [k for k in data_files if first_exports[k] != second_exports[k]] == []


def test_checksums_change_when_the_content_does(home: DataHome) -> None:
    build(home, jobs=1)
    before = dict((t, c) for t, _, c in checksums(home))
    with open_catalog(home.catalog) as con:
        con.execute("UPDATE announcements SET state = 'failed' WHERE announcement_id = '9000000006'")
    build(home, jobs=1)
    after = dict((t, c) for t, _, c in checksums(home))
    changed = sorted(t for t in before if before[t] != after[t])
    assert {"documents", "offerings", "projects", "offering_latest", "peer_metrics"} <= set(changed)
    assert "taxonomy_themes" not in changed


def test_unchanged_files_are_not_parsed_again(home: DataHome, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, int, int]] = []
    first = build(home, jobs=1, progress=lambda *a: calls.append(a))
    assert (first.parsed_now, first.from_cache) == (UNIQUE_FILES, 0)
    assert calls[-1] == ("parse", UNIQUE_FILES, UNIQUE_FILES)
    again = build(home, jobs=1)
    assert (again.parsed_now, again.from_cache) == (0, UNIQUE_FILES)
    # a damaged pack is rebuilt from the entries; a damaged entry is parsed again
    pack = next(parse_cache_dir(home).glob("pack.*.parquet"))
    pack.write_bytes(b"PAR1 not really")
    assert build(home, jobs=1).parsed_now == 0 and pack.read_bytes()[:4] == b"PAR1"
    before = checksums(home)
    pack.unlink()
    next(parse_cache_dir(home).glob("*.json")).write_text("{not json", encoding="utf-8")
    assert build(home, jobs=1).parsed_now == 1
    assert checksums(home) == before
    assert build(home, full=True, jobs=1).parsed_now == UNIQUE_FILES
    # a new taxonomy version is a new cache key: everything is parsed again
    newer = dataclasses.replace(load_taxonomy(), version="9999.1")
    monkeypatch.setattr(build_module, "load_taxonomy", lambda: newer)
    assert build(home, jobs=1).parsed_now == UNIQUE_FILES


def _fail_in_exports(warehouse: Path, out_dir: Path, fmt: str = "parquet") -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "documents.parquet").write_bytes(b"half of an export")
    raise OSError(28, "No space left on device")


def _fail_on_first_relink(link: Path, target: str) -> None:
    raise OSError(5, "Input/output error")


FAULTS = {
    "normalise": ("pipeline.build.warehouse_frames", RuntimeError("injected: normalise")),
    "warehouse": ("pipeline.publish.warehouse.table_checksums", RuntimeError("injected: mid-write")),
    "exports": ("pipeline.publish.warehouse.export_relations", _fail_in_exports),
    "switch": ("pipeline.publish.warehouse._relink", _fail_on_first_relink),
}


@pytest.mark.parametrize("stage", list(FAULTS))
def test_a_failed_build_leaves_the_published_warehouse_and_exports_untouched(
        home: DataHome, monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    build(home, jobs=1)
    before = snapshot(home)
    builds_before = sorted(p.name for p in (home.root / "published").iterdir())
    target, fault = FAULTS[stage]

    def boom(*args: object, **kwargs: object) -> None:
        if callable(fault):
            fault(*args, **kwargs)
        raise fault

    monkeypatch.setattr(target, boom)
    with pytest.raises((RuntimeError, PublishError)):
        build(home, jobs=1)
    monkeypatch.undo()
    assert snapshot(home) == before
    assert sorted(p.name for p in (home.root / "published").iterdir()) == builds_before
    assert build(home, jobs=1).documents == 7  # and the next build goes through


def test_a_home_of_the_old_layout_is_taken_over(home: DataHome) -> None:
    home.warehouse.write_bytes(b"an old warehouse file")
    (home.exports_dir / "filings.parquet").write_bytes(b"an old export")
    build(home, jobs=1)
    assert home.warehouse.is_symlink() and home.exports_dir.is_symlink()
    assert os.readlink(home.warehouse) == "current/warehouse.duckdb"
    (legacy,) = (home.root / "published").glob("legacy-exports-*")
    assert (legacy / "filings.parquet").read_bytes() == b"an old export"


def test_only_the_last_builds_are_kept(home: DataHome) -> None:
    for _ in range(4):
        build(home, jobs=1)
    kept = [p for p in (home.root / "published").iterdir()]
    assert len(kept) == W.KEEP_BUILDS
    assert (home.root / "current").resolve() in [p.resolve() for p in kept]


def test_a_build_never_switched_to_goes_before_the_one_that_was_live(home: DataHome) -> None:
    """A run killed between renaming its build into place and switching leaves an orphan;
    the next publish drops the orphan and keeps the build readers were on."""
    import shutil

    build(home, jobs=1)
    live = (home.root / "current").resolve()
    orphan = home.root / "published" / (W.new_build_id())
    shutil.copytree(live, orphan)  # newer by name than the live build, never switched to
    build(home, jobs=1)
    kept = sorted(p.name for p in (home.root / "published").iterdir())
    assert live.name in kept and orphan.name not in kept
    assert (home.root / "current").resolve().name in kept and len(kept) == 2


def test_columns_the_crawler_adds_are_tolerated_and_industry_is_used(home: DataHome) -> None:
    with open_catalog(home.catalog) as con:
        con.execute("ALTER TABLE announcements ADD COLUMN industry VARCHAR")
        con.execute("ALTER TABLE announcements ADD COLUMN matched_id VARCHAR")
        con.execute("UPDATE announcements SET industry = 'I65', matched_id = 'x'")
        con.execute("CREATE TABLE cross_source_matches (a VARCHAR, b VARCHAR)")
    build(home, jobs=1)
    con = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        assert con.execute("SELECT code, industry FROM companies").fetchall() == [("688000", "I65")]
        assert con.execute("SELECT count(*) FROM v_peer_sets WHERE peer_set = 'same_industry'").fetchone() == (2,)
    finally:
        con.close()


def test_every_table_view_and_column_is_commented() -> None:
    con = duckdb.connect()
    try:
        W.create_schema(con)
        missing = con.execute(
            """SELECT table_name || '.' || column_name FROM duckdb_columns()
               WHERE NOT internal AND schema_name = 'main' AND (comment IS NULL OR comment = '')
               UNION ALL SELECT table_name FROM duckdb_tables() WHERE NOT internal AND (comment IS NULL OR comment = '')
               UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal AND (comment IS NULL OR comment = '')"""
        ).fetchall()
    finally:
        con.close()
    assert missing == []


def test_the_data_dictionary_is_up_to_date() -> None:
    assert dictionary.DOC.read_text(encoding="utf-8") == dictionary.render(), (
        "docs/data-dictionary.md is stale: run python -m pipeline.publish.dictionary")


def test_parsing_in_worker_processes_gives_the_same_warehouse(tmp_path: Path) -> None:
    """Enough new files to use the process pool; the result must not depend on it."""
    variants = []
    for copy in range(3):
        for f in CHAIN:
            if f.fixture is None:
                continue
            path = tmp_path / "fixtures" / f"copy{copy}_{f.fixture}"
            path.parent.mkdir(exist_ok=True)
            path.write_text((CHAIN_DIR / f.fixture).read_text(encoding="utf-8") + f"\n(测试副本 {copy})\n",
                            encoding="utf-8")
            variants.append(dataclasses.replace(f, announcement_id=f"{copy}{f.announcement_id}", fixture=str(path)))
    unique_files = len({v.fixture for v in variants})
    assert unique_files >= build_module.POOL_THRESHOLD
    pooled, serial = make_home(tmp_path / "pooled", variants), make_home(tmp_path / "serial", variants)
    assert build(pooled, jobs=2).parsed_now == build(serial, jobs=1).parsed_now == unique_files
    assert checksums(pooled) == checksums(serial)
