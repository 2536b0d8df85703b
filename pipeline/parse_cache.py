"""Cached parses: one JSON line per raw file, keyed on its sha256, the parser version and
the taxonomy version, so an unchanged file is parsed once and a new parser or taxonomy
reparses everything without any bookkeeping.

The JSON files are the cache; beside them, a pack (one Parquet file per parser and
taxonomy version) holds every entry the last build used, so the next build reads one file
instead of tens of thousands. The pack is derived: when it is missing, stale or unreadable
the JSON files are read instead, and the build writes a new one. Every write goes to a
temporary name and is renamed, so a killed build never leaves half an entry; an entry that
cannot be read anyway is treated as missing and parsed again.
"""
from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import polars as pl

from pipeline.normalise.contract import CACHED_PARSE


class ParseCache:
    def __init__(self, directory: Path, parser_version: str, taxonomy_version: str) -> None:
        self.directory = directory
        self.parser_version = parser_version
        self.taxonomy_version = taxonomy_version
        self.pack_answered = False

    @property
    def _key(self) -> str:
        return f"p{self.parser_version}.t{self.taxonomy_version}"

    def path(self, sha256: str) -> Path:
        return self.directory / f"{sha256}.{self._key}.json"

    @property
    def pack_path(self) -> Path:
        return self.directory / f"pack.{self._key}.parquet"

    def store(self, record: dict[str, Any]) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.path(record["sha256"])
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        os.replace(tmp, target)

    def _read_pack(self) -> pl.DataFrame | None:
        try:
            pack = pl.read_parquet(self.pack_path)
        except (OSError, pl.exceptions.PolarsError):
            return None
        if pack.schema != pl.Schema(CACHED_PARSE):
            return None
        return pack

    def _read_files(self, sha256s: list[str]) -> tuple[pl.DataFrame, list[str]]:
        """Entries read from their JSON files, and the sha256s whose file is missing or broken."""
        present, missing = [], []
        for sha in sha256s:
            try:
                present.append((sha, self.path(sha).read_bytes()))
            except OSError:
                missing.append(sha)
        try:
            return _ndjson([data for _, data in present]), missing
        except (pl.exceptions.PolarsError, ValueError):
            pass
        good = []
        for sha, data in present:  # find the broken entries one by one
            try:
                good.append(_ndjson([data]))
            except (pl.exceptions.PolarsError, ValueError):
                self.path(sha).unlink(missing_ok=True)
                missing.append(sha)
        return (pl.concat(good) if good else pl.DataFrame(schema=CACHED_PARSE)), missing

    def load(self, sha256s: list[str]) -> tuple[pl.DataFrame, list[str]]:
        """(cached parses of these files, sha256s that must be parsed).

        Sets `pack_answered`: whether the pack alone had every entry (else write a new one).
        """
        wanted = pl.DataFrame({"sha256": sha256s}, schema={"sha256": pl.String})
        pack = self._read_pack()
        from_pack = pl.DataFrame(schema=CACHED_PARSE) if pack is None else pack.join(wanted, on="sha256", how="semi")
        rest = wanted.join(from_pack.select("sha256"), on="sha256", how="anti")["sha256"].to_list()
        from_files, missing = self._read_files(rest)
        self.pack_answered = not rest
        return pl.concat([from_pack, from_files]).unique("sha256", keep="first", maintain_order=True), missing

    def write_pack(self, parses: pl.DataFrame) -> None:
        """Replace the pack with these entries (those the cache can answer for again)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        tmp = self.pack_path.with_name(f".{self.pack_path.name}.{os.getpid()}.tmp")
        parses.sort("sha256").write_parquet(tmp)
        os.replace(tmp, self.pack_path)


def _ndjson(lines: list[bytes]) -> pl.DataFrame:
    if not lines:
        return pl.DataFrame(schema=CACHED_PARSE)
    return pl.read_ndjson(io.BytesIO(b"\n".join(line.rstrip(b"\n") for line in lines)), schema=CACHED_PARSE)
