"""The SHA-256 of raw files as they are on disk now: the catalog's hashes are checked against them.

hashlib.file_digest reads in large blocks and releases the GIL while hashing, so a few
threads overlap reading and hashing real PDFs; paths go to the threads in batches, so
tens of thousands of small files do not pay a task each. A missing or unreadable file
hashes to None, which the catalog suite reports as a file without that hash.
"""
from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BATCH = 512


def sha256_of(path: Path) -> str | None:
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def file_hashes(root: Path, paths: list[str | None], workers: int | None = None) -> dict[str, str | None]:
    """Relative path (as the catalog stores it) → SHA-256 of the file under `root`, or None."""
    unique = sorted({p for p in paths if p})
    batches = [unique[i:i + BATCH] for i in range(0, len(unique), BATCH)]
    workers = workers or min(4, os.cpu_count() or 1)

    def run(batch: list[str]) -> list[str | None]:
        return [sha256_of(root / p) for p in batch]

    with ThreadPoolExecutor(max_workers=workers) as pool:
        hashes = [h for batch in pool.map(run, batches) for h in batch]
    return dict(zip(unique, hashes, strict=True))
