"""A crawl killed midway (SIGTERM or SIGKILL) loses nothing, and the next run completes the set."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.raw_store import check_pdf
from tests.conftest import ROOT
from tests.crawl_helpers import (
    TERMS,
    WINDOW,
    announcements,
    assert_downloaded,
    crawl,
    file_hits,
    runs,
    serving,
    synthetic,
)


def _start(home: Path, url: str) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "pipeline.cli", "--home", str(home), "crawl", "--base-url", url, "--source", "cninfo",
           "--no-progress", *WINDOW, "--set", f"STARBOARD_TERMS={TERMS}", "--set", "CONCURRENT_REQUESTS=2",
           "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "GX_ANALYTICS_ENABLED": "false"})


def _wait_for_files(raw: Path, n: int, proc: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if raw.is_dir() and len(list(raw.glob("*.pdf"))) >= n:
            return
        if proc.poll() is not None:
            raise AssertionError(f"crawl ended early ({proc.returncode}): {proc.stderr.read()}")
        time.sleep(0.05)
    raise AssertionError("no files appeared")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_killed_crawl_loses_nothing_and_the_next_run_completes(tmp_path: Path, sig: signal.Signals) -> None:
    filings = synthetic(60)
    raw = tmp_path / "raw" / "cninfo"
    with serving(filings) as mirror:
        mirror.faults.add("cninfo_file", "slow", seconds=0.2, times=None)
        proc = _start(tmp_path, mirror.url)
        _wait_for_files(raw, 8, proc)
        proc.send_signal(sig)
        code = proc.wait(timeout=60)
        proc.stdout.close()
        proc.stderr.close()
        before = {p.stem: p.read_bytes() for p in raw.glob("*.pdf")}

        # what the killed run left: only whole files under final names, each one a listed filing
        by_id = {f.announcement_id: f for f in filings}
        assert 8 <= len(before) < len(filings)
        for ident, body in before.items():
            check_pdf(body)
            assert body == by_id[ident].pdf
        if sig == signal.SIGTERM:
            assert code == 5  # interrupted, and it says so
            assert runs(tmp_path)[0]["status"] == "interrupted"

        mirror.faults.clear()  # the slow files and the request log
        again = crawl(tmp_path, mirror.url)
        refetched = file_hits(mirror)
    assert again.returncode == 0, again.stderr
    assert_downloaded(tmp_path, filings)
    assert not set(refetched) & set(before), "a file stored before the kill was fetched again"
    assert sorted(refetched) == sorted(set(by_id) - set(before))
    first, second = runs(tmp_path)
    assert first["status"] == "interrupted" and not first["listing_complete"]
    assert second["status"] == "ok" and second["listing_complete"]
    assert not list(raw.glob(".*.part"))
    if sig == signal.SIGKILL:
        assert "killed" in first["message"]
    assert {r["state"] for r in announcements(tmp_path).values()} == {"downloaded"}


def test_a_file_stored_but_never_recorded_is_adopted_not_fetched(tmp_path: Path) -> None:
    """The window a SIGKILL can hit: the file is renamed into place, its catalog row not yet written."""
    filings = synthetic(6)
    orphan = filings[2]
    raw = tmp_path / "raw" / "cninfo"
    raw.mkdir(parents=True)
    (raw / f"{orphan.announcement_id}.pdf").write_bytes(orphan.pdf)
    (raw / f"{filings[3].announcement_id}.pdf").write_bytes(filings[3].pdf[:200])  # not whole: fetched again
    (raw / f".{filings[4].announcement_id}.x1.part").write_bytes(filings[4].pdf)  # a write that never finished
    with serving(filings) as mirror:
        proc = crawl(tmp_path, mirror.url)
        fetched = file_hits(mirror)
    assert proc.returncode == 0, proc.stderr
    assert orphan.announcement_id not in fetched and filings[3].announcement_id in fetched
    assert runs(tmp_path)[0]["counts"]["adopted"] == 1
    assert_downloaded(tmp_path, filings)
    assert not list(raw.glob(".*.part"))
