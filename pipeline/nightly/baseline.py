"""The baseline: a small snapshot of the last build a nightly report covered.

A report says what changed since the previous report, not since the previous build: when a
run is killed after its publish but before its report, the next run compares against the
build the last report covered, so the changes of the unreported build are reported rather
than lost (reported twice at worst, never lost). Published builds are pruned to the last
two, so the comparison cannot rely on the old build's folder; the snapshot keeps what the
comparison needs (document, offering and change keys, parse outcomes) in one DuckDB file,
replaced atomically.
"""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import duckdb

#: table → SELECT over a published warehouse attached as `src`
SNAPSHOT = {
    "documents": "SELECT document_id, code, short_name, title, parse_status, warnings FROM src.documents",
    "offerings": "SELECT offering_id, code, short_name FROM src.offerings",
    "offering_changes": """SELECT offering_id, from_document_id, to_document_id, change, project_before,
                                  project_after FROM src.offering_changes""",
}
EMPTY = {
    "documents": "document_id VARCHAR, code VARCHAR, short_name VARCHAR, title VARCHAR, parse_status VARCHAR, "
                 "warnings VARCHAR[]",
    "offerings": "offering_id VARCHAR, code VARCHAR, short_name VARCHAR",
    "offering_changes": "offering_id VARCHAR, from_document_id VARCHAR, to_document_id VARCHAR, change VARCHAR, "
                        "project_before VARCHAR, project_after VARCHAR",
}


def baseline_path(reports_dir: Path) -> Path:
    return reports_dir / "nightly" / ".state" / "baseline.duckdb"


def build_id_of(warehouse: Path) -> str | None:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        row = con.execute("SELECT value FROM build_info WHERE key = 'build_id'").fetchone()
    finally:
        con.close()
    return row[0] if row else None


def write_snapshot(warehouse: Path, target: Path, why: str) -> str | None:
    """Snapshot `warehouse` into `target` (atomically); returns the build id it holds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for left in target.parent.glob(f".{target.name}.*.tmp*"):  # a killed run's (the lock makes us the only writer)
        left.unlink(missing_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    con = duckdb.connect(str(tmp))
    try:
        con.execute(f"ATTACH '{_quoted(warehouse)}' AS src (READ_ONLY)")
        for table, select in SNAPSHOT.items():
            con.execute(f"CREATE TABLE {table} AS {select}")
        build_id = con.execute("SELECT value FROM src.build_info WHERE key = 'build_id'").fetchone()
        build = build_id[0] if build_id else None
        con.execute("CREATE TABLE baseline_info (key VARCHAR, value VARCHAR)")
        con.executemany("INSERT INTO baseline_info VALUES (?, ?)", [
            ("build_id", build), ("written_at", datetime.now().isoformat(timespec="seconds")), ("why", why)])
        con.execute("DETACH src")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, target)
    return build


def snapshot_info(path: Path) -> dict[str, str]:
    """baseline_info of a snapshot (build_id, written_at, why); empty when there is none."""
    if not path.exists():
        return {}
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {k: v for k, v in con.execute("SELECT key, value FROM baseline_info").fetchall() if v is not None}
    finally:
        con.close()


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
