"""Benchmark: the focal raise (default 云从科技 688327) beside every other filing."""
from __future__ import annotations

import altair as alt
import polars as pl
import streamlit as st

from dashboard.data import query

FOCAL_CODE = "688327"
CATEGORY_LABELS = {
    "site": "场地", "equipment": "设备", "software": "软件", "staff": "人员", "rnd_expense": "研发费用",
    "working_capital": "铺底流动资金", "contingency": "预备费", "other": "其他",
}


def latest_filings() -> pl.DataFrame:
    """The latest parsed filing of each company and offering type: what a comparison uses."""
    return query(
        """
        SELECT * FROM (
            SELECT f.*, row_number() OVER (
                PARTITION BY code, offering ORDER BY published_at DESC, announcement_id DESC) AS rn
            FROM filings f WHERE parse_status <> 'failed' AND raise_total_wan IS NOT NULL
        ) WHERE rn = 1 ORDER BY raise_total_wan DESC
        """
    )


def budget_mix() -> pl.DataFrame:
    return query(
        """
        SELECT f.code, f.short_name, b.category, sum(b.amount_wan)::DOUBLE AS amount_wan
        FROM budget_lines b JOIN filings f USING (source, announcement_id)
        GROUP BY ALL
        """
    )


def render() -> None:
    st.title("募集资金投向对标 · Benchmark")
    filings = latest_filings()
    if filings.is_empty():
        st.info("仓库中还没有可对比的文件。The warehouse has no parsed filings yet: run `starboard demo` or "
                "`starboard crawl && starboard build`.")
        return
    codes = filings["code"].to_list()
    labels = {r["code"]: f"{r['short_name']} ({r['code']}) · {r['kind']}" for r in filings.iter_rows(named=True)}
    default = codes.index(FOCAL_CODE) if FOCAL_CODE in codes else 0
    focal_code = st.selectbox("焦点公司 Focal", codes, index=default, format_func=labels.get)
    focal = filings.filter(pl.col("code") == focal_code).row(0, named=True)
    peers = filings.filter(pl.col("code") != focal_code)

    c1, c2, c3 = st.columns(3)
    c1.metric("募资上限 Raise cap (万元)", f"{float(focal['raise_total_wan']):,.2f}")
    c2.metric("项目数 Projects", int(focal["project_count"] or 0))
    c3.metric("对标公司 Peers", peers.height)

    st.subheader("各公司募资规模 Raise size")
    table = filings.select(
        pl.col("short_name").alias("公司"), pl.col("code").alias("代码"), pl.col("kind").alias("文件"),
        pl.col("doc_date").alias("日期"), pl.col("raise_total_wan").cast(pl.Float64).alias("募资上限(万元)"),
        pl.col("project_count").alias("项目数"), pl.col("parse_status").alias("解析"),
    )
    st.dataframe(
        table.to_pandas().style.apply(
            lambda row: ["background-color: #fff3cd" if row["代码"] == focal_code else "" for _ in row], axis=1
        ).format({"募资上限(万元)": "{:,.2f}"}),
        hide_index=True, width="stretch",
    )

    st.subheader("预算结构 Budget mix")
    mix = budget_mix()
    if mix.is_empty():
        st.caption("No budget breakdowns parsed yet.")
        return
    mix = mix.with_columns(
        (pl.col("amount_wan") / pl.col("amount_wan").sum().over("code")).alias("share"),
        pl.col("category").replace_strict(CATEGORY_LABELS, default=pl.col("category")).alias("类别"),
    )
    chart = (
        alt.Chart(mix.to_pandas())
        .mark_bar()
        .encode(
            y=alt.Y("short_name:N", title=None),
            x=alt.X("share:Q", title="占比 share of budget", axis=alt.Axis(format="%")),
            color=alt.Color("类别:N"),
            tooltip=["short_name", "类别", alt.Tooltip("amount_wan:Q", format=",.2f"), alt.Tooltip("share:Q", format=".1%")],
        )
    )
    st.altair_chart(chart, width="stretch")
