"""What the Filing and Benchmark pages show of a raise after its plan: where it stands (issued,
withdrawn, or not issued as of its latest filing), its timeline from plan to last report, each
project's spending against its calendar, the notices that changed it, and its spend and delay
metrics against peers. Every statement is drawn from the raise's own filings (offerings.status
and the document it rests on); nothing is said where the filings say nothing.
"""
from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from dashboard import charts, dq_marks, fmt, peers, queries
from dashboard.common import show_table
from dashboard.i18n import settings, t, term

#: lanes of the timeline chart, in the order a raise goes through them
EVENTS = ("plan", "raised", "reallocated", "spent", "delayed", "changed", "completed", "withdrawn")


def status_text(status: dict[str, Any] | None) -> str:
    """One sentence on where the raise stands, from the filing the status rests on."""
    if not status:
        return ""
    kind = status["status"]
    date = status["status_date"] or "—"
    title = status["status_title"] or status["status_document_id"] or "—"
    if kind == "withdrawn":
        return t("after.status_withdrawn", date=date, title=title)
    if kind == "issued" and status["gross_wan"] is not None:
        return t("after.status_issued", date=status["received_date"] or date, gross=fmt.wan(status["gross_wan"]),
                 cap=fmt.wan(status["cap_wan"]), share=fmt.share(status["raised_share_of_cap"]),
                 net=fmt.wan(status["net_wan"]), title=title)
    if kind == "issued":
        return t("after.status_issued_plain", date=date, title=title)
    return t("after.status_planned", title=title, stage=status["status_stage"] or "—", date=date)


def _event_text(e: dict[str, Any]) -> str:
    values = {
        "stage": e["stage"] or "", "amount": fmt.wan(e["amount_wan"]), "base": fmt.wan(e["base_wan"]),
        "share": fmt.share(e["share"]), "project": e["project"] or "—", "new_project": e["new_project"] or "—",
        "old": e["old_ready_date"] or "—", "new": e["new_ready_date"] or "—",
        "to_wc": t("after.to_wc") if e["to_working_capital"] else "",
    }
    return t(f"after.event_text.{e['event']}", **values)


def timeline_frame(events: pl.DataFrame) -> pl.DataFrame:
    """The events as the chart and the table show them: a lane, a date, a sentence."""
    rows = [{"event_no": e["event_no"], "date": e["event_date"], "lane": t(f"after.event.{e['event']}"),
             "short": (e["stage"] or fmt.wan(e["amount_wan"])) if e["event"] in ("plan", "raised", "reallocated")
             else fmt.share(e["share"]) if e["event"] == "spent" else "",
             "detail": _event_text(e), "title": e["title"] or e["document_id"]}
            for e in events.iter_rows(named=True)]
    schema = {"event_no": pl.Int32, "date": pl.Date, "lane": pl.String, "short": pl.String, "detail": pl.String,
              "title": pl.String}
    return pl.DataFrame(rows, schema=schema)


def filing_section(offering: dict[str, Any]) -> None:
    """The Filing page's view of the raise after its plan (nothing in a warehouse that lacks it)."""
    if not queries.has_after_raise():
        return
    st.subheader(t("after.title"))
    status = queries.raise_status(offering["offering_id"])
    text = status_text(status)
    events = queries.raise_timeline(offering["offering_id"])
    after = events.filter(pl.col("event") != "plan") if events.height else events
    if after.is_empty():
        st.info(text)
        return
    (st.warning if status and status["status"] == "withdrawn" else st.success)(text)
    if status and status["raised_evidence"]:
        st.caption(t("after.raised_evidence", page=status["raised_page"] or "?", text=status["raised_evidence"]))
    frame = timeline_frame(events)
    lanes = [t(f"after.event.{e}") for e in EVENTS]
    st.altair_chart(charts.raise_timeline(frame, lanes, t("col.date")), width="stretch")
    show_table(frame.drop("short"), column_config={
        "event_no": st.column_config.NumberColumn("#", format="%d", width="small"),
        "date": st.column_config.DateColumn(t("col.date")), "lane": t("after.col.event"),
        "detail": st.column_config.TextColumn(t("after.col.detail"), width="large"), "title": t("col.title"),
    }, key=f"after-events-{offering['offering_id']}")
    _schedule(offering["offering_id"])
    _changes(offering["offering_id"])


def _schedule(offering_id: str) -> None:
    schedule = queries.project_schedule(offering_id)
    st.markdown(f"**{t('after.schedule')}**")
    if schedule.is_empty():
        st.caption(t("after.no_reports"))
        return
    reasons = pl.col("reasons").list.eval(
        pl.element().replace_strict({r: t(f"after.reason.{r}") for r in ("pushed_back", "ready_date_passed",
                                                                         "behind_on_spend")},
                                    default=pl.element(), return_dtype=pl.String)).list.join(t("common.list_sep"))
    table = schedule.select(
        dq_marks.mark_expr(), "project", "period_end", "commitment_wan", "invested_to_date_wan", "spend_share",
        "months_since_received", "construction_months", "elapsed_share", "spend_gap",
        pl.coalesce("latest_ready_date", "ready_date").alias("ready_date"), "first_ready_date",
        reasons.alias("behind"), "evidence_page", pl.col("evidence_text").str.replace_all("\t", " │ "), "dq_reason",
    )
    show_table(table, column_config={
        "project": t("col.project"), "period_end": st.column_config.DateColumn(t("after.col.period_end")),
        "commitment_wan": st.column_config.NumberColumn(t("after.col.commitment"), format="accounting"),
        "invested_to_date_wan": st.column_config.NumberColumn(t("after.col.invested"), format="accounting"),
        "spend_share": st.column_config.NumberColumn(t("after_kpi.spend_share"), format="percent"),
        "months_since_received": st.column_config.NumberColumn(t("after.col.months"), format="%.1f"),
        "construction_months": st.column_config.NumberColumn(t("kpi.construction_months_max"), format="%d"),
        "elapsed_share": st.column_config.NumberColumn(t("after.col.elapsed"), format="percent"),
        "spend_gap": st.column_config.NumberColumn(t("after_kpi.spend_gap"), format="percent"),
        "ready_date": st.column_config.DateColumn(t("after.col.ready")),
        "first_ready_date": st.column_config.DateColumn(t("after.col.first_ready")),
        "behind": t("after.col.behind"),
        "evidence_page": st.column_config.NumberColumn(t("col.page"), format="%d", width="small"),
        "evidence_text": st.column_config.TextColumn(t("col.evidence"), width="large"),
        **dq_marks.column_config(),
    }, key=f"after-schedule-{offering_id}")
    st.caption(t("after.schedule_note"))


def _changes(offering_id: str) -> None:
    changes = queries.raise_changes(offering_id)
    if changes.is_empty():
        return
    st.markdown(f"**{t('after.changes')}**")
    table = changes.select(
        dq_marks.mark_expr(), "notice_date", pl.col("kind").replace_strict(
            {k: t(f"after.change.{k}") for k in ("reallocation", "delay", "change_of_use", "completion")},
            default=pl.col("kind"), return_dtype=pl.String),
        "project", "committed_before_wan", "committed_after_wan", "amount_wan", "new_project",
        pl.when(pl.col("to_working_capital")).then(pl.lit("✓")).otherwise(pl.lit("")).alias("to_working_capital"),
        "old_ready_date", "new_ready_date", "title", "evidence_page",
        pl.col("evidence_text").str.replace_all("\t", " │ "), "dq_reason",
    )
    show_table(table, column_config={
        "notice_date": st.column_config.DateColumn(t("col.date")), "kind": t("after.col.change"),
        "project": t("col.project"),
        "committed_before_wan": st.column_config.NumberColumn(t("after.col.before"), format="accounting"),
        "committed_after_wan": st.column_config.NumberColumn(t("after.col.after"), format="accounting"),
        "amount_wan": st.column_config.NumberColumn(t("after.col.moved"), format="accounting"),
        "new_project": t("after.col.new_project"), "to_working_capital": t("after.col.to_wc"),
        "old_ready_date": st.column_config.DateColumn(t("after.col.old_ready")),
        "new_ready_date": st.column_config.DateColumn(t("after.col.new_ready")), "title": t("col.title"),
        "evidence_page": st.column_config.NumberColumn(t("col.page"), format="%d", width="small"),
        "evidence_text": st.column_config.TextColumn(t("col.evidence"), width="large"),
        **dq_marks.column_config(),
    }, key=f"after-changes-{offering_id}")


def benchmark_section(focal: dict[str, Any], metrics: pl.DataFrame, peer_ids: list[str], peer_set: str) -> None:
    """The focal's spend and delay metrics against the peers that have them; where the focal has
    none, what its filings say instead."""
    if not queries.has_after_raise():
        return
    kpis = settings()["after_kpi"]
    ranks = peers.rank_all(metrics, focal["offering_id"], peer_ids, [k["column"] for k in kpis])
    with_values = {r.peer_count for r in ranks.values()}
    st.subheader(t("after.bench_title", set=t(f"peer_set.{peer_set}"), n=max(with_values, default=0)))
    status = queries.raise_status(focal["offering_id"])
    state = (status or {}).get("status") or "planned"
    if all(r.focal_value is None for r in ranks.values()):
        st.info(t("after.bench_focal", name=focal["short_name"], year=focal["plan_year"],
                  type=term("offering_type", focal["offering_type"]), status=status_text(status)))
    per_row = int(settings()["peers"].get("kpis_per_row", 4))
    columns = [c for start in range(0, len(kpis), per_row) for c in st.columns(per_row)][:len(kpis)]
    for column, kpi in zip(columns, kpis, strict=True):
        r = ranks[kpi["column"]]
        median = fmt.metric_value(kpi["format"], r.peer_median)
        if r.percentile is not None:
            delta, description = fmt.percentile(r.percentile), t("bench.pct_of", n=r.peer_count, median=median)
        elif r.focal_value is None:
            delta = t(f"after.no_value.{state}")
            description = t("bench.peer_median_n", n=r.peer_count, median=median) if r.peer_count else ""
        else:
            delta, description = t("bench.no_peer_values"), ""
        column.metric(t(f"after_kpi.{kpi['column']}"), fmt.metric_value(kpi["format"], r.focal_value), delta=delta,
                      delta_color="off", delta_arrow="off", delta_description=description or None, border=True,
                      help=t(f"after_kpi_help.{kpi['column']}"))
    st.caption(t("after.bench_note"))
