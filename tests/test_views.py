"""Every published view, queried on a small warehouse whose answers are worked out by hand."""
from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from pipeline.publish.warehouse import relations, write_warehouse
from pipeline.quality.flags import apply_flags
from tests.contracts import budget, doc, frames_of, project
from tests.test_views_after_raise import AFTER_RAISE_VIEWS

A = "688101-specific_targets-2023"
TESTED_VIEWS = {"filings", "v_budget_mix", "v_project_mix", "v_offering_timeline", "v_other_items",
                "v_peer_metric_values", "v_peer_sets", "v_peer_rank"}


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    frames = frames_of(
        # A, the focal raise: cut from 320 to 300 万元 in its 修订稿
        doc("a1", "688101", "2023年度向特定对象发行A股股票预案", "2023-03-01", 320.0,
            project("行业大模型研发项目", 300.0, 260.0), name="甲智能"),
        doc("a2", "688101", "2023年度向特定对象发行A股股票预案(修订稿)", "2023-06-01", 300.0,
            project("行业大模型研发项目", 300.0, 240.0, budget("设备购置费", 150.0), budget("研发人员薪酬", 100.0),
                    budget("场地租赁费", 50.0), months=36), name="甲智能"),
        doc("b1", "688102", "2023年度向特定对象发行A股股票预案", "2023-04-01", 100.0,
            project("AI芯片研发项目", 100.0, 100.0), name="乙芯"),
        doc("c1", "688103", "2023年度向特定对象发行A股股票预案", "2023-05-01", 200.0,
            project("新能源电池生产线项目", 200.0, 200.0, budget("设备购置费", 170.0), budget("差旅费", 10.0),
                    budget("杂项支出", 20.0), months=24), name="丙能源"),
        doc("d1", "688104", "2022年度向特定对象发行A股股票预案", "2022-05-01", 400.0,
            project("大模型训练平台项目", 400.0, 400.0), name="丁科技"),
        doc("e1", "688105", "2023年度向特定对象发行A股股票预案", "2023-07-01", 500.0,
            project("人工智能研发中心建设项目", 300.0, 300.0), project("补充流动资金", 200.0, 200.0), name="戊智造"),
    )
    path = tmp_path_factory.mktemp("views") / "warehouse.duckdb"
    write_warehouse(path, apply_flags(frames, [], {})[0], {"built_at": "test"})
    connection = duckdb.connect(str(path), read_only=True)
    yield connection
    connection.close()


def q(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_every_view_is_tested_here(con: duckdb.DuckDBPyConnection) -> None:
    """… or in test_views_after_raise.py, for the views of what follows a raise."""
    assert {name for name, kind in relations(con) if kind == "view"} == TESTED_VIEWS | AFTER_RAISE_VIEWS


def test_filings_keeps_the_old_columns(con: duckdb.DuckDBPyConnection) -> None:
    assert q(con, "SELECT announcement_id, code, kind, revision, offering, raise_total_wan, project_count, url "
                  "FROM filings WHERE code = '688101' ORDER BY 1") == [
        ("a1", "688101", "plan", None, "specific_targets", Decimal("320.00"), 1, "http://127.0.0.1/a1"),
        ("a2", "688101", "plan", "修订稿", "specific_targets", Decimal("300.00"), 1, "http://127.0.0.1/a2"),
    ]


def test_budget_mix(con: duckdb.DuckDBPyConnection) -> None:
    assert q(con, "SELECT offering_id, document_id, category, items, amount_wan, share FROM v_budget_mix "
                  "ORDER BY offering_id, category") == [
        (A, "cninfo:a2", "equipment", 1, Decimal("150.00"), 0.5),
        (A, "cninfo:a2", "site", 1, Decimal("50.00"), 50 / 300),
        (A, "cninfo:a2", "staff", 1, Decimal("100.00"), 100 / 300),
        ("688103-specific_targets-2023", "cninfo:c1", "equipment", 1, Decimal("170.00"), 0.85),
        ("688103-specific_targets-2023", "cninfo:c1", "other", 2, Decimal("30.00"), 0.15),
    ]


def test_project_mix(con: duckdb.DuckDBPyConnection) -> None:
    assert q(con, "SELECT code, type, projects, proceeds_wan, share FROM v_project_mix ORDER BY code, type") == [
        ("688101", "rnd", 1, Decimal("240.00"), 1.0),
        ("688102", "rnd", 1, Decimal("100.00"), 1.0),
        ("688103", "capacity", 1, Decimal("200.00"), 1.0),
        ("688104", "rnd", 1, Decimal("400.00"), 1.0),
        ("688105", "facilities", 1, Decimal("300.00"), 0.6),
        ("688105", "working_capital", 1, Decimal("200.00"), 0.4),
    ]


def test_offering_timeline(con: duckdb.DuckDBPyConnection) -> None:
    assert q(con, f"SELECT chain_position, version_no, document_id, stage, raise_total_wan, is_latest "
                  f"FROM v_offering_timeline WHERE offering_id = '{A}' ORDER BY chain_position") == [
        (1, 1, "cninfo:a1", "预案", Decimal("320.00"), False),
        (2, 2, "cninfo:a2", "修订稿", Decimal("300.00"), True),
    ]


def test_other_items_says_whether_a_rule_or_no_rule_decided(con: duckdb.DuckDBPyConnection) -> None:
    rows = q(con, "SELECT field, text, decided_by, occurrences, amount_wan FROM v_other_items ORDER BY text")
    assert [(f, t, d.split()[0], n, a) for f, t, d, n, a in rows] == [
        ("budget_category", "差旅费", "rule", 1, Decimal("10.00")),
        ("budget_category", "杂项支出", "no", 1, Decimal("20.00")),
    ]
    assert q(con, "SELECT field, text, occurrences, documents, amount_wan FROM unmapped_items") == [
        ("budget_category", "杂项支出", 1, 1, Decimal("20.00"))]


def test_peer_metric_values_are_peer_metrics_in_long_form(con: duckdb.DuckDBPyConnection) -> None:
    got = dict(q(con, f"SELECT metric, value FROM v_peer_metric_values WHERE offering_id = '{A}'"))
    assert {k: got[k] for k in ("raise_total_wan", "project_count", "proceeds_ratio", "construction_months_max",
                                "share_equipment", "share_staff", "share_site", "share_other", "type_share_rnd")} == {
        "raise_total_wan": 300.0, "project_count": 1.0, "proceeds_ratio": 0.8, "construction_months_max": 36.0,
        "share_equipment": 0.5, "share_staff": 100 / 300, "share_site": 50 / 300, "share_other": 0.0,
        "type_share_rnd": 1.0,
    }
    # a raise without any budget breakdown has no budget shares at all (not zeros)
    assert q(con, "SELECT count(*) FROM v_peer_metric_values WHERE offering_id LIKE '688102%' "
                  "AND metric LIKE 'share_%'") == [(0,)]


def test_peer_sets(con: duckdb.DuckDBPyConnection) -> None:
    got = q(con, f"SELECT peer_set, list(split_part(peer_offering_id, '-', 1) ORDER BY peer_offering_id) "
                 f"FROM v_peer_sets WHERE focal_offering_id = '{A}' GROUP BY 1 ORDER BY 1")
    assert got == [
        ("all", ["688102", "688103", "688104", "688105"]),
        ("same_theme", ["688102", "688104", "688105"]),
        ("same_year", ["688102", "688103", "688105"]),
        ("similar_size", ["688103", "688104", "688105"]),
        ("theme_ai", ["688102", "688104", "688105"]),
    ]  # no same_industry: the focal's industry is unknown


def test_peer_rank(con: duckdb.DuckDBPyConnection) -> None:
    got = q(con, f"""SELECT peer_set, focal_value, peer_count, peer_min, peer_median, peer_max, percentile
                     FROM v_peer_rank WHERE focal_offering_id = '{A}' AND metric = 'raise_total_wan' ORDER BY 1""")
    assert got == [
        ("all", 300.0, 4, 100.0, 300.0, 500.0, 0.5),
        ("same_theme", 300.0, 3, 100.0, 400.0, 500.0, 1 / 3),
        ("same_year", 300.0, 3, 100.0, 200.0, 500.0, 2 / 3),
        ("similar_size", 300.0, 3, 200.0, 400.0, 500.0, 1 / 3),
        ("theme_ai", 300.0, 3, 100.0, 400.0, 500.0, 1 / 3),
    ]
    # ties count half: the focal's equipment share 0.5 against the one peer with a breakdown (0.85)
    assert q(con, f"SELECT peer_count, percentile FROM v_peer_rank WHERE focal_offering_id = '{A}' "
                  f"AND peer_set = 'all' AND metric = 'share_equipment'") == [(1, 0.0)]
    assert q(con, f"SELECT percentile FROM v_peer_rank WHERE focal_offering_id = '{A}' "
                  f"AND peer_set = 'all' AND metric = 'type_share_working_capital'") == [(0.375,)]
