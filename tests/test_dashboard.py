"""The dashboard, run headless with Streamlit's AppTest against the demo warehouse."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch, demo_home: Path) -> Path:
    monkeypatch.setenv("STARBOARD_HOME", str(demo_home))
    return demo_home


def test_benchmark_shows_the_focal_raise(app_env: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    # the focal raise is 云从科技's latest version: its 二次修订稿 cut the cap to 185,200.00 万元
    assert metrics["募资上限 Raise cap (万元)"] == "185,200.00"
    assert metrics["项目数 Projects"] == "1"
    assert int(metrics["对标公司 Peers"]) >= 2
    assert at.selectbox[0].value == "688327"
    assert len(at.dataframe) == 1
    shown = at.dataframe[0].value
    assert "云从科技" in shown["公司"].tolist()


def test_empty_home_gets_a_helpful_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STARBOARD_HOME", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "No published warehouse yet" in at.info[0].value


def test_dashboard_command_serves_on_loopback(demo_home: Path) -> None:
    """`starboard dashboard` really starts Streamlit on 127.0.0.1 and serves the app."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

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
    finally:
        proc.terminate()
        proc.wait(timeout=20)
