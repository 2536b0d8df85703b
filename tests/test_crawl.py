"""The crawler against the local mirror: catalog and raw store after real crawls."""
from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from crawler.mirror.corpus import Fixture
from crawler.spiders.cninfo import search_terms
from crawler.titles import classify_title
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
    # what the crawler should do with each bundled filing, from its title and planned breakage:
    # titles no search word matches are never listed; unwanted titles (上市公告书…) are skipped;
    # a broken download (truncated, HTML error page) is recorded as failed and kept aside
    listed = [f for f in corpus if any(term in f.spec["title"] for term in search_terms())]
    expected = {f.announcement_id: ("skipped" if not classify_title(f.spec["title"]).wanted
                                    else "failed" if f.spec.get("broken") else "downloaded") for f in listed}
    assert set(expected.values()) == {"skipped", "failed", "downloaded"}
    starboard("crawl", "--base-url", mirror, home=tmp_path, check=False)
    rows = catalog_rows(tmp_path)
    assert [r[0] for r in rows] == sorted(expected)
    by_id = {f.announcement_id: f for f in corpus}
    for ann_id, code, state, sha, size, path, attempts in rows:
        assert state == expected[ann_id] and code == by_id[ann_id].spec["code"]
        if state == "skipped":
            assert attempts == 0 and path is None
            continue
        assert attempts == 1
        if state == "failed":
            assert (tmp_path / "raw" / "cninfo" / "rejected" / f"{ann_id}.bin").read_bytes() == by_id[ann_id].pdf
            continue
        stored = tmp_path / path
        assert stored == tmp_path / "raw" / "cninfo" / f"{ann_id}.pdf"
        assert stored.read_bytes() == by_id[ann_id].pdf
        assert sha == hashlib.sha256(stored.read_bytes()).hexdigest() and size == stored.stat().st_size

    second = starboard("crawl", "--base-url", mirror, home=tmp_path, check=False)
    assert "downloaded 0" in second.stdout
    attempts = {r[0]: r[6] for r in catalog_rows(tmp_path)}
    for ann_id, state in expected.items():  # nothing held is fetched again; failures are retried
        assert attempts[ann_id] == {"downloaded": 1, "failed": 2, "skipped": 0}[state]
    con = duckdb.connect(str(tmp_path / "catalog.duckdb"), read_only=True)
    runs = con.execute("SELECT status, downloaded, failed FROM crawl_runs ORDER BY run_id").fetchall()
    con.close()
    failed = sum(1 for s in expected.values() if s == "failed")
    downloaded = sum(1 for s in expected.values() if s == "downloaded")
    assert runs == [("partial", downloaded, failed), ("partial", 0, failed)]


def test_unreachable_source_fails_clearly(tmp_path: Path) -> None:
    proc = starboard("crawl", "--base-url", "http://127.0.0.1:9", home=tmp_path, check=False)
    assert proc.returncode != 0
    con = duckdb.connect(str(tmp_path / "catalog.duckdb"), read_only=True)
    status = con.execute("SELECT status FROM crawl_runs").fetchall()
    con.close()
    assert status == [("failed",)]
