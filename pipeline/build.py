"""`starboard build`: raw store + catalog → parsed filings → published warehouse.

Extraction is a pure function of the PDF bytes (page text cached by sha256), so a rebuild
from the same raw store gives the same tables.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crawler.catalog import DOWNLOADED, open_catalog
from pipeline.extract.pages import ExtractError, load_document
from pipeline.home import DataHome
from pipeline.normalise import frames as F
from pipeline.normalise.taxonomy import load_taxonomy
from pipeline.parse import PARSER_VERSION, parse_document
from pipeline.publish.warehouse import publish


@dataclass
class BuildSummary:
    filings: int
    parsed: int
    failed: int
    warned: int
    projects: int
    budget_lines: int


def catalog_rows(home: DataHome) -> list[dict[str, Any]]:
    with open_catalog(home.catalog, read_only=True) as con:
        return con.sql(
            """SELECT source, announcement_id, url, path AS local_path, sha256, published_at,
                      sec_code AS catalog_code, sec_name AS catalog_name, title AS catalog_title
               FROM announcements WHERE state = $state ORDER BY source, announcement_id""",
            params={"state": DOWNLOADED},
        ).pl().to_dicts()


def parse_one(home: DataHome, meta: dict[str, Any]) -> dict[str, Any]:
    try:
        doc = load_document(home.root / meta["local_path"], home.text_dir)
        return F.parsed_record(meta, parse_document(doc), None)
    except ExtractError as exc:
        return F.parsed_record(meta, None, str(exc))


def build(home: DataHome, progress: Callable[[int, int], None] | None = None) -> BuildSummary:
    home.ensure()
    rows = catalog_rows(home)
    records = []
    for n, meta in enumerate(rows, start=1):
        records.append(parse_one(home, meta))
        if progress:
            progress(n, len(rows))
    frames = F.warehouse_frames(F.parsed_frame(records))
    info = {
        "built_at": datetime.now().isoformat(timespec="seconds"),
        "parser_version": str(PARSER_VERSION),
        "taxonomy_version": load_taxonomy().version,
        "filings": str(len(rows)),
    }
    publish(home.root, home.warehouse, home.exports_dir, frames, info)
    status = frames["filings"]["parse_status"]
    return BuildSummary(
        filings=len(rows),
        parsed=int((status != "failed").sum()),
        failed=int((status == "failed").sum()),
        warned=int((status == "warn").sum()),
        projects=frames["projects"].height,
        budget_lines=frames["budget_lines"].height,
    )
