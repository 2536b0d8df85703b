"""The crawl catalog (catalog.duckdb): one row per announcement seen, and one per crawl run.

The crawler is the only writer of this file; the pipeline opens it read-only. Nothing
discovered is ever deleted: a failed download stays as `failed` with its reason and is
retried by the next run.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

SCHEMA = """
CREATE TABLE IF NOT EXISTS announcements (
    source          VARCHAR NOT NULL,
    announcement_id VARCHAR NOT NULL,
    sec_code        VARCHAR,
    sec_name        VARCHAR,
    org_id          VARCHAR,
    title           VARCHAR,
    kind            VARCHAR,
    revision        VARCHAR,
    offering        VARCHAR,
    published_at    TIMESTAMP,
    url             VARCHAR,
    state           VARCHAR NOT NULL,
    reason          VARCHAR,
    attempts        INTEGER NOT NULL DEFAULT 0,
    sha256          VARCHAR,
    bytes           BIGINT,
    path            VARCHAR,
    first_seen      TIMESTAMP NOT NULL,
    last_attempt    TIMESTAMP,
    run_id          INTEGER,
    PRIMARY KEY (source, announcement_id)
);
CREATE SEQUENCE IF NOT EXISTS crawl_run_ids START 1;
CREATE TABLE IF NOT EXISTS crawl_runs (
    run_id        INTEGER PRIMARY KEY DEFAULT nextval('crawl_run_ids'),
    source        VARCHAR NOT NULL,
    base_url      VARCHAR,
    since         DATE,
    until         DATE,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    status        VARCHAR NOT NULL,
    pages_listed  INTEGER DEFAULT 0,
    listed        INTEGER DEFAULT 0,
    wanted        INTEGER DEFAULT 0,
    skipped       INTEGER DEFAULT 0,
    downloaded    INTEGER DEFAULT 0,
    failed        INTEGER DEFAULT 0,
    expected      INTEGER DEFAULT 0,
    message       VARCHAR
);
"""

#: states an announcement moves through
LISTED, DOWNLOADED, FAILED, SKIPPED = "listed", "downloaded", "failed", "skipped"
ANNOUNCEMENT_COLUMNS = (
    "source", "announcement_id", "sec_code", "sec_name", "org_id", "title", "kind", "revision",
    "offering", "published_at", "url", "state", "reason", "sha256", "bytes", "path",
)


@contextmanager
def open_catalog(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    if read_only and not path.exists():
        raise FileNotFoundError(f"no catalog at {path}: run `starboard crawl` first")
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        if not read_only:
            con.execute(SCHEMA)
        yield con
    finally:
        con.close()


def upsert_announcement(con: duckdb.DuckDBPyConnection, row: dict[str, Any], run_id: int | None,
                        attempted: bool) -> None:
    """Insert or update one announcement; attempts count only real download attempts."""
    now = datetime.now()
    values = [row.get(c) for c in ANNOUNCEMENT_COLUMNS]
    con.execute(
        f"""
        INSERT INTO announcements ({', '.join(ANNOUNCEMENT_COLUMNS)}, attempts, first_seen, last_attempt, run_id)
        VALUES ({', '.join('?' for _ in ANNOUNCEMENT_COLUMNS)}, ?, ?, ?, ?)
        ON CONFLICT (source, announcement_id) DO UPDATE SET
            sec_code = excluded.sec_code, sec_name = excluded.sec_name, org_id = excluded.org_id,
            title = excluded.title, kind = excluded.kind, revision = excluded.revision,
            offering = excluded.offering, published_at = excluded.published_at, url = excluded.url,
            state = excluded.state, reason = excluded.reason,
            sha256 = COALESCE(excluded.sha256, announcements.sha256),
            bytes = COALESCE(excluded.bytes, announcements.bytes),
            path = COALESCE(excluded.path, announcements.path),
            attempts = announcements.attempts + excluded.attempts,
            last_attempt = COALESCE(excluded.last_attempt, announcements.last_attempt),
            run_id = excluded.run_id
        """,
        [*values, 1 if attempted else 0, now, now if attempted else None, run_id],
    )


def downloaded_ids(con: duckdb.DuckDBPyConnection, source: str) -> set[str]:
    rows = con.execute(
        "SELECT announcement_id FROM announcements WHERE source = ? AND state = ?", [source, DOWNLOADED]
    ).fetchall()
    return {r[0] for r in rows}


def start_run(con: duckdb.DuckDBPyConnection, source: str, base_url: str, since: Any, until: Any) -> int:
    return con.execute(
        "INSERT INTO crawl_runs (source, base_url, since, until, started_at, status) VALUES (?, ?, ?, ?, ?, 'running') RETURNING run_id",
        [source, base_url, since, until, datetime.now()],
    ).fetchone()[0]


def finish_run(con: duckdb.DuckDBPyConnection, run_id: int, status: str, counts: dict[str, int],
               message: str | None = None) -> None:
    con.execute(
        """UPDATE crawl_runs SET finished_at = ?, status = ?, pages_listed = ?, listed = ?, wanted = ?,
               skipped = ?, downloaded = ?, failed = ?, expected = ?, message = ? WHERE run_id = ?""",
        [datetime.now(), status, counts.get("pages_listed", 0), counts.get("listed", 0),
         counts.get("wanted", 0), counts.get("skipped", 0), counts.get("downloaded", 0),
         counts.get("failed", 0), counts.get("expected", 0), message, run_id],
    )
