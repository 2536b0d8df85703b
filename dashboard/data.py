"""Data access for the dashboard: read-only, short-lived, and aware of new publishes.

Every query opens the published warehouse read-only and closes it again, so the dashboard
never holds a lock the nightly publish waits on. Cached results are keyed on the file's
identity (inode + mtime): when a new warehouse is swapped in, the next interaction reads it.
"""
from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import streamlit as st

from pipeline.home import DataHome
from pipeline.sql import connect_read_only


def home() -> DataHome:
    return DataHome.resolve(os.environ.get("STARBOARD_HOME"))


def warehouse_path() -> Path:
    return home().warehouse


def warehouse_version() -> tuple[int, int] | None:
    """Identity of the published file; changes whenever a publish swaps in a new one."""
    try:
        st_ = warehouse_path().stat()
    except FileNotFoundError:
        return None
    return (st_.st_ino, st_.st_mtime_ns)


@st.cache_data(show_spinner=False, max_entries=256)
def _query(sql: str, version: tuple[int, int], path: str) -> pl.DataFrame:
    con = connect_read_only(Path(path))
    try:
        return con.sql(sql).pl()
    finally:
        con.close()


def query(sql: str) -> pl.DataFrame:
    version = warehouse_version()
    if version is None:
        raise FileNotFoundError(str(warehouse_path()))
    return _query(sql, version, str(warehouse_path()))
