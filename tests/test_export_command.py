"""`starboard build` and `starboard export` as a user runs them."""
from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.home import DataHome
from tests.conftest import starboard
from tests.warehouse_home import make_home


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> DataHome:
    home = make_home(tmp_path_factory.mktemp("export-home"))
    proc = starboard("build", "--jobs", "1", home=home.root)
    assert "7 documents (7 parsed now, 0 from cache; 1 unreadable" in proc.stdout
    assert "taxonomy coverage, budget categories: 100.0% of the budget amount and 100.0% of items" in proc.stdout
    assert "taxonomy coverage, project types: 100.0% of the proceeds" in proc.stdout
    return home


def test_csv_export_has_every_table_and_view(built: DataHome, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    proc = starboard("export", "--format", "csv", "--out", str(out), home=built.root)
    assert f"as csv to {out}" in proc.stdout
    names = sorted(p.stem for p in out.glob("*.csv"))
    assert {"documents", "offerings", "offering_changes", "peer_metrics", "filings", "v_budget_mix"} <= set(names)
    assert "v_peer_rank" not in names  # quadratic: queried per focal raise instead
    changes = pl.read_csv(out / "offering_changes.csv")
    assert changes.filter(pl.col("change") == "project_dropped")["project_before"].to_list() == ["补充流动资金"]
    con = duckdb.connect(str(built.warehouse), read_only=True)
    count = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    con.close()
    assert pl.read_csv(out / "documents.csv").height == count == 7


def test_parquet_export_matches_the_published_exports(built: DataHome, tmp_path: Path) -> None:
    out = tmp_path / "pq"
    starboard("export", "--out", str(out), home=built.root)
    for name in ("documents", "projects", "peer_metrics"):
        assert (out / f"{name}.parquet").read_bytes() == (built.exports_dir / f"{name}.parquet").read_bytes()


def test_export_refuses_an_unknown_format_and_a_missing_warehouse(built: DataHome, tmp_path: Path) -> None:
    bad = starboard("export", "--format", "xlsx", home=built.root, check=False)
    assert bad.returncode == 1 and "parquet or csv" in bad.stderr
    empty = starboard("export", home=tmp_path, check=False)
    assert empty.returncode == 1 and "starboard build" in empty.stderr and "Traceback" not in empty.stderr
