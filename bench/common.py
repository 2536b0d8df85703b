"""What bench modules share: synthetic data homes (one generator: `starboard synth`), cached
fixtures, fresh throw-away copies of them, and builds timed stage by stage.

Fixtures (synthetic homes with thousands of PDFs, and the same homes built once so that
every parse is cached) are expensive to make and identical from run to run, so they are
made once, in a case's `setup`, into `.bench-cache/` (or $STARBOARD_BENCH_CACHE) under a
name that says what they hold; each timed run then works on a fresh home that links to them.
Every home here carries synth's SYNTHETIC marker, so the data-quality gate reads it as the
synthetic home it is (pipeline/quality/synthetic.py).
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
    from pipeline.build import default_workers
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


def _mark(home: Path, what: str) -> None:
    from pipeline.synth import MARKER

    (home / MARKER).write_text(f"{what}: synthetic, fictional filings made by `starboard synth`\n", encoding="utf-8")


def fresh_home(source: Path, parsed: bool = False, parent: Path | None = None) -> Path:
    """A new data home that sees `source`'s raw store (linked) and a copy of its catalog:
    everything derived (text cache, warehouse) starts empty, as after a fresh clone. With
    `parsed`, it also sees `source`'s parse cache (linked: a build with nothing new only
    reads it), as a home does after its first build."""
    home = Path(tempfile.mkdtemp(prefix="starboard-bench-home-", dir=parent))
    (home / "raw").symlink_to((source / "raw").resolve(), target_is_directory=True)
    shutil.copyfile(source / "catalog.duckdb", home / "catalog.duckdb")
    if parsed:
        (home / "parsed").symlink_to((source / "parsed").resolve(), target_is_directory=True)
    _mark(home, "bench copy of a synthetic home")
    return home


def fresh_home_empty() -> Path:
    home = Path(tempfile.mkdtemp(prefix="starboard-bench-home-"))
    _mark(home, "bench home")
    return home


def built_home(offerings: int, seed: int = 0) -> Path:
    """A cached synthetic home (PDFs) after one real `starboard build`: every document parsed
    and in the parse cache (and its pack), a published warehouse, a data-quality report.

    Keyed by the parser and taxonomy versions, which key the parse cache too, so a build in
    it (or in a `fresh_home(.., parsed=True)` copy) parses nothing. Made aside and renamed
    into place, like synth_home.
    """
    from pipeline.build import build
    from pipeline.home import DataHome
    from pipeline.normalise.taxonomy import load_taxonomy
    from pipeline.parse import PARSER_VERSION

    source = synth_home(offerings, seed=seed, pdf=True)
    final = cache_dir() / f"built-{source.name}-p{PARSER_VERSION}-t{load_taxonomy().version}"
    if (final / "warehouse.duckdb").exists():
        return final
    tmp = fresh_home(source, parent=cache_dir())
    try:
        summary = build(DataHome(tmp))
        if summary.failed:
            raise RuntimeError(f"{summary.failed} synthetic documents could not be read")
        shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)  # links inside are relative (current, warehouse) or absolute (raw)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final


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


def run_build(home: Path, **options: Any) -> Any:
    """`starboard build` in this process: the same function the command calls."""
    return timed_build(home, **options)[0]


def import_gx() -> float:
    """Import Great Expectations now and return the seconds it took. Every build and check
    pays this once per process (3-5 s); benches that time a build import it first and report
    it apart, so that a stage's time, and its exponent in N, is the work itself."""
    started = time.perf_counter()
    import great_expectations  # noqa: F401

    return time.perf_counter() - started


def timed_build(home: Path, **options: Any) -> tuple[Any, dict[str, float]]:
    """`build(home, **options)` (full=, jobs=) and the seconds it spent in each stage:
    catalog, parse, normalise, check, publish (warehouse, exports and switch together)."""
    from pipeline.build import build
    from pipeline.home import DataHome

    marks: list[tuple[str, float]] = []
    publish_steps = {"warehouse", "exports", "switch"}

    def on_stage(name: str) -> None:
        if name not in publish_steps:
            marks.append((name, time.perf_counter()))

    summary = build(DataHome(home), on_stage=on_stage, **options)
    marks.append(("end", time.perf_counter()))
    stages = {f"{name}_s": later - at for (name, at), (_, later) in zip(marks, marks[1:], strict=False)}
    return summary, stages


def warehouse_checksums(home: Path) -> list[tuple[str, int, str]]:
    """build_tables of the published warehouse: (table, rows, checksum), what two builds of
    the same raw store must agree on."""
    import duckdb

    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute("SELECT * FROM build_tables ORDER BY 1").fetchall()
    finally:
        con.close()


def warm_raw_files(home: Path) -> int:
    """Read every raw file once, so the runs compared next all find them in the page cache."""
    return sum(len(p.read_bytes()) for p in (home / "raw").rglob("*.pdf"))


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
