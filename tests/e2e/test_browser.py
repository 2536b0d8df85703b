"""The dashboard in a real browser: `starboard dashboard` on the demo warehouse, driven by the
system's headless chromium through Playwright (`make test-e2e`; no browser download).

Screenshots go to reports/e2e/ for a person to look at.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "reports" / "e2e"
CHROMIUM = os.environ.get("STARBOARD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def dashboard_url(demo_home: Path) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "--home", str(demo_home), "dashboard", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT, env={**os.environ},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.5)
        else:
            raise AssertionError(f"the dashboard did not start: {proc.stdout.read() if proc.stdout else ''}")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"no chromium at {CHROMIUM}: `make test-e2e` installs the Debian package"
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def rendered(browser: Any, url: str, height: int = 2800) -> Any:
    """A page at `url` once the app has finished running (its status widget gone, twice in a row)."""
    page = browser.new_page(viewport={"width": 1440, "height": height}, locale="zh-CN")
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=90_000)
    for _ in range(2):
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                               timeout=90_000)
        page.wait_for_timeout(800)
    return page


def test_benchmark_page_in_chromium(dashboard_url: str, browser: Any) -> None:
    page = rendered(browser, dashboard_url)
    text = page.inner_text("body")
    assert "云从科技" in text
    assert "363,519" in text
    assert "185,200.00" in text
    assert "P67" in text  # the focal's percentile among its AI / large-model peers
    assert page.locator("[data-testid='stVegaLiteChart']").count() == 3
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Deploy", exact=True).count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "benchmark.png"))

    # picking a peer's row in the peer table opens its Filing page (rows: focal, then by cap: 中科星图 first)
    table = page.locator("[data-testid='stDataFrame']").last.bounding_box()
    header = row = 35
    page.mouse.click(table["x"] + 15, table["y"] + header + row + row / 2)
    page.wait_for_url("**/filing?offering=688568-specific_targets-2025*", timeout=30_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(800)
    assert "中科星图（688568）" in page.inner_text("body")
    page.close()


def test_filing_page_opens_from_a_link_in_chromium(dashboard_url: str, browser: Any) -> None:
    page = rendered(browser, f"{dashboard_url}/filing?offering=688327-specific_targets-2023")
    text = page.inner_text("body")
    assert "185,200.00 万元" in text and "见第 2 页" in text
    assert "363,519.00 万元口径" in text  # the budget breakdown's source is named
    page.screenshot(path=str(SHOTS / "filing.png"))
    page.close()


def test_english_and_the_sql_console_in_chromium(dashboard_url: str, browser: Any) -> None:
    page = rendered(browser, f"{dashboard_url}/?lang=en")
    text = page.inner_text("body")
    assert "Use-of-proceeds benchmark" in text and "363,519" in text
    page.screenshot(path=str(SHOTS / "benchmark-en.png"))
    page.close()
    page = rendered(browser, f"{dashboard_url}/sql", height=1400)
    page.get_by_role("button", name="运行").click()
    page.wait_for_timeout(500)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    assert "3 行" in page.inner_text("body")
    page.screenshot(path=str(SHOTS / "sql.png"))
    page.close()
