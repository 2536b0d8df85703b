"""Helpers for crawler tests: run `starboard crawl` in a subprocess, read the catalog back."""
from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from crawler.mirror.filings import BEIJING, Filing
from crawler.mirror.server import Mirror
from crawler.mirror.synthetic import synthetic_filings
from tests.conftest import starboard

#: one window (January 2023) and the terms that match every synthetic wanted title
WINDOW = ("--since", "2023-01-01", "--until", "2023-01-31")
TERMS = '["向特定对象发行", "科技创新领域", "可转换公司债券"]'


def synthetic(n: int = 60, **kwargs: Any) -> list[Filing]:
    return synthetic_filings(n, start=datetime(2023, 1, 3, 9, 0, tzinfo=BEIJING), **kwargs)


@contextmanager
def serving(filings: list[Filing], page_cap: int = 100) -> Iterator[Mirror]:
    mirror = Mirror(filings, page_cap=page_cap)
    mirror.start()
    try:
        yield mirror
    finally:
        mirror.stop()


def crawl(home: Path, url: str, *args: str, source: str = "cninfo", window: bool = True, terms: bool = True,
          settings: tuple[str, ...] = (), check: bool = False) -> subprocess.CompletedProcess[str]:
    cmd = ["crawl", "--base-url", url, "--source", source, "--no-progress", *args]
    if window:
        cmd += list(WINDOW)
    if terms:
        cmd += ["--set", f"STARBOARD_TERMS={TERMS}"]
    for setting in settings:
        cmd += ["--set", setting]
    return starboard(*cmd, home=home, check=check)


def query(home: Path, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    con = duckdb.connect(str(home / "catalog.duckdb"), read_only=True)
    try:
        cur = con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()


def announcements(home: Path, source: str | None = None) -> dict[str, dict[str, Any]]:
    rows = query(home, "SELECT * FROM announcements" + (" WHERE source = ?" if source else ""),
                 [source] if source else [])
    return {r["announcement_id"]: r for r in rows}


def runs(home: Path) -> list[dict[str, Any]]:
    rows = query(home, "SELECT * FROM crawl_runs ORDER BY run_id")
    for row in rows:
        row["errors"] = json.loads(row["errors"] or "[]")
        row["counts"] = json.loads(row["counts"] or "{}")
    return rows


def assert_downloaded(home: Path, filings: list[Filing], source: str = "cninfo") -> None:
    """Exactly these filings are downloaded from `source`, each stored whole with its sha256."""
    rows = announcements(home, source)
    ids = {f.sse_id if source == "sse" else f.announcement_id: f for f in filings}
    downloaded = {k for k, r in rows.items() if r["state"] == "downloaded"}
    assert downloaded == set(ids), (sorted(set(ids) - downloaded), sorted(downloaded - set(ids)))
    for ident, filing in ids.items():
        row = rows[ident]
        stored = home / row["path"]
        assert stored == home / "raw" / source / f"{ident}.pdf"
        body = stored.read_bytes()
        assert body == filing.pdf
        assert row["sha256"] == hashlib.sha256(body).hexdigest() and row["bytes"] == len(body)


def file_hits(mirror: Mirror, source: str = "cninfo") -> list[str]:
    """Announcement ids whose file was requested, once per request."""
    keep = (lambda k: "_" in k) if source == "sse" else str.isdigit
    return [k for h in mirror.faults.requests(f"{source}_file") for k in h.keys if keep(k)]
