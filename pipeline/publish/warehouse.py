"""Publish: build the warehouse into a temporary file, then swap it into place atomically.

Readers (the dashboard, `starboard sql`) see the old file or the new one, never half of
one; a build that fails leaves the published warehouse and exports untouched.
"""
from __future__ import annotations

import os
from pathlib import Path

import duckdb
import polars as pl

SCHEMA_FILE = Path(__file__).with_name("schema.sql")


def write_warehouse(path: Path, frames: dict[str, pl.DataFrame], info: dict[str, str]) -> None:
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
        for name, frame in frames.items():
            con.register("incoming", frame.to_arrow())
            con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM incoming")
            con.unregister("incoming")
        con.executemany("INSERT INTO build_info VALUES (?, ?)", sorted(info.items()))
        con.execute("CHECKPOINT")
    finally:
        con.close()


def export_parquet(warehouse: Path, out_dir: Path, tables: list[str]) -> list[Path]:
    """Write each table to a temporary Parquet file first; the caller swaps them in."""
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse), read_only=True)
    staged = []
    try:
        for table in tables:
            tmp = out_dir / f".{table}.parquet.tmp"
            con.execute(f"COPY (SELECT * FROM {table}) TO '{tmp}' (FORMAT parquet)")
            staged.append(tmp)
    finally:
        con.close()
    return staged


def publish(home_root: Path, warehouse: Path, exports_dir: Path, frames: dict[str, pl.DataFrame],
            info: dict[str, str]) -> None:
    tmp = home_root / f".warehouse.{os.getpid()}.duckdb.tmp"
    try:
        write_warehouse(tmp, frames, info)
        staged = export_parquet(tmp, exports_dir, [*frames, "build_info"])
        _fsync(tmp)
        os.replace(tmp, warehouse)
        for path in staged:
            os.replace(path, path.with_name(path.name[1:].removesuffix(".tmp")))
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
