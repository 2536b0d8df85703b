"""The SHA-256 of raw files as they are on disk now: the catalog's hashes are checked against them.

Files are hashed in threads (hashlib releases the GIL on large buffers), each read in
chunks so a large prospectus never sits whole in memory. A missing or unreadable file
hashes to None, which the catalog suite reports as a file without that hash.
"""
from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CHUNK = 1 << 20


def sha256_of(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def file_hashes(root: Path, paths: list[str | None], workers: int | None = None) -> dict[str, str | None]:
    """Relative path (as the catalog stores it) → SHA-256 of the file under `root`, or None."""
    unique = sorted({p for p in paths if p})
    workers = workers or min(8, (os.cpu_count() or 1) * 2)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(unique, pool.map(lambda p: sha256_of(root / p), unique), strict=True))
