"""Where a raise stands among its peers: pure functions over `peer_metrics` rows.

The named peer sets come from the warehouse (`v_peer_sets`); a hand-picked list is just
another set of ids. Percentiles follow `v_peer_rank` exactly (share of peers below the
focal value, ties counted half, over the peers that have a value), so the dashboard and a
SQL query give the same figure; tests/test_dashboard_peers.py checks that they agree.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polars as pl

BUDGET_SHARES = ("share_site", "share_equipment", "share_software", "share_staff", "share_rnd_expense",
                 "share_working_capital", "share_contingency", "share_other")
TYPE_SHARES = ("type_share_rnd", "type_share_capacity", "type_share_working_capital", "type_share_facilities",
               "type_share_acquisition", "type_share_marketing", "type_share_it_systems", "type_share_other")


@dataclass(frozen=True)
class Rank:
    """One metric of the focal raise against a peer set."""

    metric: str
    focal_value: float | None
    peer_count: int
    peer_median: float | None
    percentile: float | None


def rank(metric: str, focal_value: float | None, peer_values: Iterable[float | None]) -> Rank:
    values = [float(v) for v in peer_values if v is not None]
    if not values:
        return Rank(metric, focal_value, 0, None, None)
    series = pl.Series(values, dtype=pl.Float64)
    median = float(series.median())  # type: ignore[arg-type]
    if focal_value is None:
        return Rank(metric, None, len(values), median, None)
    below = sum(1 for v in values if v < focal_value)
    ties = sum(1 for v in values if v == focal_value)
    return Rank(metric, float(focal_value), len(values), median, (below + 0.5 * ties) / len(values))


def rank_all(metrics: pl.DataFrame, focal_id: str, peer_ids: Sequence[str], columns: Sequence[str]) -> dict[str, Rank]:
    """Ranks of the focal raise on each column, among the rows of `peer_ids` (focal excluded)."""
    focal_rows = metrics.filter(pl.col("offering_id") == focal_id)
    focal = focal_rows.row(0, named=True) if focal_rows.height else {}
    peers = metrics.filter(pl.col("offering_id").is_in(list(peer_ids)) & (pl.col("offering_id") != focal_id))
    out = {}
    for column in columns:
        values = peers.get_column(column).cast(pl.Float64).to_list()
        value = focal.get(column)
        out[column] = rank(column, None if value is None else float(value), values)
    return out


def median_mix(metrics: pl.DataFrame, columns: Sequence[str]) -> dict[str, float] | None:
    """The peers' median share of each category, rescaled to sum to 1 (rows with any value only).

    Medians of shares do not add up to 100 %; rescaling keeps the peer-median bar comparable
    with the others in a stacked chart (the charts say so in their caption).
    """
    present = metrics.filter(pl.any_horizontal(pl.col(list(columns)).is_not_null()))
    if present.is_empty():
        return None
    medians = {c: float(present.get_column(c).fill_null(0.0).median() or 0.0) for c in columns}
    total = sum(medians.values())
    if total <= 0:
        return None
    return {c: v / total for c, v in medians.items()}


def closest_in_size(metrics: pl.DataFrame, focal_raise: float | None, peer_ids: Sequence[str], limit: int) -> list[str]:
    """The `limit` peers whose cap is nearest the focal's (by ratio), for charts of one bar each."""
    peers = metrics.filter(pl.col("offering_id").is_in(list(peer_ids)))
    if focal_raise is None or focal_raise <= 0:
        ordered = peers.sort("raise_total_wan", descending=True, nulls_last=True)
    else:
        ordered = peers.with_columns(
            ((pl.col("raise_total_wan").cast(pl.Float64) / focal_raise).log().abs()).alias("_distance")
        ).sort("_distance", nulls_last=True)
    return ordered.head(limit).get_column("offering_id").to_list()
