"""The bundled corpus: fixture filings (JSON in corpus/filings/) and their rendered PDFs.

Each fixture is a filing written for starboard in the real layout, carrying real published
figures where `provenance.real_figures` says so. PDFs are rendered on load (deterministic,
so a filing's sha256 never changes) and never committed.
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
