"""The crawl catalog (catalog.duckdb): one row per announcement seen, and one per crawl run.

The crawler is the only writer of this file; the pipeline opens it read-only and reads
`announcements WHERE state = 'downloaded'` (one row per current document). Nothing
discovered is ever deleted: a failed download stays `failed` with its reason and is retried
by the next run up to an attempt cap; a second copy of a document (the other source, the
same bytes) is `duplicate` with `duplicate_of`; a replaced version is `superseded` with
`superseded_by`. Columns are only ever added, so older catalogs open unchanged.
"""
from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from crawler import documents
from crawler.titles import classify_title

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
CREATE TABLE IF NOT EXISTS stocks (
    code          VARCHAR PRIMARY KEY,
    org_id        VARCHAR NOT NULL,
    name          VARCHAR,
    pinyin        VARCHAR,
    category      VARCHAR,
    refreshed_at  TIMESTAMP NOT NULL,
    run_id        INTEGER
);
CREATE TABLE IF NOT EXISTS listing_windows (
    run_id        INTEGER NOT NULL,
    source        VARCHAR NOT NULL,
    term          VARCHAR,
    code          VARCHAR,
    start_date    DATE,
    end_date      DATE,
    expected      INTEGER,
    received      INTEGER,
    pages         INTEGER,
    status        VARCHAR NOT NULL,
    reason        VARCHAR
);
"""

#: columns added after the first release: (table, column, type)
MIGRATIONS = (
    ("announcements", "file_ref", "VARCHAR"),
    ("announcements", "doc_key", "VARCHAR"),
    ("announcements", "duplicate_of", "VARCHAR"),
    ("announcements", "superseded_by", "VARCHAR"),
    ("announcements", "declared_bytes", "BIGINT"),
    ("crawl_runs", "mode", "VARCHAR"),
    ("crawl_runs", "listing_complete", "BOOLEAN"),
    ("crawl_runs", "shortfall", "INTEGER"),
    ("crawl_runs", "errors", "VARCHAR"),
    ("crawl_runs", "counts", "VARCHAR"),
    ("listing_windows", "stage", "VARCHAR"),
)

DOCUMENTS_VIEW = """
CREATE OR REPLACE VIEW documents AS
SELECT o.source, o.announcement_id, o.sec_code, o.sec_name, o.title, o.kind, o.revision, o.offering,
       o.published_at, o.sha256, o.path, o.doc_key,
       max(CASE WHEN t.source = 'cninfo' THEN t.url END) AS cninfo_url,
       max(CASE WHEN t.source = 'sse' THEN t.url END) AS sse_url,
       count(t.announcement_id) AS copies
FROM announcements o
LEFT JOIN announcements t
  ON t.doc_key = o.doc_key AND (t.state IN ('downloaded', 'duplicate'))
WHERE o.state = 'downloaded'
GROUP BY ALL
"""

#: states an announcement moves through
LISTED, DOWNLOADED, FAILED, SKIPPED = "listed", "downloaded", "failed", "skipped"
DUPLICATE, SUPERSEDED = documents.DUPLICATE, documents.SUPERSEDED
ANNOUNCEMENT_COLUMNS = (
    "source", "announcement_id", "sec_code", "sec_name", "org_id", "title", "kind", "revision",
    "offering", "published_at", "url", "state", "reason", "sha256", "bytes", "path",
)
WRITE_COLUMNS = (*ANNOUNCEMENT_COLUMNS, "file_ref", "doc_key", "duplicate_of", "declared_bytes")


class CatalogLocked(RuntimeError):
    """Another process holds the catalog for writing (a crawl is running)."""


@contextmanager
def open_catalog(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    if read_only and not path.exists():
        raise FileNotFoundError(f"no catalog at {path}: run `starboard crawl` first")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise CatalogLocked(f"{path} is in use by another process (is a crawl running?)") from None
        raise
    try:
        if not read_only:
            con.execute(SCHEMA)
            for table, column, kind in MIGRATIONS:
                con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {kind}")
            con.execute(DOCUMENTS_VIEW)
        yield con
    finally:
        con.close()


class CatalogWriter:
    """Buffered announcement upserts: one Arrow batch per flush instead of a statement per row.

    Files reach the raw store before their row reaches the catalog; a crawl killed between
    the two leaves a complete file that the next run adopts without fetching it again.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, flush_rows: int = 200, flush_seconds: float = 0.5) -> None:
        self.con = con
        self.flush_rows = flush_rows
        self.flush_seconds = flush_seconds
        self._rows: dict[tuple[str, str], dict[str, Any]] = {}
        self._last = time.monotonic()

    def record(self, row: dict[str, Any], run_id: int | None, attempted: bool) -> None:
        key = (row["source"], str(row["announcement_id"]))
        if key in self._rows:
            self.flush()
        now = datetime.now()
        full = {c: row.get(c) for c in WRITE_COLUMNS}
        full.update(attempts=1 if attempted else 0, first_seen=now, last_attempt=now if attempted else None,
                    run_id=run_id)
        self._rows[key] = full
        if len(self._rows) >= self.flush_rows or time.monotonic() - self._last >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        self._last = time.monotonic()
        if not self._rows:
            return
        rows = list(self._rows.values())
        self._rows = {}
        names = [*WRITE_COLUMNS, "attempts", "first_seen", "last_attempt", "run_id"]
        schema = pa.schema([(n, _ARROW_TYPES.get(n, pa.string())) for n in names])
        batch = pa.Table.from_pylist(rows, schema=schema)
        self.con.register("starboard_batch", batch)
        try:
            updates = ", ".join(
                f"{c} = excluded.{c}" for c in WRITE_COLUMNS
                if c not in ("source", "announcement_id", "sha256", "bytes", "path")
            )
            self.con.execute(
                f"""
                INSERT INTO announcements ({', '.join(names)}) SELECT {', '.join(names)} FROM starboard_batch
                ON CONFLICT (source, announcement_id) DO UPDATE SET {updates},
                    sha256 = COALESCE(excluded.sha256, announcements.sha256),
                    bytes = COALESCE(excluded.bytes, announcements.bytes),
                    path = COALESCE(excluded.path, announcements.path),
                    attempts = announcements.attempts + excluded.attempts,
                    last_attempt = COALESCE(excluded.last_attempt, announcements.last_attempt),
                    run_id = excluded.run_id
                """
            )
        finally:
            self.con.unregister("starboard_batch")


_ARROW_TYPES = {
    "published_at": pa.timestamp("us"), "first_seen": pa.timestamp("us"), "last_attempt": pa.timestamp("us"),
    "bytes": pa.int64(), "declared_bytes": pa.int64(), "attempts": pa.int32(), "run_id": pa.int32(),
}


def _dicts(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def known_rows(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, tuple[str, int, bool]]:
    """announcement id -> (state, attempts, file held) for one source."""
    rows = con.execute(
        "SELECT announcement_id, state, attempts, path IS NOT NULL FROM announcements WHERE source = ?", [source]
    ).fetchall()
    return {r[0]: (r[1], r[2], bool(r[3])) for r in rows}


def retry_rows(con: duckdb.DuckDBPyConnection, source: str, max_attempts: int) -> list[dict[str, Any]]:
    """Rows to fetch again before listing: failed ones under the cap, and second copies of
    documents whose first copy has given up (the other source may still serve it)."""
    return _dicts(con, """
        SELECT a.* FROM announcements a
        WHERE a.source = ? AND a.path IS NULL AND (
            (a.state = 'failed' AND a.attempts < ?)
            OR (a.state = 'duplicate' AND a.attempts < ? AND EXISTS (
                SELECT 1 FROM announcements o
                WHERE o.source || ':' || o.announcement_id = a.duplicate_of
                  AND o.state = 'failed' AND o.attempts >= ?)))
        ORDER BY a.published_at, a.announcement_id""", [source, max_attempts, max_attempts, max_attempts])


def claimed_documents(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """doc_key -> pointer of the row that holds that document (cninfo's copy first)."""
    rows = con.execute(
        """SELECT doc_key, source, announcement_id FROM announcements
           WHERE doc_key IS NOT NULL AND path IS NOT NULL AND state IN ('downloaded', 'superseded')
           ORDER BY CASE source WHEN 'cninfo' THEN 0 ELSE 1 END DESC, first_seen DESC"""
    ).fetchall()
    return {key: documents.pointer(src, ident) for key, src, ident in rows}  # the preferred row comes last


def held_hashes(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """sha256 -> (pointer, path) of every file already in the raw store."""
    rows = con.execute(
        """SELECT sha256, source, announcement_id, path FROM announcements
           WHERE sha256 IS NOT NULL AND path IS NOT NULL ORDER BY first_seen DESC"""
    ).fetchall()
    return {sha: (documents.pointer(src, ident), path) for sha, src, ident, path in rows}


def last_complete_until(con: duckdb.DuckDBPyConnection, source: str) -> date | None:
    row = con.execute(
        """SELECT max(until) FROM crawl_runs
           WHERE source = ? AND listing_complete AND status IN ('ok', 'partial')""", [source]
    ).fetchone()
    return row[0] if row else None


def close_stale_runs(con: duckdb.DuckDBPyConnection) -> int:
    """Runs still `running` while we hold the write lock died without closing (SIGKILL)."""
    rows = con.execute(
        """UPDATE crawl_runs SET status = 'interrupted', listing_complete = false,
               message = coalesce(message || '; ', '') || 'the process ended without closing this run (killed?)'
           WHERE status = 'running' RETURNING run_id"""
    ).fetchall()
    return len(rows)


def start_run(con: duckdb.DuckDBPyConnection, source: str, base_url: str, since: Any, until: Any,
              mode: str | None = None) -> int:
    return con.execute(
        """INSERT INTO crawl_runs (source, base_url, since, until, started_at, status, mode)
           VALUES (?, ?, ?, ?, ?, 'running', ?) RETURNING run_id""",
        [source, base_url, since, until, datetime.now(), mode],
    ).fetchone()[0]


def finish_run(con: duckdb.DuckDBPyConnection, run_id: int, status: str, counts: dict[str, int],
               message: str | None = None, listing_complete: bool | None = None,
               errors: list[str] | None = None) -> None:
    con.execute(
        """UPDATE crawl_runs SET finished_at = ?, status = ?, pages_listed = ?, listed = ?, wanted = ?,
               skipped = ?, downloaded = ?, failed = ?, expected = ?, message = ?, listing_complete = ?,
               shortfall = ?, errors = ?, counts = ? WHERE run_id = ?""",
        [datetime.now(), status, counts.get("pages_listed", 0), counts.get("listed", 0),
         counts.get("wanted", 0), counts.get("skipped", 0), counts.get("downloaded", 0),
         counts.get("failed", 0), counts.get("expected", 0), message, listing_complete,
         counts.get("shortfall", 0), json.dumps(errors or [], ensure_ascii=False),
         json.dumps(counts, ensure_ascii=False, sort_keys=True), run_id],
    )


def _insert_batch(con: duckdb.DuckDBPyConnection, sql: str, rows: list[dict[str, Any]]) -> None:
    """Run `sql` against the rows registered as `starboard_rows` (one statement, not one per row)."""
    con.register("starboard_rows", pa.Table.from_pylist(rows))
    try:
        con.execute(sql)
    finally:
        con.unregister("starboard_rows")


def record_windows(con: duckdb.DuckDBPyConnection, run_id: int, source: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    _insert_batch(con, """INSERT INTO listing_windows (run_id, source, term, code, stage, start_date, end_date,
                              expected, received, pages, status, reason)
                          SELECT run_id, source, term, code, stage, "start", "end", expected, received, pages, status,
                                 CAST(reason AS VARCHAR) FROM starboard_rows""",
                  [{"run_id": run_id, "source": source, "stage": "plan", **r} for r in rows])


def followed_codes(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Companies with a wanted plan-family document in the catalog (titles classified today,
    so a changed rule applies to what is already held)."""
    rows = con.execute("SELECT DISTINCT sec_code, title FROM announcements WHERE sec_code IS NOT NULL").fetchall()
    return {code for code, title in rows if classify_title(title or "").plan_family}


def follow_listed_until(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, date]:
    """code -> the last day of its latest follow listing that came back complete (every
    window of that company in that run reconciled); codes never listed so are absent."""
    rows = con.execute(
        """SELECT code, max(last_day) FROM (
               SELECT run_id, code, max(end_date) AS last_day FROM listing_windows
               WHERE source = ? AND stage = 'follow' AND code <> ''
               GROUP BY run_id, code
               HAVING bool_and(status IN ('complete', 'split')))
           GROUP BY code""", [source]).fetchall()
    return {code: day for code, day in rows}


def record_stocks(con: duckdb.DuckDBPyConnection, rows: list[dict[str, str]], run_id: int) -> None:
    """The stock list is refreshed every run: a code's orgId is whatever the site says today."""
    if not rows:
        return
    now = datetime.now()
    batch = {}
    for r in rows:  # one row per code (the list may repeat a code)
        batch[r["code"]] = {"code": r["code"], "org_id": r["orgId"], "name": r.get("zwjc"), "pinyin": r.get("pinyin"),
                            "category": r.get("category"), "refreshed_at": now, "run_id": run_id}
    _insert_batch(con, """INSERT INTO stocks (code, org_id, name, pinyin, category, refreshed_at, run_id)
                          SELECT code, org_id, name, pinyin, category, refreshed_at, run_id FROM starboard_rows
                          ON CONFLICT (code) DO UPDATE SET org_id = excluded.org_id, name = excluded.name,
                              pinyin = excluded.pinyin, category = excluded.category,
                              refreshed_at = excluded.refreshed_at, run_id = excluded.run_id""",
                  list(batch.values()))


def stock_org_ids(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT code, org_id FROM stocks").fetchall())


def apply_resolution(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Recompute duplicate/superseded states over the whole catalog; returns changes by new state."""
    rows = _dicts(con, """SELECT source, announcement_id, sec_code, sec_name, title, published_at, state, path,
                                 sha256, first_seen, doc_key, duplicate_of, superseded_by FROM announcements
                          WHERE doc_key IS NOT NULL""")
    decided = documents.resolve(rows)
    changes = []
    for row in rows:
        res = decided.get((row["source"], str(row["announcement_id"])))
        if res is None:
            continue
        wanted = (res.state, res.duplicate_of, res.superseded_by)
        if (row["state"], row["duplicate_of"], row["superseded_by"]) != wanted:
            changes.append({"state": res.state, "duplicate_of": res.duplicate_of, "superseded_by": res.superseded_by,
                            "source": row["source"], "announcement_id": row["announcement_id"]})
    if changes:
        schema = pa.schema([(n, pa.string()) for n in changes[0]])
        con.register("starboard_rows", pa.Table.from_pylist(changes, schema=schema))
        try:
            con.execute("""UPDATE announcements a SET state = c.state, duplicate_of = c.duplicate_of,
                               superseded_by = c.superseded_by
                           FROM starboard_rows c
                           WHERE a.source = c.source AND a.announcement_id = c.announcement_id""")
        finally:
            con.unregister("starboard_rows")
    counts: dict[str, int] = {}
    for change in changes:
        counts[change["state"]] = counts.get(change["state"], 0) + 1
    return counts
