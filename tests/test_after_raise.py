"""After the raise, on hand-written contracts: which raise each document belongs to, what was
raised, how each project is spent and changed, where each raise stands, and that none of it
moves how plans are grouped."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from pipeline.normalise.actuals.hints import with_hints
from pipeline.normalise.actuals.notices import months_between
from tests.after_raise_world import (
    BING,
    CENTRE,
    CHIP,
    JIA,
    WC,
    YI,
    YUNCONG,
    bing,
    jia_after,
    jia_plan,
    jia_rows,
    world_docs,
    yi,
    yuncong,
)
from tests.contracts import change, doc, frames_of, progress, project, raised


@pytest.fixture(scope="module")
def world() -> dict[str, pl.DataFrame]:
    return frames_of(*world_docs())


def rows(frame: pl.DataFrame, *columns: str, **where: object) -> list[tuple]:
    return frame.filter(*[pl.col(k) == v for k, v in where.items()]).select(columns).rows()


# ------------------------------------------------------------------ the chain, end to end

def test_every_document_after_the_raise_is_linked_to_the_raise_it_names(world: dict[str, pl.DataFrame]) -> None:
    docs = world["documents"].filter(pl.col("code") == "688201").sort("document_id")
    assert docs.select("document_id", "kind", "offering_id", "version_no", "link_rule").rows() == [
        ("cninfo:a1", "plan", JIA, 1, None), ("cninfo:a2", "prospectus", JIA, 2, None),
        ("cninfo:c1", "use_change", JIA, None, "projects"),  # the title names no raise: its project does
        ("cninfo:d1", "use_change", JIA, None, "projects"),
        ("cninfo:n1", "reallocation", JIA, None, "projects"),
        ("cninfo:r1", "issuance_result", JIA, None, "named"),  # 2022年度向特定对象发行A股股票
        ("cninfo:u1", "use_report", JIA, None, "named"), ("cninfo:u2", "use_report", JIA, None, "named"),
    ]
    # the plan's chain and versions are its plan documents only
    assert rows(world["offerings"], "chain", "version_count", "document_count", offering_id=JIA) == [
        (["cninfo:a1", "cninfo:a2"], 2, 2)]
    assert rows(world["documents"], "period_end", document_id="cninfo:u1") == [(date(2023, 6, 30),)]


def test_what_was_raised_against_the_cap(world: dict[str, pl.DataFrame]) -> None:
    got = world["raises_actual"].filter(pl.col("offering_id") == JIA).row(0, named=True)
    assert {k: got[k] for k in ("document_id", "document_kind", "cap_wan", "gross_wan", "net_wan", "fees_wan",
                                "received_date", "shares", "price_yuan", "raised_share_of_cap", "shortfall_wan",
                                "stated_by", "figures_agree", "gross_unit", "gross_text")} == {
        "document_id": "cninfo:r1", "document_kind": "issuance_result", "cap_wan": Decimal("100000.00"),
        "gross_wan": Decimal("80000.00"), "net_wan": Decimal("78500.00"), "fees_wan": Decimal("1500.00"),
        "received_date": date(2023, 3, 17), "shares": 6606110, "price_yuan": 121.10, "raised_share_of_cap": 0.8,
        "shortfall_wan": Decimal("20000.00"), "stated_by": ["cninfo:r1"], "figures_agree": True,
        "gross_unit": "元", "gross_text": "800,000,000.00",
    }
    assert rows(world["offerings"], "status", "status_date", "status_document_id", offering_id=JIA) == [
        ("issued", date(2023, 3, 17), "cninfo:r1")]


def test_reallocation_delay_and_completion_are_changes_with_their_notices(world: dict[str, pl.DataFrame]) -> None:
    changes = world["project_changes"].filter(pl.col("offering_id") == JIA)
    assert changes.select("document_id", "change_no", "kind", "planned_project", "committed_before_wan",
                          "committed_after_wan", "delta_wan").filter(pl.col("kind") == "reallocation").rows() == [
        ("cninfo:n1", 1, "reallocation", CHIP, Decimal("60000.00"), Decimal("50000.00"), Decimal("-10000.00")),
        ("cninfo:n1", 2, "reallocation", CENTRE, Decimal("30000.00"), Decimal("22000.00"), Decimal("-8000.00")),
        ("cninfo:n1", 3, "reallocation", WC, Decimal("10000.00"), Decimal("6500.00"), Decimal("-3500.00")),
    ]
    assert rows(changes, "old_ready_date", "new_ready_date", "delay_months", "notice_date", kind="delay") == [
        (date(2025, 12, 31), date(2026, 12, 31), 12.0, date(2024, 6, 15))]
    assert rows(changes, "project", "amount_wan", "to_working_capital", "to_working_capital_wan", kind="completion") == [
        (CENTRE, Decimal("1800.50"), True, Decimal("1800.50"))]


def test_spending_per_project_and_report_against_the_elapsed_construction_time(
        world: dict[str, pl.DataFrame]) -> None:
    progress_rows = world["project_progress"].filter(pl.col("offering_id") == JIA).sort("document_id", "row_no")
    months = 9 + 14 / 30.4375  # 2023-03-17 → 2023-12-31
    latest_chip = progress_rows.filter(pl.col("document_id") == "cninfo:u2", pl.col("row_no") == 1).row(0, named=True)
    assert latest_chip["planned_document_id"] == "cninfo:a2"  # the registered prospectus is the latest plan
    assert (latest_chip["commitment_wan"], latest_chip["invested_to_date_wan"], latest_chip["construction_months"]) == (
        Decimal("50000.00"), Decimal("15000.00"), 36)
    assert latest_chip["months_since_received"] == round(months, 2) == 9.46
    assert latest_chip["spend_share"] == pytest.approx(0.3)
    assert latest_chip["elapsed_share"] == pytest.approx(9.46 / 36)
    assert latest_chip["spend_gap"] == pytest.approx(9.46 / 36 - 0.3)
    assert latest_chip["first_ready_date"] == date(2025, 12, 31)
    # the delay notice came after both reports: they do not count it; nothing passed its ready date
    assert progress_rows.select("delayed", "ready_date_passed").unique().rows() == [(False, False)]
    assert progress_rows.select("document_id", "row_no", "is_latest_report", "is_working_capital").rows() == [
        ("cninfo:u1", 1, False, False), ("cninfo:u1", 2, False, False), ("cninfo:u1", 3, False, True),
        ("cninfo:u2", 1, True, False), ("cninfo:u2", 2, True, False), ("cninfo:u2", 3, True, True),
    ]
    # working capital is paid at once: no elapsed time or gap is measured for it
    assert rows(progress_rows, "spend_share", "elapsed_share", "spend_gap", document_id="cninfo:u2", row_no=3) == [
        (1.0, None, None)]


def test_peer_metrics_gain_spend_and_delay_where_known(world: dict[str, pl.DataFrame]) -> None:
    m = world["peer_metrics"].filter(pl.col("offering_id") == JIA).row(0, named=True)
    chip, centre = 9.46 / 36, 9.46 / 24
    assert m["raised_share_of_cap"] == 0.8
    assert m["spend_share"] == pytest.approx((15000 + 20000) / (50000 + 22000))  # working capital left out
    assert m["elapsed_share"] == pytest.approx((chip * 50000 + centre * 22000) / 72000)
    assert m["spend_gap"] == pytest.approx(((chip - 0.3) * 50000 + (centre - 20000 / 22000) * 22000) / 72000)
    assert (m["months_since_received"], m["progress_as_of"]) == (9.46, date(2023, 12, 31))
    assert (m["projects_followed"], m["projects_delayed"], m["delayed_share"]) == (2, 1, 0.5)
    assert m["moved_to_wc_wan"] == Decimal("1800.50")
    assert m["moved_to_wc_share"] == pytest.approx(1800.5 / 78500)
    # a raise with nothing after its plan has none of them (nulls, never zeros)
    yuncong_m = world["peer_metrics"].filter(pl.col("offering_id") == YUNCONG).row(0, named=True)
    assert [yuncong_m[k] for k in ("raised_share_of_cap", "spend_share", "delayed_share", "moved_to_wc_share")] == [
        None] * 4


# ------------------------------------------------------------------ how raises end

def test_a_raise_withdrawn_before_issue(world: dict[str, pl.DataFrame]) -> None:
    assert rows(world["offerings"], "status", "status_date", "status_document_id", "version_count", offering_id=YI) == [
        ("withdrawn", date(2024, 3, 15), "cninfo:y3", 2)]
    assert rows(world["documents"], "kind", "offering_id", "link_rule", "version_no", document_id="cninfo:y3") == [
        ("withdrawal", YI, "named", None)]
    assert world["raises_actual"].filter(pl.col("offering_id") == YI).is_empty()
    # the plan it withdrew is still its latest plan, unchanged by the notice
    assert rows(world["offering_latest"], "document_id", "raise_total_wan", offering_id=YI) == [
        ("cninfo:y2", Decimal("110000.00"))]


def test_a_raise_with_nothing_after_its_plan_is_not_issued_as_of_its_latest_version(
        world: dict[str, pl.DataFrame]) -> None:
    assert rows(world["offerings"], "status", "status_date", "status_document_id", offering_id=YUNCONG) == [
        ("planned", date(2024, 4, 8), "cninfo:z2")]  # the 二次修订稿 of 2024-04-08


def test_a_use_report_carrying_ipo_and_refinancing_tables(world: dict[str, pl.DataFrame]) -> None:
    got = world["project_progress"].filter(pl.col("document_id") == "cninfo:b2").sort("row_no")
    assert got.select("row_no", "offering_hint", "raise_kind", "offering_id", "link_rule", "planned_project").rows() == [
        (1, "首次公开发行股票", "ipo", None, "ipo", None),
        (2, "2022年度以简易程序向特定对象发行股票", "refinancing", BING, "named", "智能诊断设备产业化项目"),
        (3, "2022年度以简易程序向特定对象发行股票", "refinancing", BING, "named", WC),
    ]
    # the report belongs to its refinancing; its restated figures are that raise's
    assert rows(world["documents"], "offering_id", "link_rule", document_id="cninfo:b2") == [(BING, "named")]
    assert rows(world["raises_actual"], "document_kind", "gross_wan", "received_date", offering_id=BING) == [
        ("use_report", Decimal("28500.00"), date(2023, 3, 10))]
    # IPO money never feeds a refinancing's metrics
    m = world["peer_metrics"].filter(pl.col("offering_id") == BING).row(0, named=True)
    assert m["spend_share"] == pytest.approx(9000 / 19500)
    assert m["projects_followed"] == 1


# ------------------------------------------------------------------ linking rules

def test_a_yearless_convertible_bond_result_joins_the_raise_running() -> None:
    hint = "向不特定对象发行可转换公司债券"
    f = frames_of(
        doc("1", "688204", "向不特定对象发行可转换公司债券预案", "2021-05-10", 50000.0, project("甲线项目", 50000.0, 50000.0),
            offering="convertible_bond"),
        doc("2", "688204", "向不特定对象发行可转换公司债券预案", "2023-06-01", 80000.0, project("乙线项目", 80000.0, 80000.0),
            offering="convertible_bond"),
        doc("3", "688204", "向不特定对象发行可转换公司债券发行结果公告", "2023-12-20", None, kind="issuance_result",
            offering="convertible_bond", raise_actual=raised(80000.0, 79000.0, "2023-12-18", hint)),
    )
    assert rows(f["documents"], "offering_id", "link_rule", document_id="cninfo:3") == [
        ("688204-convertible_bond-2023", "running")]


def test_a_report_naming_the_year_the_money_arrived_finds_the_plan_of_the_year_before() -> None:
    f = frames_of(
        *jia_plan(),
        doc("9", "688201", "2023年度募集资金存放与实际使用情况的专项报告", "2024-04-20", None, kind="use_report",
            offering=None, period_end="2023-12-31",
            rows=[progress(CHIP, "2023年向特定对象发行A股股票", 60000.0, None, 100.0, 100.0, 0.17, "2025-12")]),
    )
    assert rows(f["project_progress"], "offering_id", "link_rule", document_id="cninfo:9") == [(JIA, "named_issue_year")]


def test_projects_decide_between_two_raises_when_the_notice_names_no_year() -> None:
    f = frames_of(
        *jia_plan(),
        doc("5", "688201", "2024年度向特定对象发行A股股票预案", "2024-05-01", 40000.0, project("车规芯片研发项目", 40000.0, 40000.0)),
        doc("6", "688201", "关于部分募投项目延期的公告", "2024-09-01", None, kind="use_change", offering=None,
            changes=[change("delay", "先进工艺平台芯片研发项目", old_ready="2025-12", new_ready="2026-06")]),
    )
    # the latest raise is 2024's, but the project (named a little differently) is 2022's
    assert rows(f["documents"], "offering_id", "link_rule", document_id="cninfo:6") == [(JIA, "projects")]
    assert rows(f["project_changes"], "planned_project", "name_similarity", document_id="cninfo:6") == [(CHIP, 0.9)]


def test_a_document_whose_raise_has_no_plan_in_the_warehouse_stays_unlinked_with_its_figures() -> None:
    f = frames_of(
        *yuncong(),
        doc("7", "688327", "2020年度向特定对象发行A股股票发行情况报告书", "2021-01-20", None, kind="issuance_result",
            raise_actual=raised(50000.0, 49000.0, "2021-01-15", "2020年度向特定对象发行A股股票"), name="云从科技"),
    )
    assert rows(f["documents"], "offering_id", "link_rule", document_id="cninfo:7") == [(None, "unlinked")]
    assert f["raises_actual"].is_empty()
    assert rows(f["companies"], "document_count", "offering_count", code="688327") == [(3, 1)]
    assert rows(f["offerings"], "status", offering_id=YUNCONG) == [("planned",)]


def test_a_ready_date_later_than_first_reported_is_a_delay_even_without_a_notice() -> None:
    later = doc("u3", "688201", "2024年半年度募集资金存放与实际使用情况的专项报告", "2024-08-28", None, kind="use_report",
                offering=None, name="甲芯", period_end="2024-06-30",
                rows=jia_rows((5000.0, 20000.0, 40.0, "2026-06"), (1000.0, 21000.0, 95.45, "2024-03")))
    f = frames_of(*jia_plan(), *[d for d in jia_after() if d[0]["announcement_id"] in ("r1", "u1", "u2")], later)
    got = f["project_progress"].filter(pl.col("document_id") == "cninfo:u3").sort("row_no")
    assert got.select("project", "ready_date", "first_ready_date", "delayed", "ready_date_passed",
                      "is_latest_report").rows()[:2] == [
        (CHIP, date(2026, 6, 30), date(2025, 12, 31), True, False, True),
        # ready by March 2024 said the report, not finished by June: passed (moved earlier is no delay)
        (CENTRE, date(2024, 3, 31), date(2024, 12, 31), False, True, True),
    ]


# ------------------------------------------------------------------ what must not move

def test_plan_grouping_and_plan_tables_are_the_same_with_or_without_what_follows() -> None:
    plans = [*jia_plan(), *[d for d in yi() if d[0]["announcement_id"] != "y3"], bing()[0], *yuncong()]
    alone, everything = frames_of(*plans), frames_of(*world_docs())
    plan_ids = alone["documents"]["document_id"]
    for name in ("offering_latest", "offering_changes", "projects", "budget_lines"):
        assert everything[name].equals(alone[name]), name
    assert everything["offerings"].drop("status", "status_date", "status_document_id").equals(
        alone["offerings"].drop("status", "status_date", "status_document_id"))
    assert everything["documents"].filter(pl.col("document_id").is_in(plan_ids.to_list())).equals(alone["documents"])
    plan_columns = [c for c in alone["peer_metrics"].columns if c not in (
        "raised_share_of_cap", "spend_share", "elapsed_share", "spend_gap", "months_since_received", "progress_as_of",
        "projects_followed", "projects_delayed", "delayed_share", "moved_to_wc_wan", "moved_to_wc_share")]
    assert everything["peer_metrics"].select(plan_columns).equals(alone["peer_metrics"].select(plan_columns))


def test_the_frames_do_not_depend_on_the_order_documents_arrive_in() -> None:
    forward, backward = frames_of(*world_docs()), frames_of(*reversed(world_docs()))
    for name, frame in forward.items():
        assert frame.equals(backward[name]), name


# ------------------------------------------------------------------ small pieces

def test_hints_name_a_year_a_type_or_the_ipo() -> None:
    frame = pl.DataFrame({
        "hint": ["2022年度向特定对象发行A股股票", "首次公开发行股票", "2020年第一次非公开发行股票",
                 "向不特定对象发行可转换公司债券", "2021年度以简易程序向特定对象发行股票", None, None],
        "title": [None, None, None, None, None, "关于终止2023年度向特定对象发行A股股票事项并撤回申请文件的公告",
                  "2024年半年度募集资金存放与实际使用情况的专项报告"],
    })
    assert with_hints(frame, "hint", "title").select("hint_year", "hint_type", "is_ipo").rows() == [
        (2022, "specific_targets", False), (None, None, True), (2020, "specific_targets", False),
        (None, "convertible_bond", False), (2021, "simplified", False), (2023, "specific_targets", False),
        (None, None, False),  # a report's own year is not a raise's
    ]


@pytest.mark.parametrize(("start", "end", "months"), [
    (date(2025, 12, 31), date(2026, 12, 31), 12.0), (date(2023, 3, 17), date(2023, 12, 31), 9.46),
    (date(2024, 2, 29), date(2024, 8, 31), 6.0), (date(2023, 6, 30), date(2023, 6, 15), -0.49),
])
def test_months_between_count_calendar_months(start: date, end: date, months: float) -> None:
    frame = pl.DataFrame({"a": [start], "b": [end]})
    assert frame.select(months_between(pl.col("a"), pl.col("b"))).item() == months
