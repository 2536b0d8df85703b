"""Data access for the dashboard: read-only, short-lived, and aware of new publishes.

Every query opens the published warehouse read-only and closes it again, so the dashboard
never holds a lock the nightly publish waits on. The warehouse is reached through the
`current` link that each publish replaces; cached results are keyed on the file the link
resolves to (path, inode, mtime), so the first interaction after a publish reads the new
build while the old one stays cached until evicted.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import polars as pl
import streamlit as st

from pipeline.home import DataHome
from pipeline.sql import connect_read_only


class WarehouseVersion(NamedTuple):
    """Identity of one published warehouse file (what the `current` link points at now)."""

    path: str
    inode: int
    mtime_ns: int


def home() -> DataHome:
    return DataHome.resolve(os.environ.get("STARBOARD_HOME"))


def warehouse_path() -> Path:
    return home().warehouse


def warehouse_version() -> WarehouseVersion | None:
    """The resolved target of the published link; changes whenever a publish swaps builds."""
    try:
        target = warehouse_path().resolve(strict=True)
        stat = target.stat()
    except (FileNotFoundError, RuntimeError, OSError):
        return None
    return WarehouseVersion(str(target), stat.st_ino, stat.st_mtime_ns)


# cache_resource, not cache_data: the same frame is handed out without a copy (Polars frames are
# not changed in place by the pages), which keeps a rerun on 10,000 raises well under a second
@st.cache_resource(show_spinner=False, max_entries=256)
def _query(sql: str, params: tuple[Any, ...], version: WarehouseVersion) -> pl.DataFrame:
    con = connect_read_only(Path(version.path))
    try:
        return con.sql(sql, params=list(params) if params else None).pl()
    finally:
        con.close()


def current_version() -> WarehouseVersion:
    version = warehouse_version()
    if version is None:
        raise FileNotFoundError(str(warehouse_path()))
    return version


def query(sql: str, *params: Any) -> pl.DataFrame:
    """Rows of one read-only query on the published warehouse, cached per warehouse build."""
    return _query(sql, tuple(params), current_version())


T = TypeVar("T")


def per_build(fn: Callable[[], T]) -> Callable[[], T]:
    """Memoise a small lookup built from the warehouse once per published build.

    Label maps and column lists are read thousands of times a run; a dictionary lookup keyed
    on the build is a thousand times cheaper than a cache_data round trip.
    """
    cached = lru_cache(maxsize=4)(lambda version: fn())

    @wraps(fn)
    def wrapper() -> T:
        return cached(current_version())

    return wrapper


@per_build
def relation_columns() -> dict[str, list[str]]:
    """Every table and view of the warehouse with its columns, in column order."""
    frame = query(
        """SELECT table_name, column_name FROM duckdb_columns()
           WHERE NOT internal AND schema_name = 'main' ORDER BY table_name, column_index"""
    )
    out: dict[str, list[str]] = {}
    for table, column in frame.iter_rows():
        out.setdefault(table, []).append(column)
    return out


def has_relation(name: str) -> bool:
    return name in relation_columns()


def columns_of(name: str) -> list[str]:
    return relation_columns().get(name, [])


def dictionary() -> pl.DataFrame:
    """Tables, views and columns with the warehouse's own comments: the data dictionary."""
    return query(
        """SELECT c.table_name, coalesce(t.kind, 'view') AS kind, t.comment AS table_comment,
                  c.column_name, c.data_type, c.comment, c.column_index
           FROM duckdb_columns() c
           LEFT JOIN (SELECT table_name AS name, 'table' AS kind, comment FROM duckdb_tables()
                      WHERE NOT internal AND schema_name = 'main'
                      UNION ALL
                      SELECT view_name, 'view', comment FROM duckdb_views()
                      WHERE NOT internal AND schema_name = 'main') t ON t.name = c.table_name
           WHERE NOT c.internal AND c.schema_name = 'main'
           ORDER BY kind, c.table_name, c.column_index"""
    )


def build_info() -> dict[str, str]:
    if not has_relation("build_info"):
        return {}
    return {k: v for k, v in query("SELECT key, value FROM build_info").iter_rows()}
