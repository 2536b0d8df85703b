"""Title classifier: which announcements are use-of-proceeds documents, and of what kind.

The rules live in `title_rules.csv` (field, value, regex): within a field the first rule
that matches wins, so reclassifying a title is editing data, not code. Both the crawler
(what to fetch) and the parser (what a document is) use this one classifier.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

RULES_FILE = Path(__file__).with_name("title_rules.csv")
HIGHLIGHT = re.compile(r"</?em>", re.IGNORECASE)
#: documents that state a plan; the crawler fetches these
PLAN_KINDS = frozenset({"sci_tech_statement", "plan", "feasibility", "demonstration", "prospectus", "adjustment"})
#: documents that report on money raised (docs/contract-after-the-raise.md): recognised, fetched
#: only where the crawler says so
AFTER_RAISE_KINDS = frozenset({"issuance_result", "reallocation", "use_report", "use_change", "withdrawal"})


@dataclass(frozen=True)
class TitleClass:
    kind: str  # a plan kind (PLAN_KINDS), an after-the-raise kind (AFTER_RAISE_KINDS), or other
    revision: str | None
    offering: str | None  # specific_targets | simplified | convertible_bond | None when the title is silent
    skip: str | None  # why the title is not wanted, or None

    @property
    def wanted(self) -> bool:
        return self.skip is None and self.kind in PLAN_KINDS


@lru_cache(maxsize=1)
def _rules() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    rules: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    with RULES_FILE.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rules.setdefault(row["field"], []).append((row["value"], re.compile(row["pattern"])))
    return rules


def normalise_title(title: str) -> str:
    """NFKC, highlight tags and white space removed: the form titles are compared in."""
    text = unicodedata.normalize("NFKC", HIGHLIGHT.sub("", title or ""))
    return re.sub(r"\s+", "", text)


def _first(field: str, title: str) -> str | None:
    for value, pattern in _rules()[field]:
        if pattern.search(title):
            return value
    return None


def classify_title(title: str) -> TitleClass:
    text = normalise_title(title)
    return TitleClass(
        kind=_first("kind", text) or "other",
        revision=_first("revision", text),
        offering=_first("offering", text),
        skip=_first("skip", text),
    )
