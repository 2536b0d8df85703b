"""All of normalisation in one pure function: catalog rows + parses → the warehouse's frames.

No I/O happens here, so the whole model is tested on in-memory contracts, and a build is
deterministic by construction: every frame leaves sorted by its key.
"""
from __future__ import annotations

import polars as pl

from pipeline.normalise import frames as F
from pipeline.normalise.actuals.documents import (
    after_raise_kinds,
    link_documents,
    plan_projects,
    primary_rows,
)
from pipeline.normalise.actuals.metrics import after_raise_metrics
from pipeline.normalise.actuals.notices import project_changes
from pipeline.normalise.actuals.progress import project_progress
from pipeline.normalise.actuals.raises import offering_status, raises_actual
from pipeline.normalise.actuals.thresholds import thresholds_frame
from pipeline.normalise.changes import offering_changes
from pipeline.normalise.coverage import coverage, unmapped_items
from pipeline.normalise.offerings import assign_offerings, offerings
from pipeline.normalise.peers import offering_latest, peer_metrics
from pipeline.normalise.taxonomy import Taxonomy, rule_frame, values_frame


def companies(docs: pl.DataFrame) -> pl.DataFrame:
    """One row per company: the names and industry its most recent documents give."""
    return (
        docs.filter(pl.col("code").is_not_null())
        .sort("code", "version_date", "document_id", nulls_last=False)
        .group_by("code", maintain_order=True)
        .agg(
            pl.col("short_name").drop_nulls().last(),
            pl.col("full_name").drop_nulls().last(),
            pl.col("industry").drop_nulls().last(),
            pl.col("version_date").min().alias("first_date"),
            pl.col("version_date").max().alias("last_date"),
            pl.len().cast(pl.Int32).alias("document_count"),
            pl.col("offering_id").drop_nulls().n_unique().cast(pl.Int32).alias("offering_count"),
        )
        .sort("code")
    )


def with_after_raise(plan_docs: pl.DataFrame, after_docs: pl.DataFrame, links: pl.DataFrame) -> pl.DataFrame:
    """Every document: the plan documents as grouped, and the documents after the raise linked to
    the raise they name (no version or chain position: they are not versions of its plan)."""
    linked = after_docs.join(links, on="document_id", how="left").with_columns(
        pl.lit(False).alias("is_version_representative"), pl.lit(False).alias("is_latest"))
    return (
        pl.concat([plan_docs.with_columns(pl.lit(None, dtype=pl.String).alias("link_rule")), linked],
                  how="diagonal_relaxed")
        .drop("offering_year", "offering_type_filled", "kind_rank")
        .sort("document_id")
    )


def warehouse_frames(catalog: pl.DataFrame, parses: pl.DataFrame, taxonomy: Taxonomy) -> dict[str, pl.DataFrame]:
    ann = F.announcements(catalog, parses, taxonomy)
    is_after = pl.col("kind").is_in(after_raise_kinds(taxonomy))
    # projects and budget lines are the plans': a project table an issuance report reprints is
    # no version of the plan (what happened to the projects is in project_progress/_changes)
    plans = ann.filter(~is_after)
    projects = F.projects(plans, taxonomy)
    budget = F.budget_lines(plans, taxonomy)
    all_docs = F.documents(ann, taxonomy)
    # plans are grouped into raises on their own; what follows a raise is linked to it afterwards
    docs = assign_offerings(all_docs.filter(~is_after))
    offers = offerings(docs, projects)
    latest = offering_latest(docs, offers)
    planned = plan_projects(projects, docs, latest)
    after_docs = all_docs.filter(is_after)
    after_rows = primary_rows(ann).filter(is_after)
    links, table_links = link_documents(after_rows, offers, planned)
    raised = raises_actual(after_rows, links, offers)
    changes = project_changes(after_rows, links, planned, taxonomy)
    progress = project_progress(after_rows, table_links, planned, raised, changes, taxonomy)
    linked_after = after_docs.join(links, on="document_id", how="left")
    offers = offers.join(offering_status(docs, linked_after, raised), on="offering_id", how="left")
    return {
        "companies": companies(all_docs.join(
            pl.concat([docs.select("document_id", "offering_id"), links.select("document_id", "offering_id")]),
            on="document_id", how="left")),
        "documents": with_after_raise(docs, after_docs, links),
        "offerings": offers,
        "projects": projects,
        "budget_lines": budget,
        "offering_latest": latest,
        "offering_changes": offering_changes(docs, projects),
        "peer_metrics": peer_metrics(latest, projects, budget).join(
            after_raise_metrics(progress, changes, raised), on="offering_id", how="left"),
        "raises_actual": raised,
        "project_progress": progress,
        "project_changes": changes,
        "analysis_thresholds": thresholds_frame(),
        "coverage": coverage(projects, budget),
        "unmapped_items": unmapped_items(projects, budget),
        "taxonomy_project_types": rule_frame(taxonomy, "project_type"),
        "taxonomy_budget_categories": rule_frame(taxonomy, "budget_category"),
        "taxonomy_themes": rule_frame(taxonomy, "theme"),
        "taxonomy_values": values_frame(taxonomy),
    }
