"""Files of the data home the dashboard shows besides the warehouse: raw filings, nightly run
reports, data-quality docs, and where the bundled demo corpus took its figures from."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import streamlit as st

from dashboard.data import home
from pipeline.quality.store import DQ_DIR, dq_tables


def home_file(relative: str | None) -> Path | None:
    """A file named relative to the data home, when it exists there (and only inside it)."""
    if not relative:
        return None
    root = home().root.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def raw_copy(local_path: str | None) -> Path | None:
    """The raw file of a document when it is in the data home (and only inside it)."""
    return home_file(local_path)


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


def dq_runs_index() -> Path | None:
    """reports/dq/index.html: every run under reports/dq, each linking to its report."""
    return home_file(str(DQ_DIR / "index.html"))


def unpublished_dq_runs(known: frozenset[str], since: str | None) -> dict[str, pl.DataFrame]:
    """dq_runs / dq_results of the runs under reports/dq that the published warehouse does not
    hold: blocked builds and `starboard check` runs after it (a blocked build publishes nothing,
    so its run reaches the warehouse only with the next build that does).

    Only folders named after `since` (run ids sort by time) are read, so the old runs a data
    home keeps beyond the warehouse's window are not; with no `since`, every folder is.
    """
    root = home().root / DQ_DIR
    if not root.is_dir():
        return dq_tables([])
    found = []
    for folder in root.iterdir():
        results = folder / "results.json"
        if folder.name in known or (since is not None and folder.name <= since) or not results.is_file():
            continue
        found.append((folder.name, str(results), results.stat().st_mtime_ns))
    return _read_runs(tuple(sorted(found, reverse=True)))


@st.cache_resource(show_spinner=False, max_entries=16)
def _read_runs(found: tuple[tuple[str, str, int], ...]) -> dict[str, pl.DataFrame]:
    """The runs' results.json in the warehouse's shape. Keyed on (name, path, mtime), so each
    run is read once; a folder whose results cannot be read (still being written, another
    shape) is left out rather than failing the page."""
    runs = []
    for _name, path, _mtime in found:
        try:
            run = json.loads(Path(path).read_text(encoding="utf-8"))
            dq_tables([run])
        except (OSError, ValueError, KeyError, TypeError, pl.exceptions.PolarsError):
            continue
        runs.append(run)
    return dq_tables(runs)


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
