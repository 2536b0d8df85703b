"""The whole chain, as `make demo` runs it, and what each later stage reads from it."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.sql import QueryError, run_query
from tests.conftest import starboard


def test_demo_publishes_the_focal_raise(demo_home: Path) -> None:
    con = duckdb.connect(str(demo_home / "warehouse.duckdb"), read_only=True)
    try:
        filing = con.execute(
            "SELECT announcement_id, short_name, kind, raise_total_wan, project_count FROM filings WHERE announcement_id = '1216247019'"
        ).fetchall()
        project = con.execute(
            "SELECT p.name, p.type, p.proceeds_wan FROM projects p JOIN filings f USING (source, announcement_id) WHERE f.announcement_id = '1216247019'"
        ).fetchall()
        budget = con.execute(
            """SELECT item, category, amount_wan FROM budget_lines b JOIN filings f USING (source, announcement_id)
               WHERE f.announcement_id = '1216247019' ORDER BY line_no"""
        ).fetchall()
    finally:
        con.close()
    from decimal import Decimal

    assert filing == [("1216247019", "云从科技", "sci_tech_statement", Decimal("363519.00"), 1)]
    assert project == [("云从“行业精灵”大模型研发项目", "rnd", Decimal("363519.00"))]
    assert budget == [
        ("场地购置及装修费", "site", Decimal("55440.00")),
        ("研发设备购置费", "equipment", Decimal("209400.00")),
        ("人力资源成本", "staff", Decimal("76020.00")),
        ("其他费用", "other", Decimal("22659.00")),
    ]


def test_exports_match_the_warehouse(demo_home: Path) -> None:
    for table in ("filings", "projects", "budget_lines"):
        exported = pl.read_parquet(demo_home / "exports" / f"{table}.parquet")
        con = duckdb.connect(str(demo_home / "warehouse.duckdb"), read_only=True)
        count = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        con.close()
        assert exported.height == count > 0


def test_text_cache_is_keyed_by_sha256(demo_home: Path) -> None:
    con = duckdb.connect(str(demo_home / "warehouse.duckdb"), read_only=True)
    shas = {r[0] for r in con.execute("SELECT sha256 FROM filings").fetchall()}
    con.close()
    assert {p.stem for p in (demo_home / "text").glob("*.json")} == shas


def test_sql_command_formats(demo_home: Path) -> None:
    proc = starboard("sql", "SELECT code, raise_total_wan FROM filings WHERE announcement_id = '1216247019'", "--format", "json", home=demo_home)
    assert json.loads(proc.stdout) == [{"code": "688327", "raise_total_wan": "363519.00"}]
    csv = starboard("sql", "SELECT code FROM filings ORDER BY code", "--format", "csv", home=demo_home).stdout
    assert csv.splitlines()[0] == "code" and "688327" in csv.splitlines()


@pytest.mark.parametrize("attack", [
    "COPY filings TO '/tmp/starboard-leak.csv'",
    "ATTACH '/tmp/other.duckdb' AS other",
    "INSTALL httpfs",
    "SELECT * FROM read_csv('/etc/passwd')",
    "PRAGMA database_list",
    "SELECT 1; SELECT 2",
    "SET enable_external_access = true",
    "DROP TABLE filings",
])
def test_sql_refuses_what_is_not_a_read(demo_home: Path, attack: str) -> None:
    with pytest.raises(QueryError):
        run_query(demo_home / "warehouse.duckdb", attack)
    proc = starboard("sql", attack, home=demo_home, check=False)
    assert proc.returncode == 1 and "error:" in proc.stderr and "Traceback" not in proc.stderr


def test_sql_stops_a_runaway_query(demo_home: Path) -> None:
    with pytest.raises(QueryError, match="longer than"):
        run_query(demo_home / "warehouse.duckdb",
                  "SELECT count(*) FROM range(1000000000) a, range(1000000000) b", timeout_s=1)


def test_build_before_crawl_says_what_to_do(tmp_path: Path) -> None:
    proc = starboard("build", home=tmp_path, check=False)
    assert proc.returncode == 1 and "starboard crawl" in proc.stderr


def test_sql_csv_writes_list_columns_as_json(demo_home: Path) -> None:
    proc = starboard("sql", "SELECT ['a', '乙'] AS tags, {'k': 1} AS s, 3 AS n", "--format", "csv", home=demo_home)
    lines = proc.stdout.splitlines()
    assert lines[0] == "tags,s,n"
    assert lines[1] == '"[""a"", ""乙""]","{""k"": 1}",3'
