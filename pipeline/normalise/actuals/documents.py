"""Documents after the raise: which are, and which raise each belongs to.

They are kept out of the grouping of plan documents into raises (offerings.py), so a plan's
versions and chain stay what its plan documents make them; each is then linked to the raise
it names (links.py). A use report can report on several raises (its IPO money, a
refinancing): each of its progress rows is linked on its own, and the document belongs to
the newest refinancing among them. Pure functions of frames.
"""
from __future__ import annotations

import polars as pl

from pipeline.normalise.actuals.hints import with_hints
from pipeline.normalise.actuals.links import LINKS, link_to_offerings
from pipeline.normalise.taxonomy import Taxonomy

#: the use report: it names its raises per table, never in its title
USE_REPORT = "use_report"


def after_raise_kinds(taxonomy: Taxonomy) -> list[str]:
    """Document kinds that report on a raise after its plan (document_order.csv, field after_raise)."""
    return [value for field, value, _, _ in taxonomy.document_order if field == "after_raise" and value]


def primary_rows(ann: pl.DataFrame) -> pl.DataFrame:
    """The announcements that speak for their document (one copy per document)."""
    return ann.filter(pl.format("{}:{}", pl.col("source"), pl.col("announcement_id")) == pl.col("document_id"))


def plan_projects(projects: pl.DataFrame, plan_docs: pl.DataFrame, latest: pl.DataFrame) -> pl.DataFrame:
    """Every project of every readable plan document of a raise, marking its latest plan's."""
    docs = plan_docs.filter(pl.col("offering_id").is_not_null(), pl.col("parse_status") != "failed").select(
        "document_id", "offering_id", "version_no")
    return (
        projects.join(docs, on="document_id")
        .join(latest.select(pl.col("document_id"), pl.lit(True).alias("is_latest_plan")), on="document_id", how="left")
        .select("offering_id", "document_id", "seq", "name", "type", "construction_months", "version_no",
                pl.col("is_latest_plan").fill_null(False))
    )


def _change_names() -> pl.Expr:
    return (
        pl.col("changes").fill_null([])
        .list.eval(pl.element().struct.field("project")).list.drop_nulls()
    )


def progress_items(after: pl.DataFrame) -> pl.DataFrame:
    """One item per use-report table: (document, the raise its rows name) with their project names."""
    rows = (
        after.select("document_id", "code", pl.col("version_date").alias("item_date"),
                     pl.col("raise_actual").struct.field("offering_hint").alias("_doc_hint"), "progress")
        .explode("progress").drop_nulls("progress")
        .with_columns(pl.coalesce(pl.col("progress").struct.field("offering_hint"), "_doc_hint").alias("hint"),
                      pl.col("progress").struct.field("project").alias("name"))
    )
    return (
        rows.group_by("document_id", "hint", maintain_order=True)
        .agg(pl.col("code").first(), pl.col("item_date").first(), pl.col("name").drop_nulls().alias("names"))
        .with_columns(pl.format("{}|{}", "document_id", pl.col("hint").fill_null("")).alias("item_id"))
        .pipe(with_hints, "hint")
    )


def document_items(after: pl.DataFrame) -> pl.DataFrame:
    """One item per document after the raise: the raise its figures or title name, the projects its
    notices name. A use report's title names no raise, so it is linked through its tables instead."""
    frame = after.select(
        pl.col("document_id").alias("item_id"), "document_id", "code", "kind",
        pl.col("version_date").alias("item_date"),
        pl.col("raise_actual").struct.field("offering_hint").alias("hint"),
        pl.when(pl.col("kind") != USE_REPORT).then(pl.col("title")).alias("_title"),
        _change_names().alias("names"),
    )
    items = with_hints(frame, "hint", "_title").drop("_title")
    return items.with_columns(((pl.col("kind") == USE_REPORT) & pl.col("hint").is_null()).alias("_silent"))


def link_documents(after: pl.DataFrame, offerings: pl.DataFrame,
                   projects_of_plans: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(document links: document_id, offering_id, link_rule; progress-table links: document_id, hint,
    hint_year, hint_type, is_ipo, offering_id, link_rule, name_score)."""
    names = projects_of_plans.select("offering_id", "name")
    tables = progress_items(after)
    table_links = link_to_offerings(tables, offerings, names) if tables.height else tables.with_columns(
        *[pl.lit(None, dtype=t).alias(c) for c, t in LINKS.items()])
    items = document_items(after)
    silent = items.filter(pl.col("_silent")).select("item_id")
    doc_links = (
        link_to_offerings(items.drop("_silent"), offerings, names)
        .join(silent.with_columns(pl.lit(True).alias("_unnamed")), on="item_id", how="left")
        .with_columns(
            pl.when(pl.col("_unnamed")).then(pl.lit(None, dtype=pl.String)).otherwise(pl.col("offering_id"))
            .alias("offering_id"),
            pl.when(pl.col("_unnamed")).then(pl.lit("unlinked")).otherwise(pl.col("link_rule")).alias("link_rule"),
        )
    )
    # a use report belongs to the newest refinancing its tables report on
    newest = (
        table_links.filter(pl.col("offering_id").is_not_null())
        .join(offerings.select("offering_id", "first_date"), on="offering_id")
        .sort(["document_id", "first_date", "offering_id"], descending=[False, True, True])
        .unique("document_id", keep="first", maintain_order=True)
        .select("document_id", pl.col("offering_id").alias("_t_offering"), pl.col("link_rule").alias("_t_rule"))
    )
    ipo_only = (
        table_links.group_by("document_id").agg(pl.col("is_ipo").all().alias("_ipo_only"))
    )
    documents = (
        doc_links.select("document_id", "offering_id", "link_rule")
        .join(newest, on="document_id", how="left")
        .join(ipo_only, on="document_id", how="left")
        .select(
            "document_id",
            pl.coalesce("_t_offering", "offering_id").alias("offering_id"),
            pl.when(pl.col("_t_offering").is_not_null()).then(pl.col("_t_rule"))
            .when(pl.col("offering_id").is_null() & pl.col("_ipo_only").fill_null(False)).then(pl.lit("ipo"))
            .otherwise(pl.col("link_rule")).alias("link_rule"),
        )
    )
    return documents, table_links.select("document_id", "hint", "hint_year", "hint_type", "is_ipo",
                                         "offering_id", "link_rule", "name_score")
