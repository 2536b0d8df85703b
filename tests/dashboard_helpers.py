"""Helpers for the dashboard tests: run a page of the real app headless, read the warehouse."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
FOCAL = "688327-specific_targets-2023"


def open_page(page: str | None = None, timeout: float = 90, **query: str) -> AppTest:
    """The app after a first run, switched to `page` (app_pages/<page>.py) and run again."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page is not None:
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, Any]:
    """label -> the metric element (value, delta, proto.delta_description)."""
    return {m.label: m for m in at.metric}


def texts(at: AppTest) -> str:
    """Every markdown, caption, subheader, title, info, warning and error text of the page."""
    parts: list[str] = []
    for kind in ("title", "subheader", "header", "markdown", "caption", "info", "warning", "error", "success"):
        parts.extend(str(e.value) for e in getattr(at, kind))
    return "\n".join(parts)


def sql(home: Path, query: str, *params: Any) -> list[tuple]:
    """Rows of a query on the published warehouse of `home` (read-only, closed at once)."""
    con = duckdb.connect(str((home / "warehouse.duckdb").resolve()), read_only=True)
    try:
        return con.execute(query, list(params)).fetchall()
    finally:
        con.close()


def copy_home(home: Path, target: Path) -> Path:
    """A private copy of a data home (links kept), for tests that publish into it or change it."""
    shutil.copytree(home, target, symlinks=True)
    return target
