"""Every build is checked before it goes live: a blocking failure publishes nothing and leaves
the published build byte for byte; warnings flag rows and the build publishes. `starboard
check` reports on the published build. All of it offline."""
from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import pipeline.build as build_module
from pipeline.build import build
from pipeline.home import DataHome
from pipeline.normalise.taxonomy import Rule, load_taxonomy
from pipeline.quality.check import QualityBlocked
from pipeline.quality.store import KEEP_RUNS, dq_tables, load_runs
from pipeline.quality.suites import load_suites
from tests.conftest import ROOT, starboard
from tests.warehouse_home import make_home

BROKEN = "cninfo:9000000007"  # the chain's feasibility report that arrived broken
RAW = Path("raw/cninfo/9000000001.txt")


def snapshot(home: DataHome) -> dict[str, bytes | str | list[str]]:
    """Everything a reader of the published build can see, byte for byte."""
    files: dict[str, bytes | str | list[str]] = {
        "current": os.readlink(home.root / "current"), "warehouse.duckdb": home.warehouse.read_bytes(),
        "published": sorted(p.name for p in (home.root / "published").iterdir()),
    }
    for path in sorted(home.exports_dir.iterdir()):
        files[f"exports/{path.name}"] = path.read_bytes()
    return files


def rows(home: DataHome, sql: str) -> list[tuple]:
    con = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def home(tmp_path: Path) -> DataHome:
    return make_home(tmp_path / "home")


def test_warnings_flag_rows_and_the_build_publishes(home: DataHome) -> None:
    summary = build(home, jobs=1)
    run = summary.quality
    assert run is not None and run.outcome == "warned"
    assert [r.check_id for r in run.failed("warning")] == ["documents.readable"]
    assert rows(home, "SELECT document_id, dq_status, dq_reason FROM documents WHERE dq_status <> 'ok'") == [
        (BROKEN, "warn", "documents.readable (parse_status=failed)")]
    assert rows(home, "SELECT count(*) FROM documents WHERE dq_status = 'ok'") == [(6,)]
    build_id = rows(home, "SELECT value FROM build_info WHERE key = 'build_id'")[0][0]
    assert rows(home, "SELECT run_id, run_kind, build_id, outcome, failed_checks, flagged_rows FROM dq_runs") == [
        (run.run_id, "build", build_id, "warned", ["documents.readable"], 1)]
    assert rows(home, "SELECT failing_keys, failing_values FROM dq_results WHERE check_id = 'documents.readable'") == [
        (['{"document_id": "cninfo:9000000007"}'], ['{"parse_status": "failed"}'])]
    expectations = sum(len(s.checks) for s in load_suites())
    assert expectations >= 60  # the plan suites' 60, and those of the tables after the raise
    assert rows(home, "SELECT count(*), count(*) FILTER (WHERE success) FROM dq_results") == [
        (expectations, expectations - 1)]
    report = home.root / run.report_path
    assert report.is_file() and BROKEN in report.read_text(encoding="utf-8")
    assert (home.root / "reports/dq/index.html").is_file()
    assert (home.exports_dir / "dq_results.parquet").is_file()


def test_a_blocking_failure_leaves_the_published_build_byte_identical(home: DataHome) -> None:
    build(home, jobs=1)
    before = snapshot(home)
    original = (home.root / RAW).read_bytes()
    (home.root / RAW).write_bytes(original + b"\nbit rot\n")  # the raw file no longer has the catalog's hash
    with pytest.raises(QualityBlocked, match=r"catalog\.file_has_that_hash \(1 rows\)") as blocked:
        build(home, jobs=1)
    assert snapshot(home) == before
    assert not list((home.root / "published").glob(".staging-*"))
    run = blocked.value.run
    assert run.outcome == "blocked" and run.flagged_rows is None
    (failed,) = run.failed("blocking")
    assert failed.failing_keys == [{"source": "cninfo", "announcement_id": "9000000001"}]
    assert failed.failing_values[0]["local_path"] == str(RAW)
    assert "not published" in (home.root / run.report_path).read_text(encoding="utf-8")
    # the file is restored: the next build publishes, and carries the blocked run in its history
    (home.root / RAW).write_bytes(original)
    summary = build(home, jobs=1)
    assert rows(home, "SELECT run_kind, outcome, failed_checks FROM dq_runs ORDER BY run_id") == [
        ("build", "warned", ["documents.readable"]), ("build", "blocked", ["catalog.file_has_that_hash", "documents.readable"]),
        ("build", "warned", ["documents.readable"])]
    assert summary.quality.run_id == rows(home, "SELECT max(run_id) FROM dq_runs")[0][0]


def test_a_taxonomy_value_outside_the_taxonomy_blocks_the_build(home: DataHome,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    build(home, jobs=1)
    before = snapshot(home)
    taxonomy = load_taxonomy()
    typo = Rule("equipmnet", re.compile("设备"), "a typo in budget_categories.csv", 0)
    broken = dataclasses.replace(taxonomy, version=taxonomy.version + "-typo", rules={
        **taxonomy.rules, "budget_category": (typo, *taxonomy.rules["budget_category"])})
    monkeypatch.setattr(build_module, "load_taxonomy", lambda: broken)
    with pytest.raises(QualityBlocked) as blocked:
        build(home, jobs=1)
    # and, as its description says, the budget shares no longer sum to 1: the category has no share column
    assert [r.check_id for r in blocked.value.run.failed("blocking")] == [
        "budget_lines.category_in_taxonomy", "peer_metrics.budget_shares_sum_to_one"]
    assert snapshot(home) == before


def test_build_command_exits_non_zero_naming_the_failed_expectation(home: DataHome) -> None:
    starboard("build", "--jobs", "1", home=home.root)
    before = snapshot(home)
    (home.root / RAW).write_bytes(b"replaced by something else")
    proc = starboard("build", "--jobs", "1", home=home.root, check=False)
    assert proc.returncode == 1
    assert "catalog.file_has_that_hash" in proc.stderr and "the published warehouse is unchanged" in proc.stderr
    assert snapshot(home) == before


def test_check_command_prints_a_summary_and_exits_by_severity(home: DataHome, tmp_path: Path) -> None:
    empty = starboard("check", home=tmp_path / "nothing", check=False)
    assert empty.returncode == 2 and "starboard build" in empty.stderr
    starboard("build", "--jobs", "1", home=home.root)
    ok = starboard("check", home=home.root)
    lines = ok.stdout.splitlines()
    assert "data quality: warned" in lines[0]
    table = {cells[0]: cells[1:] for line in lines if (cells := re.findall(r"[\w.,]+", line)) and len(cells) == 6}
    documents = str(len(next(s for s in load_suites() if s.name == "documents").checks))
    assert table["documents"] == [documents, str(int(documents) - 1), "0", "1", "1"]
    assert table["catalog"] == ["9", "9", "0", "0", "0"]
    assert "warning  documents.readable: 1 of 7 rows — cninfo:9000000007" in ok.stdout
    report = re.search(r"report: (\S+)", ok.stdout).group(1)
    assert Path(report).is_file()
    (home.root / RAW).unlink()  # a raw file lost
    blocked = starboard("check", home=home.root, check=False)
    assert blocked.returncode == 1
    assert "blocking expectations failed: catalog.file_has_that_hash" in blocked.stderr
    assert "blocking catalog.file_has_that_hash: 1 of 8 rows — cninfo 9000000001" in blocked.stdout


def test_check_finds_what_the_build_found(home: DataHome) -> None:
    from pipeline.build import read_catalog
    from pipeline.quality.check import check_published

    built = build(home, jobs=1).quality
    checked = check_published(home.root, home.warehouse, read_catalog(home))
    assert checked.run_kind == "check" and checked.build_id == built.build_id
    assert [(r.check_id, r.success, r.failing_keys) for r in checked.results] == \
        [(r.check_id, r.success, r.failing_keys) for r in built.results]


GUARDED = """
import json, socket, sys
from tests import netguard
netguard.install()
# the guard must see (and refuse) connections that leave the machine, by name lookup or by address
for probe in (lambda: socket.create_connection(("192.0.2.10", 80), timeout=1),
              lambda: socket.socket().connect(("192.0.2.11", 80))):
    try:
        probe()
    except OSError:
        pass
seen = len(netguard.ATTEMPTS)
from pipeline.cli import main
codes, home = [], sys.argv[1]
for args in (["build", "--jobs", "1"], ["check"]):
    sys.argv = ["starboard", "--home", home, *args]
    try:
        main()
    except SystemExit as exc:
        codes.append(exc.code)
json.dump({"probe": netguard.ATTEMPTS[:seen], "during": netguard.ATTEMPTS[seen:], "codes": codes},
          open(sys.argv[2] if len(sys.argv) > 2 else "/dev/null", "w"))
"""


def test_build_and_check_open_no_socket_beyond_loopback(home: DataHome, tmp_path: Path) -> None:
    out = tmp_path / "attempts.json"
    script = GUARDED.replace('sys.argv[2] if len(sys.argv) > 2 else "/dev/null"', repr(str(out)))
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "true"}  # asked for: starboard turns it off regardless
    proc = subprocess.run([sys.executable, "-c", script, str(home.root)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(out.read_text(encoding="utf-8"))
    assert ["getaddrinfo", "192.0.2.10", 80] in seen["probe"] and ["connect", "192.0.2.11", 80] in seen["probe"]
    assert seen["codes"] == [0, 0]
    assert [a for a in seen["during"] if a[1] not in ("127.0.0.1", "::1", "localhost")] == []
    assert len(load_runs(home.root)) == 2


def test_the_report_is_self_contained(home: DataHome) -> None:
    run = build(home, jobs=1).quality
    html = (home.root / run.report_path).read_text(encoding="utf-8")
    assert "<style>" in html and "<script" not in html and "<link" not in html
    assert re.findall(r'(?:src|href)="(?:https?:)?//', html) == []
    for result in run.results:
        assert result.check_id in html
    assert "documents.readable" in html and "cninfo:9000000007" in html


def test_the_dq_tables_keep_the_newest_runs(tmp_path: Path) -> None:
    root = tmp_path / "home"
    for n in range(KEEP_RUNS + 3):
        folder = root / "reports/dq" / f"2025010{n // 10}T00000{n % 10}000000-1"
        folder.mkdir(parents=True)
        (folder / "results.json").write_text(json.dumps({
            "run_id": folder.name, "run_kind": "check", "build_id": "b", "started_at": "2025-01-01T00:00:00",
            "seconds": 1.0, "outcome": "passed", "report_path": "x", "results": []}), encoding="utf-8")
    (root / "reports/dq/20990101T000000000000-1").mkdir()  # a run that never finished: no results.json
    runs = load_runs(root)
    assert len(runs) == KEEP_RUNS and runs[0]["run_id"] > runs[-1]["run_id"]
    tables = dq_tables(runs)
    assert tables["dq_runs"].height == KEEP_RUNS and tables["dq_results"].height == 0


def test_the_demo_publishes_with_its_warnings(demo_home: Path) -> None:
    home = DataHome(demo_home)
    (outcome, report), = rows(home, "SELECT outcome, report_path FROM dq_runs WHERE run_kind = 'build'")
    assert outcome in ("passed", "warned")
    assert (demo_home / report).is_file()
    flagged = rows(home, "SELECT count(*) FROM documents WHERE dq_status = 'warn'")[0][0] + \
        rows(home, "SELECT count(*) FROM offerings WHERE dq_status = 'warn'")[0][0]
    assert (outcome == "warned") == (flagged > 0)
