"""Benchmark (landing page): one raise — by default 云从科技's 2023 large-model raise — against
a peer set, from the first announced plan to the latest, down to the budget mix, and after the
money arrived: how fast it is spent and how late its projects are, where its filings say."""
from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from dashboard import after_raise, charts, dq_marks, fmt, peers, queries, url_state
from dashboard.common import (
    change_text,
    default_focal,
    filing_link,
    filing_url_expr,
    highlight_rows,
    offering_labels,
    open_selected_filing,
    require_warehouse,
    show_table,
    tax,
    term_expr,
    themes_expr,
    themes_text,
)
from dashboard.i18n import lang, settings, t, term


def render() -> None:
    st.title(t("bench.title"))
    if not require_warehouse():
        return
    offerings = queries.offerings()
    metrics = queries.peer_metrics()
    ids = offerings.get_column("offering_id").to_list()
    labels = offering_labels()

    left, _ = st.columns([1, 1])
    default = default_focal(offerings)
    url_state.seed("focal", set(ids), default)
    focal_id = left.selectbox(t("bench.focal"), ids, format_func=labels.get, key="focal") or default
    url_state.publish("focal", focal_id, default)
    focal = offerings.filter(pl.col("offering_id") == focal_id).row(0, named=True)
    named_sets = queries.peer_sets(focal_id)
    set_names = settings()["peers"]["sets"]
    default_set = settings()["peers"]["default"]
    url_state.seed("peers", set(set_names), default_set)
    peer_set = st.segmented_control(t("bench.peer_set"), set_names,
                                    format_func=lambda s: f"{t(f'peer_set.{s}')} · {len(named_sets.get(s, []))}"
                                    if s != "manual" else t("peer_set.manual"),
                                    key="peers", required=True) or default_set
    url_state.publish("peers", peer_set, default_set)
    if peer_set == "manual":
        suggested = named_sets.get(settings()["peers"]["default"], [])[:10]
        peer_ids = st.multiselect(t("bench.manual_pick"), [i for i in ids if i != focal_id], default=suggested,
                                  format_func=labels.get, key=f"manual-{focal_id}")
    else:
        peer_ids = named_sets.get(peer_set, [])
    st.caption(t(f"peer_set_help.{peer_set}"))

    _hero(focal, offerings, peer_ids)
    if not peer_ids:
        st.warning(t("bench.no_peers", set=t(f"peer_set.{peer_set}")))
    _kpis(focal, metrics, peer_ids, peer_set)
    after_raise.benchmark_section(focal, metrics, peer_ids, peer_set)
    _charts(focal, metrics, peer_ids, labels)
    _peer_table(focal, offerings, peer_ids)


def _hero(focal: dict[str, Any], offerings: pl.DataFrame, peer_ids: list[str]) -> None:
    """Who the focal raise is, what it first announced, what it is now and what changed."""
    versions = queries.versions(focal["offering_id"])
    changes = queries.changes(focal["offering_id"])
    with st.container(border=True):
        st.subheader(t("bench.hero", name=focal["short_name"], code=focal["code"], year=focal["plan_year"],
                       type=term("offering_type", focal["offering_type"])))
        st.caption(t("bench.hero_sub", themes=themes_text(focal["themes"]), stage=focal["stage"] or "—",
                     industry=focal["industry"] or t("common.unknown")))
        dq_marks.note(focal, t("dq.note_offering"))
        first = versions.row(0, named=True) if versions.height else {}
        c1, c2, c3, c4 = st.columns([4, 4, 2, 2])
        first_rank = peers.rank("first_raise_wan", focal["first_raise_wan"], offerings.filter(
            pl.col("offering_id").is_in(peer_ids)).get_column("first_raise_wan").to_list())
        c1.metric(t("bench.first_cap"), fmt.wan(focal["first_raise_wan"]),
                  delta=t("bench.as_of", stage=first.get("stage") or "—", date=first.get("version_date") or "—"),
                  delta_color="off", delta_arrow="off", border=True, help=t("bench.first_cap_help"),
                  delta_description=t("bench.first_cap_rank", pct=fmt.percentile(first_rank.percentile))
                  if first_rank.percentile is not None else None)
        change = focal["raise_change_wan"]
        ratio = (change / focal["first_raise_wan"]) if change is not None and focal["first_raise_wan"] else None
        c2.metric(t("bench.latest_cap"), fmt.wan(focal["raise_wan"]),
                  delta=f"{fmt.signed_wan(change)} ({fmt.signed_share(ratio)})" if change else None,
                  delta_color="normal", border=True,
                  help=t("bench.latest_cap_help", stage=focal["revision"] or focal["stage"] or "—",
                         date=focal["version_date"]))
        c3.metric(t("bench.versions"), fmt.count(focal["version_count"]), border=True,
                  delta=t("bench.documents", n=focal["document_count"]), delta_color="off", delta_arrow="off")
        c4.metric(t("bench.projects"), fmt.count(focal["project_count"]), border=True,
                  delta=t("bench.latest_plan"), delta_color="off", delta_arrow="off")
        stated = focal["latest_stated_raise_wan"]
        if stated is not None and focal["raise_wan"] is not None and abs(stated - focal["raise_wan"]) >= 0.005:
            st.caption(t("bench.latest_stated", cap=fmt.wan(stated)))
        if versions.height:
            chain = " → ".join(
                f"**{v['stage']}** {v['version_date']} · {fmt.wan(v['raise_wan'])} {t('common.wan')}"
                for v in versions.iter_rows(named=True))
            st.markdown(f"{t('bench.chain')}: {chain}")
        if changes.height:
            st.markdown("\n".join(f"- {change_text(c)}" for c in changes.iter_rows(named=True)))
        elif versions.height > 1:
            st.caption(t("bench.no_changes"))
        filing_link(focal["offering_id"], t("bench.open_filing"))


def _kpis(focal: dict[str, Any], metrics: pl.DataFrame, peer_ids: list[str], peer_set: str) -> None:
    kpis = settings()["kpi"]
    ranks = peers.rank_all(metrics, focal["offering_id"], peer_ids, [k["column"] for k in kpis])
    st.subheader(t("bench.kpis", set=t(f"peer_set.{peer_set}"), n=len(peer_ids)))
    focal_metrics = metrics.filter(pl.col("offering_id") == focal["offering_id"])
    detail = focal_metrics.row(0, named=True) if focal_metrics.height else {}
    per_row = int(settings()["peers"].get("kpis_per_row", 4))
    columns = [c for start in range(0, len(kpis), per_row) for c in st.columns(per_row)][:len(kpis)]
    for column, kpi in zip(columns, kpis, strict=True):
        r = ranks[kpi["column"]]
        median = fmt.metric_value("count" if kpi["format"] == "wan" else kpi["format"], r.peer_median)
        if r.percentile is not None:
            delta, description = fmt.percentile(r.percentile), t("bench.pct_of", n=r.peer_count, median=median)
        elif r.focal_value is None:
            delta, description = t("bench.no_value"), t("bench.peer_median_n", n=r.peer_count, median=median)
        else:
            delta, description = t("bench.no_peer_values"), ""
        column.metric(t(f"kpi.{kpi['column']}"), fmt.metric_value(kpi["format"], r.focal_value), delta=delta,
                      delta_color="off", delta_arrow="off", delta_description=description or None, border=True,
                      help=t(f"kpi_help.{kpi['column']}"))
    if detail and detail.get("detail_document_id") and detail.get("detail_document_id") != detail.get("document_id"):
        source = queries.timeline(focal["offering_id"]).filter(
            pl.col("document_id") == detail["detail_document_id"])
        if source.height:
            row = source.row(0, named=True)
            st.caption(t("bench.budget_basis", stage=row["stage"], date=row["version_date"],
                         cap=fmt.wan(row["raise_wan"]), title=row["title"]))


def _bar_label(row: dict[str, Any], focal_id: str) -> str:
    star = "★ " if row["offering_id"] == focal_id else ""
    flag = f" {dq_marks.MARK}" if dq_marks.is_flagged(row) else ""
    return f"{star}{row['short_name']} {row['plan_year']}{flag}"


def _mix_frame(metrics: pl.DataFrame, columns: tuple[str, ...], field: str, prefix: str, focal_id: str,
               chart_ids: list[str], peer_ids: list[str]) -> tuple[pl.DataFrame, list[str], list[str]]:
    """Long frame (bar, category, share) for the focal, the peer median and each charted peer."""
    rows: list[dict[str, Any]] = []
    order: list[str] = []
    shown = metrics.filter(pl.col("offering_id").is_in([focal_id, *chart_ids]))
    by_id = {r["offering_id"]: r for r in shown.iter_rows(named=True)}
    without: list[str] = []

    def add(bar: str, shares: dict[str, Any]) -> None:
        values = {c: shares.get(c) for c in columns}
        if all(v is None for v in values.values()):
            return
        order.append(bar)
        rows.extend({"bar": bar, "category": tax(field, c.removeprefix(prefix)), "share": float(v)}
                    for c, v in values.items() if v)

    for oid in [focal_id, "__median__", *chart_ids]:
        if oid == "__median__":
            median = peers.median_mix(metrics.filter(pl.col("offering_id").is_in(peer_ids)), columns)
            if median:
                add(t("bench.peer_median"), median)
            continue
        row = by_id.get(oid)
        if row is None:
            continue
        before = len(order)
        add(_bar_label(row, focal_id), row)
        if len(order) == before and oid != focal_id:
            without.append(f"{row['short_name']} {row['plan_year']}")
    frame = pl.DataFrame(rows, schema={"bar": pl.String, "category": pl.String, "share": pl.Float64})
    return frame, order, without


def _charts(focal: dict[str, Any], metrics: pl.DataFrame, peer_ids: list[str], labels: dict[str, str]) -> None:
    focal_id = focal["offering_id"]
    limit = int(settings()["peers"]["chart_limit"])
    chart_ids = peers.closest_in_size(metrics, focal["raise_wan"], [p for p in peer_ids if p != focal_id], limit)
    note = t("bench.chart_limit", shown=len(chart_ids), n=len(peer_ids)) if len(peer_ids) > len(chart_ids) else ""

    left, right = st.columns(2)
    with left:
        st.markdown(f"#### {t('bench.budget_mix')}")
        frame, order, without = _mix_frame(metrics, peers.BUDGET_SHARES, "budget_category", "share_",
                                           focal_id, chart_ids, peer_ids)
        if frame.is_empty():
            st.info(t("bench.no_budget_mix"))
        else:
            category_order = [tax("budget_category", v) for v in queries.taxonomy_order("budget_category")]
            st.altair_chart(charts.stacked_shares(frame, order, category_order, t("bench.share_of_budget")),
                            width="stretch")
        st.caption(" ".join(x for x in (t("bench.median_note"), note,
                                        t("bench.without_budget", names=t("common.list_sep").join(without)) if without else "") if x))
    with right:
        st.markdown(f"#### {t('bench.scatter')}")
        pool = metrics.filter(pl.col("offering_id").is_in([focal_id, *peer_ids])
                              & pl.col("share_equipment").is_not_null() & pl.col("raise_total_wan").is_not_null())
        if pool.is_empty():
            st.info(t("bench.no_budget_mix"))
        else:
            scatter = pool.select(
                pl.struct("offering_id", "short_name", "plan_year", "dq_status").map_elements(
                    lambda s: _bar_label(s, ""), return_dtype=pl.String).alias("label"),
                pl.col("raise_total_wan").alias("raise_wan"), pl.col("share_equipment").alias("value"),
                (pl.col("offering_id") == focal_id).alias("is_focal"),
            )
            peer_shares = pool.filter(pl.col("offering_id") != focal_id).get_column("share_equipment")
            median = float(peer_shares.median()) if peer_shares.len() else None  # type: ignore[arg-type]
            st.altair_chart(charts.raise_vs_share(scatter, f"★ {focal['short_name']}", t("bench.raise_axis"),
                                                  t("kpi.share_equipment"), median), width="stretch")
            st.caption(t("bench.scatter_note", n=pool.height - int(focal_id in pool["offering_id"]),
                         total=len(peer_ids)))

    st.markdown(f"#### {t('bench.project_types')}")
    frame, order, without = _mix_frame(metrics, peers.TYPE_SHARES, "project_type", "type_share_",
                                       focal_id, chart_ids, peer_ids)
    if frame.is_empty():
        st.info(t("bench.no_project_types"))
    else:
        category_order = [tax("project_type", v) for v in queries.taxonomy_order("project_type")]
        st.altair_chart(charts.stacked_shares(frame, order, category_order, t("bench.share_of_proceeds")),
                        width="stretch")
    st.caption(" ".join(x for x in (t("bench.median_note"), note,
                                    t("bench.without_types", names=t("common.list_sep").join(without)) if without else "") if x))


def _peer_table(focal: dict[str, Any], offerings: pl.DataFrame, peer_ids: list[str]) -> None:
    focal_id = focal["offering_id"]
    st.subheader(t("bench.peer_table", n=len(peer_ids)))
    rows = offerings.filter(pl.col("offering_id").is_in([focal_id, *peer_ids])).with_columns(
        (pl.col("offering_id") == focal_id).alias("_focal")
    ).sort(["_focal", "raise_wan"], descending=[True, True], nulls_last=True)
    ids = rows.get_column("offering_id").to_list()
    table = rows.select(
        pl.when(pl.col("_focal")).then(pl.lit("★")).otherwise(pl.lit("")).alias("focal"),
        dq_marks.mark_expr(), pl.col("short_name"), pl.col("code"), pl.col("plan_year"),
        term_expr("offering_type", "offering_type"),
        pl.col("stage"), pl.col("first_raise_wan"), pl.col("raise_wan"), pl.col("raise_change_wan"),
        pl.col("project_count"), pl.col("share_equipment"), pl.col("share_staff"), pl.col("share_site"),
        pl.col("proceeds_ratio"), pl.col("construction_months_max"),
        term_expr("status", "status"), pl.col("raised_share_of_cap"), pl.col("spend_share"), pl.col("delayed_share"),
        themes_expr(), filing_url_expr().alias("link"), pl.col("dq_reason"),
    )
    config = {
        "focal": st.column_config.TextColumn("", width="small"),
        "short_name": t("col.company"), "code": t("col.code"),
        "plan_year": st.column_config.NumberColumn(t("col.year"), format="%d"),
        "offering_type": t("col.offering_type"), "stage": t("col.stage"),
        "first_raise_wan": st.column_config.NumberColumn(t("col.first_raise"), format="accounting"),
        "raise_wan": st.column_config.NumberColumn(t("col.raise"), format="accounting"),
        "raise_change_wan": st.column_config.NumberColumn(t("col.raise_change"), format="accounting"),
        "project_count": st.column_config.NumberColumn(t("col.projects"), format="%d"),
        "share_equipment": st.column_config.NumberColumn(t("kpi.share_equipment"), format="percent"),
        "share_staff": st.column_config.NumberColumn(t("kpi.share_staff"), format="percent"),
        "share_site": st.column_config.NumberColumn(t("kpi.share_site"), format="percent"),
        "proceeds_ratio": st.column_config.NumberColumn(t("kpi.proceeds_ratio"), format="percent"),
        "construction_months_max": st.column_config.NumberColumn(t("kpi.construction_months_max"), format="%d"),
        "status": t("col.status"),
        "raised_share_of_cap": st.column_config.NumberColumn(t("after_kpi.raised_share_of_cap"), format="percent"),
        "spend_share": st.column_config.NumberColumn(t("after_kpi.spend_share"), format="percent"),
        "delayed_share": st.column_config.NumberColumn(t("after_kpi.delayed_share"), format="percent"),
        "themes": t("col.themes"),
        "link": st.column_config.LinkColumn(t("col.filing"), display_text=t("col.open")),
        **dq_marks.column_config(),
    }
    data: Any = table
    if table.height <= int(settings()["peers"].get("highlight_limit", 2000)):
        data = highlight_rows(table, "focal", "★")
    event = show_table(data, column_config=config, key=f"peer-table-{lang()}",
                         on_select="rerun", selection_mode="single-row")
    st.caption(t("bench.table_hint"))
    flagged = dq_marks.flagged_names(rows)
    if flagged:
        st.caption(t("dq.flagged_in_table", mark=dq_marks.MARK, n=len(flagged),
                     names=t("common.list_sep").join(flagged)))
    open_selected_filing(event, ids)
