"""What several pages share: the empty-warehouse guard, labels of raises and taxonomy values,
links to the Filing page, downloads, and the freshness line in the sidebar."""
from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from typing import Any

import polars as pl
import streamlit as st

from dashboard import data, fmt, queries
from dashboard.i18n import lang, settings, t, term, terms

FILING_PAGE = "app_pages/filing.py"
FILING_URL = "filing"
FOCAL_BG = "background-color: #fff1c2; font-weight: 600"


def require_warehouse() -> bool:
    """False (after a helpful message) when nothing is published yet or nothing is in it."""
    if data.warehouse_version() is None:
        st.info(t("empty.no_warehouse", path=str(data.warehouse_path())))
        st.code("make demo\n# or\nstarboard crawl && starboard build", language="bash")
        return False
    if queries.offerings().is_empty():
        st.info(t("empty.no_offerings"))
        return False
    return True


def sidebar_freshness() -> None:
    if data.warehouse_version() is None:
        return
    info = data.build_info()
    if info:
        st.sidebar.caption(t("common.built_at", built=info.get("built_at", "—").replace("T", " "),
                             build=info.get("build_id", "—")))


def tax(field: str, value: str | None) -> str:
    """A taxonomy value's label in the current language (from the warehouse's taxonomy_values)."""
    if value is None:
        return "—"
    labels = queries.taxonomy_labels().get((field, value))
    if not labels:
        return value
    return labels[0] if lang() == "zh" else labels[1]


def tax_labels(field: str) -> dict[str, str]:
    """value -> label of one taxonomy field, in the current language."""
    index = 0 if lang() == "zh" else 1
    return {value: labels[index] for (f, value), labels in queries.taxonomy_labels().items() if f == field}


def term_expr(group: str, column: str) -> pl.Expr:
    """A column of vocabulary values (offering type, document kind...) as labels."""
    return pl.col(column).replace_strict(terms(group), default=pl.col(column), return_dtype=pl.String)


def tax_expr(field: str, column: str) -> pl.Expr:
    return pl.col(column).replace_strict(tax_labels(field), default=pl.col(column), return_dtype=pl.String)


def themes_expr(column: str = "themes") -> pl.Expr:
    """A list of theme tags as one line of labels ('—' when there are none)."""
    mapping = tax_labels("theme")
    joined = pl.col(column).list.eval(
        pl.element().replace_strict(mapping, default=pl.element(), return_dtype=pl.String)).list.join(t("common.list_sep"))
    return pl.when(joined.str.len_chars() > 0).then(joined).otherwise(pl.lit("—")).alias(column)


def filing_url_expr(column: str = "offering_id", document: str | None = None) -> pl.Expr:
    """Links to the Filing page of each row's raise (null where it has none), opened on the
    row's document when `document` names a column holding one."""
    raise_only = pl.format(f"{FILING_URL}?offering={{}}&lang={lang()}", pl.col(column))
    if document is None:
        return raise_only
    return pl.when(pl.col(document).is_not_null()).then(
        pl.format(f"{FILING_URL}?offering={{}}&document={{}}&lang={lang()}", pl.col(column), pl.col(document))
    ).otherwise(raise_only)


def themes_text(themes: Any) -> str:
    values = themes.to_list() if isinstance(themes, pl.Series) else list(themes or [])
    return t("common.list_sep").join(tax("theme", v) for v in values) or "—"


def offering_label(row: Mapping[str, Any]) -> str:
    return t("common.offering_label", name=row.get("short_name") or "?", code=row.get("code") or "?",
             year=row.get("plan_year") or "?", type=term("offering_type", row.get("offering_type")))


def offering_labels() -> dict[str, str]:
    """offering_id -> label, for the raise pickers (built in one pass: 10,000 raises in milliseconds)."""
    frame = queries.offerings()
    template = t("common.offering_label", name="{}", code="{}", year="{}", type="{}")
    labels = frame.select(
        "offering_id",
        pl.format(template, pl.col("short_name").fill_null("?"), pl.col("code").fill_null("?"),
                  pl.col("plan_year").cast(pl.String).fill_null("?"), term_expr("offering_type", "offering_type").fill_null("—")
                  ).alias("label"),
    )
    return dict(zip(labels.get_column("offering_id").to_list(), labels.get_column("label").to_list(), strict=True))


def default_focal(offerings: pl.DataFrame) -> str:
    """settings.toml's focal raise (云从科技 2023), else that company's first raise, else the largest."""
    focal = settings()["focal"]
    same = offerings.filter(pl.col("code") == focal["code"])
    exact = same.filter(pl.col("plan_year") == focal["plan_year"])
    for candidates in (exact, same, offerings):
        if candidates.height:
            return str(candidates.get_column("offering_id")[0])
    raise ValueError("no offerings")


def filing_url(offering_id: str) -> str:
    """Relative link to the Filing page of one raise (opens in a new tab from a table)."""
    return f"{FILING_URL}?offering={offering_id}&lang={lang()}"


def filing_link(offering_id: str, label: str) -> None:
    st.page_link(FILING_PAGE, label=label, icon=":material/description:",
                 query_params={"offering": offering_id, "lang": lang()})


def open_selected_filing(event: Any, ids: list[str]) -> None:
    """A row picked in a table opens that raise's Filing page."""
    rows = getattr(getattr(event, "selection", None), "rows", None) or []
    if rows and 0 <= rows[0] < len(ids):
        st.switch_page(FILING_PAGE, query_params={"offering": ids[rows[0]], "lang": lang()})


def show_table(data: Any, **options: Any) -> Any:
    """st.dataframe as every page shows tables: full width, no index, missing values as a dash."""
    options.setdefault("hide_index", True)
    options.setdefault("width", "stretch")
    options.setdefault("placeholder", "—")
    return st.dataframe(data, **options)


def highlight_rows(frame: pl.DataFrame, column: str, value: Any,
                   formats: Mapping[str, Callable[[Any], str]] | None = None) -> Any:
    """A pandas Styler with the rows where `column == value` highlighted (the focal raise)."""
    pdf = frame.to_pandas()
    styler = pdf.style.apply(
        lambda row: [FOCAL_BG if row[column] == value else "" for _ in row], axis=1
    )
    return styler.format({k: f for k, f in (formats or {}).items() if k in pdf.columns}, na_rep="—")


def flat_for_csv(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists joined with '|' (CSV has no nested values); everything else as is."""
    return frame.with_columns(
        [pl.col(c).list.eval(pl.element().cast(pl.String)).list.join("|").alias(c)
         for c, dtype in frame.schema.items() if isinstance(dtype, pl.List)]
    )


def csv_bytes(frame: pl.DataFrame) -> bytes:
    return ("\ufeff" + flat_for_csv(frame).write_csv()).encode("utf-8")  # BOM: Excel reads UTF-8


def parquet_bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="zstd")
    return buffer.getvalue()


def download_buttons(frame: pl.DataFrame, stem: str, key: str) -> None:
    """CSV and Parquet downloads of `frame`, generated only when clicked."""
    left, right, _ = st.columns([1, 1, 4])
    left.download_button(t("common.download_csv"), data=lambda: csv_bytes(frame), file_name=f"{stem}.csv",
                         mime="text/csv", key=f"{key}-csv", on_click="ignore", icon=":material/download:")
    right.download_button(t("common.download_parquet"), data=lambda: parquet_bytes(frame),
                          file_name=f"{stem}.parquet", mime="application/vnd.apache.parquet",
                          key=f"{key}-parquet", on_click="ignore", icon=":material/download:")


def change_text(c: dict[str, Any]) -> str:
    """One row of offering_changes as a sentence."""
    return t(f"change.{c['change']}", before=c["project_before"] or "", after=c["project_after"] or "",
             amount_before=fmt.wan(c["amount_before_wan"]), amount_after=fmt.wan(c["amount_after_wan"]),
             delta=fmt.signed_wan(c["delta_wan"]), from_stage=c["from_stage"] or "", to_stage=c["to_stage"] or "",
             unit=t("common.wan"))
