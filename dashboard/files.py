"""Files of the data home the dashboard shows besides the warehouse: raw filings, nightly run
reports, data-quality docs, and where the bundled demo corpus took its figures from."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard.data import home


def raw_copy(local_path: str | None) -> Path | None:
    """The raw file of a document when it is in the data home (and only inside it)."""
    if not local_path:
        return None
    root = home().root.resolve()
    path = (root / local_path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


@dataclass(frozen=True)
class Report:
    path: Path
    kind: str  # "json" | "md"

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8", errors="replace")

    def data(self) -> Any:
        return json.loads(self.text()) if self.kind == "json" else None


def nightly_reports() -> list[Report]:
    """reports/nightly/*.json|md, newest first (by name, then modification time)."""
    folder = home().reports_dir / "nightly"
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_file() and p.suffix in (".json", ".md")]
    found.sort(key=lambda p: (p.stem, p.stat().st_mtime, p.suffix == ".md"), reverse=True)
    return [Report(p, p.suffix[1:]) for p in found]


def data_docs(run_id: str | None = None) -> Path | None:
    """reports/dq/<run>/index.html of the given run, else of the newest run that has one."""
    folder = home().reports_dir / "dq"
    if not folder.is_dir():
        return None
    if run_id:
        candidate = folder / str(run_id) / "index.html"
        return candidate if candidate.is_file() else None
    runs = sorted((p for p in folder.iterdir() if (p / "index.html").is_file()),
                  key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
    return runs[0] / "index.html" if runs else None


@st.cache_data(show_spinner=False)
def corpus_provenance() -> list[dict[str, Any]]:
    """Where each filing of the bundled demo corpus took its figures from (empty if not shipped)."""
    try:
        from crawler.mirror.corpus import provenance_rows
    except ImportError:  # an installation without the demo corpus
        return []
    return provenance_rows()


def provenance_of(code: str | None, announcement_id: str | None) -> dict[str, Any] | None:
    for row in corpus_provenance():
        if row["code"] == code and row["announcement_id"] == announcement_id:
            return row
    return None
