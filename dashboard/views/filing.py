"""Filing: one raise — its versions and what changed, what followed the raise (money in,
re-allocated, spent, delayed, changed), its projects and budget lines, every number beside
the page and sentence it was read from, and the source PDF (original URL and the local raw
copy)."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import polars as pl
import streamlit as st

from dashboard import after_raise, dq_marks, fmt, queries, url_state
from dashboard.common import (
    change_text,
    default_focal,
    offering_labels,
    require_warehouse,
    show_table,
    tax_expr,
    term_expr,
    themes_expr,
    themes_text,
)
from dashboard.files import provenance_of, raw_copy
from dashboard.i18n import t, term

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def render() -> None:
    st.title(t("filing.title"))
    if not require_warehouse():
        return
    offerings = queries.offerings()
    labels = offering_labels()
    ids = offerings.get_column("offering_id").to_list()
    default = default_focal(offerings)
    url_state.seed("offering", set(ids), default)
    chosen = st.selectbox(t("filing.offering"), ids, format_func=labels.get, key="offering") or default
    url_state.publish("offering", chosen, None)
    offering = offerings.filter(pl.col("offering_id") == chosen).row(0, named=True)
    timeline = queries.timeline(offering["offering_id"])

    _summary(offering)
    _versions(offering, timeline)
    after_raise.filing_section(offering)
    if timeline.is_empty():
        return
    st.subheader(t("filing.documents"))
    documents = timeline.get_column("document_id").to_list()
    by_id = {r["document_id"]: r for r in timeline.iter_rows(named=True)}
    key = f"document-{offering['offering_id']}"
    _seed_document(key, documents, offering["document_id"] if offering["document_id"] in documents else documents[-1])
    picked = st.selectbox(
        t("filing.document"), documents,
        format_func=lambda d: (f"{dq_marks.MARK} " if dq_marks.is_flagged(by_id[d]) else "") + t(
            "filing.document_label", stage=by_id[d]["stage"], date=by_id[d]["version_date"],
            kind=term("kind", by_id[d]["kind"]), title=by_id[d]["title"] or d),
        key=key,
    )
    _document(by_id[picked], offering, by_id)


def _seed_document(key: str, documents: list[str], default: str) -> None:
    """The document picker opens on ?document=… when a link names one of this raise's documents
    (the Data quality page links flagged projects and budget lines so), else on the latest plan."""
    wanted = st.query_params.get("document")
    if wanted in documents and st.session_state.get("__url__document") != wanted:
        st.session_state[key] = wanted
    elif st.session_state.get(key) not in documents:
        st.session_state[key] = default
    st.session_state["__url__document"] = wanted


def _summary(o: dict[str, Any]) -> None:
    st.subheader(t("bench.hero", name=o["short_name"], code=o["code"], year=o["plan_year"],
                   type=term("offering_type", o["offering_type"])))
    st.caption(t("bench.hero_sub", themes=themes_text(o["themes"]), stage=o["stage"] or "—",
                 industry=o["industry"] or t("common.unknown")))
    dq_marks.note(o, t("dq.note_offering"))
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("bench.first_cap"), fmt.wan(o["first_raise_wan"]), border=True)
    change = o["raise_change_wan"]
    c2.metric(t("bench.latest_cap"), fmt.wan(o["raise_wan"]), delta=fmt.signed_wan(change) if change else None,
              border=True)
    c3.metric(t("bench.versions"), fmt.count(o["version_count"]), border=True,
              delta=t("bench.documents", n=o["document_count"]), delta_color="off", delta_arrow="off")
    c4.metric(t("bench.projects"), fmt.count(o["project_count"]), border=True)


def _versions(o: dict[str, Any], timeline: pl.DataFrame) -> None:
    st.subheader(t("filing.versions"))
    if timeline.is_empty():
        st.info(t("filing.no_documents"))
        return
    table = timeline.select(
        dq_marks.mark_expr(), "chain_position", "version_no", "stage",
        term_expr("kind", "kind"),
        "version_date", "title", "raise_wan", "project_count", "budget_line_count",
        pl.when(pl.col("is_latest")).then(pl.lit("✓")).otherwise(pl.lit("")).alias("is_latest"),
        "parse_status", "dq_reason",
    )
    show_table(table, column_config={
        "chain_position": st.column_config.NumberColumn("#", format="%d", width="small"),
        "version_no": st.column_config.NumberColumn(t("col.version"), format="%d", width="small"),
        "stage": t("col.stage"), "kind": t("col.kind"), "version_date": st.column_config.DateColumn(t("col.date")),
        "title": t("col.title"), "raise_wan": st.column_config.NumberColumn(t("col.cap"), format="accounting"),
        "project_count": st.column_config.NumberColumn(t("col.projects"), format="%d"),
        "budget_line_count": st.column_config.NumberColumn(t("col.budget_lines"), format="%d"),
        "is_latest": st.column_config.TextColumn(t("col.latest_plan"), width="small"),
        "parse_status": t("col.parse_status"), **dq_marks.column_config(),
    })
    changes = queries.changes(o["offering_id"])
    st.markdown(f"**{t('filing.changes')}**")
    if changes.is_empty():
        st.caption(t("filing.no_changes") if o["version_count"] and o["version_count"] > 1
                   else t("filing.single_version"))
    else:
        st.markdown("\n".join(
            f"- {t('filing.change_between', from_stage=c['from_stage'], from_date=c['from_date'], to_stage=c['to_stage'], to_date=c['to_date'])}: {change_text(c)}"
            for c in changes.iter_rows(named=True)))


def _evidence(page: Any, text: Any) -> str:
    if text is None:
        return "—"
    return t("filing.evidence", page=page if page is not None else "?", text=str(text).replace("\t", " │ "))


def _document(d: dict[str, Any], o: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> None:
    with st.container(border=True):
        st.markdown(f"**{d['title'] or d['document_id']}**")
        st.caption(t("filing.document_meta", kind=term("kind", d["kind"]), stage=d["stage"],
                     date=d["version_date"], signed=d["doc_date"] or "—", pages=d["pages"] or "—",
                     status=term("parse_status", d["parse_status"]), id=d["document_id"]))
        dq_marks.note(d, t("dq.note_document"))
        cap = d["raise_wan"]
        st.metric(t("filing.cap_stated"), f"{fmt.wan(cap)} {t('common.wan')}" if cap is not None else "—",
                  help=t("filing.cap_help"))
        if d["raise_total_evidence_text"]:
            st.markdown(t("filing.cap_evidence", printed=d["raise_total_text"] or "—",
                          unit=d["raise_total_unit"] or "—", page=d["raise_total_page"] or "?"))
            st.code(d["raise_total_evidence_text"], language=None, wrap_lines=True)
        _sources(d)
        if d["warnings"]:
            st.warning("\n".join(f"- {w}" for w in d["warnings"]))
        if d["needs_ocr"]:
            st.warning(t("filing.needs_ocr"))

    st.markdown(f"#### {t('filing.projects')}")
    projects = queries.projects(d["document_id"])
    if projects.is_empty():
        st.info(t("filing.no_projects"))
    else:
        table = projects.select(
            dq_marks.mark_expr(), "seq", "name", "proceeds_wan", "total_investment_wan", "evidence_page",
            pl.col("evidence_text").str.replace_all("\t", " │ "), tax_expr("project_type", "type"), themes_expr(),
            "construction_months", "location", "entity",
            pl.struct("total_investment_text", "total_investment_unit", "proceeds_text", "proceeds_unit").map_elements(
                lambda s: f"{s['total_investment_text'] or '—'} / {s['proceeds_text'] or '—'} "
                          f"{s['proceeds_unit'] or s['total_investment_unit'] or ''}".strip(),
                return_dtype=pl.String).alias("printed"), "dq_reason",
        )
        show_table(table, column_config={
            "seq": st.column_config.NumberColumn("#", format="%d", width="small"), "name": t("col.project"),
            "type": t("col.project_type"), "themes": t("col.themes"),
            "total_investment_wan": st.column_config.NumberColumn(t("col.total_investment"), format="accounting"),
            "proceeds_wan": st.column_config.NumberColumn(t("col.proceeds"), format="accounting"),
            "construction_months": st.column_config.NumberColumn(t("kpi.construction_months_max"), format="%d"),
            "location": t("col.location"), "entity": t("col.entity"), "printed": t("col.printed"),
            "evidence_page": st.column_config.NumberColumn(t("col.page"), format="%d", width="small"),
            "evidence_text": st.column_config.TextColumn(t("col.evidence"), width="large"),
            **dq_marks.column_config(),
        })
        total = projects.get_column("proceeds_wan").sum()
        st.caption(t("filing.projects_total", total=fmt.wan(total), cap=fmt.wan(d["raise_wan"])))

    st.markdown(f"#### {t('filing.budget')}")
    lines = queries.budget_lines(d["document_id"])
    detail = o.get("detail_document_id")
    if lines.is_empty() and detail and detail != d["document_id"] and detail in by_id:
        # this document gives no breakdown: show the raise's newest one, and say where it is from
        source = by_id[detail]
        st.info(t("filing.budget_elsewhere", stage=source["stage"], date=source["version_date"],
                  title=source["title"] or detail, cap=fmt.wan(source["raise_wan"])))
        lines = queries.budget_lines(detail)
    if lines.is_empty():
        st.info(t("filing.no_budget"))
        return
    table = lines.with_columns(
        (pl.col("amount_wan") / pl.col("amount_wan").sum().over("project_seq")).alias("share"),
        tax_expr("budget_category", "category"),
        pl.col("evidence_text").str.replace_all("\t", " │ "),
    ).select(dq_marks.mark_expr(), "line_no", "item", "category", "amount_wan", "share", "evidence_page",
             "evidence_text", "proceeds_wan", "amount_text", "amount_unit", "project", "dq_reason")
    show_table(table, column_config={
        "project": t("col.project"), "line_no": st.column_config.NumberColumn("#", format="%d", width="small"),
        "item": t("col.item"), "category": t("col.category"),
        "amount_wan": st.column_config.NumberColumn(t("col.amount"), format="accounting"),
        "share": st.column_config.NumberColumn(t("col.share"), format="percent"),
        "proceeds_wan": st.column_config.NumberColumn(t("col.proceeds"), format="accounting"),
        "amount_text": t("col.printed"), "amount_unit": t("col.unit"),
        "evidence_page": st.column_config.NumberColumn(t("col.page"), format="%d", width="small"),
        "evidence_text": st.column_config.TextColumn(t("col.evidence"), width="large"),
        **dq_marks.column_config(),
    })
    st.caption(t("filing.budget_total", total=fmt.wan(lines.get_column("amount_wan").sum())))


def _sources(d: dict[str, Any]) -> None:
    """The original URL on each site, the local raw copy, and (demo corpus) the public source."""
    urls = list(d["urls"] or [])
    sources = list(d["sources"] or [])
    columns = st.columns(max(1, len(urls)) + 1)
    for i, url in enumerate(urls):
        site = sources[i] if i < len(sources) else ""
        columns[i].link_button(t("filing.original", site=site), url, icon=":material/open_in_new:")
    path = raw_copy(d["local_path"])
    if path is not None:
        columns[-1].download_button(
            t("filing.local_copy", size=f"{path.stat().st_size / 1024:,.0f} KB"), data=path.read_bytes,
            file_name=f"{d['code']}_{path.name}", mime="application/pdf", on_click="ignore",
            icon=":material/download:", key=f"raw-{d['document_id']}")
    else:
        columns[-1].caption(t("filing.no_local_copy", path=d["local_path"] or "—"))
    st.caption(t("filing.raw_meta", path=d["local_path"] or "—", sha=(d["sha256"] or "—")[:16]))
    if urls and all((urlparse(u).hostname or "") in LOOPBACK for u in urls):
        prov = provenance_of(d["code"], d["announcement_id"])
        if prov:
            source = " — ".join(x for x in (prov["source_title"], prov["source_url"]) if x) or "—"
            label = "filing.demo_source" if prov["real_figures"] else "filing.demo_invented"
            st.info(t(label, source=source, note=prov["note"] or ""))
