"""`starboard parse`: one filing in, the parse contract of DESIGN.md out.

Extraction (what the filing says) and the taxonomy (what we call it) stay separate
modules; this one joins them into the JSON every later stage and every consumer reads.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.extract.after_raise import AfterRaise
from pipeline.extract.amounts import format_wan
from pipeline.extract.filing import Filing, read_filing
from pipeline.extract.lines import Line
from pipeline.extract.pages import Document, load_document
from pipeline.normalise.taxonomy import Taxonomy, load_taxonomy

SCHEMA_VERSION = 1
#: bump when the parser's output for the same text may change; cached parses are keyed on it
PARSER_VERSION = 7


def evidence(line: Line | None, text: str | None = None) -> dict[str, Any] | None:
    """Where a fact was read: the page and the printed line (or the row's cells, joined,
    when a table row was printed over several lines)."""
    return None if line is None else {"page": line.page, "text": text or line.text}


def filing_to_contract(filing: Filing, taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    tax = taxonomy or load_taxonomy()
    projects = []
    for p in filing.projects:
        projects.append({
            "seq": p.seq,
            "name": p.name,
            "total_investment_wan": format_wan(p.total_investment_wan),
            "proceeds_wan": format_wan(p.proceeds_wan),
            "type": tax.project_type(p.name),
            "construction_months": p.construction_months,
            "location": p.location,
            "entity": p.entity,
            "themes": tax.themes(p.name),
            "budget": [
                {
                    "item": b.item,
                    "category": tax.budget_category(b.item),
                    "amount_wan": format_wan(b.amount_wan),
                    "proceeds_wan": format_wan(b.proceeds_wan),
                    "evidence": evidence(b.line, b.text),
                }
                for b in p.budget
            ],
            "evidence": evidence(p.line, p.text),
        })
    return {
        "schema_version": SCHEMA_VERSION,
        "company": filing.company,
        "document": {
            "title": filing.title,
            "kind": filing.kind,
            "revision": filing.revision,
            "date": filing.date,
            "offering": filing.offering,
            "pages": filing.pages,
            "pages_without_text": filing.pages_without_text,
            "needs_ocr": bool(filing.pages_without_text),
            "period_end": filing.after.period_end,
        },
        "raise_total_wan": format_wan(filing.raise_total_wan),
        "raise_total_evidence": evidence(filing.cap_line),
        "projects": projects,
        **after_raise_sections(filing.after),
        "warnings": filing.warnings,
        "parser_version": PARSER_VERSION,
        "taxonomy_version": tax.version,
    }


def after_raise_sections(after: AfterRaise) -> dict[str, Any]:
    """raise_actual, progress and changes (docs/contract-after-the-raise.md): present in
    every parse, null or [] when the document does not carry them."""
    actual = after.raise_actual
    return {
        "raise_actual": None if actual is None else {
            "gross_wan": format_wan(actual.gross_wan),
            "net_wan": format_wan(actual.net_wan),
            "received_date": actual.received_date,
            "shares": actual.shares,
            "price_yuan": None if actual.price_yuan is None else float(actual.price_yuan),
            "offering_hint": actual.offering_hint,
            "evidence": evidence(actual.line, actual.text),
        },
        "progress": [
            {
                "seq": p.seq,
                "project": p.project,
                "offering_hint": p.offering_hint,
                "committed_wan": format_wan(p.committed_wan),
                "adjusted_wan": format_wan(p.adjusted_wan),
                "invested_period_wan": format_wan(p.invested_period_wan),
                "invested_to_date_wan": format_wan(p.invested_to_date_wan),
                "progress_pct": format_wan(p.progress_pct),
                "ready_date": p.ready_date,
                "ready_date_text": p.ready_date_text,
                "changed": p.changed,
                "evidence": evidence(p.line, p.text),
            }
            for p in after.progress
        ],
        "changes": [
            {
                "kind": c.kind,
                "project": c.project,
                "new_project": c.new_project,
                "committed_before_wan": format_wan(c.committed_before_wan),
                "committed_after_wan": format_wan(c.committed_after_wan),
                "amount_wan": format_wan(c.amount_wan),
                "to_working_capital": c.to_working_capital,
                "old_ready_date": c.old_ready_date,
                "new_ready_date": c.new_ready_date,
                "evidence": evidence(c.line, c.text),
            }
            for c in after.changes
        ],
    }


def parse_document(doc: Document, taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    return filing_to_contract(read_filing(doc), taxonomy)


def parse_file(path: Path, cache_dir: Path | None = None) -> dict[str, Any]:
    """Raises ExtractError when the file cannot be read as a filing at all."""
    return parse_document(load_document(path, cache_dir))
