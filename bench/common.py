"""What bench modules share: a cache for fixtures, synthetic data homes, fresh copies of them.

Fixtures (synthetic homes with thousands of PDFs) are expensive to make and identical from
run to run, so they are built once, in a case's `setup`, into `.bench-cache/` (or
$STARBOARD_BENCH_CACHE) under a name that says what they hold; each timed run then works on
a fresh, throw-away home that links to them.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def quick() -> bool:
    return os.environ.get("STARBOARD_BENCH_QUICK") == "1"


def cache_dir() -> Path:
    path = Path(os.environ.get("STARBOARD_BENCH_CACHE") or ROOT / ".bench-cache")
    path.mkdir(parents=True, exist_ok=True)
    return path


def synth_home(offerings: int, seed: int = 0, pdf: bool = True) -> Path:
    """A cached synthetic data home (raw store + catalog with --pdf, contracts always).

    Built into a temporary folder and renamed into place, so a run killed halfway never
    leaves a cache that looks complete.
    """
    from pipeline.extract.pool import default_workers
    from pipeline.synth.generate import GENERATOR_VERSION
    from pipeline.synth.store import write_synth

    name = f"synth-g{GENERATOR_VERSION}-seed{seed}-n{offerings}{'-pdf' if pdf else ''}"
    final = cache_dir() / name
    if (final / "synth" / "manifest.json").exists():
        return final
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=cache_dir()))
    try:
        write_synth(tmp, offerings, seed=seed, pdf=pdf, workers=default_workers())
        shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final


def fresh_home(source: Path) -> Path:
    """A new data home that sees `source`'s raw store (linked) and a copy of its catalog:
    everything derived (text cache, warehouse) starts empty, as after a fresh clone."""
    home = Path(tempfile.mkdtemp(prefix="starboard-bench-home-"))
    (home / "raw").symlink_to(source / "raw", target_is_directory=True)
    shutil.copyfile(source / "catalog.duckdb", home / "catalog.duckdb")
    (home / "SYNTHETIC").write_text("bench copy of a synthetic home\n", encoding="utf-8")
    return home


def fresh_home_empty() -> Path:
    home = Path(tempfile.mkdtemp(prefix="starboard-bench-home-"))
    (home / "SYNTHETIC").write_text("bench home for synthetic data\n", encoding="utf-8")
    return home


def drop(home: Path) -> None:
    shutil.rmtree(home, ignore_errors=True)


def pdf_paths(home: Path, count: int) -> list[Path]:
    """The first `count` PDFs of a synthetic home's raw store, in id order."""
    paths = sorted((home / "raw" / "synth").glob("*.pdf"))
    if len(paths) < count:
        raise ValueError(f"{home} holds {len(paths)} PDFs, {count} wanted")
    return paths[:count]


def corpus_pdfs() -> list[bytes]:
    """The bundled corpus as the mirror serves it (rendered, deliberately broken ones left out)."""
    from crawler.mirror.corpus import load_corpus

    return [f.pdf for f in load_corpus() if not f.spec.get("broken")]


def run_build(home: Path) -> Any:
    """`starboard build` in this process: the same function the command calls."""
    from pipeline.build import build
    from pipeline.home import DataHome

    return build(DataHome(home))


def has_command(name: str) -> bool:
    return importlib.util.find_spec(f"pipeline.commands.{name}") is not None


def timed_cli(home: Path, *args: str) -> tuple[float, int]:
    """Run the real CLI in a child process; (seconds, exit code). Its peak memory counts
    towards the run's, since this process waits for it."""
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "--home", str(home), *args], cwd=ROOT,
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return time.perf_counter() - started, proc.returncode
