"""Keyword taxonomies read from versioned data files: project type, budget category, theme.

Rules are rows in `pipeline/taxonomy/*.csv`; the first matching rule wins for types and
categories, every matching rule fires for themes. Anything no rule maps is reported as
unmapped, so taxonomy coverage is a measured number rather than a hope.
"""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TAXONOMY_DIR = Path(__file__).resolve().parent.parent / "taxonomy"
FALLBACK = "other"


@dataclass(frozen=True)
class Rule:
    value: str
    pattern: re.Pattern[str]
    note: str


@dataclass(frozen=True)
class Taxonomy:
    version: str
    rules: dict[str, tuple[Rule, ...]]

    def first(self, field: str, text: str) -> tuple[str, bool]:
        """(value, mapped): the first rule's value, or the fallback and mapped=False."""
        key = _key(text)
        for rule in self.rules[field]:
            if rule.pattern.search(key):
                return rule.value, True
        return FALLBACK, False

    def all(self, field: str, text: str) -> list[str]:
        key = _key(text)
        seen: list[str] = []
        for rule in self.rules[field]:
            if rule.value not in seen and rule.pattern.search(key):
                seen.append(rule.value)
        return seen

    def project_type(self, name: str) -> str:
        return self.first("project_type", name)[0]

    def budget_category(self, item: str) -> str:
        return self.first("budget_category", item)[0]

    def themes(self, text: str) -> list[str]:
        return self.all("theme", text)


def _key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


@lru_cache(maxsize=4)
def load_taxonomy(directory: Path = TAXONOMY_DIR) -> Taxonomy:
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    rules: dict[str, tuple[Rule, ...]] = {}
    for field, filename in manifest["files"].items():
        with (directory / filename).open(encoding="utf-8", newline="") as fh:
            rules[field] = tuple(
                Rule(row["value"], re.compile(row["pattern"]), row.get("note") or "")
                for row in csv.DictReader(fh)
            )
    return Taxonomy(version=manifest["version"], rules=rules)
