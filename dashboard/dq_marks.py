"""How a row that a data-quality warning flagged is marked wherever a page shows raises,
documents, projects or budget lines: a small ⚠, and the reason on hover.

Flagged rows stay in every table, chart and percentile (the filing printed those numbers);
the mark tells the reader they do not add up and why, in the check's own words
(dq_results.description) beside the row's dq_reason, so nobody has to open the Data
quality page to judge a number.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl
import streamlit as st

from dashboard.i18n import t
from dashboard.quality_runs import check_descriptions, checks_in

MARK = "⚠"
QUALITY_URL = "quality"


def is_flagged(row: Mapping[str, Any]) -> bool:
    return row.get("dq_status") == "warn"


def mark_expr(status: str = "dq_status") -> pl.Expr:
    """⚠ on flagged rows, empty elsewhere: the narrow `dq` column of a table."""
    return pl.when(pl.col(status) == "warn").then(pl.lit(MARK)).otherwise(pl.lit("")).alias("dq")


def column_config() -> dict[str, Any]:
    return {
        "dq": st.column_config.TextColumn(MARK, width="small", help=t("dq.mark_help")),
        "dq_reason": st.column_config.TextColumn(t("dq.reason"), width="large", help=t("dq.reason_help")),
    }


def reason_help(reason: str | None) -> str:
    """Markdown for a tooltip: what each named check asks, then the row's reason as stored."""
    descriptions = check_descriptions()
    lines = [f"- **{c}**: {descriptions[c]}" for c in checks_in(reason)]
    return "\n".join([*lines, "", f"`{reason or '—'}`", "", t("dq.see_quality")])


def note(row: Mapping[str, Any], text: str) -> None:
    """A one-line ⚠ above a flagged raise or document, the reason on hover; nothing otherwise."""
    if not is_flagged(row):
        return
    st.markdown(f":orange-badge[{MARK} {t('dq.flagged')}] {text}", help=reason_help(row.get("dq_reason")))


def flagged_names(frame: pl.DataFrame) -> list[str]:
    """'name year' of the flagged raises of a frame of offerings."""
    if "dq_status" not in frame.columns:
        return []
    rows = frame.filter(pl.col("dq_status") == "warn")
    return [f"{r['short_name']} {r['plan_year']}" for r in rows.iter_rows(named=True)]
