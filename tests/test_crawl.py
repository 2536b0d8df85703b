"""The crawler against the local mirror: catalog and raw store after real crawls."""
from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from crawler.mirror.corpus import Fixture
from tests.conftest import starboard


def catalog_rows(home: Path) -> list[tuple]:
    con = duckdb.connect(str(home / "catalog.duckdb"), read_only=True)
    try:
        return con.execute(
            "SELECT announcement_id, sec_code, state, sha256, bytes, path, attempts FROM announcements ORDER BY 1"
        ).fetchall()
    finally:
        con.close()


def test_crawl_downloads_every_filing_once(tmp_path: Path, mirror: str, corpus: list[Fixture]) -> None:
    starboard("crawl", "--base-url", mirror, home=tmp_path)
    rows = catalog_rows(tmp_path)
    assert [r[0] for r in rows] == sorted(f.announcement_id for f in corpus)
    by_id = {f.announcement_id: f for f in corpus}
    for ann_id, code, state, sha, size, path, attempts in rows:
        stored = tmp_path / path
        assert state == "downloaded" and attempts == 1
        assert stored == tmp_path / "raw" / "cninfo" / f"{ann_id}.pdf"
        assert stored.read_bytes() == by_id[ann_id].pdf
        assert sha == hashlib.sha256(stored.read_bytes()).hexdigest() and size == stored.stat().st_size
        assert code == by_id[ann_id].spec["code"]

    second = starboard("crawl", "--base-url", mirror, home=tmp_path)
    assert "downloaded 0" in second.stdout
    assert [r[6] for r in catalog_rows(tmp_path)] == [1] * len(corpus)  # nothing fetched again
    con = duckdb.connect(str(tmp_path / "catalog.duckdb"), read_only=True)
    runs = con.execute("SELECT status, downloaded FROM crawl_runs ORDER BY run_id").fetchall()
    con.close()
    assert runs == [("ok", len(corpus)), ("ok", 0)]


def test_unreachable_source_fails_clearly(tmp_path: Path) -> None:
    proc = starboard("crawl", "--base-url", "http://127.0.0.1:9", home=tmp_path, check=False)
    assert proc.returncode != 0
    con = duckdb.connect(str(tmp_path / "catalog.duckdb"), read_only=True)
    status = con.execute("SELECT status FROM crawl_runs").fetchall()
    con.close()
    assert status == [("failed",)]
