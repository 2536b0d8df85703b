"""The ground truth of a fixture: the parse contract a correct parser gives for it.

Written from the figures and from what the document prints, never from a parser's
output. The choices that are not obvious from DESIGN.md:
- `projects` lists the rows of the printed project table. A plan-family document that
  names its projects only in prose (as plans whose per-project amounts are unknown do
  here) lists those names in printed order, with the figures its prose prints for each
  (else null) and `budget: []`; a list cut short (…等项目) lists only what it names.
  Documents about money raised name projects in prose too, but only a table is a plan
  there: `projects: []`. So is an adjustment whose after-part states only the new cap.
- documents about money raised and what became of it (contract part 2,
  docs/contract-after-the-raise.md) state no cap: `raise_total_wan` is null and
  `projects` is []; what they carry is `raise_actual` (issuance results), `progress` and
  `document.period_end` (use reports) or `changes` (re-allocations, delays, changes of
  use, completions). Every truth states those sections (null / [] where the document
  does not carry them). `evidence` is not stated: its wording is the parser's business.
- rows of `changes` state the fields the contract defines for their kind (reallocation:
  before/after; delay: the dates; change_of_use: the amounts and the new project;
  completion: the surplus and where it goes); the others are not asserted.
- a use report covers several raises: `document.offering` is not stated for it.
- titles are compared in NFKC form without white space (`（修订稿）` → `(修订稿)`), as the
  title classifier compares them.
- `warnings: []` is stated only where the document is clean (a full project table, every
  page with text); elsewhere the wording of a warning is the parser's business.
"""
from __future__ import annotations

import unicodedata
from typing import Any

from crawler.mirror.render import Layout
from crawler.mirror.writer.blocks import clean_name, full_title
from crawler.mirror.writer.plan_docs import Written
from crawler.mirror.writer.reference import Edition, ReferenceError
from crawler.mirror.writer.wording import KIND


def contract_title(base: str, revision: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", full_title(base, revision)).split())


def _amount(value: Any) -> float | None:
    return None if value is None else float(value)


def truth(edition: Edition, written: Written, layout: Layout, labels: dict[tuple[str, str], str]) -> dict[str, Any]:
    entry = edition.entry
    missing: list[str] = []

    def label(field: str, text: str) -> str:
        value = labels.get((field, text))
        if value is None:
            missing.append(f"{field}: {text}")
        return value or "?"

    projects = []
    for seq, p in enumerate(written.table_projects or written.prose_projects, start=1):
        name = clean_name(p.name)
        projects.append({
            "seq": seq,
            "name": name,
            "total_investment_wan": _amount(p.total_wan),
            "proceeds_wan": _amount(p.proceeds_wan),
            "type": label("project_type", name),
            "construction_months": p.months,
            "location": p.location,
            "budget": [{"item": item, "category": label("budget_category", item), "amount_wan": _amount(amount)}
                       for item, amount in p.budget],
        })
    if missing:
        raise ReferenceError(f"{edition.file}: no label in corpus/labels.csv for " + "; ".join(missing))
    document: dict[str, Any] = {
        "title": contract_title(written.base_title, written.revision),
        "kind": KIND[edition.form],
        "revision": written.revision,
        "date": edition.date.iso,
        "offering": None if entry.offering == "ipo" else entry.offering,
        "period_end": written.sections.get("period_end"),
    }
    if edition.form == "use_report":
        del document["offering"]
    if layout.scanned_pages:
        document["pages_without_text"] = list(layout.scanned_pages)
        document["needs_ocr"] = True
    out: dict[str, Any] = {
        "company": {"code": entry.code, "short_name": entry.short_name, "full_name": edition.full_name},
        "document": document,
        "raise_total_wan": _amount(written.cap_wan),
        "projects": projects,
        "raise_actual": written.sections.get("raise_actual"),
        "progress": written.sections.get("progress", []),
        "changes": written.sections.get("changes", []),
    }
    if written.table_projects and not layout.scanned_pages:
        out["warnings"] = []
    return out
