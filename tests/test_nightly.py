"""`starboard nightly` end to end against the local test server (cninfo + SSE on 127.0.0.1).

Every run is the real CLI in a subprocess. A seeded home (one clean nightly over the base
filings) is copied for each test that needs history; new filings reach the mirror between
runs the way they reach the real sites.
"""
from __future__ import annotations

import json
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from crawler.mirror.server import Mirror
from pipeline.nightly.hooks import pause_marker
from tests.conftest import ROOT, starboard
from tests.nightly_helpers import (
    add_filings,
    base_fixtures,
    lanfeng_plan,
    latest_json,
    nightly,
    published,
    qingqiong_revision,
    start_nightly,
    wait_for,
)

REVISION, LANFENG = "cninfo:9900000002", "cninfo:9900000003"

def _new_ids(report: dict) -> set[str]:
    return {d["document_id"] for d in report["changes"]["new_documents"]}


def _build_ran_checks(home: Path) -> bool:
    """Whether builds here run data-quality checks (they publish dq_runs when they do)."""
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'dq_runs'").fetchone()[0])
    finally:
        con.close()


def _dq_run_of(build_id: str, home: Path) -> str | None:
    """The check run of `build_id`, as the published warehouse records it (it keeps the recent runs)."""
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        row = con.execute("SELECT run_id FROM dq_runs WHERE build_id = ?", [build_id]).fetchone()
    finally:
        con.close()
    return row[0] if row else None


def _plan_changes(report: dict, code: str) -> list[dict]:
    return [c for p in report["changes"]["changed_plans"] if p["code"] == code for c in p["changes"]]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home after one clean nightly over the base filings (3 of 云从科技, 1 of 振华新材, 青穹's plan)."""
    home = tmp_path_factory.mktemp("seeded")
    with Mirror(base_fixtures()) as url:
        proc = nightly(home, url)
    assert proc.returncode == 0, proc.stderr
    return home


@pytest.fixture
def home(seeded: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(seeded, copy, symlinks=True)
    return copy


@pytest.fixture
def grown() -> Iterator[Mirror]:
    """The mirror one day later: 青穹's revision (raise cut) and 岚峰's first plan are new."""
    mirror = Mirror([*base_fixtures(), qingqiong_revision(), lanfeng_plan()])
    mirror.start()
    try:
        yield mirror
    finally:
        mirror.stop()


# -- consecutive nights ------------------------------------------------------------------------------

def test_consecutive_nightlies_report_what_is_new_and_what_changed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    mirror = Mirror(base_fixtures())
    with mirror as url:
        first = nightly(home, url)
        assert first.returncode == 0, first.stderr
        one = latest_json(home)
        second = nightly(home, url)
        assert second.returncode == 0, second.stderr
        two = latest_json(home)
        two_md = (home / "reports" / "nightly" / f"{two['date']}.md").read_text(encoding="utf-8")
        # by the third night the sites have a revision of 青穹's plan (raise cut, a project dropped)
        # and a new company's plan
        add_filings(mirror, [qingqiong_revision(), lanfeng_plan()])
        third = nightly(home, url)
    assert one["outcome"] == "ok" and one["exit_code"] == 0 and one["failed_stage"] is None
    assert sum(s["counts"]["downloaded"] for s in one["crawl"]["sources"]) == 5
    assert len(one["changes"]["new_documents"]) == 5 and one["changes"]["baseline_build_id"] is None
    assert [s["name"] for s in one["stages"]] == ["crawl", "build", "check", "publish", "report"]
    checked = _build_ran_checks(home)
    assert {s["name"]: s["status"] for s in one["stages"]} == {
        "crawl": "ok", "build": "ok", "check": "ok" if checked else "skipped", "publish": "ok", "report": "ok"}
    if checked:  # the build's data-quality gate ran: its run is the one the report summarises
        assert one["data_quality"]["ran"] and one["data_quality"]["outcome"] in ("passed", "warned")
        assert one["data_quality"]["run_id"] == _dq_run_of(one["build"]["build_id"], home)
    else:
        assert one["data_quality"] == {"ran": False, "note": "no checks run"}

    # the second night: nothing new on the sites, nothing downloaded, "no changes"
    assert sum(s["counts"]["downloaded"] for s in two["crawl"]["sources"]) == 0
    assert all(s["mode"] == "incremental" for s in two["crawl"]["sources"])
    assert two["summary"] == "no changes" and two["outcome"] == "ok"
    assert all(n == 0 for n in two["changes"]["counts"].values())
    assert two["changes"]["baseline_build_id"] == one["build"]["build_id"]
    assert two["build"]["previous_build_id"] == one["build"]["build_id"] != two["build"]["build_id"]
    assert "**ok** (exit 0): no changes" in two_md and "**No changes**" in two_md
    assert two["earlier_reports"] == [f"earlier/{two['date']}-{one['run_id'].split('T')[1]}.md"]
    assert "nightly ok: no changes" in second.stdout

    assert third.returncode == 0, third.stderr
    three = latest_json(home)
    assert sum(s["counts"]["downloaded"] for s in three["crawl"]["sources"]) == 2
    assert _new_ids(three) == {REVISION, LANFENG}
    assert [(o["code"], o["short_name"], o["latest_raise_total_wan"]) for o in three["changes"]["new_offerings"]] == [
        ("688994", "岚峰智能", 60000.0)]
    [plan] = three["changes"]["changed_plans"]
    assert (plan["short_name"], plan["from_stage"], plan["to_stage"], plan["to_document_id"]) == (
        "青穹数智", "预案", "修订稿", REVISION)
    changes = {c["change"]: c for c in plan["changes"]}
    assert set(changes) == {"raise_cut", "project_dropped"}
    assert (changes["raise_cut"]["amount_before_wan"], changes["raise_cut"]["amount_after_wan"],
            changes["raise_cut"]["delta_wan"]) == (100000.0, 80000.0, -20000.0)
    assert changes["project_dropped"]["project_before"] == "补充流动资金"
    assert three["summary"] == "2 new documents, 1 new offering, 1 changed plan (2 changes)"

    shown = starboard("report", "--last", home=home).stdout
    assert shown == (home / "reports" / "nightly" / f"{three['date']}.md").read_text(encoding="utf-8")
    assert "raise cut: 100,000.00 → 80,000.00 万元 (-20,000.00)" in shown
    assert "project dropped: 补充流动资金 (20,000.00 万元)" in shown
    assert "| 688994 | 岚峰智能 |" in shown
    assert json.loads(starboard("report", "--json", home=home).stdout)["run_id"] == three["run_id"]
    missing = starboard("report", "--date", "2001-01-01", home=home, check=False)
    assert missing.returncode == 1 and "no nightly report for 2001-01-01" in missing.stderr

    log = (home / "reports" / "logs" / "nightly.log").read_text(encoding="utf-8")
    assert log.count("starting in") == 3 and "stage publish" in log and "step publish.switch" in log
    assert "progress: cninfo" in log  # the crawler's own lines are copied into the log


# -- crash safety: SIGKILL in every stage, then a clean run ----------------------------------------

KILL_POINTS = ["crawl", "build.parse", "check", "publish.exports", "publish.switch", "report.written"]


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_run_killed_in_any_stage_leaves_the_warehouse_and_the_next_run_completes(
        home: Path, grown: Mirror, point: str) -> None:
    before = published(home)
    if point == "crawl":  # killed from outside while files are downloading
        grown.faults.add("cninfo_file", "slow", seconds=1.0, times=None)
        proc = start_nightly(home, grown.url, "--set", "CONCURRENT_REQUESTS=1", "--set",
                             "CONCURRENT_REQUESTS_PER_DOMAIN=1")
        wait_for(home / "raw" / "cninfo" / "9900000002.pdf", proc)
        proc.send_signal(signal.SIGKILL)
    else:
        proc = start_nightly(home, grown.url, env={"STARBOARD_NIGHTLY_HOOK": f"kill:{point}"})
    proc.wait(timeout=120)
    proc.stdout.close()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    lock = json.loads((home / "nightly.lock").read_text(encoding="utf-8"))
    assert lock["pid"] == proc.pid  # left behind, as a killed run leaves it

    if point == "report.written":  # killed after the switch: the new build is live and whole
        target, _ = published(home)
        assert target != before[0] and (home / before[0]).is_dir()
        con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
        assert {r[0] for r in con.execute("SELECT document_id FROM documents").fetchall()} >= {REVISION, LANFENG}
        con.close()
    else:
        assert published(home) == before, "a killed run changed what readers see"

    grown.faults.clear()
    clean = nightly(home, grown.url)
    assert clean.returncode == 0, clean.stderr
    report = latest_json(home)
    assert report["lock_takeover"]["previous"]["pid"] == proc.pid
    assert "without releasing" in report["lock_takeover"]["reason"]
    assert _new_ids(report) == {REVISION, LANFENG}  # reported by the run that completed the work
    assert {c["change"] for c in _plan_changes(report, "688993")} == {"raise_cut", "project_dropped"}
    assert published(home)[0] == f"published/{report['build']['build_id']}"
    assert not list((home / "published").glob(".staging-*"))
    assert (home / "nightly.lock").read_text(encoding="utf-8") == ""  # released cleanly
    if point == "report.written":
        # the killed run had written its report: it is kept aside, and the clean run's replaces it
        assert any(p.endswith(f"-{proc.pid}.md") for p in report["earlier_reports"])


def test_a_failed_stage_is_named_and_nothing_is_published(home: Path, grown: Mirror) -> None:
    before = published(home)
    proc = nightly(home, grown.url, env={"STARBOARD_NIGHTLY_HOOK": "fail:check"})
    assert proc.returncode == 1
    assert "nightly failed at stage check" in proc.stderr
    report = latest_json(home)
    assert (report["outcome"], report["failed_stage"], report["exit_code"]) == ("failed", "check", 1)
    assert {s["name"]: s["status"] for s in report["stages"]} == {
        "crawl": "ok", "build": "ok", "check": "failed", "publish": "not run", "report": "ok"}
    assert report["changes"] is None and report["build"] is None
    assert published(home) == before
    md = (home / "reports" / "nightly" / f"{report['date']}.md").read_text(encoding="utf-8")
    assert "**Failed stage: check**" in md and "left as they were" in md
    again = nightly(home, grown.url)  # the next run publishes and reports everything since the last report
    assert again.returncode == 0, again.stderr
    assert _new_ids(latest_json(home)) == {REVISION, LANFENG}


@pytest.mark.parametrize("stage", ["crawl", "build"])
def test_sigterm_stops_the_run_with_exit_5(home: Path, grown: Mirror, stage: str) -> None:
    before = published(home)
    if stage == "crawl":  # Scrapy's own handler stops the crawl; the nightly stops after it
        grown.faults.add("cninfo_file", "slow", seconds=1.0, times=None)
        proc = start_nightly(home, grown.url, "--set", "CONCURRENT_REQUESTS=1")
        wait_for(home / "raw" / "cninfo" / "9900000002.pdf", proc)
    else:
        proc = start_nightly(home, grown.url, env={"STARBOARD_NIGHTLY_HOOK": "pause:build.normalise"})
        wait_for(pause_marker(home, "build.normalise"), proc)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 5, err
    report = latest_json(home)
    assert (report["outcome"], report["failed_stage"], report["exit_code"]) == ("interrupted", stage, 5)
    assert "the next run completes the work" in err
    assert published(home) == before


# -- two at once -------------------------------------------------------------------------------------

def test_a_second_run_exits_at_once_while_one_runs(home: Path, grown: Mirror) -> None:
    first = start_nightly(home, grown.url, env={"STARBOARD_NIGHTLY_HOOK": "pause:build"})
    marker = pause_marker(home, "build")
    wait_for(marker, first)
    reports_before = sorted((home / "reports" / "nightly").rglob("*.json"))
    second = nightly(home, grown.url, timeout=60)
    assert second.returncode == 3
    assert f"another nightly holds {home / 'nightly.lock'} (pid {first.pid}" in second.stderr
    assert sorted((home / "reports" / "nightly").rglob("*.json")) == reports_before  # it wrote no report
    log = (home / "reports" / "logs" / "nightly.log").read_text(encoding="utf-8")
    assert "refused to start" in log and f"(pid {first.pid} on" in log
    marker.unlink()
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert _new_ids(latest_json(home)) == {REVISION, LANFENG}


# -- one source down ---------------------------------------------------------------------------------

def test_one_source_down_the_other_still_runs_and_the_exit_says_partial(home: Path, grown: Mirror) -> None:
    grown.faults.add("sse_query", "status", status=503, times=None)
    proc = nightly(home, grown.url)
    assert proc.returncode == 4, proc.stderr
    report = latest_json(home)
    by_source = {s["source"]: s for s in report["crawl"]["sources"]}
    assert by_source["cninfo"]["status"] == "ok" and by_source["cninfo"]["counts"]["downloaded"] == 2
    assert by_source["sse"]["status"] == "failed" and by_source["sse"]["errors"]
    assert report["outcome"] == "partial" and report["failed_stage"] is None
    assert report["summary"].endswith("crawl incomplete: sse failed")
    assert _new_ids(report) == {REVISION, LANFENG}  # what cninfo brought is built and published
    assert published(home)[0] == f"published/{report['build']['build_id']}"
    md = (home / "reports" / "nightly" / f"{report['date']}.md").read_text(encoding="utf-8")
    assert "**partial** (exit 4)" in md and "| sse | failed |" in md
    assert "WARNING: crawl sse failed" in proc.stderr


# -- the dashboard during a publish ------------------------------------------------------------------

def _visible(at) -> str:  # noqa: ANN001 - AppTest
    """Everything the page shows as text: tables, metrics, markdown."""
    parts = [df.value.to_string() for df in at.dataframe]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [m.value for m in at.markdown]
    return "\n".join(parts)


def test_the_dashboard_keeps_working_during_a_publish_and_then_shows_the_new_data(
        home: Path, grown: Mirror, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("STARBOARD_HOME", str(home))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
    assert not at.exception and "青穹数智" in _visible(at) and "岚峰智能" not in _visible(at)
    reader = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)  # a reader on the old build
    try:
        proc = start_nightly(home, grown.url, env={"STARBOARD_NIGHTLY_HOOK": "pause:publish.switch"})
        marker = pause_marker(home, "publish.switch")
        wait_for(marker, proc)
        # the new build is complete on disk, not yet live: the dashboard and the reader see the old one
        at.run()
        assert not at.exception and "岚峰智能" not in _visible(at)
        marker.unlink()
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        # the reader that was open all along still answers, from the build it opened
        assert reader.execute("SELECT count(*) FROM documents WHERE code = '688994'").fetchone()[0] == 0
    finally:
        reader.close()
    at.run()  # the next interaction reads the new build
    assert not at.exception and "岚峰智能" in _visible(at)


def test_bad_arguments_exit_2(tmp_path: Path) -> None:
    bad_source = starboard("nightly", "--source", "szse", home=tmp_path, check=False)
    assert bad_source.returncode == 2 and "--source wants one of" in bad_source.stderr
    bad_hook = starboard("nightly", home=tmp_path, env={"STARBOARD_NIGHTLY_HOOK": "explode:crawl"}, check=False)
    assert bad_hook.returncode == 2 and "STARBOARD_NIGHTLY_HOOK" in bad_hook.stderr
    assert not (tmp_path / "nightly.lock").exists()


def test_report_before_any_nightly_says_what_to_do(tmp_path: Path) -> None:
    proc = starboard("report", home=tmp_path, check=False)
    assert proc.returncode == 1 and "run `starboard nightly`" in proc.stderr

