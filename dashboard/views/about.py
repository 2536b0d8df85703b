"""About: how fresh the data is (build, last nightly run and its report), how much there is,
where it comes from — and that the bundled demo corpus is rendered from real published figures."""
from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data, fmt, queries
from dashboard.common import show_table
from dashboard.files import corpus_provenance, nightly_reports
from dashboard.i18n import t


def render() -> None:
    st.title(t("about.title"))
    st.markdown(t("about.intro"))
    version = data.warehouse_version()
    st.subheader(t("about.freshness"))
    if version is None:
        st.info(t("empty.no_warehouse", path=str(data.warehouse_path())))
    else:
        info = data.build_info()
        c1, c2, c3, c4 = st.columns(4)
        latest = data.query("SELECT max(version_date)::VARCHAR AS d FROM documents").item()
        c1.metric(t("about.built_at"), info.get("built_at", "—").replace("T", " ")[:16], border=True)
        c2.metric(t("about.latest_document"), latest or "—", border=True)
        c3.metric(t("about.parser_version"), info.get("parser_version", "—"), border=True)
        c4.metric(t("about.taxonomy_version"), info.get("taxonomy_version", "—"), border=True)
        st.caption(t("about.warehouse_file", build=info.get("build_id", "—"), path=version.path))
    _nightly()
    if version is None:
        _corpus(pl.DataFrame())
        return
    st.subheader(t("about.counts"))
    counts = queries.counts()
    columns = st.columns(len(counts) or 1)
    for column, (name, n) in zip(columns, counts.items(), strict=False):
        column.metric(t(f"about.count_{name}"), fmt.count(n), border=True)
    st.subheader(t("about.sources"))
    sources = data.query(
        """SELECT s.source, count(*) AS documents, min(d.version_date) AS first_date, max(d.version_date) AS last_date,
                  count(*) FILTER (WHERE d.parse_status = 'failed') AS unreadable
           FROM documents d, unnest(d.sources) s(source) GROUP BY s.source ORDER BY documents DESC""")
    show_table(sources, column_config={
        "source": t("about.site"), "documents": st.column_config.NumberColumn(t("about.count_documents"), format="%d"),
        "first_date": st.column_config.DateColumn(t("about.first")),
        "last_date": st.column_config.DateColumn(t("about.last")),
        "unreadable": st.column_config.NumberColumn(t("quality.parsed_failed"), format="%d")})
    _corpus(data.query("SELECT code, announcement_id, urls FROM documents"))


def _nightly() -> None:
    st.subheader(t("about.nightly"))
    reports = nightly_reports()
    if not reports:
        st.caption(t("about.no_nightly"))
        return
    latest = reports[0]
    st.caption(t("about.nightly_file", path=str(latest.path), n=len(reports)))
    if latest.kind == "md":
        with st.container(border=True):
            st.markdown(latest.text())
        return
    try:
        payload = latest.data()
    except ValueError as exc:
        st.warning(t("about.nightly_unreadable", error=str(exc)))
        return
    if isinstance(payload, dict):
        facts = {k: v for k, v in payload.items() if isinstance(v, str | int | float | bool) or v is None}
        if facts:
            show_table(pl.DataFrame({"key": list(facts), "value": [str(v) for v in facts.values()]}),
                         hide_index=True, width="stretch",
                         column_config={"key": t("about.fact"), "value": t("about.value")})
    with st.expander(t("about.nightly_full")):
        st.json(payload, expanded=False)


def _corpus(documents: pl.DataFrame) -> None:
    """The demo corpus' sources, and how many of this warehouse's documents came from it."""
    rows = corpus_provenance()
    if not rows:
        return
    st.subheader(t("about.demo_corpus"))
    st.markdown(t("about.demo_intro", n=len(rows), companies=len({r["code"] for r in rows})))
    invented = [r for r in rows if not r["real_figures"]]
    if invented:
        st.markdown(t("about.demo_invented", n=len(invented), companies=len({r["code"] for r in invented}),
                      names="、".join(sorted({r["name"] for r in invented}))))
    if documents.height:
        ids = {(r["code"], r["announcement_id"]) for r in rows}
        from_mirror = sum(
            1 for code, aid, urls in documents.iter_rows()
            if (code, aid) in ids and all("127.0.0.1" in u or "localhost" in u for u in (urls or []))
        )
        st.caption(t("about.demo_in_warehouse", n=from_mirror, total=documents.height))
    table = pl.DataFrame(rows).select("code", "name", "title", "stage", "published", "source_url", "source_title",
                                      "source_note", "note", "real_figures")
    show_table(table, column_config={
        "code": t("col.code"), "name": t("col.company"), "title": t("col.title"), "stage": t("col.stage"),
        "published": t("about.published"), "source_url": st.column_config.LinkColumn(t("about.source_url")),
        "source_title": t("about.source_title"), "source_note": t("about.source_note"), "note": t("about.note"),
        "real_figures": st.column_config.CheckboxColumn(t("about.real_figures"))})
