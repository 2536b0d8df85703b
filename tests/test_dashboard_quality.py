"""The Data quality page and the ⚠ marks on the other pages, on the demo warehouse (AppTest).

The demo build's own check run is a real warned run: offerings.proceeds_sum_to_cap finds two
raises whose latest plan's projects do not add up to the cap, and flags them;
documents.after_raise_linked finds the one document after a raise that names a raise whose plan
the corpus lacks (UNLINKED), and flags it. Every figure
the page shows is compared with dq_runs / dq_results / dq_status as the warehouse holds them.
A blocked build is provoked the way a disk provokes one: a raw file loses its bytes.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.conftest import starboard
from tests.dashboard_helpers import FOCAL, copy_home, metrics, open_page, rerun, sql, texts

FLAG_TABLES = ("offerings", "offering_latest", "peer_metrics", "documents", "projects", "budget_lines")
TABLE_LABELS = {"offerings": "募资", "offering_latest": "最新方案", "peer_metrics": "对标指标", "documents": "文件",
                "projects": "项目", "budget_lines": "预算行"}
FLAGGED = ["688396-specific_targets-2020", "688599-convertible_bond-2020"]  # their plans do not add up
UNLINKED = "cninfo:9250926001"  # 688256's listing announcement of its 2025 raise, whose plan the corpus lacks
CHECKS = ["documents.after_raise_linked", "offerings.proceeds_sum_to_cap"]


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch, demo_home: Path) -> Path:
    monkeypatch.setenv("STARBOARD_HOME", str(demo_home))
    return demo_home


def frame_with(at: Any, *columns: str) -> list[pd.DataFrame]:
    """The page's tables that have all of `columns`, in page order."""
    return [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]


def build_info(home: Path) -> dict[str, str]:
    return dict(sql(home, "SELECT key, value FROM build_info"))


def flagged_offerings(home: Path) -> dict[str, str]:
    return dict(sql(home, "SELECT offering_id, dq_reason FROM offerings WHERE dq_status = 'warn' ORDER BY 1"))


# ---------------------------------------------------------------- the latest run (warned)

def test_quality_shows_the_latest_run_with_its_counts_failures_and_failing_rows(app_env: Path) -> None:
    info = build_info(app_env)
    [run] = sql(app_env, "SELECT run_id, build_id, outcome, expectations, passed, failed_blocking, failed_warning, "
                         "failing_rows, flagged_rows, failed_checks, report_path, started_at FROM dq_runs")
    run_id, build_id, outcome, expectations, passed, blocking, warning, failing, flagged, checks, report, started = run
    assert (run_id, build_id, outcome) == (info["dq_run_id"], info["build_id"], "warned")
    assert checks == CHECKS

    at = open_page("quality")
    page = texts(at)
    assert f"最近一次检查（构建前检查，{started:%Y-%m-%d %H:%M:%S}）有 {warning} 项警告未通过" in page
    assert f"（{', '.join(CHECKS)}），涉及 {failing} 行" in page
    assert f"当前发布的构建：{build_id}" in page and f"其发布前检查 {run_id}：⚠ 有警告" in page
    assert "未通过阻断性检查" not in page  # nothing was blocked
    shown = metrics(at)
    assert shown["结果"].value == "有警告" and shown["结果"].delta == "当前发布"
    assert shown["期望数"].value == str(expectations) and shown["期望数"].delta == f"{passed} 项通过"
    assert shown["阻断性未通过"].value == str(blocking) == "0"
    assert shown["警告未通过"].value == str(warning) == "2"
    assert shown["未通过的行"].value == str(failing) == "3"
    # the build flagged the two raises, their latest plans, their peer metrics and their plan
    # documents (4 tables x 2), and the unlinked document
    warned_rows = sum(sql(app_env, f"SELECT count(*) FROM {t} WHERE dq_status = 'warn'")[0][0] for t in FLAG_TABLES)
    assert shown["被标记的行"].value == str(flagged) == str(warned_rows) == "9"
    assert any(run_id in c.value and build_id in c.value for c in at.caption)

    # the failed expectations, as dq_results holds them
    failed = sql(app_env, "SELECT check_id, description, failing_rows, checked_rows FROM dq_results "
                          "WHERE run_id = ? AND NOT success", run_id)
    [table] = frame_with(at, "check_id", "failing_rows", "description")[:1]
    assert sorted(tuple(r) for r in table[["check_id", "description", "failing_rows", "checked_rows"]].values) == sorted(
        failed)
    assert table["severity"].tolist() == ["⚠ 警告"] * 2
    all_results = max(frame_with(at, "check_id", "success"), key=len)  # the failed ones come first, apart
    [(total,)] = sql(app_env, "SELECT count(*) FROM dq_results WHERE run_id = ?", run_id)
    assert len(all_results) == total == expectations and (all_results["success"] == "✓").sum() == passed

    # the drill-down: every failing row, its key and the values the expectation read, linked to its filing
    assert at.selectbox(key=f"dq-inspect-{run_id}").value == "offerings.proceeds_sum_to_cap"
    [(keys, values)] = sql(app_env, "SELECT failing_keys, failing_values FROM dq_results WHERE run_id = ? "
                                    "AND check_id = 'offerings.proceeds_sum_to_cap'", run_id)
    [rows] = frame_with(at, "offering_id", "proceeds_minus_cap_wan")
    expected = [{**json.loads(v), **json.loads(k)} for k, v in zip(keys, values, strict=True)]
    assert rows["offering_id"].tolist() == [e["offering_id"] for e in expected] == FLAGGED
    assert rows["proceeds_minus_cap_wan"].tolist() == [e["proceeds_minus_cap_wan"] for e in expected]
    assert rows["proceeds_minus_cap_wan"].tolist() == [-120000.0, -345200.0]
    assert rows["link"].tolist() == [f"filing?offering={e['offering_id']}&document={e['latest_document_id']}&lang=zh"
                                     for e in expected]

    # the HTML report of the run: a download, and its path on this machine
    assert [b.proto.label for b in at.get("download_button")] == ["下载 HTML 报告"]
    path = (app_env / report).resolve()
    assert path.is_file() and path.as_uri() in page and "offerings.proceeds_sum_to_cap" in path.read_text("utf-8")

    # the history: this build's run, on show
    [history] = frame_with(at, "run_id", "build_state")
    assert history["run_id"].tolist() == [run_id] and history["build_state"].tolist() == ["当前发布"]
    assert history["outcome"].tolist() == ["⚠ 有警告"]


def test_quality_lists_the_flagged_rows_per_table_with_their_reason_and_filing(app_env: Path) -> None:
    at = open_page("quality")
    counts = {t: sql(app_env, f"SELECT count(*) FROM {t} WHERE dq_status = 'warn'")[0][0] for t in FLAG_TABLES}
    shown = metrics(at)
    assert {t: shown[label].value for t, label in TABLE_LABELS.items()} == {t: str(n) for t, n in counts.items()}
    assert counts == {"offerings": 2, "offering_latest": 2, "peer_metrics": 2, "documents": 3, "projects": 0,
                      "budget_lines": 0}
    assert [tab.label for tab in at.tabs] == [f"⚠ {TABLE_LABELS[t]} · {n}" for t, n in counts.items() if n]

    offerings = frame_with(at, "offering_id", "dq_reason", "plan_year")[0]
    assert dict(zip(offerings["offering_id"], offerings["dq_reason"], strict=True)) == flagged_offerings(app_env)
    assert offerings["link"].tolist() == [f"filing?offering={o}&lang=zh" for o in FLAGGED]
    documents = frame_with(at, "document_id", "dq_reason", "title")[0]
    expected = sql(app_env, "SELECT document_id, offering_id, dq_reason FROM documents WHERE dq_status = 'warn' "
                            "ORDER BY offering_id, document_id")
    assert [tuple(None if pd.isna(v) else v for v in r)
            for r in documents[["document_id", "offering_id", "dq_reason"]].values] == expected
    # a document linked to no raise has no Filing page to open
    assert [None if pd.isna(v) else v for v in documents["link"]] == [
        f"filing?offering={o}&document={d}&lang=zh" if o else None for d, o, _ in expected]
    # each reason names the check and the values it read
    assert all(r.startswith("offerings.proceeds_sum_to_cap (proceeds_minus_cap_wan=") for d, _, r in expected
               if d != UNLINKED)
    assert [r for d, _, r in expected if d == UNLINKED][0].startswith("documents.after_raise_linked (")

    # the page's other half, as before: parse warnings and taxonomy coverage of the build
    parse = dict(sql(app_env, "SELECT parse_status, count(*) FROM documents GROUP BY ALL"))
    assert shown["解析正常的文件"].value == str(parse.get("ok", 0))
    assert shown["有警告的文件"].value == str(parse.get("warn", 0))
    assert shown["无法读取的文件"].value == str(parse.get("failed", 0))
    [(n,)] = sql(app_env, "SELECT count(*) FROM documents WHERE parse_status <> 'ok' OR needs_ocr")
    assert len(frame_with(at, "parse_status", "warnings")[0]) == n
    [(coverage,)] = sql(app_env, "SELECT count(*) FROM coverage")
    assert len(frame_with(at, "field", "measure", "classified")[0]) == coverage


def test_a_flagged_row_links_to_its_document_on_the_filing_page(app_env: Path) -> None:
    [(offering, document)] = sql(app_env, "SELECT offering_id, document_id FROM documents WHERE dq_status = 'warn' "
                                          "AND offering_id = ?", FLAGGED[1])
    at = open_page("filing", offering=offering, document=document)
    assert at.selectbox(key=f"document-{offering}").value == document
    notes = [m for m in at.markdown if "数据质量警告" in m.value]
    assert [m.value.split("] ")[1] for m in notes] == ["这次募资的数字未通过数据质量检查（悬停 ? 查看原因）；它仍参与比较。",
                                                       "本文件的数字未通过数据质量检查（悬停 ? 查看原因）。"]
    [(reason,)] = sql(app_env, "SELECT dq_reason FROM documents WHERE document_id = ?", document)
    [(description,)] = sql(app_env, "SELECT DISTINCT description FROM dq_results "
                                    "WHERE check_id = 'offerings.proceeds_sum_to_cap'")
    assert reason in notes[1].proto.help and description in notes[1].proto.help
    versions = at.dataframe[0].value
    flagged_docs = {d for (d,) in sql(app_env, "SELECT document_id FROM documents WHERE offering_id = ? "
                                               "AND dq_status = 'warn'", offering)}
    [(n_docs,)] = sql(app_env, "SELECT count(*) FROM documents WHERE offering_id = ?", offering)
    assert len(versions) == n_docs and (versions["dq"] == "⚠").sum() == len(flagged_docs) == 1
    assert versions.loc[versions["dq"] == "⚠", "dq_reason"].tolist() == [reason]


# ---------------------------------------------------------------- a blocked build

def test_a_blocked_build_is_shown_as_never_published_and_the_data_as_the_earlier_build(
        monkeypatch: pytest.MonkeyPatch, demo_home: Path, tmp_path: Path) -> None:
    home = copy_home(demo_home, tmp_path / "home")
    published = build_info(home)
    [(document, local)] = sql(home, "SELECT document_id, local_path FROM documents WHERE document_id = "
                                    "(SELECT document_id FROM offering_latest WHERE offering_id = ?)", FOCAL)
    raw = home / local
    original = raw.read_bytes()
    raw.write_bytes(original + b"\nbit rot\n")  # the file no longer has the hash the catalog keeps
    proc = starboard("build", home=home, check=False)
    assert proc.returncode == 1 and "catalog.file_has_that_hash" in proc.stderr + proc.stdout
    assert build_info(home) == published  # nothing was published
    blocked_dir = max(p for p in (home / "reports" / "dq").iterdir() if p.is_dir())
    blocked = json.loads((blocked_dir / "results.json").read_text(encoding="utf-8"))
    assert blocked["outcome"] == "blocked" and blocked["build_id"] != published["build_id"]

    monkeypatch.setenv("STARBOARD_HOME", str(home))
    at = open_page("quality")
    [banner] = [e.value for e in at.error]
    assert banner == (f"最近一次构建（{blocked['build_id']}，{blocked['started_at'].replace('T', ' ')}）未通过阻断性检查"
                      f"（catalog.file_has_that_hash），没有发布。当前展示的数据来自之前的构建 {published['build_id']}"
                      f"（构建于 {published['built_at'].replace('T', ' ')}）。")
    shown = metrics(at)
    assert shown["结果"].value == "已阻断" and shown["结果"].delta == "已阻断，未发布"
    failed = [r for r in blocked["results"] if not r["success"]]
    assert shown["阻断性未通过"].value == str(sum(r["severity"] == "blocking" for r in failed)) == "1"
    assert shown["被标记的行"].value == "—"  # a blocked build flags nothing
    assert f"这次构建被阻断，从未发布；当前展示的数据来自构建 {published['build_id']}。" in texts(at)
    [history] = frame_with(at, "run_id", "build_state")
    assert history["run_id"].tolist() == [blocked["run_id"], published["dq_run_id"]]
    assert history["build_state"].tolist() == ["已阻断，未发布", "当前发布"]

    # blocking failures first; the failing row is the raw file's announcement, linked to the document it holds
    table = frame_with(at, "check_id", "failing_rows", "description")[0]
    assert table["check_id"].tolist()[0] == "catalog.file_has_that_hash"
    assert table["check_id"].tolist() == [r["check_id"] for r in sorted(
        failed, key=lambda r: (r["severity"] != "blocking", -r["failing_count"], r["check_id"]))]
    [hash_check] = [r for r in failed if r["check_id"] == "catalog.file_has_that_hash"]
    [rows] = frame_with(at, "announcement_id", "file_sha256")
    assert rows[["source", "announcement_id"]].to_dict("records") == hash_check["failing_keys"]
    assert rows["local_path"].tolist() == [local]
    assert rows["link"].tolist() == [f"filing?offering={FOCAL}&document={document}&lang=zh"]
    # and its report is the blocked run's own
    assert (blocked_dir / "index.html").resolve().as_uri() in texts(at)

    # the file is restored: the next build publishes and carries the blocked run in its history
    raw.write_bytes(original)
    starboard("build", home=home)
    rebuilt = build_info(home)
    rerun(at)
    assert not at.error
    assert metrics(at)["结果"].value == "有警告"
    [history] = frame_with(at, "run_id", "build_state")
    assert history["run_id"].tolist() == [rebuilt["dq_run_id"], blocked["run_id"], published["dq_run_id"]]
    assert history["build_state"].tolist() == ["当前发布", "已阻断，未发布", "早先发布"]
    assert sql(home, "SELECT outcome FROM dq_runs WHERE run_id = ?", blocked["run_id"]) == [("blocked",)]


def test_a_blocked_run_in_dq_runs_after_the_published_one_says_the_same(
        monkeypatch: pytest.MonkeyPatch, demo_home: Path, tmp_path: Path) -> None:
    """A blocked build's run the warehouse holds (written while this build was being made) and
    newer than the build's own run: the page still says the data is from the earlier build."""
    import duckdb

    home = copy_home(demo_home, tmp_path / "home")
    published = build_info(home)
    con = duckdb.connect(str((home / "warehouse.duckdb").resolve()))
    try:
        con.execute("""INSERT INTO dq_runs SELECT '29991231T000000000000-1' AS run_id, 'build', '29991231T000000-1',
                           TIMESTAMP '2999-12-31 00:00:00', 1.0, 'blocked', expectations, passed - 1, 1, failed_warning,
                           failing_rows + 3, NULL, ['documents.unique_ids'], 'reports/dq/none/index.html', gx_version,
                           suites_digest FROM dq_runs""")
    finally:
        con.close()
    monkeypatch.setenv("STARBOARD_HOME", str(home))
    at = open_page("quality")
    [banner] = [e.value for e in at.error]
    assert "最近一次构建（29991231T000000-1，2999-12-31 00:00:00）" in banner
    assert f"当前展示的数据来自之前的构建 {published['build_id']}" in banner
    assert "documents.unique_ids" in banner  # the run has no per-expectation rows: named from failed_checks
    assert "这次运行的 HTML 报告不在数据目录中（reports/dq/none/index.html）。" in texts(at)


# ---------------------------------------------------------------- ⚠ on the other pages

def test_benchmark_marks_flagged_raises_in_the_peer_table_and_the_hero(app_env: Path) -> None:
    at = open_page()
    table = at.dataframe[0].value
    assert set(table["dq"]) == {""}  # no AI peer of the focal is flagged
    at.segmented_control(key="peers").set_value("all")
    rerun(at)
    table = at.dataframe[0].value
    expected = flagged_offerings(app_env)
    marked = table[table["dq"] == "⚠"]
    assert sorted(marked["link"]) == sorted(f"filing?offering={o}&lang=zh" for o in expected)
    assert sorted(marked["dq_reason"]) == sorted(expected.values())
    assert table.loc[table["dq"] == "", "dq_reason"].isna().all()
    names = sql(app_env, "SELECT short_name || ' ' || plan_year FROM offerings WHERE dq_status = 'warn'")
    assert any(c.value.startswith(f"⚠ 表中 {len(expected)} 项募资被数据质量检查标记") and all(n in c.value for (n,) in names)
               for c in at.caption)

    at = open_page(focal=FLAGGED[1])
    [note] = [m for m in at.markdown if "数据质量警告" in m.value]
    assert expected[FLAGGED[1]] in note.proto.help
    assert at.dataframe[0].value["dq"].tolist()[0] == "⚠"  # the focal row


def test_explore_marks_flagged_raises_and_lists_them_alone(app_env: Path) -> None:
    at = open_page("explore")
    frame = at.dataframe[0].value
    expected = flagged_offerings(app_env)
    assert sorted(frame.loc[frame["dq"] == "⚠", "link"]) == sorted(f"filing?offering={o}&lang=zh" for o in expected)
    assert at.toggle(key="x-flagged").label == f"只看 ⚠（{len(expected)}）"
    at.toggle(key="x-flagged").set_value(True)
    rerun(at)
    frame = at.dataframe[0].value
    assert sorted(frame["dq_reason"]) == sorted(expected.values()) and set(frame["dq"]) == {"⚠"}


# ---------------------------------------------------------------- the pure part

def test_failing_rows_pair_keys_and_values_by_position() -> None:
    from dashboard.quality_runs import failing_rows

    keys = ['{"document_id": "cninfo:1", "seq": 2}', '{"document_id": "cninfo:2", "seq": 1}']
    values = ['{"proceeds_wan": 10.5, "seq": 99, "note": null}', '{"proceeds_wan": 3, "note": ["a", "b"]}']
    frame = failing_rows(keys, values, ["document_id", "seq"])
    assert frame.columns == ["document_id", "seq", "proceeds_wan", "note"]
    assert frame.rows() == [("cninfo:1", 2, 10.5, None), ("cninfo:2", 1, 3.0, '["a", "b"]')]  # the key wins
    assert failing_rows([], [], ["offering_id"]).is_empty()
    assert failing_rows(['{"offering_id": "x"}'], [], ["offering_id"]).rows() == [("x",)]


def test_a_warehouse_built_before_the_checks_still_opens_every_page(
        monkeypatch: pytest.MonkeyPatch, demo_home: Path, tmp_path: Path) -> None:
    """A warehouse published by an earlier release (no dq tables, no dq_status) until the next build."""
    import shutil

    import duckdb

    home = copy_home(demo_home, tmp_path / "home")
    shutil.rmtree(home / "reports" / "dq")
    con = duckdb.connect(str((home / "warehouse.duckdb").resolve()))
    try:
        con.execute("DROP TABLE dq_runs; DROP TABLE dq_results; DELETE FROM build_info WHERE key LIKE 'dq_%'")
        for table in FLAG_TABLES:
            con.execute(f"ALTER TABLE {table} DROP COLUMN dq_status; ALTER TABLE {table} DROP COLUMN dq_reason")
    finally:
        con.close()
    monkeypatch.setenv("STARBOARD_HOME", str(home))
    at = open_page("quality")
    assert any("没有数据质量检查记录" in i.value for i in at.info)
    assert "这个数据仓库的表没有 dq_status 列" in texts(at)
    assert metrics(at)["解析正常的文件"].value == str(sql(home, "SELECT count(*) FROM documents "
                                                          "WHERE parse_status = 'ok'")[0][0])
    explore = open_page("explore")
    assert set(explore.dataframe[0].value["dq"]) == {""}
    filing = open_page("filing", offering=FLAGGED[1])
    assert not [m for m in filing.markdown if "数据质量警告" in m.value]
