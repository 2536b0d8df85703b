"""A raise's documents through the real build: grouped into one offering, ordered into
versions, compared version by version, and the latest plan picked for benchmarks.

The filings are text fixtures parsed by the real parser (tests/warehouse_home.py)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from pipeline.build import BuildSummary, build
from tests.warehouse_home import OFFERING_2023, OFFERING_2025, make_home


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildSummary]:
    home = make_home(tmp_path_factory.mktemp("chain-home"))
    return home.root, build(home, jobs=1)


def rows(home: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_one_raise_is_one_offering_and_a_later_raise_is_another(chain: tuple[Path, BuildSummary]) -> None:
    home, summary = chain
    assert (summary.announcements, summary.documents, summary.offerings) == (8, 7, 2)
    assert rows(home, "SELECT offering_id, chain, latest_document_id, stage FROM offerings ORDER BY 1") == [
        (OFFERING_2023,
         ["cninfo:9000000001", "cninfo:9000000002", "cninfo:9000000003", "cninfo:9000000007",
          "cninfo:9000000004", "cninfo:9000000005"],
         "cninfo:9000000005", "注册稿"),
        (OFFERING_2025, ["cninfo:9000000006"], "cninfo:9000000006", "预案"),
    ]


def test_documents_published_the_same_day_are_one_version(chain: tuple[Path, BuildSummary]) -> None:
    home, _ = chain
    got = rows(home, f"""SELECT document_id, version_no, stage, raise_total_wan FROM v_offering_timeline
                         WHERE offering_id = '{OFFERING_2023}' ORDER BY chain_position""")
    assert got == [
        ("cninfo:9000000001", 1, "预案", Decimal("120000.00")),
        ("cninfo:9000000002", 1, "预案", Decimal("120000.00")),  # the statement: no year in its title
        ("cninfo:9000000003", 2, "修订稿", Decimal("100000.00")),
        ("cninfo:9000000007", 2, "修订稿", None),  # the broken feasibility report
        ("cninfo:9000000004", 3, "二次修订稿", Decimal("90000.00")),
        ("cninfo:9000000005", 4, "注册稿", Decimal("90000.00")),
    ]


def test_changes_between_versions(chain: tuple[Path, BuildSummary]) -> None:
    home, _ = chain
    got = rows(home, f"""SELECT from_version, to_version, from_stage, to_stage, change, project_before, project_after,
                                amount_before_wan, amount_after_wan, delta_wan, name_similarity
                         FROM offering_changes WHERE offering_id = '{OFFERING_2023}' ORDER BY change_no""")
    D = Decimal
    assert got == [
        (1, 2, "预案", "修订稿", "raise_cut", None, None, D("120000.00"), D("100000.00"), D("-20000.00"), None),
        (1, 2, "预案", "修订稿", "project_renamed", "智能算力中心建设项目", "智算中心建设项目",
         D("40000.00"), D("30000.00"), D("-10000.00"), 0.75),
        (1, 2, "预案", "修订稿", "project_resized", "智能算力中心建设项目", "智算中心建设项目",
         D("40000.00"), D("30000.00"), D("-10000.00"), None),
        (1, 2, "预案", "修订稿", "project_resized", "补充流动资金", "补充流动资金",
         D("20000.00"), D("10000.00"), D("-10000.00"), None),
        (2, 3, "修订稿", "二次修订稿", "raise_cut", None, None, D("100000.00"), D("90000.00"), D("-10000.00"), None),
        (2, 3, "修订稿", "二次修订稿", "project_dropped", "补充流动资金", None, D("10000.00"), None, D("-10000.00"), None),
    ]
    # the 注册稿 repeats the 二次修订稿 in 元: no change is reported for it
    assert rows(home, "SELECT count(*) FROM offering_changes WHERE to_version = 4") == [(0,)]


def test_the_latest_plan_is_the_newest_with_a_project_table(chain: tuple[Path, BuildSummary]) -> None:
    home, _ = chain
    assert rows(home, """SELECT offering_id, document_id, detail_document_id, raise_total_wan, project_count,
                                is_final_version FROM offering_latest ORDER BY 1""") == [
        (OFFERING_2023, "cninfo:9000000005", "cninfo:9000000002", Decimal("90000.00"), 2, True),
        (OFFERING_2025, "cninfo:9000000006", None, Decimal("50000.00"), 1, True),
    ]
    assert rows(home, "SELECT document_id FROM documents WHERE is_latest ORDER BY 1") == [
        ("cninfo:9000000005",), ("cninfo:9000000006",)]


def test_copies_on_two_sites_are_one_document(chain: tuple[Path, BuildSummary]) -> None:
    home, _ = chain
    assert rows(home, "SELECT sources, announcement_ids FROM documents WHERE document_id = 'cninfo:9000000004'") == [
        (["cninfo", "sse"], ["9000000004", "688000_20231102_3"])]
    assert rows(home, "SELECT count(*) FROM documents WHERE 'sse' = ANY(sources)") == [(1,)]


def test_a_broken_file_is_a_failed_document_not_a_failed_build(chain: tuple[Path, BuildSummary]) -> None:
    home, summary = chain
    assert summary.failed == 1
    ((status, warnings, offering, latest),) = rows(
        home, "SELECT parse_status, warnings, offering_id, is_latest FROM documents WHERE document_id = 'cninfo:9000000007'")
    assert (status, offering, latest) == ("failed", OFFERING_2023, False)
    assert len(warnings) == 1 and warnings[0]


def test_amounts_keep_the_unit_and_digits_printed(chain: tuple[Path, BuildSummary]) -> None:
    home, _ = chain
    assert rows(home, """SELECT document_id, raise_total_wan, raise_total_unit, raise_total_text FROM documents
                         WHERE document_id IN ('cninfo:9000000005', 'cninfo:9000000006', 'cninfo:9000000001')
                         ORDER BY 1""") == [
        ("cninfo:9000000001", Decimal("120000.00"), "万元", "120,000.00"),
        ("cninfo:9000000005", Decimal("90000.00"), "元", "900,000,000.00"),
        ("cninfo:9000000006", Decimal("50000.00"), "亿元", "5.00"),
    ]
    assert rows(home, """SELECT seq, proceeds_wan, proceeds_unit, proceeds_text FROM projects
                         WHERE document_id = 'cninfo:9000000005' ORDER BY seq""") == [
        (1, Decimal("60000.00"), "元", "600,000,000.00"),
        (2, Decimal("30000.00"), "元", "300,000,000.00"),
    ]


def test_budget_lines_are_classified_with_the_rule_that_fired(chain: tuple[Path, BuildSummary]) -> None:
    home, _ = chain
    got = rows(home, """SELECT b.item, b.category, t.value FROM budget_lines b
                        JOIN taxonomy_budget_categories t ON t.position = b.category_rule
                        WHERE b.document_id = 'cninfo:9000000002' ORDER BY b.project_seq, b.line_no""")
    assert [(item, cat) for item, cat, _ in got] == [
        ("场地租赁及装修费", "site"), ("算力设备购置费", "equipment"), ("研发人员薪酬", "staff"), ("其他费用", "other"),
        ("建筑工程费", "site"), ("服务器及网络设备购置费", "equipment"), ("基本预备费", "contingency"),
        ("铺底流动资金", "working_capital"),
    ]
    assert all(cat == rule_value for _, cat, rule_value in got)
