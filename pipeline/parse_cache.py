"""Cached parses: one JSON line per raw file, keyed on its sha256, the parser version and
the taxonomy version, so an unchanged file is parsed once and a new parser or taxonomy
reparses everything without any bookkeeping.

Files are written to a temporary name and renamed, so a killed build never leaves half a
cache entry; an entry that cannot be read anyway is treated as missing and parsed again.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import polars as pl

from pipeline.normalise.contract import CACHED_PARSE, read_parses


class ParseCache:
    def __init__(self, directory: Path, parser_version: str, taxonomy_version: str) -> None:
        self.directory = directory
        self.parser_version = parser_version
        self.taxonomy_version = taxonomy_version

    def path(self, sha256: str) -> Path:
        return self.directory / f"{sha256}.p{self.parser_version}.t{self.taxonomy_version}.json"

    def has(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def store(self, record: dict[str, Any]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.path(record["sha256"])
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        os.replace(tmp, target)

    def load(self, sha256s: list[str]) -> tuple[pl.DataFrame, list[str]]:
        """(parses read, sha256s whose entry was unreadable and must be parsed again)."""
        paths = [self.path(s) for s in sha256s]
        try:
            return read_parses(paths), []
        except (pl.exceptions.PolarsError, OSError, ValueError):
            pass
        good, bad = [], []
        for sha, path in zip(sha256s, paths, strict=True):
            try:
                good.append(read_parses([path]))
            except (pl.exceptions.PolarsError, OSError, ValueError):
                path.unlink(missing_ok=True)
                bad.append(sha)
        return (pl.concat(good) if good else pl.DataFrame(schema=CACHED_PARSE)), bad
