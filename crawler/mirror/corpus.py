"""The bundled corpus: fixture filings (JSON in corpus/filings/) and their rendered PDFs.

Each fixture is a filing written for starboard in the real layout, carrying real published
figures where `provenance.real_figures` says so; `crawler/mirror/build_corpus.py` writes
them from `corpus/reference/peers.json` (`make corpus`). PDFs are rendered on load
(deterministic, so a filing's sha256 never changes) and never committed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from crawler.mirror.render import render_pdf

CORPUS_DIR = Path(__file__).resolve().parent / "corpus" / "filings"


@dataclass
class Fixture:
    spec: dict[str, Any]
    path: Path
    truth: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def announcement_id(self) -> str:
        return str(self.spec["announcement_id"])

    @property
    def published(self) -> datetime:
        return datetime.fromisoformat(self.spec["published"])

    @property
    def adjunct_url(self) -> str:
        """cninfo's file path shape: finalpage/<date>/<announcementId>.PDF"""
        return f"finalpage/{self.published.date().isoformat()}/{self.announcement_id}.PDF"

    @cached_property
    def pdf(self) -> bytes:
        """What the mirror serves for this filing: a rendered PDF, or the planned breakage."""
        data = render_pdf(self.spec["blocks"], self.spec.get("running_head"), seed=int(self.spec["code"]))
        broken = self.spec.get("broken")
        if broken == "truncated":
            return data[: len(data) // 2]
        if broken == "html":
            return b"<!DOCTYPE html><html><head><title>404</title></head><body>not found</body></html>"
        return data


def load_corpus(directory: Path = CORPUS_DIR) -> list[Fixture]:
    """Every fixture of `directory` in file-name order, with its truth when it has one."""
    fixtures = []
    for path in sorted(directory.glob("*.json")):
        if path.name.endswith(".truth.json"):
            continue
        truth_path = path.with_name(path.stem + ".truth.json")
        truth = json.loads(truth_path.read_text(encoding="utf-8")) if truth_path.exists() else None
        fixtures.append(Fixture(json.loads(path.read_text(encoding="utf-8")), path, truth))
    ids = [f.announcement_id for f in fixtures]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate announcement ids in the corpus")
    return fixtures


#: the columns of `provenance_rows`, in the order a sources page lists them
PROVENANCE_COLUMNS = ("code", "name", "title", "stage", "published", "source_url", "source_title",
                      "source_note", "note", "real_figures", "announcement_id")


def provenance_rows(fixtures: list[Fixture] | None = None) -> list[dict[str, Any]]:
    """Where each bundled filing's figures come from: one row per filing, for the
    dashboard's About page ("the demo corpus is rendered from real published figures")."""
    rows = []
    for f in fixtures if fixtures is not None else load_corpus():
        prov = f.spec.get("provenance") or {}
        rows.append({
            "code": f.spec["code"],
            "name": f.spec["short_name"],
            "title": f.spec["title"],
            "stage": f.spec.get("stage") or prov.get("stage"),
            "published": f.published.date().isoformat(),
            "source_url": prov.get("source"),
            "source_title": prov.get("source_title"),
            "source_note": prov.get("source_note"),
            "note": prov.get("note"),
            "real_figures": bool(prov.get("real_figures")),
            "announcement_id": f.announcement_id,
        })
    return rows
