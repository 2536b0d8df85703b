"""An offering's documents (plan, statement, adjustment notice, each version) and their
parse contracts: what `starboard parse` should read from each once rendered.

A synthetic contract is the truth about a document, so a value the document does not print
is null here, exactly as the parser must leave it.
"""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from crawler.titles import classify_title, normalise_title
from pipeline.extract.amounts import format_wan
from pipeline.normalise.taxonomy import Taxonomy, load_taxonomy
from pipeline.synth.generate import (
    GENERATOR_VERSION,
    SOURCE,
    Company,
    Offering,
    Project,
    Version,
    allocate_proceeds,
    load_shape,
    load_vocabulary,
)

PLAN, STATEMENT, ADJUSTMENT = "plan", "sci_tech_statement", "adjustment"


@dataclass
class SynthFiling:
    announcement_id: str
    offering_id: str
    seed: int
    kind: str  # plan | sci_tech_statement | adjustment
    title: str  # as printed on the cover
    signed: date
    company: Company
    offering: str
    year: int
    version: Version
    before: Version | None = None  # the version an adjustment notice restates
    layout: dict[str, Any] = field(default_factory=dict)

    @property
    def published(self) -> date:
        return self.signed + timedelta(days=1)


def _offering_words(offering: str, year: int) -> str:
    return {
        "specific_targets": f"{year}年度向特定对象发行A股股票",
        "simplified": f"{year}年度以简易程序向特定对象发行股票",
        "convertible_bond": "向不特定对象发行可转换公司债券",
    }[offering]


def title_for(kind: str, offering: str, year: int, revision: str | None) -> str:
    suffix = f"（{revision}）" if revision else ""
    words = _offering_words(offering, year)
    if kind == PLAN:
        return f"{words}预案{suffix}"
    if kind == STATEMENT:
        return f"关于本次募集资金投向属于科技创新领域的说明{suffix}"
    return f"关于调整{words}方案的公告"


def documents(off: Offering) -> list[SynthFiling]:
    """Each version gets a plan; the first a statement, later ones sometimes a reissued
    statement and, when the cap was cut, sometimes an adjustment notice."""
    rng = random.Random(f"starboard-synth:{off.seed}:documents:{off.index}")
    rev = load_shape()["revision"]
    plan: list[tuple[str, Version, Version | None]] = []
    for n, version in enumerate(off.versions):
        before = off.versions[n - 1] if n else None
        if before is not None and version.cut > 0 and rng.random() < rev["adjustment_notice_probability"]:
            plan.append((ADJUSTMENT, version, before))
        plan.append((PLAN, version, None))
        if n == 0 or rng.random() < rev["statement_reissue_probability"]:
            plan.append((STATEMENT, version, None))
    filings = []
    for k, (kind, version, before) in enumerate(plan):
        aid = f"SYN{off.index:07d}{k:02d}"
        filings.append(SynthFiling(
            announcement_id=aid, offering_id=off.id, seed=off.seed, kind=kind,
            title=title_for(kind, off.offering, off.year, None if kind == ADJUSTMENT else version.revision),
            signed=version.date, company=off.company, offering=off.offering, year=off.year,
            version=version, before=before, layout=draw_layout(off.seed, aid, kind, version),
        ))
    return filings


def draw_layout(seed: int, announcement_id: str, kind: str, version: Version) -> dict[str, Any]:
    """How this document prints its facts; drawn apart from the facts so that a layout
    change never moves a figure."""
    rng = random.Random(f"starboard-synth:{seed}:layout:{announcement_id}")
    vocab, shape = load_vocabulary(), load_shape()
    budget_spec = shape["budget"]
    with_proceeds = rng.random() < budget_spec["proceeds_column_probability"]
    budget_table = rng.choice([1, 2]) if with_proceeds else 0
    return {
        "project_table": rng.randrange(len(vocab["project_tables"])),
        "unit": "万元" if kind == STATEMENT else _pick(rng, shape["layout"]["project_table_unit"]),
        "budget_table": budget_table,
        "subtotals": budget_table != 1 and rng.random() < budget_spec["subtotal_probability"],
        "wc_total_dash": rng.random() < 0.2,
        "board": [rng.choice(["二", "三", "四"]), rng.randint(2, 30)],
        "notice_no": rng.randint(5, 90),
    }


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def budget_rows(project: Project, layout: dict[str, Any]) -> list[dict[str, Any]]:
    """The budget's leaf rows with the proceeds column as printed (None where it prints —)."""
    if layout["budget_table"] == 0:
        spread: list[Decimal | None] = [None] * len(project.budget)
    else:
        spread = [v if v > 0 else None for v in allocate_proceeds(project.budget, project.proceeds)]
    return [
        {"item": it.item, "category": it.category, "amount": it.amount, "proceeds": p, "capex": it.capex, "sub": it.sub}
        for it, p in zip(project.budget, spread, strict=True)
    ]


def project_total_printed(project: Project, layout: dict[str, Any]) -> Decimal | None:
    if project.is_working_capital and layout.get("wc_total_dash"):
        return None
    return project.total


def contract(f: SynthFiling, taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """The parse contract of DESIGN.md for this document, with a `synthetic` block."""
    tax = taxonomy or load_taxonomy()
    title = normalise_title(f.title)
    cls = classify_title(title)
    detailed = f.kind != ADJUSTMENT
    projects = []
    for seq, p in enumerate(f.version.projects, start=1):
        wc = p.is_working_capital
        budget = []
        if f.kind == STATEMENT and p.budget:
            budget = [
                {"item": r["item"], "category": tax.budget_category(r["item"]), "amount_wan": format_wan(r["amount"]),
                 "proceeds_wan": format_wan(r["proceeds"]), "evidence": None}
                for r in budget_rows(p, f.layout)
            ]
        projects.append({
            "seq": seq,
            "name": p.name,
            "total_investment_wan": format_wan(project_total_printed(p, f.layout)),
            "proceeds_wan": format_wan(p.proceeds),
            "type": tax.project_type(p.name),
            "construction_months": p.months if detailed and not wc else None,
            "location": p.place if detailed and not wc else None,
            "entity": unicodedata.normalize("NFKC", p.entity) if detailed and not wc and p.entity else None,
            "themes": tax.themes(p.name),
            "budget": budget,
            "evidence": None,
        })
    return {
        "schema_version": 1,
        "company": {"code": f.company.code, "short_name": f.company.short_name, "full_name": f.company.full_name},
        "document": {
            "title": title,
            "kind": cls.kind,
            "revision": cls.revision,
            "date": f.signed.isoformat(),
            "offering": f.offering,
            "pages": None,
            "pages_without_text": [],
            "needs_ocr": False,
        },
        "raise_total_wan": format_wan(f.version.cap),
        "raise_total_evidence": None,
        "projects": projects,
        "warnings": [],
        "parser_version": None,
        "taxonomy_version": tax.version,
        "synthetic": {"generator_version": GENERATOR_VERSION, "seed": f.seed, "offering_id": f.offering_id,
                      "announcement_id": f.announcement_id, "source": SOURCE},
    }
