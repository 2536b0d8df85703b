"""The nightly's parts in isolation: lock, stage clock, hooks, log rotation, report, quality summary."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from pipeline.home import DataHome
from pipeline.nightly import logs, quality
from pipeline.nightly.changes import group_plans
from pipeline.nightly.hooks import HookFailure, Hooks, pause_marker, planned
from pipeline.nightly.lock import LockHeld, NightlyLock
from pipeline.nightly.report import (
    NightlyReport,
    changes_line,
    render_markdown,
    set_aside_earlier,
    write_report,
)
from pipeline.nightly.runner import NightlyOptions, run_nightly
from pipeline.nightly.stages import StageClock

#: a process that holds the flock of argv[1] and writes a holder record into it: pid argv[2]
#: ("self" for its own), started argv[3] seconds ago; extra arguments only shape its command line
HOLDER = """
import fcntl, json, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX)
pid = os.getpid() if sys.argv[2] == "self" else int(sys.argv[2])
started = time.time() - float(sys.argv[3])
os.ftruncate(fd, 0)
os.write(fd, json.dumps({"pid": pid, "started": started, "started_at": "then", "host": "h", "command": "c"}).encode())
print("ready", flush=True)
time.sleep(120)
"""


def _holder(path: Path, pid: str = "self", age: float = 0.0, *extra: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), pid, str(age), *extra],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(proc.stdout)


# -- lock -------------------------------------------------------------------------------------------

def test_the_lock_is_exclusive_and_a_killed_holders_lock_is_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "nightly.lock"
    holder = _holder(path)
    try:
        with pytest.raises(LockHeld) as held:
            NightlyLock(path).acquire()
        assert held.value.holder.pid == holder.pid
        assert f"pid {holder.pid}" in str(held.value) and "exits without doing anything" in str(held.value)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        holder.stdout.close()
    lock = NightlyLock(path)
    takeover = lock.acquire()
    assert takeover is not None and takeover.previous.pid == holder.pid
    assert "ended without releasing" in takeover.reason
    assert json.loads(path.read_text())["pid"] == os.getpid()
    lock.release()
    assert path.read_text() == ""
    again = NightlyLock(path)
    assert again.acquire() is None  # released cleanly: nothing to take over
    again.release()


def test_a_lock_held_past_the_bound_is_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "nightly.lock"
    holder = _holder(path, "self", 13 * 3600)  # not a nightly: it is left running, its file set aside
    try:
        lock = NightlyLock(path, stale_after=12 * 3600)
        takeover = lock.acquire()
        assert takeover.previous.pid == holder.pid
        assert "longer than 12 h" in takeover.reason and "kept as nightly.lock.stale-" in takeover.reason
        assert holder.poll() is None
        assert len(list(tmp_path.glob("nightly.lock.stale-*"))) == 1
        with pytest.raises(LockHeld):  # and from now on the new owner is the owner
            NightlyLock(path).acquire()
        lock.release()
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_a_hung_nightly_is_stopped_before_its_lock_is_taken(tmp_path: Path) -> None:
    path = tmp_path / "nightly.lock"
    holder = _holder(path, "self", 13 * 3600, "starboard", "nightly")
    try:
        lock = NightlyLock(path, stale_after=12 * 3600, stop_grace=20)
        takeover = lock.acquire()
        assert "it was stopped (SIGTERM)" in takeover.reason
        assert holder.wait(timeout=20) == -signal.SIGTERM
        lock.release()
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_a_lock_whose_recorded_holder_is_gone_is_taken_over_even_if_held(tmp_path: Path) -> None:
    path = tmp_path / "nightly.lock"
    gone = _dead_pid()
    holder = _holder(path, str(gone), 60)  # e.g. a child that inherited the descriptor
    try:
        lock = NightlyLock(path)
        takeover = lock.acquire()
        assert takeover.previous.pid == gone and "no longer running" in takeover.reason
        lock.release()
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_a_refused_nightly_does_nothing_and_says_so_in_the_log(tmp_path: Path) -> None:
    home = DataHome(tmp_path)
    holder = _holder(tmp_path / "nightly.lock")
    try:
        result = run_nightly(home, NightlyOptions(base_url="http://127.0.0.1:9", console=False))
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert (result.exit_code, result.outcome, result.report) == (3, "locked", None)
    assert not (tmp_path / "catalog.duckdb").exists() and not (tmp_path / "reports" / "nightly").exists()
    log = (tmp_path / "reports" / "logs" / "nightly.log").read_text(encoding="utf-8")
    assert f"refused to start (pid {os.getpid()})" in log and f"pid {holder.pid}" in log


# -- stages and hooks --------------------------------------------------------------------------------

BUILD_WITHOUT_CHECKS = ["catalog", "parse", "normalise", "publish", "warehouse", "exports", "switch"]


def test_the_clock_enters_check_even_when_the_build_announces_no_check() -> None:
    fired: list[str] = []
    clock = StageClock(fired.append)
    clock.enter("crawl")
    clock.enter("build")
    for step in BUILD_WITHOUT_CHECKS:
        clock.step(step)
    clock.close()
    clock.enter("report")
    clock.close()
    assert fired == ["crawl", "build", "build.catalog", "build.parse", "build.normalise", "check", "publish",
                     "publish.warehouse", "publish.exports", "publish.switch", "report"]
    assert [(r.name, r.status) for r in clock.as_list()] == [
        ("crawl", "ok"), ("build", "ok"), ("check", "skipped"), ("publish", "ok"), ("report", "ok")]


def test_a_build_with_a_check_step_runs_check_as_its_own_stage() -> None:
    fired: list[str] = []
    clock = StageClock(fired.append)
    clock.enter("build")
    for step in ["catalog", "parse", "normalise", "check", "publish", "switch"]:
        clock.step(step)
    assert fired.count("check") == 1 and "check.check" not in fired
    assert clock.records["check"].status == "ok" and clock.current == "publish"


def test_a_failure_names_the_running_stage_and_later_stages_stay_not_run() -> None:
    clock = StageClock()
    clock.enter("crawl")
    clock.mark("crawl", "partial")
    clock.enter("build")
    clock.step("parse")
    assert clock.fail("failed", "boom") == "build"
    clock.enter("report", through=False)
    clock.close()
    assert {r.name: r.status for r in clock.as_list()} == {
        "crawl": "partial", "build": "failed", "check": "not run", "publish": "not run", "report": "ok"}
    assert clock.records["build"].detail == "boom"


def test_hook_plans_are_checked_and_fail_raises(tmp_path: Path) -> None:
    assert planned("kill:crawl, pause:publish.switch") == [("kill", "crawl"), ("pause", "publish.switch")]
    for bad in ("crawl", "explode:crawl", "kill:"):
        with pytest.raises(ValueError):
            planned(bad)
    hooks = Hooks(tmp_path, [("fail", "check")])
    hooks("build")  # another point: nothing happens
    with pytest.raises(HookFailure, match="injected at check"):
        hooks("check")


def test_pause_waits_until_the_marker_is_removed(tmp_path: Path) -> None:
    hooks = Hooks(tmp_path, [("pause", "publish.switch")])
    marker = pause_marker(tmp_path, "publish.switch")
    done = threading.Event()
    thread = threading.Thread(target=lambda: (hooks("publish.switch"), done.set()))
    thread.start()
    deadline = time.monotonic() + 10
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert marker.exists() and not done.is_set()
    marker.unlink()
    thread.join(timeout=10)
    assert done.is_set()


# -- logs -------------------------------------------------------------------------------------------

def test_logs_rotate_at_midnight_and_keep_30_days(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    current = folder / "nightly.log"
    current.write_text("yesterday's run\n", encoding="utf-8")
    yesterday = datetime.now() - timedelta(days=1)
    os.utime(current, (yesterday.timestamp(), yesterday.timestamp()))
    for age in range(2, 40):  # 38 older days of logs
        day = datetime.now() - timedelta(days=age)
        (folder / f"nightly.log.{day:%Y-%m-%d}").write_text(f"run of {day:%Y-%m-%d}\n", encoding="utf-8")
    log = logs.setup(tmp_path, console=False)
    try:
        log.info("tonight's run")
    finally:
        logs.teardown(log)
    rotated = sorted(folder.glob("nightly.log.*"))
    assert len(rotated) == logs.KEEP_DAYS
    assert (folder / f"nightly.log.{yesterday:%Y-%m-%d}").read_text(encoding="utf-8") == "yesterday's run\n"
    assert rotated[0].name == f"nightly.log.{datetime.now() - timedelta(days=30):%Y-%m-%d}"
    assert current.read_text(encoding="utf-8").rstrip().endswith("tonight's run")


def test_what_the_crawler_writes_to_stderr_is_copied_into_the_log(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    log = logs.setup(tmp_path, console=False)
    try:
        with logs.copy_stderr(log):
            print("progress: cninfo crawling\rprogress: cninfo done", file=sys.stderr)
            print("WARNING cninfo: a file failed", file=sys.stderr)
    finally:
        logs.teardown(log)
    text = (tmp_path / "logs" / "nightly.log").read_text(encoding="utf-8")
    assert "starboard.nightly.crawl: progress: cninfo done" in text and "crawling" not in text
    assert "a file failed" in text
    assert "a file failed" in capsys.readouterr().err  # and it still reaches stderr


# -- report -----------------------------------------------------------------------------------------

def _changes(**counts: int) -> dict:
    base = {"new_documents": 0, "removed_documents": 0, "new_offerings": 0, "changed_plans": 0, "plan_changes": 0,
            "new_parse_warnings": 0, "warnings_cleared": 0}
    return {"counts": {**base, **counts}}


def test_the_summary_line_counts_in_words() -> None:
    assert changes_line(None) == "no changes"
    assert changes_line(_changes()) == "no changes"
    assert changes_line(_changes(new_documents=1, changed_plans=2, plan_changes=5, warnings_cleared=1)) == (
        "1 new document, 2 changed plans (5 changes), 1 parse warning cleared")


def test_change_rows_group_into_plans() -> None:
    common = {"offering_id": "o", "code": "688993", "short_name": "青穹数智", "from_version": 1, "to_version": 2,
              "from_document_id": "a", "to_document_id": "b", "from_stage": "预案", "to_stage": "修订稿",
              "from_date": "2026-01-01", "to_date": "2026-02-01", "project_before": None, "project_after": None,
              "amount_before_wan": None, "amount_after_wan": None, "delta_wan": None}
    rows = [{**common, "change": "raise_cut"}, {**common, "change": "project_dropped", "project_before": "x"},
            {**common, "from_version": 2, "to_version": 3, "change": "raise_increased"}]
    plans = group_plans(rows)
    assert [(p["from_version"], p["to_version"], [c["change"] for c in p["changes"]]) for p in plans] == [
        (1, 2, ["raise_cut", "project_dropped"]), (2, 3, ["raise_increased"])]


def _report(**fields: object) -> NightlyReport:
    report = NightlyReport(date="2026-11-29", run_id="20261129T020000-42", started_at="2026-11-29T02:00:00",
                           outcome="ok", exit_code=0, summary="1 changed plan (1 change)")
    report.stages = [{"name": "crawl", "status": "ok", "seconds": 1.25, "detail": None}]
    for key, value in fields.items():
        setattr(report, key, value)
    return report


def test_markdown_puts_the_outcome_first_and_spells_out_changes() -> None:
    plan = {"offering_id": "688993-specific_targets-2026", "code": "688993", "short_name": "青穹数智",
            "from_stage": "预案", "to_stage": "修订稿", "from_date": "2026-11-26", "to_date": "2026-11-29",
            "changes": [
                {"change": "raise_cut", "project_before": None, "project_after": None,
                 "amount_before_wan": 100000.0, "amount_after_wan": 80000.0, "delta_wan": -20000.0},
                {"change": "project_renamed", "project_before": "A|B", "project_after": "A-B",
                 "amount_before_wan": None, "amount_after_wan": None, "delta_wan": None}]}
    changes = {**_changes(changed_plans=1, plan_changes=2), "baseline_build_id": "b0", "new_documents": [],
               "new_offerings": [], "changed_plans": [plan], "removed_documents": [], "parse_warnings": [],
               "warnings_cleared": 0, "parse_status_totals": {"ok": 3, "warn": 1}}
    dq = {"ran": True, "outcome": "warned", "expectations": 40, "passed": 39, "failed_blocking": 0,
          "failed_warning": 1, "flagged_rows": 2, "report_path": "reports/dq/r1/index.html",
          "failed_checks": [{"check_id": "projects.sum", "severity": "warning", "failing_rows": 2,
                             "description": "projects add up to the cap"}]}
    md = render_markdown(_report(changes=changes, data_quality=dq))
    assert md.startswith("# Nightly report 2026-11-29\n\n**ok** (exit 0): 1 changed plan (1 change)\n")
    assert "**青穹数智 (688993)**, `688993-specific_targets-2026`: 预案 (2026-11-26) → 修订稿 (2026-11-29)" in md
    assert "- raise cut: 100,000.00 → 80,000.00 万元 (-20,000.00)" in md
    assert "- project renamed: A|B → A-B" in md
    assert "**warned**: 39 of 40 expectations passed; 0 blocking, 1 warning failed; 2 rows flagged" in md
    assert "| projects.sum | warning | 2 | projects add up to the cap |" in md
    assert "| crawl | ok | 1.2 |  |" in md or "| crawl | ok | 1.3 |  |" in md


def test_markdown_of_a_failed_run_names_the_stage_and_says_nothing_was_published() -> None:
    md = render_markdown(_report(outcome="failed", exit_code=1, failed_stage="check", summary="failed at stage check",
                                 error="data quality: blocking expectations failed: documents.code"))
    assert "**Failed stage: check** — data quality: blocking expectations failed: documents.code" in md
    assert "left as they were" in md and "Nothing was published by this run" in md
    assert "no checks run." in md


def test_a_second_report_of_the_night_sets_the_first_aside(tmp_path: Path) -> None:
    first = _report()
    write_report(first, tmp_path)
    assert set_aside_earlier(tmp_path, "2026-11-29") == ["earlier/2026-11-29-020000-42.md"]
    folder = tmp_path / "nightly"
    assert not (folder / "2026-11-29.json").exists()
    assert json.loads((folder / "earlier" / "2026-11-29-020000-42.json").read_text())["run_id"] == first.run_id
    second = _report(run_id="20261129T050000-43", earlier_reports=["earlier/2026-11-29-020000-42.md"])
    json_path, md_path = write_report(second, tmp_path)
    assert json.loads(json_path.read_text())["run_id"] == second.run_id
    assert "Earlier runs this night: `earlier/2026-11-29-020000-42.md`." in md_path.read_text()
    # newest last by name, the way the dashboard picks the latest
    assert sorted(p.name for p in folder.iterdir() if p.is_file())[-1] == "2026-11-29.md"


# -- data quality ----------------------------------------------------------------------------------

class _Blocked(RuntimeError):
    """Shaped like pipeline.quality.check.QualityBlocked: the check run rides on the exception."""

    def __init__(self) -> None:
        results = [SimpleNamespace(check_id="documents.code_format", severity="blocking", success=False,
                                   failing_count=3, description="codes are 688xxx/689xxx", error=None),
                   SimpleNamespace(check_id="projects.sum", severity="warning", success=False, failing_count=1,
                                   description="projects add up", error=None),
                   SimpleNamespace(check_id="offerings.id", severity="blocking", success=True, failing_count=0,
                                   description="ids are unique", error=None)]
        self.run = SimpleNamespace(
            run_id="r1", outcome="blocked", results=results, report_path="reports/dq/r1/index.html",
            failed=lambda severity: [r for r in results if not r.success and r.severity == severity])
        super().__init__("blocking expectations failed: documents.code_format (3 rows)")


def test_a_blocked_check_is_summarised_from_the_failure() -> None:
    exc = _Blocked()
    assert quality.is_quality_block(exc) and not quality.is_quality_block(ValueError("disk full"))
    summary = quality.from_failure(exc)
    assert (summary["outcome"], summary["expectations"], summary["passed"], summary["failed_blocking"]) == (
        "blocked", 3, 1, 1)
    assert [c["check_id"] for c in summary["failed_checks"]] == ["documents.code_format", "projects.sum"]


def test_the_quality_summary_comes_from_the_warehouse_dq_tables(tmp_path: Path) -> None:
    plain = tmp_path / "plain.duckdb"
    duckdb.connect(str(plain)).close()
    assert quality.from_warehouse(plain, "b1") == {"ran": False, "note": "no checks run"}

    warehouse = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse))
    con.execute("""CREATE TABLE dq_runs (run_id VARCHAR, run_kind VARCHAR, build_id VARCHAR, started_at TIMESTAMP,
                   seconds DOUBLE, outcome VARCHAR, expectations INTEGER, passed INTEGER, failed_blocking INTEGER,
                   failed_warning INTEGER, failing_rows BIGINT, flagged_rows BIGINT, failed_checks VARCHAR[],
                   report_path VARCHAR)""")
    con.execute("""CREATE TABLE dq_results (run_id VARCHAR, check_id VARCHAR, severity VARCHAR, description VARCHAR,
                   success BOOLEAN, checked_rows BIGINT, failing_rows BIGINT, error VARCHAR)""")
    con.execute("""INSERT INTO dq_runs VALUES
        ('r0', 'build', 'b0', '2026-11-28 02:00', 1.0, 'passed', 40, 40, 0, 0, 0, 0, [], 'reports/dq/r0/index.html'),
        ('r1', 'build', 'b1', '2026-11-29 02:00', 1.5, 'warned', 40, 39, 0, 1, 2, 2, ['projects.sum'],
         'reports/dq/r1/index.html')""")
    con.execute("""INSERT INTO dq_results VALUES ('r1', 'projects.sum', 'warning', 'projects add up', false, 80, 2,
                   NULL), ('r1', 'documents.code', 'blocking', 'codes', true, 10, 0, NULL)""")
    con.close()
    summary = quality.from_warehouse(warehouse, "b1")
    assert (summary["ran"], summary["run_id"], summary["outcome"], summary["passed"], summary["flagged_rows"]) == (
        True, "r1", "warned", 39, 2)
    assert summary["failed_checks"] == [{"check_id": "projects.sum", "severity": "warning", "failing_rows": 2,
                                         "checked_rows": 80, "description": "projects add up", "error": None}]
    assert quality.from_warehouse(warehouse, "b9")["ran"] is False
