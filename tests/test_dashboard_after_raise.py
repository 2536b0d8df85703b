"""What the Filing and Benchmark pages show of raises after their plans (AppTest), on a warehouse
published from hand-written contracts (tests/after_raise_world.py), and on the demo warehouse."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipeline.publish.warehouse import publish
from pipeline.quality.flags import apply_flags
from tests.after_raise_world import BING, JIA, YI, YUNCONG, world_docs
from tests.contracts import frames_of
from tests.dashboard_helpers import FOCAL, metrics, open_page, rerun, texts
from tests.test_views_after_raise import ding


def not_issued(title: str) -> str:
    """What the pages say of 云从科技's raise, naming its latest filing (二次修订稿 of 2024-04-08)."""
    return f"截至其最新文件《{title}》（二次修订稿，2024-04-08）尚未发行：没有文件记载募集资金到位、使用或变更，也没有终止公告。"


#: in the hand-written world its latest filing is the plan's 二次修订稿; in the demo corpus, the
#: 方案论证分析报告's (the corpus holds no later filing of the raise)
YUNCONG_NOT_ISSUED = not_issued("2023年度向特定对象发行A股股票预案(二次修订稿)")
DEMO_NOT_ISSUED = not_issued("2023年度向特定对象发行A股股票方案论证分析报告(二次修订稿)")


@pytest.fixture(scope="module")
def after_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("after-home")
    frames = apply_flags(frames_of(*world_docs(), *ding()), [], {})[0]
    publish(home, frames, {"built_at": "2026-01-01T00:00:00"})
    return home


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch, after_home: Path) -> Path:
    monkeypatch.setenv("STARBOARD_HOME", str(after_home))
    return after_home


def frame_with(at: Any, *columns: str) -> pd.DataFrame:
    """The page's one table that has all of `columns`."""
    (frame,) = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    return frame


def cards(at: Any, *labels: str) -> dict[str, tuple[str, str, str]]:
    shown = metrics(at)
    return {label: (shown[label].value, shown[label].delta, shown[label].proto.delta_description) for label in labels}


AFTER_CARDS = ("实际募得 ÷ 上限", "资金使用进度", "投入落后于工期", "延期项目占比", "转为流动资金")


# ---------------------------------------------------------------- Benchmark

def test_benchmark_states_from_its_filings_that_the_focal_raise_is_not_issued(app_env: Path) -> None:
    at = open_page()
    assert at.selectbox(key="focal").value == YUNCONG
    at.button_group(key="peers").set_value("all")
    rerun(at)
    assert f"云从科技 2023年度向特定对象发行：{YUNCONG_NOT_ISSUED}" in [i.value for i in at.info]
    assert "募资到位后：资金使用与延期 · 全部（3 家有数据）" in texts(at)
    # the peers' figures are still there: 甲芯 48.6 %, 丙医疗 46.2 %, 丁传感 30.0 % spent
    got = cards(at, *AFTER_CARDS)
    assert got["资金使用进度"] == ("—", "未发行", "3 家 · 中位数 46.2%")
    assert got["实际募得 ÷ 上限"] == ("—", "未发行", "3 家 · 中位数 98.3%")  # 80.0 %, 98.3 %, 100.0 %
    assert got["延期项目占比"] == ("—", "未发行", "3 家 · 中位数 0.0%")  # 50 %, 0 %, 0 %
    # the plan KPIs above are untouched
    assert metrics(at)["首次公告募资上限（万元）"].value == "363,519.00"


def test_benchmark_ranks_the_focal_spending_and_delays_among_peers_that_have_them(app_env: Path) -> None:
    at = open_page(focal=JIA)
    at.button_group(key="peers").set_value("all")
    rerun(at)
    got = cards(at, *AFTER_CARDS)
    assert got["实际募得 ÷ 上限"] == ("80.0%", "P0", "2 家 · 中位数 99.1%")  # below 丙医疗's 98.3 % and 丁传感's 100 %
    assert got["资金使用进度"] == ("48.6%", "P100", "2 家 · 中位数 38.1%")  # 35,000 of 72,000 against 46.2 % and 30 %
    assert got["延期项目占比"] == ("50.0%", "P100", "2 家 · 中位数 0.0%")
    assert got["转为流动资金"] == ("2.3%", "P100", "2 家 · 中位数 0.0%")  # 1,800.50 of 78,500.00 net
    assert got["投入落后于工期"][0] == "-18.3%"  # ahead of its calendar
    assert not any("尚未发行" in i.value for i in at.info)
    peer_table = frame_with(at, "focal", "status", "spend_share")
    assert peer_table.iloc[0]["status"] == "已发行" and peer_table.iloc[0]["spend_share"] == pytest.approx(35 / 72)
    assert sorted(peer_table["status"]) == ["已发行", "已发行", "已发行", "已终止", "未发行"]


def test_benchmark_says_when_the_focal_raise_was_withdrawn(app_env: Path) -> None:
    at = open_page(focal=YI)
    statement = ("乙智能 2023年度向特定对象发行：已于 2024-03-15 终止并撤回申请文件"
                 "（关于终止2023年度向特定对象发行A股股票事项并撤回申请文件的公告），未募集资金。")
    assert statement in [i.value for i in at.info]
    assert cards(at, "资金使用进度")["资金使用进度"][:2] == ("—", "已终止")


# ---------------------------------------------------------------- Filing

def test_filing_draws_the_raise_from_plan_to_last_report(app_env: Path) -> None:
    at = open_page("filing", offering=JIA)
    assert ("已发行：2023-03-17 募集资金 80,000.00 万元到账，为上限 100,000.00 万元的 80.0%，净额 78,500.00 万元"
            "（2022年度向特定对象发行A股股票发行情况报告书）。") in [s.value for s in at.success]
    events = frame_with(at, "lane", "detail")
    assert events["lane"].tolist() == ["方案", "方案", "募得", "调整投入", "使用进度", "使用进度", "延期", "结项"]
    assert events["detail"].tolist()[2:] == [
        "募得 80,000.00 万元，为上限 100,000.00 万元的 80.0%",
        "拟投入募集资金调整为 78,500.00 万元（调整前 100,000.00 万元）",
        "累计投入 20,000.00 万元，为承诺投资 78,500.00 万元的 25.5%",
        "累计投入 41,500.00 万元，为承诺投资 78,500.00 万元的 52.9%",
        "先进工艺平台芯片项目：达到预定可使用状态日期 2025-12-31 → 2026-12-31",
        "智能计算中心建设项目 结项，节余 1,800.50 万元，永久补充流动资金",
    ]
    (chart,) = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["layer"][0]["encoding"]["y"]["sort"] == ["方案", "募得", "调整投入", "使用进度", "延期", "结项"]

    schedule = frame_with(at, "project", "spend_share", "behind")
    assert schedule["project"].tolist() == ["先进工艺平台芯片项目", "智能计算中心建设项目", "补充流动资金"]
    assert schedule["spend_share"].round(4).tolist() == [0.3, 0.9091, 1.0]
    assert schedule["behind"].tolist() == ["日期推迟", "", ""]
    assert str(schedule["ready_date"].tolist()[0])[:10] == "2026-12-31"  # as the later delay notice set it

    changes = frame_with(at, "kind", "new_ready_date")
    assert changes["kind"].tolist() == ["调整拟投入金额"] * 3 + ["延期", "结项"]
    assert changes["to_working_capital"].tolist() == ["", "", "", "", "✓"]
    # the plan's own sections are still there, in their place
    assert frame_with(at, "version_no", "stage")["stage"].tolist() == ["预案", "注册稿"]


def test_filing_of_a_raise_not_issued_says_so_and_draws_nothing(app_env: Path) -> None:
    at = open_page("filing", offering=YUNCONG)
    assert YUNCONG_NOT_ISSUED in [i.value for i in at.info]
    assert at.get("vega_lite_chart") == []


def test_filing_of_a_withdrawn_raise_and_in_english(app_env: Path) -> None:
    at = open_page("filing", offering=YI)
    assert any("已于 2024-03-15 终止并撤回申请文件" in w.value for w in at.warning)
    assert frame_with(at, "lane", "detail")["lane"].tolist() == ["方案", "方案", "终止"]
    at.sidebar.radio(key="lang").set_value("en")
    rerun(at)
    assert any(w.value.startswith("Withdrawn on 2024-03-15 (") for w in at.warning)
    assert "After the raise: money in, spent and changed" in texts(at)


def test_filing_keeps_ipo_money_out_of_a_refinancing(app_env: Path) -> None:
    at = open_page("filing", offering=BING)
    schedule = frame_with(at, "project", "spend_share", "behind")
    assert schedule["project"].tolist() == ["智能诊断设备产业化项目", "补充流动资金"]  # not the IPO's 研发中心
    assert "研发中心建设项目" not in texts(at)


# ---------------------------------------------------------------- the demo warehouse

def test_the_demo_focal_raise_is_not_issued_as_of_its_latest_filing(monkeypatch: pytest.MonkeyPatch,
                                                                      demo_home: Path) -> None:
    monkeypatch.setenv("STARBOARD_HOME", str(demo_home))
    at = open_page()
    assert f"云从科技 2023年度向特定对象发行：{DEMO_NOT_ISSUED}" in [i.value for i in at.info]
    filing = open_page("filing", offering=FOCAL)
    assert DEMO_NOT_ISSUED in [i.value for i in filing.info]


def test_the_demo_filing_of_an_invented_company_draws_its_raise_and_says_it_is_invented(
        monkeypatch: pytest.MonkeyPatch, demo_home: Path) -> None:
    monkeypatch.setenv("STARBOARD_HOME", str(demo_home))
    at = open_page("filing", offering="689991-specific_targets-2023")
    infos = [i.value for i in at.info]
    assert any(v.startswith("演示语料：本文件的公司与数字均为虚构") for v in infos)
    assert not any("真实数字" in v for v in infos)
    timeline = frame_with(at, "lane", "detail")
    assert timeline["lane"].tolist() == ["方案", "募得", "调整投入", "使用进度", "使用进度", "延期", "使用进度"]
    assert [s.value for s in at.success] == [
        "已发行：2023-09-08 募集资金 118,800.00 万元到账，为上限 120,000.00 万元的 99.0%，净额 117,650.40 万元"
        "（2023年度向特定对象发行A股股票发行情况报告书）。"]
