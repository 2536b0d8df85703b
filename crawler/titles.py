"""Title classifier: which announcements are use-of-proceeds documents, and of what kind.

The rules live in `title_rules.csv` (field, value, regex): within a field the first rule
that matches wins, so reclassifying a title is editing data, not code. Both the crawler
(what to fetch) and the parser (what a document is) use this one classifier.

Which kinds are collected, and for whom, is data too (`wanted_kinds.csv`): plan-family
kinds from every STAR company (scope `all`), the documents that report on money already
raised only from the companies the crawler follows (scope `followed`: those with a plan
in the catalog). A kind that file does not list is not wanted.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

RULES_FILE = Path(__file__).with_name("title_rules.csv")
WANTED_FILE = Path(__file__).with_name("wanted_kinds.csv")
#: scopes of wanted_kinds.csv: every STAR company, or only the companies the crawler follows
SCOPE_ALL, SCOPE_FOLLOWED = "all", "followed"
HIGHLIGHT = re.compile(r"</?em>", re.IGNORECASE)


@dataclass(frozen=True)
class TitleClass:
    kind: str  # a plan kind (sci_tech_statement … adjustment), a post-raise kind (issuance_result …) or other
    revision: str | None
    offering: str | None  # specific_targets | simplified | convertible_bond | None when the title is silent
    skip: str | None  # why the title is not wanted, or None

    @property
    def scope(self) -> str | None:
        """From whom a title like this is collected (`all` / `followed`), None when from nobody."""
        return None if self.skip is not None else wanted_kinds().get(self.kind)

    @property
    def wanted(self) -> bool:
        """Wanted from some company: from every one (scope `all`) or from those followed."""
        return self.scope is not None

    @property
    def plan_family(self) -> bool:
        """A wanted document of the plan itself: what makes the crawler follow a company."""
        return self.scope == SCOPE_ALL


@lru_cache(maxsize=1)
def _rules() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    rules: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    with RULES_FILE.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rules.setdefault(row["field"], []).append((row["value"], re.compile(row["pattern"])))
    return rules


@lru_cache(maxsize=1)
def wanted_kinds() -> dict[str, str]:
    """kind -> scope, from wanted_kinds.csv."""
    with WANTED_FILE.open(encoding="utf-8", newline="") as fh:
        rows = {row["kind"]: row["scope"] for row in csv.DictReader(fh)}
    unknown = {s for s in rows.values() if s not in (SCOPE_ALL, SCOPE_FOLLOWED)}
    if unknown:
        raise ValueError(f"{WANTED_FILE.name}: unknown scope(s) {sorted(unknown)}")
    return rows


def kinds_in_scope(scope: str) -> tuple[str, ...]:
    return tuple(k for k, s in wanted_kinds().items() if s == scope)


#: documents that state a plan: wanted from every STAR company (wanted_kinds.csv, scope `all`)
PLAN_KINDS = frozenset(kinds_in_scope(SCOPE_ALL))
#: documents that report on money raised (docs/contract-after-the-raise.md): wanted only from
#: the companies the crawler follows (scope `followed`)
AFTER_RAISE_KINDS = frozenset(kinds_in_scope(SCOPE_FOLLOWED))


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
