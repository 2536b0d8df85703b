"""SQL: a read-only console over the published warehouse, with examples and the data
dictionary beside it. Queries go through pipeline/sql.py (one SELECT, no file or network
access, configuration locked, row cap, time limit); refusals and errors are messages."""
from __future__ import annotations

import time
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard import data
from dashboard.common import download_buttons, show_table
from dashboard.i18n import lang, settings, t
from pipeline.sql import QueryError, run_query

EXAMPLES_FILE = Path(__file__).resolve().parent.parent / "sql_examples.toml"
TEXT_KEY, RESULT_KEY = "sql-text", "sql-result"


@cache
def examples() -> list[dict[str, str]]:
    return tomllib.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))["example"]


def run(sql: str, row_cap: int, time_limit_s: float) -> dict[str, Any]:
    """One query as the console shows it: rows, or an error message (never a traceback)."""
    started = time.perf_counter()
    try:
        result = run_query(data.warehouse_path(), sql, row_limit=row_cap, timeout_s=time_limit_s)
    except QueryError as exc:
        return {"error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - anything else is still a message for the user
        return {"error": f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"}
    return {"frame": result.frame, "truncated": result.truncated, "seconds": time.perf_counter() - started,
            "row_cap": row_cap}


def _use_example() -> None:
    chosen = st.session_state.get("sql-example")
    if chosen is not None:
        st.session_state[TEXT_KEY] = examples()[chosen]["sql"].strip()


def render() -> None:
    st.title(t("sql.title"))
    if data.warehouse_version() is None:
        st.info(t("empty.no_warehouse", path=str(data.warehouse_path())))
        return
    cfg = settings()["sql"]
    if TEXT_KEY not in st.session_state:
        st.session_state[TEXT_KEY] = examples()[0]["sql"].strip()
    left, right = st.columns([3, 2])
    with left:
        st.caption(t("sql.intro"))
        st.selectbox(t("sql.examples"), range(len(examples())), index=None, key="sql-example",
                     format_func=lambda i: examples()[i][lang()], on_change=_use_example,
                     placeholder=t("sql.pick_example"))
        with st.form("sql-form", border=False):
            sql = st.text_area(t("sql.query"), key=TEXT_KEY, height=180)
            c1, c2, c3 = st.columns([1, 1, 1], vertical_alignment="bottom")
            row_cap = c1.number_input(t("sql.row_cap"), min_value=1, max_value=int(cfg["max_row_cap"]),
                                      value=int(cfg["row_cap"]), step=1000, key="sql-row-cap")
            limit = c2.number_input(t("sql.time_limit"), min_value=0.5, max_value=float(cfg["max_time_limit_s"]),
                                    value=float(cfg["time_limit_s"]), step=1.0, key="sql-time-limit")
            submitted = c3.form_submit_button(t("sql.run"), type="primary", icon=":material/play_arrow:", key="sql-run")
        if submitted:
            st.session_state[RESULT_KEY] = run(sql, int(row_cap), float(limit))
        _result(st.session_state.get(RESULT_KEY))
    with right:
        _dictionary()


def _result(result: dict[str, Any] | None) -> None:
    if not result:
        return
    if "error" in result:
        st.error(t("sql.refused", message=result["error"]), icon=":material/block:")
        return
    frame = result["frame"]
    st.caption(t("sql.rows", n=f"{frame.height:,}", seconds=f"{result['seconds']:.2f}"))
    if result["truncated"]:
        st.warning(t("sql.truncated", cap=f"{result['row_cap']:,}"))
    show_table(frame, key="sql-result-table")
    download_buttons(frame, "starboard-query", "sql")


def _dictionary() -> None:
    st.markdown(f"#### {t('sql.dictionary')}")
    dictionary = data.dictionary()
    names = dictionary.unique("table_name", maintain_order=True)
    choices = names.get_column("table_name").to_list()
    kinds = dict(zip(choices, names.get_column("kind").to_list(), strict=True))
    comments = dict(zip(choices, names.get_column("table_comment").to_list(), strict=True))
    picked = st.selectbox(t("sql.relation"), choices, key="sql-relation",
                          index=choices.index("offering_latest") if "offering_latest" in choices else 0,
                          format_func=lambda n: f"{n} ({kinds[n]})")
    st.caption(comments.get(picked) or "")
    columns = dictionary.filter(dictionary["table_name"] == picked).select("column_name", "data_type", "comment")
    show_table(columns, height=420, column_config={
        "column_name": t("sql.column"), "data_type": t("sql.type"),
        "comment": st.column_config.TextColumn(t("sql.meaning"), width="large")})
    with st.expander(t("sql.all_relations")):
        show_table(names.select("table_name", "kind", "table_comment"),
                     column_config={"table_name": t("sql.relation"), "kind": t("sql.kind"),
                                    "table_comment": st.column_config.TextColumn(t("sql.meaning"), width="large")})
