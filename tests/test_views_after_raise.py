"""The views after the raise, queried on a small warehouse whose answers are worked out by hand
(tests/after_raise_world.py, plus a raise whose spending lags far behind its calendar)."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.publish.warehouse import write_warehouse
from pipeline.quality.flags import apply_flags
from tests.after_raise_world import BING, CHIP, JIA, YI, world_docs
from tests.contracts import doc, frames_of, progress, project, raised

AFTER_RAISE_VIEWS = {"v_spend_rate", "v_behind_schedule", "v_working_capital_shift", "v_raise_timeline"}
DING = "688205-specific_targets-2021"
SLOW = "高端传感器产线项目"


def ding() -> list:
    """丁传感 (688205): money in mid-2021, two years of a 24-month project later 30 % spent."""
    hint = "2021年度向特定对象发行A股股票"
    return [
        doc("g1", "688205", "2021年度向特定对象发行A股股票预案", "2021-01-15", 30000.0,
            project(SLOW, 30000.0, 30000.0, months=24), name="丁传感"),
        doc("g2", "688205", "2021年度向特定对象发行A股股票发行情况报告书", "2021-07-05", None, kind="issuance_result",
            raise_actual=raised(30000.0, 29400.0, "2021-06-30", hint), name="丁传感"),
        doc("g3", "688205", "2023年半年度募集资金存放与实际使用情况的专项报告", "2023-08-20", None, kind="use_report",
            offering=None, period_end="2023-06-30", name="丁传感",
            rows=[progress(SLOW, hint, 30000.0, 29400.0, 1000.0, 8820.0, 30.0, "2023-03")]),
    ]


def warehouse(path: Path, spend_gap_behind: float | None = None) -> Path:
    frames = apply_flags(frames_of(*world_docs(), *ding()), [], {})[0]
    if spend_gap_behind is not None:
        frames["analysis_thresholds"] = frames["analysis_thresholds"].with_columns(
            pl.when(pl.col("name") == "spend_gap_behind").then(pl.lit(spend_gap_behind)).otherwise(pl.col("value"))
            .alias("value"))
    write_warehouse(path, frames, {"built_at": "test"})
    return path


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(warehouse(tmp_path_factory.mktemp("after") / "w.duckdb")), read_only=True)
    yield connection
    connection.close()


def q(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


def test_the_timeline_runs_from_plan_to_last_report(con: duckdb.DuckDBPyConnection) -> None:
    assert q(con, "SELECT event_no, event_date, event, stage, document_id, project, amount_wan, base_wan, share, "
                  "new_ready_date, to_working_capital FROM v_raise_timeline WHERE offering_id = ? ORDER BY event_no",
             JIA) == [
        (1, date(2022, 6, 1), "plan", "预案", "cninfo:a1", None, Decimal("100000.00"), None, None, None, None),
        (2, date(2023, 1, 10), "plan", "注册稿", "cninfo:a2", None, Decimal("100000.00"), None, None, None, None),
        (3, date(2023, 3, 17), "raised", None, "cninfo:r1", None, Decimal("80000.00"), Decimal("100000.00"), 0.8,
         None, None),
        (4, date(2023, 3, 28), "reallocated", None, "cninfo:n1", None, Decimal("78500.00"), Decimal("100000.00"),
         0.785, None, None),
        (5, date(2023, 6, 30), "spent", None, "cninfo:u1", None, Decimal("20000.00"), Decimal("78500.00"),
         20000 / 78500, None, None),
        (6, date(2023, 12, 31), "spent", None, "cninfo:u2", None, Decimal("41500.00"), Decimal("78500.00"),
         41500 / 78500, None, None),
        (7, date(2024, 6, 15), "delayed", None, "cninfo:d1", CHIP, None, None, None, date(2026, 12, 31), False),
        (8, date(2025, 1, 10), "completed", None, "cninfo:c1", "智能计算中心建设项目", Decimal("1800.50"), None, None,
         None, True),
    ]
    assert q(con, "SELECT event, event_date, stage FROM v_raise_timeline WHERE offering_id = ? ORDER BY event_no",
             YI) == [("plan", date(2023, 5, 10), "预案"), ("plan", date(2023, 10, 20), "修订稿"),
                     ("withdrawn", date(2024, 3, 15), None)]
    # IPO money never enters a refinancing's timeline
    assert q(con, "SELECT event, amount_wan, base_wan FROM v_raise_timeline WHERE offering_id = ? AND event = 'spent'",
             BING) == [("spent", Decimal("17300.00"), Decimal("27800.00"))]


def test_spend_rate_per_project_against_elapsed_time(con: duckdb.DuckDBPyConnection) -> None:
    got = q(con, "SELECT offering_id, period_end, project, spend_share, elapsed_share, behind_on_spend, "
                 "is_latest_report FROM v_spend_rate ORDER BY offering_id, period_end, project")
    assert [(o, p, n, round(s, 4), round(e, 4), b, latest) for o, p, n, s, e, b, latest in got] == [
        (JIA, date(2023, 6, 30), CHIP, 0.16, round(3.43 / 36, 4), False, False),
        (JIA, date(2023, 6, 30), "智能计算中心建设项目", 0.25, round(3.43 / 24, 4), False, False),
        (JIA, date(2023, 12, 31), CHIP, 0.3, round(9.46 / 36, 4), False, True),
        (JIA, date(2023, 12, 31), "智能计算中心建设项目", round(20000 / 22000, 4), round(9.46 / 24, 4), False, True),
        (BING, date(2023, 12, 31), "智能诊断设备产业化项目", round(9000 / 19500, 4), round(9.69 / 24, 4), False, True),
        (DING, date(2023, 6, 30), SLOW, 0.3, 1.0, True, True),
    ]


def test_projects_behind_schedule_and_why(con: duckdb.DuckDBPyConnection) -> None:
    assert q(con, "SELECT offering_id, project, ready_date, delay_notices, delay_months, reasons "
                  "FROM v_behind_schedule ORDER BY offering_id") == [
        (JIA, CHIP, date(2026, 12, 31), 1, 12.0, ["pushed_back"]),  # the notice moved it after the last report
        (DING, SLOW, date(2023, 3, 31), 0, None, ["ready_date_passed", "behind_on_spend"]),
    ]


def test_the_behind_threshold_is_data_not_code(tmp_path: Path) -> None:
    con = duckdb.connect(str(warehouse(tmp_path / "w.duckdb", spend_gap_behind=0.8)), read_only=True)
    try:
        assert q(con, "SELECT value FROM analysis_thresholds WHERE name = 'spend_gap_behind'") == [(0.8,)]
        assert q(con, "SELECT reasons FROM v_behind_schedule WHERE offering_id = ?", DING) == [(["ready_date_passed"],)]
        assert q(con, "SELECT count(*) FROM v_spend_rate WHERE behind_on_spend") == [(0,)]
    finally:
        con.close()


def test_share_of_proceeds_moved_to_working_capital(con: duckdb.DuckDBPyConnection) -> None:
    assert q(con, "SELECT offering_id, status, gross_wan, net_wan, planned_wc_wan, planned_wc_share, moved_to_wc_wan, "
                  "moved_to_wc_share, moves, last_move_date FROM v_working_capital_shift ORDER BY offering_id") == [
        (JIA, "issued", Decimal("80000.00"), Decimal("78500.00"), Decimal("10000.00"), 0.1, Decimal("1800.50"),
         1800.5 / 78500, 1, date(2025, 1, 10)),
        (BING, "issued", Decimal("28500.00"), Decimal("27800.00"), Decimal("9000.00"), 9000 / 29000, Decimal("0.00"),
         0.0, 0, None),
        (DING, "issued", Decimal("30000.00"), Decimal("29400.00"), Decimal("0.00"), 0.0, Decimal("0.00"), 0.0, 0,
         None),
    ]


def test_peer_ranks_gain_the_spend_and_delay_metrics(con: duckdb.DuckDBPyConnection) -> None:
    got = dict(q(con, "SELECT metric, value FROM v_peer_metric_values WHERE offering_id = ? AND metric IN "
                      "('raised_share_of_cap', 'spend_share', 'delayed_share', 'moved_to_wc_share')", JIA))
    assert got == {"raised_share_of_cap": 0.8, "spend_share": pytest.approx(35000 / 72000), "delayed_share": 0.5,
                   "moved_to_wc_share": pytest.approx(1800.5 / 78500)}
    # JIA's 0.486 against the two other raises with use reports: 丙医疗's 0.46 and 丁传感's 0.30
    assert q(con, "SELECT peer_count, percentile FROM v_peer_rank WHERE focal_offering_id = ? AND peer_set = 'all' "
                  "AND metric = 'spend_share'", JIA) == [(2, 1.0)]
    assert q(con, "SELECT count(*) FROM v_peer_rank WHERE focal_offering_id = ? AND metric = 'spend_share'",
             "688327-specific_targets-2023") == [(0,)]  # no use reports: no spend rank at all
