"""The raw store: fetched files kept forever, named by announcement id, never by URL path.

A file only counts as stored once it is checked (PDF magic, end-of-file marker, declared
size) and written under a temporary name, fsynced and renamed: a crawl killed midway never
leaves a partial file that looks complete.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class BadFile(Exception):
    """The bytes are not a complete PDF; the message is the reason recorded in the catalog."""


def check_pdf(body: bytes, declared_length: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
              listed_bytes: int | None = None) -> None:
    """Raise BadFile unless `body` is a whole PDF: size cap, declared length, magic, %%EOF.

    `listed_bytes` is the size the listing announced (cninfo's adjunctSize, in whole KB):
    a body well under it was cut short even when the HTTP answer looked complete.
    """
    if len(body) > max_bytes:
        raise BadFile(f"file is {len(body)} bytes, over the {max_bytes}-byte cap")
    if declared_length is not None and declared_length != len(body):
        raise BadFile(f"truncated: {len(body)} of {declared_length} declared bytes")
    if listed_bytes and len(body) < 0.9 * listed_bytes - 1024:
        raise BadFile(f"truncated: {len(body)} bytes where the listing announced about {listed_bytes}")
    head = body[:1024].lstrip()
    if not head.startswith(b"%PDF-"):
        kind = "an HTML page" if b"<html" in head.lower() or b"<!doctype" in head.lower() else "not a PDF"
        raise BadFile(f"{kind} where a PDF was expected (starts {body[:24]!r})")
    if b"%%EOF" not in body[-2048:]:
        raise BadFile("truncated PDF: no %%EOF marker at the end")


def raw_path(raw_root: Path, source: str, announcement_id: str, suffix: str = ".pdf") -> Path:
    if not _SAFE_ID.match(announcement_id) or not _SAFE_ID.match(source):
        raise ValueError(f"unsafe id for a file name: {source}/{announcement_id}")
    return raw_root / source / f"{announcement_id}{suffix}"


def sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def store(raw_root: Path, source: str, announcement_id: str, body: bytes,
          digest: str | None = None) -> tuple[Path, str]:
    """Write atomically; returns (path, sha256)."""
    path = raw_path(raw_root, source, announcement_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = digest or sha256(body)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{announcement_id}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path, digest


def keep_rejected(raw_root: Path, source: str, announcement_id: str, body: bytes) -> Path | None:
    """Bad answers are kept too (raw is sacred): under rejected/, for whoever investigates."""
    if not body:
        return None
    path = raw_root / source / "rejected" / f"{announcement_id}.bin"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
    return path


def adopt(raw_root: Path, source: str, announcement_id: str, max_bytes: int = DEFAULT_MAX_BYTES,
          listed_bytes: int | None = None) -> tuple[Path, str, int] | None:
    """A complete file already on disk under this id (a killed run stored it but never
    recorded it): (path, sha256, size), or None when there is none or it does not check out."""
    try:
        path = raw_path(raw_root, source, announcement_id)
    except ValueError:
        return None
    if not path.is_file():
        return None
    body = path.read_bytes()
    try:
        check_pdf(body, None, max_bytes, listed_bytes)
    except BadFile:
        return None
    return path, sha256(body), len(body)


def remove_partials(raw_root: Path) -> int:
    """Temp files of writes that never finished (the process was killed mid-write)."""
    removed = 0
    if not raw_root.is_dir():
        return 0
    for part in raw_root.glob("*/.*.part"):
        part.unlink(missing_ok=True)
        removed += 1
    return removed
