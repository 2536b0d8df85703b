"""Extraction over many files on a process pool, one document per task.

PDFium is not thread-safe, so the parallelism is processes. Reading a filing is a pure
function of its bytes (page text cached by sha256 with atomic writes, so two workers never
see half a cache file), which is why the results do not depend on the number of workers
and come back in input order. `workers=1` runs in this process with no pool at all.
Wiring this into `starboard build --workers N` belongs to the build.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from pipeline.extract.pages import Document, ExtractError, load_document

T = TypeVar("T")


def load_one(path: Path, cache_dir: Path | None = None) -> Document | ExtractError:
    """One file's pages, or the reason it cannot be read (returned, so one bad file never
    stops a batch)."""
    try:
        return load_document(Path(path), cache_dir)
    except ExtractError as exc:
        return exc


def parse_one(path: Path, cache_dir: Path | None = None) -> dict[str, Any] | ExtractError:
    """One file's parse contract: what a build needs back from a worker (small, picklable)."""
    from pipeline.parse import parse_document

    doc = load_one(path, cache_dir)
    return doc if isinstance(doc, ExtractError) else parse_document(doc)


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def map_files(task: Callable[..., T], paths: Sequence[Path], workers: int = 1,
              cache_dir: Path | None = None, chunksize: int = 4) -> Iterator[T]:
    """`task(path, cache_dir)` for every path, in input order, on `workers` processes.

    Workers are spawned, not forked: the parent may hold DuckDB or Polars threads, and a
    forked copy of a process with threads can deadlock. Spawned workers re-import the main
    module, so a script calling this needs the `if __name__ == "__main__":` guard (the
    `starboard` entry point has it).
    """
    call = partial(task, cache_dir=cache_dir)
    if workers <= 1 or len(paths) <= 1:
        yield from map(call, paths)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(paths)), mp_context=context) as pool:
        yield from pool.map(call, paths, chunksize=max(1, chunksize))


def extract_many(paths: Sequence[Path], workers: int = 1, cache_dir: Path | None = None) -> list[Document | ExtractError]:
    return list(map_files(load_one, paths, workers, cache_dir))


def parse_many(paths: Sequence[Path], workers: int = 1, cache_dir: Path | None = None) -> list[dict[str, Any] | ExtractError]:
    return list(map_files(parse_one, paths, workers, cache_dir))
