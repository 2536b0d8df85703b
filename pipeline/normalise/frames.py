"""Catalog rows + parsed filings → documents, projects and budget lines, as Polars frames.

Nested JSON is flattened with Polars' explode/unnest rather than loops over rows, so the
same code serves three filings or a hundred thousand. One announcement may be published by
several sites (cninfo and SSE): copies with the same bytes, or the same company, title and
day, become one document whose `sources` and `urls` list every copy.
"""
from __future__ import annotations

import polars as pl

from pipeline.normalise.classify import classify_budget, classify_projects
from pipeline.normalise.taxonomy import Taxonomy, order_frame
from pipeline.normalise.units import attach_printed, to_decimal

KEYS = ["source", "announcement_id"]

CATALOG = {
    "source": pl.String, "announcement_id": pl.String, "url": pl.String, "local_path": pl.String,
    "sha256": pl.String, "published_at": pl.Datetime("us"), "catalog_code": pl.String,
    "catalog_name": pl.String, "catalog_title": pl.String, "catalog_kind": pl.String,
    "catalog_revision": pl.String, "catalog_offering": pl.String, "industry": pl.String,
}
#: the plan's year as titles print it: 2023年度向特定对象发行…, 2022年向不特定对象发行可转换公司债券…
PLAN_YEAR = r"((?:19|20)\d{2})\s*年度?\s*(?:向|以|非公开|公开|发行|A股|定向|可转|特定|简易)"


def to_date(text: pl.Expr) -> pl.Expr:
    """A contract date (YYYY-MM-DD, or YYYY-MM meaning the end of that month) as a Date; else null.

    A month stands for its last day: a project due 2025年12月 is on time if ready by 31 December,
    and a report made up to 2024年6月 covers the whole month.
    """
    month = (text + "-01").str.to_date("%Y-%m-%d", strict=False).dt.month_end()
    return pl.coalesce(text.str.to_date("%Y-%m-%d", strict=False), month)


def catalog_frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    """Catalog rows with exactly the columns the warehouse reads (missing ones as nulls)."""
    return pl.DataFrame([{k: r.get(k) for k in CATALOG} for r in rows], schema=CATALOG)


def title_key(title: pl.Expr) -> pl.Expr:
    """A title as two sites would both print it: no `简称:` prefix, no punctuation or spaces."""
    return (
        title.fill_null("").str.normalize("NFKC")
        .str.replace(r"^[^:]{1,12}:", "")
        .str.replace_all(r"[^\p{L}\p{N}]", "")
    )


def plan_year(title: pl.Expr) -> pl.Expr:
    return title.str.normalize("NFKC").str.extract(PLAN_YEAR, 1).cast(pl.Int32)


def announcements(catalog: pl.DataFrame, parses: pl.DataFrame, taxonomy: Taxonomy) -> pl.DataFrame:
    """One row per downloaded announcement: what the catalog knows beside what the parse found."""
    sources = order_frame(taxonomy, "source").rename({"source_rank": "_source_rank"})
    joined = (
        catalog.join(parses.unique("sha256", keep="first"), on="sha256", how="left")
        .with_columns(pl.col("contract").struct.field("company", "document"))
        .with_columns(pl.col("company").struct.field("code", "short_name", "full_name"))
        .with_columns(
            pl.col("document").struct.field("title", "kind", "revision", "date", "offering", "pages",
                                             "pages_without_text", "needs_ocr", "period_end"),
        )
    )
    doc_date = pl.col("date")
    return (
        joined.select(
            *KEYS, "url", "local_path", "sha256", "published_at", "industry", "error",
            "parser_version", "taxonomy_version",
            pl.coalesce("code", "catalog_code").alias("code"),
            pl.coalesce("short_name", "catalog_name").alias("short_name"),
            "full_name",
            pl.coalesce("title", "catalog_title").alias("title"),
            pl.coalesce("catalog_title", "title").alias("_listed_title"),
            pl.coalesce("kind", "catalog_kind", pl.lit("other")).alias("kind"),
            pl.when(pl.col("kind").is_not_null()).then(pl.col("revision"))
            .otherwise(pl.col("catalog_revision")).alias("revision"),
            pl.coalesce("offering", "catalog_offering").alias("offering_type"),
            doc_date.alias("doc_date"),
            pl.coalesce(
                pl.col("published_at").dt.date(),
                doc_date.str.to_date("%Y-%m-%d", strict=False),
                (doc_date + "-01").str.to_date("%Y-%m-%d", strict=False),
            ).alias("version_date"),
            pl.col("contract").struct.field("raise_total_wan"),
            pl.col("contract").struct.field("raise_total_evidence"),
            pl.col("contract").struct.field("projects"),
            pl.col("contract").struct.field("warnings"),
            pl.col("contract").struct.field("raise_actual"),
            pl.col("contract").struct.field("progress"),
            pl.col("contract").struct.field("changes"),
            pl.col("period_end"),
            pl.col("pages").cast(pl.Int32), pl.col("pages_without_text").cast(pl.List(pl.Int32)),
            pl.col("needs_ocr"),
            pl.col("contract").is_null().alias("_unparsed"),
        )
        .join(sources, on="source", how="left")
        .with_columns(
            pl.coalesce(plan_year(pl.col("_listed_title")), plan_year(pl.col("title"))).alias("plan_year"),
            pl.col("_source_rank").fill_null(99),
            title_key(pl.col("_listed_title")).alias("_title_key"),
        )
        .pipe(_with_document_ids)
        .drop("_listed_title")
    )


def _with_document_ids(frame: pl.DataFrame) -> pl.DataFrame:
    """Copies of one announcement share the id of the copy from the preferred site.

    Same bytes (sha256) or same company, title and day mean the same announcement; rounds
    of taking the smallest id over each key in turn join copies linked through either.
    """
    own = pl.format("{}:{}", pl.col("source"), pl.col("announcement_id"))
    by_bytes = pl.col("sha256").fill_null(own)
    by_title = pl.concat_str([pl.col("code").fill_null(own), pl.col("_title_key"),
                              pl.col("version_date").cast(pl.String).fill_null("")], separator="|")
    frame = frame.with_columns(
        pl.format("{}|{}", pl.col("_source_rank").cast(pl.String).str.zfill(2), own).alias("_doc"),
        by_bytes.alias("_by_bytes"), by_title.alias("_by_title"),
    )
    for key in ("_by_bytes", "_by_title", "_by_bytes"):
        frame = frame.with_columns(pl.col("_doc").min().over(key))
    return frame.with_columns(pl.col("_doc").str.split("|").list.get(1).alias("document_id")).drop(
        "_doc", "_by_bytes", "_by_title")


def documents(ann: pl.DataFrame, taxonomy: Taxonomy) -> pl.DataFrame:
    """One row per document (copies merged), from its preferred copy's parse."""
    revisions = order_frame(taxonomy, "revision")
    kinds = order_frame(taxonomy, "kind")
    primary = ann.filter(pl.format("{}:{}", pl.col("source"), pl.col("announcement_id")) == pl.col("document_id"))
    copies = (
        ann.sort("_source_rank", *KEYS)
        .group_by("document_id", maintain_order=True)
        .agg(pl.col("source").alias("sources"), pl.col("announcement_id").alias("announcement_ids"),
             pl.col("url").alias("urls"))
    )
    projects = pl.col("projects").fill_null([])
    return (
        primary.join(copies, on="document_id", how="left")
        .join(revisions, on="revision", how="left", nulls_equal=True)
        .join(kinds, on="kind", how="left")
        .pipe(attach_printed, text="raise_total_evidence", amount="raise_total_wan", prefix="raise_total")
        .select(
            "document_id", *KEYS, "sources", "announcement_ids", "urls", "code", "short_name", "full_name",
            "title", "kind", "revision", pl.col("revision_rank").fill_null(0), pl.col("kind_rank").fill_null(9),
            "offering_type", "plan_year", "doc_date", "published_at", "version_date",
            to_decimal(pl.col("raise_total_wan")).alias("raise_total_wan"),
            "raise_total_unit", "raise_total_text",
            pl.col("raise_total_evidence").struct.field("page").cast(pl.Int32).alias("raise_total_page"),
            pl.col("raise_total_evidence").struct.field("text").alias("raise_total_evidence_text"),
            projects.list.len().cast(pl.Int32).alias("project_count"),
            projects.list.eval(pl.element().struct.field("budget").list.len()).list.sum()
            .cast(pl.Int32).alias("budget_line_count"),
            pl.when(pl.col("error").is_not_null()).then(pl.lit("failed"))
            .when(pl.col("_unparsed")).then(pl.lit("failed"))
            .when(pl.col("warnings").list.len() > 0).then(pl.lit("warn"))
            .otherwise(pl.lit("ok")).alias("parse_status"),
            pl.when(pl.col("error").is_not_null()).then(pl.concat_list(pl.col("error")))
            .when(pl.col("_unparsed")).then(pl.lit(["no parse of this file (raw file missing or unreadable)"]))
            .otherwise(pl.col("warnings").fill_null([])).alias("warnings"),
            pl.col("needs_ocr").fill_null(False), "pages", "pages_without_text", "local_path", "sha256",
            "parser_version", "taxonomy_version", "industry",
            to_date(pl.col("period_end")).alias("period_end"),
        )
        .sort("document_id")
    )


def _projects_long(ann: pl.DataFrame) -> pl.DataFrame:
    return (
        ann.filter(pl.format("{}:{}", pl.col("source"), pl.col("announcement_id")) == pl.col("document_id"))
        .select("document_id", *KEYS, "projects")
        .explode("projects")
        .drop_nulls("projects")
        .unnest("projects")
    )


def projects(ann: pl.DataFrame, taxonomy: Taxonomy) -> pl.DataFrame:
    long = _projects_long(ann).rename({"type": "parsed_type", "themes": "parsed_themes"})
    return (
        classify_projects(long, taxonomy)
        .pipe(attach_printed, text="evidence", amount="total_investment_wan", prefix="total_investment")
        .pipe(attach_printed, text="evidence", amount="proceeds_wan", prefix="proceeds")
        .select(
            "document_id", *KEYS, pl.col("seq").cast(pl.Int32), pl.col("name").fill_null(""),
            "type", "type_rule", "themes",
            to_decimal(pl.col("total_investment_wan")).alias("total_investment_wan"),
            "total_investment_unit", "total_investment_text",
            to_decimal(pl.col("proceeds_wan")).alias("proceeds_wan"), "proceeds_unit", "proceeds_text",
            pl.col("construction_months").round(0).cast(pl.Int32), "location", "entity",
            pl.col("budget").list.len().cast(pl.Int32).alias("budget_line_count"),
            pl.col("evidence").struct.field("page").cast(pl.Int32).alias("evidence_page"),
            pl.col("evidence").struct.field("text").alias("evidence_text"),
        )
        .sort("document_id", "seq")
    )


def budget_lines(ann: pl.DataFrame, taxonomy: Taxonomy) -> pl.DataFrame:
    long = (
        _projects_long(ann)
        .select("document_id", *KEYS, pl.col("seq").cast(pl.Int32).alias("project_seq"), "budget")
        .explode("budget")
        .drop_nulls("budget")
        .with_columns(pl.int_range(1, pl.len() + 1).over("document_id", "project_seq").cast(pl.Int32).alias("line_no"))
        .unnest("budget")
        .rename({"category": "parsed_category"})
    )
    return (
        classify_budget(long, taxonomy)
        .pipe(attach_printed, text="evidence", amount="amount_wan", prefix="amount")
        .pipe(attach_printed, text="evidence", amount="proceeds_wan", prefix="proceeds")
        .select(
            "document_id", *KEYS, "project_seq", "line_no", pl.col("item").fill_null(""),
            "category", "category_rule",
            to_decimal(pl.col("amount_wan")).alias("amount_wan"), "amount_unit", "amount_text",
            to_decimal(pl.col("proceeds_wan")).alias("proceeds_wan"), "proceeds_unit", "proceeds_text",
            pl.col("evidence").struct.field("page").cast(pl.Int32).alias("evidence_page"),
            pl.col("evidence").struct.field("text").alias("evidence_text"),
        )
        .sort("document_id", "project_seq", "line_no")
    )

