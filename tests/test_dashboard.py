"""The dashboard's Benchmark page and the app around it, run headless with Streamlit's AppTest
against the demo warehouse (the bundled corpus crawled and built by `starboard demo`)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from dashboard import fmt
from tests.conftest import starboard
from tests.dashboard_helpers import FOCAL, copy_home, metrics, open_page, rerun, sql, texts


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch, demo_home: Path) -> Path:
    monkeypatch.setenv("STARBOARD_HOME", str(demo_home))
    return demo_home


def peer_rank(home: Path, peer_set: str, metric: str) -> tuple[int, float]:
    [(count, percentile)] = sql(
        home, "SELECT peer_count, percentile FROM v_peer_rank WHERE focal_offering_id = ? AND peer_set = ? "
              "AND metric = ?", FOCAL, peer_set, metric)
    return count, percentile


def test_benchmark_opens_on_the_2023_large_model_raise_of_363519(app_env: Path) -> None:
    at = open_page()
    shown = metrics(at)
    assert at.selectbox(key="focal").value == FOCAL
    # the plan as first announced (预案 era, with the budget breakdown) and the latest cap after the cut
    assert shown["首次公告募资上限（万元）"].value == "363,519.00"
    assert shown["首次公告募资上限（万元）"].delta == "预案 · 2023-03-31"
    assert shown["最新募资上限（万元）"].value == "185,200.00"
    assert shown["最新募资上限（万元）"].delta == "-178,319.00 (-49.1%)"
    assert shown["方案版本"].value == "2"
    page = texts(at)
    assert "云从科技（688327）· 2023年度向特定对象发行" in page
    assert "**预案** 2023-03-31 · 363,519.00 万元 → **二次修订稿** 2024-04-08 · 185,200.00 万元" in page
    assert "募资上限下调：363,519.00 → 185,200.00 万元（-178,319.00）" in page
    # the budget shares are the 预案 breakdown's, and the page says so
    assert shown["设备占比"].value == "57.6%"
    assert shown["人员占比"].value == "20.9%"
    assert shown["场地占比"].value == "15.3%"
    assert "预算结构取自预案（2023-03-31，363,519.00 万元口径）" in page


def test_kpis_carry_the_focal_percentile_among_ai_peers(app_env: Path) -> None:
    at = open_page()
    peers, percentile = peer_rank(app_env, "theme_ai", "raise_total_wan")
    [(expected_peers,)] = sql(app_env, "SELECT count(*) FROM v_peer_sets WHERE focal_offering_id = ? "
                                       "AND peer_set = 'theme_ai'", FOCAL)
    assert peers == expected_peers == 3  # 中科星图 2025, 芯原股份 2023 and 寒武纪 2022 in the demo corpus
    assert f"与同业比较 · AI / 大模型主题（{peers} 家）" in texts(at)
    raise_card = metrics(at)["募资上限（万元）"]
    assert raise_card.value == "185,200.00"
    assert raise_card.delta == fmt.percentile(percentile) == "P67"  # above 167,191.18 and 180,815.69
    assert raise_card.proto.delta_description == f"{peers} 家 · 中位数 180,816"  # middle of the three caps
    # the first announced 363,519.00 against the peers' first announced caps (250,000.00, 180,815.69, 167,191.18)
    assert metrics(at)["首次公告募资上限（万元）"].proto.delta_description == "首次公告口径 P100"
    projects_card = metrics(at)["项目数"]
    assert projects_card.delta == fmt.percentile(peer_rank(app_env, "theme_ai", "project_count")[1])


@pytest.mark.parametrize("peer_set, label", [("same_year", "同年度"), ("similar_size", "规模相近（0.5–2 倍）"),
                                              ("all", "全部")])
def test_peer_set_switch_recomputes_count_and_percentile(app_env: Path, peer_set: str, label: str) -> None:
    at = open_page()
    at.button_group(key="peers").set_value(peer_set)
    rerun(at)
    peers, percentile = peer_rank(app_env, peer_set, "raise_total_wan")
    assert f"与同业比较 · {label}（{peers} 家）" in texts(at)
    assert metrics(at)["募资上限（万元）"].delta == fmt.percentile(percentile)
    table = at.dataframe[0].value
    assert len(table) == peers + 1  # the focal row and one row per peer


def test_same_industry_without_an_industry_says_the_set_is_empty(app_env: Path) -> None:
    at = open_page()
    at.button_group(key="peers").set_value("same_industry")
    rerun(at)
    assert any("同业组「同行业」为空" in w.value for w in at.warning)
    assert metrics(at)["募资上限（万元）"].delta == "同业无数据"


def test_hand_picked_peers(app_env: Path) -> None:
    at = open_page()
    at.button_group(key="peers").set_value("manual")
    rerun(at)
    picked = ["688568-specific_targets-2025", "688599-specific_targets-2023"]  # caps 248,846.82 and 1,090,000
    at.multiselect(key=f"manual-{FOCAL}").set_value(picked)
    rerun(at)
    assert "与同业比较 · 手选（2 家）" in texts(at)
    card = metrics(at)["募资上限（万元）"]
    assert card.delta == "P0"  # 185,200.00 is below both
    assert card.proto.delta_description == "2 家 · 中位数 669,423"  # (248,846.82 + 1,090,000) / 2
    assert sorted(at.dataframe[0].value["code"].tolist()) == ["688327", "688568", "688599"]


def test_peer_table_highlights_the_focal_and_links_every_row_to_its_filing(app_env: Path) -> None:
    at = open_page()
    frame = at.dataframe[0].value
    assert frame.iloc[0]["focal"] == "★" and frame.iloc[0]["short_name"] == "云从科技"
    assert frame.iloc[0]["raise_wan"] == pytest.approx(185200.0)
    assert frame.iloc[0]["first_raise_wan"] == pytest.approx(363519.0)
    ids = [FOCAL] + [r[0] for r in sql(app_env, "SELECT peer_offering_id FROM v_peer_sets WHERE focal_offering_id = ? "
                                                "AND peer_set = 'theme_ai'", FOCAL)]
    assert sorted(frame["link"].tolist()) == sorted(f"filing?offering={i}&lang=zh" for i in ids)
    styles = at.dataframe[0].proto.arrow_data.styler.styles
    assert "#fff1c2" in styles  # the focal row's background
    assert [p.proto.query_string for p in at.page_link] == [f"offering={FOCAL}&lang=zh"]


def test_charts_compare_budget_mix_raise_size_and_project_types(app_env: Path) -> None:
    at = open_page()
    charts = at.get("vega_lite_chart")
    assert len(charts) == 3
    import json

    budget = json.loads(charts[0].proto.spec)
    assert budget["encoding"]["y"]["sort"][0] == "★ 云从科技 2023"
    assert budget["encoding"]["color"]["scale"]["domain"] == ["场地", "设备", "人员", "其他"]
    assert "未披露预算明细：" in texts(at)  # the AI peers of the demo corpus give no breakdown


def test_focal_from_the_url_and_the_english_switch(app_env: Path) -> None:
    at = open_page(focal="688568-specific_targets-2025")
    assert "中科星图（688568）" in texts(at)
    at.sidebar.radio(key="lang").set_value("en")
    rerun(at)
    assert at.title[0].value == "Use-of-proceeds benchmark"
    shown = metrics(at)
    assert "First announced cap (万元)" in shown and "Latest cap (万元)" in shown
    assert shown["Latest cap (万元)"].value == "248,846.82"
    en = open_page(lang="en")
    assert metrics(en)["First announced cap (万元)"].value == "363,519.00"
    assert "Against peers · AI / large-model theme (3)" in texts(en)


def test_a_later_cap_only_notice_is_mentioned_beside_the_latest_plan(app_env: Path) -> None:
    [(plan_cap, stated_cap)] = sql(app_env, "SELECT raise_total_wan, latest_stated_raise_wan FROM offering_latest "
                                            "WHERE offering_id = '688536-specific_targets-2022'")
    assert plan_cap != stated_cap  # 思瑞浦: a notice after the last plan states only a cut cap
    at = open_page(focal="688536-specific_targets-2022")
    latest = metrics(at)["最新募资上限（万元）"]
    assert latest.value == fmt.wan(plan_cap) and not latest.delta  # the plan's cap, unchanged since the 预案
    assert f"此后有文件仅载明新的上限 {fmt.wan(stated_cap)} 万元" in texts(at)


def test_the_chosen_raise_and_peer_set_survive_a_visit_to_another_page(app_env: Path) -> None:
    at = open_page()
    at.selectbox(key="focal").set_value("688521-specific_targets-2023")
    at.button_group(key="peers").set_value("same_year")
    rerun(at)
    at.query_params.clear()  # a click in the page menu drops the URL's parameters
    at.switch_page("app_pages/explore.py")
    rerun(at)
    at.switch_page("app_pages/benchmark.py")
    rerun(at)
    assert at.selectbox(key="focal").value == "688521-specific_targets-2023"
    assert at.button_group(key="peers").value == "same_year"
    assert "芯原股份（688521）" in texts(at)


def test_no_published_warehouse_gets_a_helpful_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STARBOARD_HOME", str(tmp_path))
    for page in (None, "explore", "filing", "sql_console", "quality", "about"):
        at = open_page(page)
        assert any("还没有已发布的数据仓库" in i.value and str(tmp_path) in i.value for i in at.info), page


def test_an_empty_published_warehouse_gets_a_helpful_message(monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
    from crawler.catalog import open_catalog

    with open_catalog(tmp_path / "catalog.duckdb"):
        pass
    starboard("build", home=tmp_path)
    monkeypatch.setenv("STARBOARD_HOME", str(tmp_path))
    for page in (None, "explore", "filing", "quality"):
        at = open_page(page)
        assert any("还没有任何募资方案" in i.value for i in at.info), page
    about = open_page("about")
    assert metrics(about)["募资"].value == "0"


def test_a_new_publish_shows_on_the_next_interaction_and_no_lock_is_held(
        monkeypatch: pytest.MonkeyPatch, demo_home: Path, tmp_path: Path) -> None:
    home = copy_home(demo_home, tmp_path / "home")
    monkeypatch.setenv("STARBOARD_HOME", str(home))
    at = open_page("about")
    first_build = dict(sql(home, "SELECT key, value FROM build_info"))["build_id"]
    assert any(first_build in c.value for c in at.caption)
    old_file = (home / "warehouse.duckdb").resolve()

    starboard("build", "--full", home=home)  # publishes a new build while the session is open
    new_file = (home / "warehouse.duckdb").resolve()
    second_build = dict(sql(home, "SELECT key, value FROM build_info"))["build_id"]
    assert new_file != old_file and second_build != first_build
    rerun(at)
    assert any(second_build in c.value for c in at.caption)
    assert not any(first_build in c.value for c in at.caption)
    at.switch_page("app_pages/benchmark.py")
    rerun(at)
    assert metrics(at)["首次公告募资上限（万元）"].value == "363,519.00"

    # every page was read through short-lived read-only connections: a writer can open both files now
    for path in (old_file, new_file):
        con = duckdb.connect(str(path))
        con.close()


def test_dashboard_command_serves_on_loopback_with_the_settings(demo_home: Path) -> None:
    """`starboard dashboard` starts Streamlit on 127.0.0.1, headless, no usage stats, no Deploy button."""
    from pipeline.commands.dashboard import streamlit_flags

    flags = streamlit_flags(8501)
    settings = dict(zip(flags[::2], flags[1::2], strict=True))
    assert settings["--server.address"] == "127.0.0.1"
    assert settings["--server.headless"] == "true"
    assert settings["--browser.gatherUsageStats"] == "false"
    assert settings["--client.toolbarMode"] == "viewer"  # hides Deploy and the developer menu

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "--home", str(demo_home), "dashboard", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ},
    )
    try:
        deadline = time.monotonic() + 60
        health = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as resp:
                    health = resp.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        assert health == "ok", proc.stdout.read() if proc.poll() is not None else "no answer"
        with socket.socket() as s:  # not listening on another address of this machine
            s.settimeout(1)
            other = socket.gethostbyname(socket.gethostname())
            if other != "127.0.0.1" and not other.startswith("127."):
                assert s.connect_ex((other, port)) != 0
    finally:
        proc.terminate()
        proc.wait(timeout=20)
