"""The dashboard's pure parts: percentiles that agree with v_peer_rank, number formats, the
label file (both languages, every key the code uses) and the settings it reads."""
from __future__ import annotations

import re
import string
from pathlib import Path

import duckdb
import polars as pl
import pytest

from dashboard import fmt, peers
from dashboard.i18n import LANGUAGES, labels, settings

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard"


def test_percentiles_agree_with_v_peer_rank_for_every_raise_set_and_metric(demo_home: Path) -> None:
    con = duckdb.connect(str((demo_home / "warehouse.duckdb").resolve()), read_only=True)
    try:
        metrics = con.sql("SELECT * FROM peer_metrics").pl().with_columns(pl.col(pl.Decimal).cast(pl.Float64))
        sets = con.sql("SELECT focal_offering_id, peer_set, list(peer_offering_id) FROM v_peer_sets GROUP BY ALL").fetchall()
        ranks = {(f, s, m): (n, med, p) for f, s, m, n, med, p in con.sql(
            "SELECT focal_offering_id, peer_set, metric, peer_count, peer_median, percentile FROM v_peer_rank").fetchall()}
    finally:
        con.close()
    columns = [c for c in metrics.columns if c.startswith(("share_", "type_share_"))] + [
        "raise_total_wan", "project_count", "proceeds_ratio", "construction_months_max"]
    compared = 0
    for focal, peer_set, ids in sets:
        for metric, r in peers.rank_all(metrics, focal, ids, columns).items():
            expected = ranks.get((focal, peer_set, metric))
            if expected is None:  # the view has no row when the focal has no value or no peer has one
                assert r.percentile is None
                continue
            assert r.peer_count == expected[0]
            assert r.peer_median == pytest.approx(expected[1])
            assert r.percentile == pytest.approx(expected[2])
            compared += 1
    assert compared > 100


def test_rank_counts_ties_half_and_ignores_missing_values() -> None:
    r = peers.rank("m", 5.0, [1.0, 5.0, 9.0, None, 5.0])
    assert (r.peer_count, r.peer_median, r.percentile) == (4, 5.0, (1 + 0.5 * 2) / 4)
    assert peers.rank("m", None, [1.0, 2.0]).percentile is None
    assert peers.rank("m", None, [1.0, 2.0]).peer_median == 1.5
    assert peers.rank("m", 1.0, [None]) == peers.Rank("m", 1.0, 0, None, None)


def test_median_mix_is_rescaled_and_closest_in_size_orders_by_ratio() -> None:
    frame = pl.DataFrame({"offering_id": ["a", "b", "c", "d"], "raise_total_wan": [100.0, 210.0, 40.0, 1000.0],
                          "x": [0.2, 0.4, 0.6, None], "y": [0.8, 0.6, 0.4, None]})
    mix = peers.median_mix(frame, ("x", "y"))
    assert mix == pytest.approx({"x": 0.4, "y": 0.6})
    assert peers.median_mix(frame.filter(pl.col("offering_id") == "d"), ("x", "y")) is None
    assert peers.closest_in_size(frame, 100.0, ["b", "c", "d"], 2) == ["b", "c"]  # 2.1x and 2.5x before 10x


def test_number_formats() -> None:
    assert fmt.wan(363519) == "363,519.00"
    assert fmt.wan("185200.00") == "185,200.00"
    assert fmt.wan(None) == fmt.wan(float("nan")) == "—"
    assert fmt.signed_wan(-178319) == "-178,319.00" and fmt.signed_wan(93846.82) == "+93,846.82"
    assert fmt.share(0.5760359) == "57.6%" and fmt.signed_share(-178319 / 363519) == "-49.1%"
    assert fmt.percentile(0.5) == "P50" and fmt.percentile(2 / 3) == "P67" and fmt.percentile(None) == "—"
    assert fmt.months(36) == "36" and fmt.months(30.5) == "30.5"
    assert fmt.count(12345) == "12,345"


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_label_has_both_languages_with_the_same_placeholders() -> None:
    for key, entry in labels().items():
        assert set(entry) == set(LANGUAGES), key
        assert all(entry[lang].strip() for lang in LANGUAGES), key
        assert _placeholders(entry["zh"]) == _placeholders(entry["en"]), key


def test_every_label_the_code_asks_for_exists() -> None:
    used: set[str] = set()
    prefixes: set[str] = set()
    for path in DASHBOARD.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_0-9]+)["']""", source))
        prefixes |= set(re.findall(r"""\bt\(\s*f["']([a-z_]+)\.\{""", source))
    missing = sorted(k for k in used if k not in labels())
    assert not missing
    assert len(used) > 150
    for prefix in prefixes:  # keys built at run time: the vocabularies they range over are all labelled
        assert any(k.startswith(prefix + ".") for k in labels()), prefix
    for kpi in settings()["kpi"]:
        assert f"kpi.{kpi['column']}" in labels() and f"kpi_help.{kpi['column']}" in labels()
    for kpi in settings()["after_kpi"]:
        assert f"after_kpi.{kpi['column']}" in labels() and f"after_kpi_help.{kpi['column']}" in labels()
    for peer_set in settings()["peers"]["sets"]:
        assert f"peer_set.{peer_set}" in labels() and f"peer_set_help.{peer_set}" in labels()


def test_settings_name_real_columns_and_peer_sets(demo_home: Path) -> None:
    con = duckdb.connect(str((demo_home / "warehouse.duckdb").resolve()), read_only=True)
    try:
        columns = {r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() "
                                             "WHERE table_name = 'peer_metrics'").fetchall()}
        sets = {r[0] for r in con.execute("SELECT DISTINCT peer_set FROM v_peer_sets").fetchall()}
        changes = {r[0] for r in con.execute("SELECT DISTINCT change FROM offering_changes").fetchall()}
    finally:
        con.close()
    assert {k["column"] for k in settings()["kpi"]} <= columns
    assert {k["format"] for k in settings()["kpi"]} <= set(fmt.FORMATTERS)
    assert {k["column"] for k in settings()["after_kpi"]} <= columns
    assert {k["format"] for k in settings()["after_kpi"]} <= set(fmt.FORMATTERS)
    assert set(settings()["peers"]["sets"]) - {"manual"} <= sets | {"same_industry"}
    assert settings()["peers"]["default"] == "theme_ai"
    assert {f"change.{c}" for c in changes} <= set(labels())
    assert set(peers.BUDGET_SHARES) | set(peers.TYPE_SHARES) <= columns
