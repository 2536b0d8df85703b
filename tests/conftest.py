"""Shared fixtures. Everything here is offline: servers bind 127.0.0.1 only."""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.mirror.corpus import Fixture, load_corpus
from crawler.mirror.server import Mirror

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def starboard(*args: str, home: Path | None = None, env: dict[str, str] | None = None,
              check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a fresh process (Scrapy's reactor runs once per process)."""
    full_env = {**os.environ, "GX_ANALYTICS_ENABLED": "false", **(env or {})}
    cmd = [sys.executable, "-m", "pipeline.cli", *(["--home", str(home)] if home else []), *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=full_env, timeout=timeout, cwd=ROOT)
    if check and proc.returncode != 0:
        raise AssertionError(f"starboard {' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def corpus() -> list[Fixture]:
    return load_corpus()


@pytest.fixture
def mirror(corpus: list[Fixture]) -> Iterator[str]:
    with Mirror(corpus) as url:
        yield url


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data home after the whole offline chain ran once (`starboard demo`, headless)."""
    home = tmp_path_factory.mktemp("demo-home")
    starboard("demo", home=home, env={"STARBOARD_NO_SERVE": "1"})
    return home
