"""Data quality: the latest check run (dq_runs, dq_results), the rows it flagged, its Data
Docs, and what every build records about itself (parse warnings, taxonomy coverage).

The check tables are written by `starboard check` (the data-quality issue); until a run
has stored them this page says no checks have run yet. Their columns are read as found,
so a column added to dq_runs or dq_results shows up here without a change to this page.
"""
from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from dashboard import data, fmt
from dashboard.common import require_warehouse, show_table
from dashboard.files import data_docs
from dashboard.i18n import t

RUN_ORDER = ("finished_at", "ended_at", "started_at", "run_at", "created_at", "run_id")
FLAGGED_TABLES = ("documents", "offerings", "projects", "budget_lines", "peer_metrics")
FAILED = ("failed", "fail", "error", "false")


def latest_run() -> dict[str, Any] | None:
    if not data.has_relation("dq_runs"):
        return None
    columns = data.columns_of("dq_runs")
    order = next((c for c in RUN_ORDER if c in columns), None)
    sql = f"SELECT * FROM dq_runs ORDER BY {order} DESC NULLS LAST LIMIT 1" if order else \
        "SELECT * FROM dq_runs LIMIT 1"
    frame = data.query(sql)
    return frame.row(0, named=True) if frame.height else None


def run_results(run: dict[str, Any]) -> pl.DataFrame:
    if not data.has_relation("dq_results"):
        return pl.DataFrame()
    if "run_id" in data.columns_of("dq_results") and run.get("run_id") is not None:
        return data.query("SELECT * FROM dq_results WHERE run_id = ?", run["run_id"])
    return data.query("SELECT * FROM dq_results")


def is_failure(row: dict[str, Any]) -> bool:
    """A result row that did not pass, whichever of success / status / passed it carries."""
    for column in ("success", "passed"):
        if column in row and row[column] is not None:
            return not bool(row[column])
    if row.get("status") is not None:
        return str(row["status"]).lower() in FAILED + ("warn", "warning")
    return False


def flagged_rows() -> dict[str, pl.DataFrame]:
    """Rows a check marked (dq_status other than ok), per table that carries the flag."""
    out = {}
    for table in FLAGGED_TABLES:
        if "dq_status" in data.columns_of(table):
            frame = data.query(f"SELECT * FROM {table} WHERE dq_status IS NOT NULL AND dq_status <> 'ok'")
            if frame.height:
                out[table] = frame
    return out


def render() -> None:
    st.title(t("quality.title"))
    if not require_warehouse():
        return
    run = latest_run()
    if run is None:
        st.info(t("quality.no_checks"))
    else:
        _run(run)
    _build_checks()


def _run(run: dict[str, Any]) -> None:
    st.subheader(t("quality.latest_run"))
    results = run_results(run)
    failures = [r for r in results.iter_rows(named=True) if is_failure(r)]
    c1, c2, c3 = st.columns(3)
    c1.metric(t("quality.run"), str(run.get("run_id", "—")), border=True,
              delta=str(next((run[c] for c in RUN_ORDER[:-1] if run.get(c) is not None), "")) or None,
              delta_color="off", delta_arrow="off")
    c2.metric(t("quality.checks"), fmt.count(results.height), border=True)
    c3.metric(t("quality.failed"), fmt.count(len(failures)), border=True,
              delta=str(run.get("status")) if run.get("status") is not None else None,
              delta_color="off", delta_arrow="off")
    if results.height:
        failed_first = results.with_columns(
            pl.Series("_failed", [is_failure(r) for r in results.iter_rows(named=True)])
        ).sort("_failed", descending=True).drop("_failed")
        show_table(failed_first)
    docs = data_docs(str(run["run_id"]) if run.get("run_id") is not None else None)
    if docs is not None:
        st.download_button(t("quality.data_docs"), data=docs.read_bytes, file_name=f"dq-{docs.parent.name}.html",
                           mime="text/html", on_click="ignore", icon=":material/download:", key="dq-docs")
        st.caption(t("quality.data_docs_path", path=str(docs)))
    else:
        st.caption(t("quality.no_data_docs"))
    flagged = flagged_rows()
    st.subheader(t("quality.flagged"))
    if not flagged:
        st.caption(t("quality.no_flagged"))
    for table, frame in flagged.items():
        with st.expander(t("quality.flagged_in", table=table, n=fmt.count(frame.height))):
            show_table(frame)


def _build_checks() -> None:
    """What the build itself records: unreadable or doubtful parses and taxonomy coverage."""
    st.subheader(t("quality.build_checks"))
    status = data.query(
        """SELECT parse_status, count(*) AS documents, count(*) FILTER (WHERE needs_ocr) AS needs_ocr
           FROM documents GROUP BY parse_status ORDER BY parse_status""")
    counts = {r["parse_status"]: r["documents"] for r in status.iter_rows(named=True)}
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("quality.parsed_ok"), fmt.count(counts.get("ok", 0)), border=True)
    c2.metric(t("quality.parsed_warn"), fmt.count(counts.get("warn", 0)), border=True)
    c3.metric(t("quality.parsed_failed"), fmt.count(counts.get("failed", 0)), border=True)
    c4.metric(t("quality.needs_ocr"), fmt.count(status.get_column("needs_ocr").sum() if status.height else 0),
              border=True)
    warned = data.query(
        """SELECT code, short_name, title, parse_status, warnings, document_id
           FROM documents WHERE parse_status <> 'ok' OR needs_ocr
           ORDER BY parse_status DESC, code, document_id""")
    if warned.height:
        st.markdown(f"**{t('quality.warned_documents')}**")
        show_table(warned, column_config={
            "code": t("col.code"), "short_name": t("col.company"), "title": t("col.title"),
            "parse_status": t("col.parse_status"),
            "warnings": st.column_config.ListColumn(t("quality.warnings"), width="large")})
    coverage = data.query("SELECT field, measure, classified, total, share FROM coverage ORDER BY field, measure")
    if coverage.height:
        st.markdown(f"**{t('quality.coverage')}**")
        show_table(coverage, column_config={
            "field": t("quality.field"), "measure": t("quality.measure"),
            "classified": st.column_config.NumberColumn(t("quality.classified"), format="localized"),
            "total": st.column_config.NumberColumn(t("quality.total"), format="localized"),
            "share": st.column_config.NumberColumn(t("col.share"), format="percent")})
    unmapped = data.query("SELECT field, text, occurrences, documents, amount_wan::DOUBLE AS amount_wan, "
                          "example_document_id, example_page FROM unmapped_items ORDER BY amount_wan DESC NULLS LAST")
    if unmapped.height:
        st.markdown(f"**{t('quality.unmapped')}**")
        show_table(unmapped, column_config={
            "amount_wan": st.column_config.NumberColumn(t("col.amount"), format="accounting")})
