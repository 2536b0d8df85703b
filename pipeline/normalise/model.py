"""All of normalisation in one pure function: catalog rows + parses → the warehouse's frames.

No I/O happens here, so the whole model is tested on in-memory contracts, and a build is
deterministic by construction: every frame leaves sorted by its key.
"""
from __future__ import annotations

import polars as pl

from crawler.titles import AFTER_RAISE_KINDS
from pipeline.normalise import frames as F
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


def warehouse_frames(catalog: pl.DataFrame, parses: pl.DataFrame, taxonomy: Taxonomy) -> dict[str, pl.DataFrame]:
    ann = F.announcements(catalog, parses, taxonomy)
    # documents that report on money already raised are kept as documents, but are no part of
    # a plan's chain of versions (they state no cap and no plan)
    after_raise = pl.col("kind").is_in(list(AFTER_RAISE_KINDS))
    plans = ann.filter(~after_raise)
    projects = F.projects(plans, taxonomy)
    budget = F.budget_lines(plans, taxonomy)
    docs = assign_offerings(F.documents(plans, taxonomy))
    later = F.documents(ann.filter(after_raise), taxonomy).with_columns(
        pl.lit(False).alias("is_latest"), pl.lit(False).alias("is_version_representative"))
    docs = pl.concat([docs, later], how="diagonal_relaxed").sort("document_id")
    offers = offerings(docs, projects)
    latest = offering_latest(docs, offers)
    return {
        "companies": companies(docs),
        "documents": docs.drop("offering_year", "offering_type_filled", "kind_rank"),
        "offerings": offers,
        "projects": projects,
        "budget_lines": budget,
        "offering_latest": latest,
        "offering_changes": offering_changes(docs, projects),
        "peer_metrics": peer_metrics(latest, projects, budget),
        "coverage": coverage(projects, budget),
        "unmapped_items": unmapped_items(projects, budget),
        "taxonomy_project_types": rule_frame(taxonomy, "project_type"),
        "taxonomy_budget_categories": rule_frame(taxonomy, "budget_category"),
        "taxonomy_themes": rule_frame(taxonomy, "theme"),
        "taxonomy_values": values_frame(taxonomy),
    }
