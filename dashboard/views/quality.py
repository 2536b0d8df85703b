"""Data quality: every build is checked before it goes live (the expectation suites of
expectations/, run with Great Expectations), and `starboard check` re-checks a published one.

The page answers, in order: did the latest run pass, warn or block — and if a build was
blocked, that the data on show is from an earlier build; what each failed expectation asks
and which rows failed it, down to their keys and values; the history of recent runs; the
rows the published build flagged, each linking to its filing; the run's HTML report; and
what every build records about itself (parse warnings, taxonomy coverage).
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import polars as pl
import streamlit as st

from dashboard import data, dq_marks, fmt, quality_runs
from dashboard.common import filing_url_expr, require_warehouse, show_table, term_expr
from dashboard.files import dq_runs_index, home_file
from dashboard.i18n import t, term
from dashboard.quality_runs import Published

# text symbols, not emoji: they print in any font (a headless or bare browser has no emoji font)
OUTCOME_ICON = {"passed": "✓", "warned": "⚠", "blocked": "✖"}
SEVERITY_ICON = {"blocking": "✖", "warning": "⚠"}


def render() -> None:
    st.title(t("quality.title"))
    if not require_warehouse():
        return
    runs = quality_runs.runs()
    pub = quality_runs.published()
    if runs.is_empty():
        st.info(t("quality.no_runs"))
    else:
        _verdict(runs, pub)
        _run(_pick_run(runs), pub)
        _history(runs)
    _flagged(pub)
    _build_checks()


def when(value: Any) -> str:
    """A run's start or a build's time as 'YYYY-MM-DD HH:MM:SS'."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}"
    return str(value).replace("T", " ")


def outcome_label(outcome: str | None) -> str:
    return f"{OUTCOME_ICON.get(outcome or '', '')} {term('dq_outcome', outcome)}".strip()


def _blocking_checks(run: dict[str, Any]) -> list[str]:
    results = quality_runs.results(run)
    if results.is_empty():
        return list(run.get("failed_checks") or [])
    failed = results.filter(~pl.col("success") & (pl.col("severity") == "blocking"))
    return failed.get_column("check_id").to_list()


def _verdict(runs: pl.DataFrame, pub: Published) -> None:
    """One banner: a blocked build since the published one (the data on show is older), else
    the latest run's outcome; then which build is on show and how its own check went."""
    latest = runs.row(0, named=True)
    blocked = quality_runs.newer_blocked(runs, pub)
    if blocked.height:
        last = blocked.row(0, named=True)
        message = t("quality.blocked_banner", when=when(last["started_at"]), build=last["build_id"] or "—",
                    checks=", ".join(_blocking_checks(last)) or "—", published=pub.build_id or "—",
                    built=when(pub.built_at))
        if blocked.height > 1:
            message += " " + t("quality.blocked_more", n=blocked.height)
        st.error(message, icon=":material/block:")
    elif latest["outcome"] == "warned":
        st.warning(t("quality.warned_banner", kind=term("run_kind", latest["run_kind"]),
                     when=when(latest["started_at"]), n=latest["failed_warning"],
                     checks=", ".join(latest["failed_checks"] or []), rows=fmt.count(latest["failing_rows"])),
                   icon=":material/warning:")
    else:
        st.success(t("quality.passed_banner", kind=term("run_kind", latest["run_kind"]),
                     when=when(latest["started_at"]), n=latest["expectations"]), icon=":material/check_circle:")
    st.caption(t("quality.published", build=pub.build_id or "—", built=when(pub.built_at), run=pub.run_id or "—",
                 outcome=outcome_label(pub.outcome) if pub.outcome else "—"))


def _run_option(row: dict[str, Any]) -> str:
    return t("quality.run_option", when=when(row["started_at"]), kind=term("run_kind", row["run_kind"]),
             outcome=outcome_label(row["outcome"]), state=term("build_state", row["build_state"]))


def _pick_run(runs: pl.DataFrame) -> dict[str, Any]:
    by_id = {r["run_id"]: r for r in runs.iter_rows(named=True)}
    ids = list(by_id)
    # keyed on the newest run: a run arriving (a build, a check) opens on it again
    chosen = st.selectbox(t("quality.pick_run"), ids, key=f"dq-run-{ids[0]}", format_func=lambda i: _run_option(by_id[i]),
                          help=t("quality.pick_run_help"))
    return by_id[chosen or ids[0]]


def _run(run: dict[str, Any], pub: Published) -> None:
    st.subheader(t("quality.run_title", when=when(run["started_at"]), kind=term("run_kind", run["run_kind"])))
    c = st.columns(6)
    c[0].metric(t("quality.outcome"), term("dq_outcome", run["outcome"]), border=True,
                delta=term("build_state", run["build_state"]), delta_color="off", delta_arrow="off")
    c[1].metric(t("quality.expectations"), fmt.count(run["expectations"]), border=True,
                delta=t("quality.passed_n", n=fmt.count(run["passed"])), delta_color="off", delta_arrow="off")
    c[2].metric(t("quality.failed_blocking"), fmt.count(run["failed_blocking"]), border=True,
                help=t("quality.failed_blocking_help"))
    c[3].metric(t("quality.failed_warning"), fmt.count(run["failed_warning"]), border=True,
                help=t("quality.failed_warning_help"))
    c[4].metric(t("quality.failing_rows"), fmt.count(run["failing_rows"]), border=True,
                help=t("quality.failing_rows_help"))
    c[5].metric(t("quality.flagged_rows"), fmt.count(run["flagged_rows"]), border=True,
                help=t("quality.flagged_rows_help"))
    st.caption(t("quality.run_meta", run=run["run_id"], build=run["build_id"] or "—",
                 seconds=f"{run['seconds']:.1f}" if run["seconds"] is not None else "—",
                 gx=run["gx_version"] or "—", digest=(run["suites_digest"] or "—")[:12]))
    if run["build_state"] == "blocked":
        st.caption(t("quality.run_never_published", published=pub.build_id or "—"))
    _report(run)
    results = quality_runs.results(run)
    failed = quality_runs.failed_first(results)
    st.markdown(f"#### {t('quality.failed_title', n=failed.height, total=results.height)}")
    if results.is_empty():
        st.caption(t("quality.no_results"))
    elif failed.is_empty():
        st.success(t("quality.all_passed", n=results.height))
    else:
        show_table(_results_table(failed), column_config=_results_config())
        _inspect(run, failed)
    with st.expander(t("quality.all_expectations", n=results.height)):
        if results.height:
            show_table(_results_table(results.sort(["success", "suite", "check_id"])), column_config=_results_config())


def _report(run: dict[str, Any]) -> None:
    """The run's self-contained HTML report: a download, and its path to open on this machine."""
    path = home_file(run["report_path"])
    if path is None:
        st.caption(t("quality.no_report", path=run["report_path"] or "—"))
        return
    left, right = st.columns([1, 3], vertical_alignment="center")
    left.download_button(t("quality.report_download"), data=path.read_bytes, file_name=f"starboard-dq-{run['run_id']}.html",
                         mime="text/html", on_click="ignore", icon=":material/download:", key=f"dq-report-{run['run_id']}")
    index = dq_runs_index()
    right.caption(t("quality.report_path", uri=path.as_uri())
                  + (" " + t("quality.report_index", uri=index.as_uri()) if index is not None else ""))


def _results_table(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(
        pl.col("severity").replace_strict({k: f"{v} {term('severity', k)}" for k, v in SEVERITY_ICON.items()},
                                          default=pl.col("severity"), return_dtype=pl.String),
        pl.when(pl.col("success")).then(pl.lit("✓")).otherwise(pl.lit("✗")).alias("success"),
        "check_id", "failing_rows", "checked_rows", "failing_percent", "description", "flags", "error",
    )


def _results_config() -> dict[str, Any]:
    return {
        "severity": st.column_config.TextColumn(t("quality.severity"), width="small"),
        "success": st.column_config.TextColumn(t("quality.passed"), width="small"),
        "check_id": t("quality.check"), "description": st.column_config.TextColumn(t("quality.description"), width="large"),
        "failing_rows": st.column_config.NumberColumn(t("quality.failing_rows"), format="%d"),
        "checked_rows": st.column_config.NumberColumn(t("quality.checked_rows"), format="%d"),
        "failing_percent": st.column_config.NumberColumn(t("quality.failing_percent"), format="%.2f%%"),
        "flags": st.column_config.ListColumn(t("quality.flags"), help=t("quality.flags_help")),
        "error": t("quality.error"),
    }


def _inspect(run: dict[str, Any], failed: pl.DataFrame) -> None:
    """One failed expectation in full: what it asked with which arguments, and every failing row."""
    by_check = {r["check_id"]: r for r in failed.iter_rows(named=True)}
    check = st.selectbox(
        t("quality.inspect"), list(by_check), key=f"dq-inspect-{run['run_id']}",
        format_func=lambda c: t("quality.inspect_option", icon=SEVERITY_ICON.get(by_check[c]["severity"], ""),
                                check=c, n=fmt.count(by_check[c]["failing_rows"])))
    r = by_check[check or next(iter(by_check))]
    with st.container(border=True):
        st.markdown(f"{SEVERITY_ICON.get(r['severity'], '')} **{r['check_id']}** · {term('severity', r['severity'])} — "
                    f"{r['description']}")
        st.caption(t("quality.inspect_meta", type=r["expectation_type"], suite=r["suite"],
                     columns=", ".join(r["columns"] or []) or "—",
                     flags=", ".join(term("dq_table", f) for f in r["flags"] or []) or "—"))
        if r["error"]:
            st.error(t("quality.not_evaluated", error=r["error"]))
        rows = quality_runs.failing_rows(r["failing_keys"], r["failing_values"], r["key_columns"])
        if rows.height:
            st.markdown(t("quality.failing_shown", n=fmt.count(rows.height), checked=fmt.count(r["checked_rows"]),
                          pct=f"{r['failing_percent']:.2f}" if r["failing_percent"] is not None else "—"))
            linked = quality_runs.with_raise(rows)
            table = linked.with_columns(filing_url_expr("_offering_id", "_document_id").alias("link")).drop(
                "_offering_id", "_document_id")
            show_table(table, column_config={"link": st.column_config.LinkColumn(t("col.filing"),
                                                                                   display_text=t("col.open"))},
                       key=f"dq-rows-{run['run_id']}-{r['check_id']}")
        elif not r["error"]:
            st.caption(t("quality.no_failing_keys"))
        with st.expander(t("quality.kwargs")):
            st.code(json.dumps(json.loads(r["kwargs"] or "{}"), ensure_ascii=False, indent=2), language="json")


def _history(runs: pl.DataFrame) -> None:
    st.subheader(t("quality.history", n=runs.height))
    table = runs.select(
        "started_at", term_expr("run_kind", "run_kind"), "build_id",
        pl.col("outcome").map_elements(outcome_label, return_dtype=pl.String),
        term_expr("build_state", "build_state"),
        "expectations", "passed", "failed_blocking", "failed_warning", "failing_rows", "flagged_rows",
        "failed_checks", "seconds", "run_id",
    )
    show_table(table, column_config={
        "started_at": st.column_config.DatetimeColumn(t("quality.started_at"), format="YYYY-MM-DD HH:mm:ss"),
        "run_kind": t("quality.run_kind"), "build_id": t("quality.build"), "outcome": t("quality.outcome"),
        "build_state": st.column_config.TextColumn(t("quality.build_state"), help=t("quality.build_state_help")),
        "expectations": st.column_config.NumberColumn(t("quality.expectations"), format="%d"),
        "passed": st.column_config.NumberColumn(t("quality.passed"), format="%d"),
        "failed_blocking": st.column_config.NumberColumn(t("quality.failed_blocking"), format="%d"),
        "failed_warning": st.column_config.NumberColumn(t("quality.failed_warning"), format="%d"),
        "failing_rows": st.column_config.NumberColumn(t("quality.failing_rows"), format="%d"),
        "flagged_rows": st.column_config.NumberColumn(t("quality.flagged_rows"), format="%d"),
        "failed_checks": st.column_config.ListColumn(t("quality.failed_checks"), width="large"),
        "seconds": st.column_config.NumberColumn(t("quality.seconds"), format="%.1f"),
        "run_id": t("quality.run_id"),
    }, key="dq-history")
    st.caption(t("quality.history_note"))


FLAGGED_CONFIG = {
    "offering_id": "col.offering", "document_id": "col.document", "code": "col.code", "short_name": "col.company",
    "plan_year": "col.year", "offering_type": "col.offering_type", "title": "col.title", "kind": "col.kind",
    "version_date": "col.date", "seq": "col.seq", "name": "col.project", "total_investment_wan": "col.total_investment",
    "proceeds_wan": "col.proceeds", "project_seq": "col.project_seq", "line_no": "col.seq", "item": "col.item",
    "amount_wan": "col.amount",
}


def _flagged(pub: Published) -> None:
    """The published build's rows that a warning flagged (dq_status = 'warn'), per table."""
    st.subheader(t("quality.flagged"))
    frames = {table: frame for table in quality_runs.FLAGGED_SQL
              if (frame := quality_runs.flagged(table)) is not None}
    if not frames:
        st.caption(t("quality.no_flag_columns"))
        return
    st.caption(t("quality.flagged_intro", build=pub.build_id or "—", mark=dq_marks.MARK))
    columns = st.columns(len(frames))
    for column, (table, frame) in zip(columns, frames.items(), strict=True):
        column.metric(term("dq_table", table), fmt.count(frame.height), border=True)
    shown = {table: frame for table, frame in frames.items() if frame.height}
    if not shown:
        st.success(t("quality.no_flagged"))
        return
    tabs = st.tabs([f"{dq_marks.MARK} {term('dq_table', table)} · {fmt.count(frame.height)}" for table, frame in shown.items()])
    for tab, (table, frame) in zip(tabs, shown.items(), strict=True):
        with tab:
            out = frame.with_columns(filing_url_expr("offering_id", "document_id").alias("link"))
            out = out.with_columns(term_expr(group, group) for group in ("offering_type", "kind") if group in out.columns)
            config: dict[str, Any] = {c: t(key) for c, key in FLAGGED_CONFIG.items() if c in out.columns}
            config.update({
                "dq_reason": st.column_config.TextColumn(t("dq.reason"), width="large"),
                "link": st.column_config.LinkColumn(t("col.filing"), display_text=t("col.open")),
                **{c: st.column_config.NumberColumn(t(FLAGGED_CONFIG[c]), format="accounting")
                   for c in ("total_investment_wan", "proceeds_wan", "amount_wan") if c in out.columns},
            })
            show_table(out, column_config=config, key=f"dq-flagged-{table}")


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
            "warnings": st.column_config.ListColumn(t("quality.warnings"), width="large")}, key="dq-parse-warnings")
    coverage = data.query("SELECT field, measure, classified, total, share FROM coverage ORDER BY field, measure")
    if coverage.height:
        st.markdown(f"**{t('quality.coverage')}**")
        show_table(coverage, column_config={
            "field": t("quality.field"), "measure": t("quality.measure"),
            "classified": st.column_config.NumberColumn(t("quality.classified"), format="localized"),
            "total": st.column_config.NumberColumn(t("quality.total"), format="localized"),
            "share": st.column_config.NumberColumn(t("col.share"), format="percent")}, key="dq-coverage")
    unmapped = data.query("SELECT field, text, occurrences, documents, amount_wan::DOUBLE AS amount_wan, "
                          "example_document_id, example_page FROM unmapped_items ORDER BY amount_wan DESC NULLS LAST")
    if unmapped.height:
        st.markdown(f"**{t('quality.unmapped')}**")
        show_table(unmapped, column_config={
            "amount_wan": st.column_config.NumberColumn(t("col.amount"), format="accounting")}, key="dq-unmapped")
