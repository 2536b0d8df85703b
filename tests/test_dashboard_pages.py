"""The Explore, Filing and About pages on the demo warehouse (AppTest); Data quality is in
test_dashboard_quality.py."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.mirror.corpus import provenance_rows
from tests.dashboard_helpers import FOCAL, copy_home, metrics, open_page, rerun, sql, texts


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch, demo_home: Path) -> Path:
    monkeypatch.setenv("STARBOARD_HOME", str(demo_home))
    return demo_home


# ---------------------------------------------------------------- Explore

def test_explore_lists_every_raise_and_filters_them(app_env: Path) -> None:
    at = open_page("explore")
    [(total,)] = sql(app_env, "SELECT count(*) FROM offering_latest")
    assert metrics(at)["募资数"].value == str(total)
    frame = at.dataframe[0].value
    assert len(frame) == total
    assert frame["raise_wan"].tolist() == sorted(frame["raise_wan"].tolist(), reverse=True)  # default sort
    assert [b.label for b in at.download_button] == ["下载 CSV", "下载 Parquet"]

    at.multiselect(key="x-year").set_value([2023])
    at.multiselect(key="x-theme").set_value(["ai_large_model"])
    rerun(at)
    expected = sql(app_env, "SELECT code FROM offering_latest WHERE plan_year = 2023 "
                            "AND list_contains(themes, 'ai_large_model') ORDER BY raise_total_wan DESC")
    frame = at.dataframe[0].value
    assert frame["code"].tolist() == [c for (c,) in expected] == ["688327", "688521"]
    assert metrics(at)["募资数"].value == "2"
    assert metrics(at)["最新上限合计（万元）"].value == "366,015.69"  # 185,200.00 + 180,815.69


def test_explore_size_kind_type_text_and_sort(app_env: Path) -> None:
    at = open_page("explore")
    at.multiselect(key="x-size").set_value(["200000-500000"])
    at.selectbox(key="x-sort").set_value("code")
    at.toggle(key="x-desc").set_value(False)
    rerun(at)
    expected = sql(app_env, "SELECT code FROM offering_latest WHERE raise_total_wan >= 200000 "
                            "AND raise_total_wan < 500000 ORDER BY code, offering_id")
    assert at.dataframe[0].value["code"].tolist() == [c for (c,) in expected]
    at.multiselect(key="x-size").set_value([])
    at.multiselect(key="x-type").set_value(["convertible_bond"])
    at.multiselect(key="x-kind").set_value(["prospectus"])
    rerun(at)
    expected = sql(app_env, "SELECT code FROM offering_latest WHERE offering_type = 'convertible_bond' "
                            "AND kind = 'prospectus' ORDER BY code, offering_id")
    assert at.dataframe[0].value["code"].tolist() == [c for (c,) in expected]
    at.multiselect(key="x-type").set_value([])
    at.multiselect(key="x-kind").set_value([])
    at.text_input(key="x-text").input("云从")
    rerun(at)
    assert at.dataframe[0].value["code"].tolist() == ["688327"]
    assert at.dataframe[0].value["link"].tolist() == [f"filing?offering={FOCAL}&lang=zh"]


def test_downloads_hold_the_filtered_rows(app_env: Path) -> None:
    import io

    import polars as pl

    from dashboard.common import csv_bytes, parquet_bytes
    from dashboard.views.explore import apply_filters

    frame = pl.DataFrame({"offering_id": ["a", "b"], "short_name": ["甲", "乙"], "code": ["688001", "688002"],
                          "plan_year": [2023, 2022], "offering_type": ["specific_targets", "simplified"],
                          "themes": [["ai"], []], "raise_wan": [150000.0, 40000.0], "kind": ["plan", "plan"]})
    only = apply_filters(frame, [], [], ["ai"], ["100000-200000"], [], "")
    assert only["offering_id"].to_list() == ["a"]
    assert apply_filters(frame, [2022], ["simplified"], [], ["0-50000"], ["plan"], "乙")["code"].to_list() == ["688002"]
    back = pl.read_parquet(io.BytesIO(parquet_bytes(only)))
    assert back.equals(only)
    text = csv_bytes(frame).decode("utf-8")
    assert text.startswith("\ufeffoffering_id,") and "ai," in text and "甲" in text


# ---------------------------------------------------------------- Filing

def test_filing_shows_versions_changes_and_each_number_with_its_source(app_env: Path) -> None:
    at = open_page("filing", offering=FOCAL)
    versions = at.dataframe[0].value
    assert versions["stage"].tolist() == ["预案", "预案", "二次修订稿"]
    assert versions["raise_wan"].astype(float).tolist() == [363519.0, 363519.0, 185200.0]
    page = texts(at)
    assert "预案（2023-03-31）→ 二次修订稿（2024-04-08）: 募资上限下调：363,519.00 → 185,200.00 万元（-178,319.00）" in page

    # the latest plan is shown first: its cap, the sentence and page it was read from
    assert metrics(at)["本文件所述募资上限"].value == "185,200.00 万元"
    assert "原文印作 **185,200.00**（单位：万元），见第 **2** 页：" in page
    assert "185,200.00万元" in at.code[0].value
    projects = at.dataframe[1].value
    assert projects["proceeds_wan"].tolist() == [185200.0]
    assert projects["evidence_page"].tolist() == [2]
    # it gives no breakdown, so the raise's newest one is shown, with where it is from
    assert "以下为这次募资最新一份预算明细，出自预案（2023-03-31，363,519.00 万元口径）" in page
    budget = at.dataframe[2].value
    assert budget["amount_wan"].tolist() == [55440.0, 209400.0, 76020.0, 22659.0]
    assert "209,400.00" in budget["evidence_text"].tolist()[1]
    assert budget["share"].round(4).tolist() == [0.1525, 0.576, 0.2091, 0.0623]

    [(url, local)] = sql(app_env, "SELECT urls[1], local_path FROM documents WHERE document_id = "
                                  "(SELECT document_id FROM offering_latest WHERE offering_id = ?)", FOCAL)
    assert [b.proto.url for b in at.get("link_button")] == [url]
    size_kb = (app_env / local).stat().st_size / 1024
    assert [b.label for b in at.download_button] == [f"下载本地原件（{size_kb:,.0f} KB）"]
    assert local in page  # the raw copy's path under the data home
    assert "演示语料：本文件依据公开披露的真实数字生成" in page


def test_filing_of_the_first_plan_shows_363519_with_its_sentence(app_env: Path) -> None:
    at = open_page("filing", offering=FOCAL)
    [(statement,)] = sql(app_env, "SELECT document_id FROM documents WHERE offering_id = ? AND kind = "
                                  "'sci_tech_statement'", FOCAL)
    at.selectbox(key=f"document-{FOCAL}").set_value(statement)
    rerun(at)
    assert metrics(at)["本文件所述募资上限"].value == "363,519.00 万元"
    assert "363,519.00万元" in at.code[0].value
    budget = at.dataframe[2].value
    assert budget["item"].tolist() == ["场地购置及装修费", "研发设备购置费", "人力资源成本", "其他费用"]
    assert budget["category"].tolist() == ["场地", "设备", "人员", "其他"]
    assert budget["evidence_page"].tolist() == [2, 2, 2, 2]


def test_filing_opens_the_raise_a_link_names(app_env: Path) -> None:
    at = open_page("filing", offering="688568-specific_targets-2021")
    assert at.selectbox(key="offering").value == "688568-specific_targets-2021"
    assert "中科星图（688568）" in texts(at)
    # a link followed later (another ?offering=) wins over the earlier pick
    at.query_params["offering"] = "688521-specific_targets-2023"
    rerun(at)
    assert "芯原股份（688521）" in texts(at)


def test_raw_copies_are_served_only_from_inside_the_data_home(app_env: Path) -> None:
    from dashboard.files import raw_copy

    [(local,)] = sql(app_env, "SELECT local_path FROM documents WHERE announcement_id = '1216247019'")
    path = raw_copy(local)
    assert path is not None and path.read_bytes().startswith(b"%PDF-")
    assert raw_copy("../../../../etc/passwd") is None
    assert raw_copy("/etc/passwd") is None
    assert raw_copy(None) is None


# ---------------------------------------------------------------- About

def test_about_shows_freshness_counts_and_the_real_sources_of_the_demo_corpus(app_env: Path) -> None:
    at = open_page("about")
    info = dict(sql(app_env, "SELECT key, value FROM build_info"))
    shown = metrics(at)
    assert shown["构建时间"].value == info["built_at"].replace("T", " ")[:16]
    assert any(info["build_id"] in c.value for c in at.caption)
    counts = dict(sql(app_env, "SELECT 'offerings', count(*) FROM offerings UNION ALL "
                               "SELECT 'documents', count(*) FROM documents"))
    assert shown["募资"].value == str(counts["offerings"])
    assert shown["文件"].value == str(counts["documents"])
    assert "还没有夜间运行报告" in texts(at)
    rows = provenance_rows()
    assert f"离线演示使用内置镜像中的 {len(rows)} 份文件" in texts(at)
    assert "真实数字" in texts(at)
    table = at.dataframe[-1].value
    assert len(table) == len(rows) and table["real_figures"].tolist() == [r["real_figures"] for r in rows]
    real = table[table["real_figures"]]
    assert len(real) and (real["source_url"].notna() | real["source_title"].notna()).all()  # every real figure has a source
    invented = table[~table["real_figures"]]
    assert invented["source_note"].str.contains("invented").all() and invented["code"].str.startswith("6899").all()
    assert f"其中 {len(invented)} 份属于 {invented['code'].nunique()} 家**虚构公司**" in texts(at)
    assert table["source_url"].dropna().str.startswith("http").all()
    assert f"当前数据仓库中有 {counts['documents']} 份文件（共 {counts['documents']} 份）来自内置镜像" in texts(at)


def test_about_shows_the_last_nightly_report(monkeypatch: pytest.MonkeyPatch, demo_home: Path,
                                             tmp_path: Path) -> None:
    home = copy_home(demo_home, tmp_path / "home")
    nightly = home / "reports" / "nightly"
    nightly.mkdir(parents=True)
    (nightly / "2026-01-01.json").write_text(json.dumps({"status": "ok", "new_documents": 3}), encoding="utf-8")
    (nightly / "2026-01-02.json").write_text(json.dumps({"status": "partial", "new_documents": 5,
                                                         "failures": ["x"]}), encoding="utf-8")
    monkeypatch.setenv("STARBOARD_HOME", str(home))
    at = open_page("about")
    assert any("2026-01-02.json" in c.value and "共 2 份" in c.value for c in at.caption)
    facts = at.dataframe[0].value
    assert dict(zip(facts["key"], facts["value"], strict=True)) == {"status": "partial", "new_documents": "5"}
    (nightly / "2026-01-03.md").write_text("# Nightly 2026-01-03\n\nAll good: 2 new filings.", encoding="utf-8")
    rerun(at)
    assert "All good: 2 new filings." in texts(at)
