"""How documents are grouped into raises and ordered, on hand-written parse contracts."""
from __future__ import annotations

from decimal import Decimal

import polars as pl

from tests.contracts import budget, doc, frames_of, project


def offering_of(frames: dict[str, pl.DataFrame]) -> dict[str, str]:
    return dict(frames["documents"].select("announcement_id", "offering_id").iter_rows())


def test_a_statement_without_a_year_joins_the_raise_running_when_it_was_published() -> None:
    f = frames_of(
        doc("1", "688001", "2022年度向特定对象发行A股股票预案", "2022-06-01", 100.0),
        doc("2", "688001", "关于本次募集资金投向属于科技创新领域的说明", "2022-06-01", 100.0, offering=None),
        doc("3", "688001", "2023年度向特定对象发行A股股票预案", "2023-09-01", 80.0),
        doc("4", "688001", "关于本次募集资金投向属于科技创新领域的说明(修订稿)", "2023-11-20", 70.0, offering=None),
        doc("5", "688001", "2022年度向特定对象发行A股股票募集说明书(注册稿)", "2023-02-10", 100.0),
    )
    assert offering_of(f) == {
        "1": "688001-specific_targets-2022", "2": "688001-specific_targets-2022",
        "5": "688001-specific_targets-2022",  # filed in 2023, but it prints the 2022 plan's year
        "3": "688001-specific_targets-2023", "4": "688001-specific_targets-2023",
    }


def test_a_yearless_statement_long_after_the_last_raise_opens_a_new_one() -> None:
    """A company's 2021 raise and a statement filed in 2025 are two raises, not one."""
    f = frames_of(
        doc("1", "688007", "2021年度向特定对象发行A股股票方案的论证分析报告", "2021-11-13", 155000.0),
        doc("2", "688007", "关于本次募集资金投向属于科技创新领域的说明", "2025-03-04", 250000.0, offering=None),
        doc("3", "688007", "关于本次募集资金投向属于科技创新领域的说明(修订稿)", "2025-08-22", 248846.82, offering=None),
        doc("4", "688007", "2025年度向特定对象发行A股股票预案(修订稿)", "2025-08-22", 248846.82),
    )
    assert offering_of(f) == {
        "1": "688007-specific_targets-2021",
        "2": "688007-specific_targets-2025", "3": "688007-specific_targets-2025", "4": "688007-specific_targets-2025",
    }


def test_yearless_convertible_bond_plans_are_split_at_each_new_first_version() -> None:
    f = frames_of(
        doc("1", "688002", "向不特定对象发行可转换公司债券预案", "2022-07-29", 500.0, offering="convertible_bond"),
        doc("2", "688002", "向不特定对象发行可转换公司债券预案(修订稿)", "2022-10-10", 450.0, offering="convertible_bond"),
        doc("3", "688002", "关于本次募集资金投向属于科技创新领域的说明", "2022-07-29", 500.0, offering=None),
        doc("4", "688002", "向不特定对象发行可转换公司债券预案", "2024-03-05", 300.0, offering="convertible_bond"),
        doc("5", "688002", "向不特定对象发行可转换公司债券募集说明书(注册稿)", "2024-08-01", 280.0,
            offering="convertible_bond"),
    )
    assert offering_of(f) == {
        "1": "688002-convertible_bond-2022", "2": "688002-convertible_bond-2022", "3": "688002-convertible_bond-2022",
        "4": "688002-convertible_bond-2024", "5": "688002-convertible_bond-2024",
    }
    assert f["offerings"].select("offering_id", "first_raise_total_wan", "latest_raise_total_wan").rows() == [
        ("688002-convertible_bond-2022", Decimal("500.00"), Decimal("450.00")),
        ("688002-convertible_bond-2024", Decimal("300.00"), Decimal("280.00")),
    ]


def test_two_offering_types_of_one_company_stay_apart() -> None:
    f = frames_of(
        doc("1", "688003", "2023年度以简易程序向特定对象发行A股股票预案", "2023-05-01", 29.0, offering="simplified"),
        doc("2", "688003", "2023年度向特定对象发行A股股票预案", "2023-06-01", 300.0),
    )
    assert sorted(set(offering_of(f).values())) == ["688003-simplified-2023", "688003-specific_targets-2023"]


def test_an_adjustment_notice_is_a_version_and_its_figures_are_the_latest() -> None:
    f = frames_of(
        doc("1", "688004", "2022年度向特定对象发行A股股票预案", "2022-08-01", 1000.0,
            project("甲研发项目", 600.0, 600.0), project("补充流动资金", 400.0, 400.0)),
        doc("2", "688004", "关于调整2022年度向特定对象发行A股股票方案的公告", "2022-12-16", 800.0,
            project("甲研发项目", 600.0, 600.0), project("补充流动资金", 400.0, 200.0)),
    )
    docs = f["documents"].sort("chain_position")
    assert docs.select("announcement_id", "kind", "version_no", "is_latest").rows() == [
        ("1", "plan", 1, False), ("2", "adjustment", 2, True)]
    changes = f["offering_changes"].select("to_stage", "change", "amount_before_wan", "amount_after_wan").rows()
    assert changes == [("调整", "raise_cut", Decimal("1000.00"), Decimal("800.00")),
                       ("调整", "project_resized", Decimal("400.00"), Decimal("200.00"))]


def test_the_latest_plan_skips_a_newer_notice_without_a_project_table() -> None:
    f = frames_of(
        doc("1", "688005", "2023年度向特定对象发行A股股票预案", "2023-03-01", 500.0,
            project("乙产业化项目", 500.0, 500.0, budget("设备购置费", 400.0), budget("铺底流动资金", 100.0))),
        doc("2", "688005", "2023年度向特定对象发行A股股票预案(修订稿)", "2023-07-01", 450.0,
            project("乙产业化项目", 500.0, 450.0)),
        doc("3", "688005", "关于调整2023年度向特定对象发行A股股票方案的公告", "2023-09-01", 420.0),
        doc("4", "688005", "2023年度向特定对象发行A股股票募集说明书(注册稿)", "2023-10-01", None, error="not a PDF"),
    )
    latest = f["offering_latest"].row(0, named=True)
    assert (latest["document_id"], latest["detail_document_id"], latest["raise_total_wan"],
            latest["latest_stated_raise_wan"], latest["is_final_version"]) == (
        "cninfo:2", "cninfo:1", Decimal("450.00"), Decimal("420.00"), False)
    metrics = f["peer_metrics"].row(0, named=True)
    assert (metrics["share_equipment"], metrics["share_working_capital"], metrics["proceeds_ratio"]) == (0.8, 0.2, 0.9)


def test_names_that_differ_a_lot_are_dropped_and_added_not_renamed() -> None:
    f = frames_of(
        doc("1", "688006", "2023年度向特定对象发行A股股票预案", "2023-03-01", 300.0,
            project("新一代存储控制芯片研发项目", 200.0, 200.0), project("营销网络升级项目", 100.0, 100.0)),
        doc("2", "688006", "2023年度向特定对象发行A股股票预案(修订稿)", "2023-06-01", 300.0,
            project("新一代存储控制芯片研发及产业化项目", 200.0, 200.0), project("补充流动资金", 100.0, 100.0)),
    )
    got = f["offering_changes"].select("change", "project_before", "project_after").rows()
    assert got == [
        ("project_dropped", "营销网络升级项目", None),
        ("project_added", None, "补充流动资金"),
        ("project_renamed", "新一代存储控制芯片研发项目", "新一代存储控制芯片研发及产业化项目"),
    ]


def test_copies_with_different_bytes_merge_on_company_title_and_day() -> None:
    f = frames_of(
        doc("1", "688007", "2023年度向特定对象发行A股股票预案", "2023-03-01 18:00", 300.0, project("丙项目", 300.0, 300.0)),
        doc("688007_1", "688007", "2023年度向特定对象发行A股股票预案", "2023-03-01 19:30", 300.0,
            project("丙项目", 300.0, 300.0), source="sse"),
        doc("9", "688007", "2023年度向特定对象发行A股股票预案(修订稿)", "2023-05-01", 300.0, project("丙项目", 300.0, 300.0)),
    )
    assert f["documents"].select("document_id", "sources").rows() == [
        ("cninfo:1", ["cninfo", "sse"]), ("cninfo:9", ["cninfo"])]
    assert f["projects"]["document_id"].to_list() == ["cninfo:1", "cninfo:9"]


def test_companies_take_the_newest_names_and_a_known_industry() -> None:
    f = frames_of(
        doc("1", "688008", "2021年度向特定对象发行A股股票预案", "2021-03-01", 10.0, name="旧名科技"),
        doc("2", "688008", "2024年度向特定对象发行A股股票预案", "2024-03-01", 20.0, name="新名科技", industry="C39"),
    )
    assert f["companies"].select("code", "short_name", "industry", "document_count", "offering_count").rows() == [
        ("688008", "新名科技", "C39", 2, 2)]
