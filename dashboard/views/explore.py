"""Explore: every raise, filtered and sorted, downloadable as CSV or Parquet."""
from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from dashboard import dq_marks, fmt, queries
from dashboard.common import (
    download_buttons,
    filing_url_expr,
    open_selected_filing,
    require_warehouse,
    show_table,
    tax,
    term_expr,
    themes_expr,
)
from dashboard.i18n import lang, settings, t, term

SORTS = ("raise_wan", "first_raise_wan", "raise_change_wan", "version_date", "project_count", "share_equipment",
         "code")


def size_buckets() -> list[tuple[str, float, float | None]]:
    """(key, low, high) buckets of settings.toml's size edges, in 万元."""
    edges = [float(e) for e in settings()["explore"]["size_edges"]]
    out = []
    for i, low in enumerate(edges):
        high = edges[i + 1] if i + 1 < len(edges) else None
        out.append((f"{int(low)}-{'' if high is None else int(high)}", low, high))
    return out


def bucket_label(key: str) -> str:
    low, _, high = key.partition("-")
    if not high:
        return t("explore.size_over", low=fmt.count(float(low)))
    return t("explore.size_range", low=fmt.count(float(low)), high=fmt.count(float(high)))


def apply_filters(frame: pl.DataFrame, years: list[int], types: list[str], themes: list[str], sizes: list[str],
                  kinds: list[str], text: str = "", flagged_only: bool = False) -> pl.DataFrame:
    """The rows matching every non-empty filter (an empty filter keeps everything)."""
    out = frame
    if flagged_only:
        out = out.filter(pl.col("dq_status") == "warn")
    if years:
        out = out.filter(pl.col("plan_year").is_in(years))
    if types:
        out = out.filter(pl.col("offering_type").is_in(types))
    if themes:
        out = out.filter(pl.col("themes").list.eval(pl.element().is_in(themes)).list.any())
    if sizes:
        buckets = {k: (lo, hi) for k, lo, hi in size_buckets()}
        condition = pl.lit(False)
        for key in sizes:
            low, high = buckets[key]
            inside = pl.col("raise_wan") >= low
            if high is not None:
                inside = inside & (pl.col("raise_wan") < high)
            condition = condition | inside
        out = out.filter(condition)
    if kinds:
        out = out.filter(pl.col("kind").is_in(kinds))
    if text.strip():
        needle = text.strip()
        out = out.filter(pl.col("short_name").str.contains(needle, literal=True)
                         | pl.col("code").str.contains(needle, literal=True))
    return out


def render() -> None:
    st.title(t("explore.title"))
    if not require_warehouse():
        return
    frame = queries.offerings()
    st.caption(t("explore.intro"))

    def options(column: str) -> list[Any]:
        return sorted(v for v in frame.get_column(column).unique().to_list() if v is not None)

    theme_values = sorted({v for ts in frame.get_column("themes").to_list() for v in (ts or [])})
    with st.container(border=True):
        c1, c2, c3, c4, c5 = st.columns(5)
        years = c1.multiselect(t("explore.year"), options("plan_year"), key="x-year", placeholder=t("explore.any"))
        types = c2.multiselect(t("explore.type"), options("offering_type"), key="x-type", placeholder=t("explore.any"),
                               format_func=lambda v: term("offering_type", v))
        themes = c3.multiselect(t("explore.theme"), theme_values, key="x-theme", placeholder=t("explore.any"),
                                format_func=lambda v: tax("theme", v))
        sizes = c4.multiselect(t("explore.size"), [k for k, _, _ in size_buckets()], key="x-size", placeholder=t("explore.any"),
                               format_func=bucket_label)
        kinds = c5.multiselect(t("explore.kind"), options("kind"), key="x-kind", placeholder=t("explore.any"),
                               format_func=lambda v: term("kind", v))
        s1, s2, s3, s4 = st.columns([2, 2, 1, 1], vertical_alignment="bottom")
        text = s1.text_input(t("explore.search"), key="x-text", placeholder="云从 / 688327")
        sort = s2.selectbox(t("explore.sort"), SORTS, key="x-sort", format_func=lambda c: t(f"sort.{c}"))
        descending = s3.toggle(t("explore.descending"), value=True, key="x-desc")
        n_flagged = frame.filter(pl.col("dq_status") == "warn").height
        flagged_only = s4.toggle(t("dq.only_flagged", mark=dq_marks.MARK, n=fmt.count(n_flagged)), key="x-flagged",
                                 help=t("dq.mark_help"))

    shown = apply_filters(frame, years, types, themes, sizes, kinds, text, flagged_only).sort(
        [sort, "offering_id"], descending=[descending, False], nulls_last=True)
    total = shown.get_column("raise_wan").sum()
    m1, m2, m3 = st.columns(3)
    m1.metric(t("explore.count"), fmt.count(shown.height), delta=t("explore.of", n=fmt.count(frame.height)),
              delta_color="off", delta_arrow="off", border=True)
    m2.metric(t("explore.total"), fmt.wan(total if shown.height else None), border=True)
    m3.metric(t("explore.median"), fmt.wan(shown.get_column("raise_wan").median() if shown.height else None),
              border=True)

    ids = shown.get_column("offering_id").to_list()
    table = shown.select(
        dq_marks.mark_expr(), "short_name", "code", "plan_year",
        term_expr("offering_type", "offering_type"), "stage", term_expr("kind", "kind"),
        "version_date", "first_raise_wan", "raise_wan", "raise_change_wan", "project_count",
        "share_equipment", "share_staff", "share_site", "proceeds_ratio", "construction_months_max",
        themes_expr(), filing_url_expr().alias("link"), "dq_reason",
    )
    config = {
        "short_name": t("col.company"), "code": t("col.code"),
        "plan_year": st.column_config.NumberColumn(t("col.year"), format="%d"),
        "offering_type": t("col.offering_type"), "stage": t("col.stage"), "kind": t("col.kind"),
        "version_date": st.column_config.DateColumn(t("col.version_date")),
        "first_raise_wan": st.column_config.NumberColumn(t("col.first_raise"), format="accounting"),
        "raise_wan": st.column_config.NumberColumn(t("col.raise"), format="accounting"),
        "raise_change_wan": st.column_config.NumberColumn(t("col.raise_change"), format="accounting"),
        "project_count": st.column_config.NumberColumn(t("col.projects"), format="%d"),
        "share_equipment": st.column_config.NumberColumn(t("kpi.share_equipment"), format="percent"),
        "share_staff": st.column_config.NumberColumn(t("kpi.share_staff"), format="percent"),
        "share_site": st.column_config.NumberColumn(t("kpi.share_site"), format="percent"),
        "proceeds_ratio": st.column_config.NumberColumn(t("kpi.proceeds_ratio"), format="percent"),
        "construction_months_max": st.column_config.NumberColumn(t("kpi.construction_months_max"), format="%d"),
        "themes": t("col.themes"),
        "link": st.column_config.LinkColumn(t("col.filing"), display_text=t("col.open")),
        **dq_marks.column_config(),
    }
    event = show_table(table, height=560, column_config=config,
                         key=f"explore-table-{lang()}", on_select="rerun", selection_mode="single-row")
    st.caption(t("explore.hint"))
    if n_flagged:
        st.caption(t("dq.explore_note", mark=dq_marks.MARK, n=fmt.count(n_flagged)))
    open_selected_filing(event, ids)
    export = shown.drop("document_id", "detail_document_id")
    download_buttons(export, "starboard-offerings", "explore")
