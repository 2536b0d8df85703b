"""The inputs of the corpus: real figures, the editions written from them, and the labels.

- `corpus/reference/peers.json`: real STAR-market raises with the public page each figure
  came from (a copy of the team's reference file: facts with their sources).
- `corpus/editions.json`: which document is written from which reference entry, in which
  layout (units, page breaks, a scanned page, a broken download...). Editorial choices
  are data, so a reviewer reads them in one place.
- `corpus/labels.csv`: the project type and budget category a correct parse gives each
  printed name; judged by hand against DESIGN.md's taxonomy, not produced by the parser.
- `corpus/invented.json`: invented companies (codes 68999x, which no listed company has)
  and their figures, for what no public page gives (spending per project, the dates of a
  delay): never a real name with an invented number.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from crawler.mirror.writer.figures import DocDate, wan

CORPUS_ROOT = Path(__file__).resolve().parent.parent / "corpus"
REFERENCE_FILE = CORPUS_ROOT / "reference" / "peers.json"
EDITIONS_FILE = CORPUS_ROOT / "editions.json"
LABELS_FILE = CORPUS_ROOT / "labels.csv"
INVENTED_FILE = CORPUS_ROOT / "invented.json"

FORMS = {
    # plan family: state a cap (and projects) for one version of the plan
    "statement", "plan", "demonstration", "feasibility", "prospectus", "adjustment",
    # money actually raised (kind issuance_result)
    "listing", "issuance_report", "result_notice",
    # what happens to it afterwards: re-allocation, use reports, changes of use, and a raise
    # that ends without money
    "usage_notice", "use_report", "delay_notice", "change_notice", "completion_notice", "withdrawal_notice",
}
#: forms that report on money actually raised (the spec carries `actual`)
ACTUAL_FORMS = {"listing", "issuance_report", "result_notice", "usage_notice"}
#: forms written after the money arrived (or instead of it): the parse contract's part 2
AFTER_FORMS = ACTUAL_FORMS | {"use_report", "delay_notice", "change_notice", "completion_notice", "withdrawal_notice"}
EDITION_KEYS = {
    "file", "entry", "expect", "form", "revision", "title", "announcement_id", "published", "date",
    "date_note", "table", "unit", "cap_unit", "widths", "break_after", "repeat_header",
    "revision_own_line", "scan", "broken", "facts", "notice_no", "board", "extra", "note", "uses", "named",
    "budget_layout", "header", "invented_entry", "period_end", "raises", "event", "header_style", "cap_entry",
}


class ReferenceError(ValueError):
    """The reference, the editions and the labels do not fit together."""


@dataclass(frozen=True)
class ProjectFact:
    name: str
    total_wan: Decimal | None
    proceeds_wan: Decimal | None
    months: int | None = None
    location: str | None = None
    budget: tuple[tuple[str, Decimal], ...] = ()


@dataclass(frozen=True)
class Entry:
    index: int
    code: str
    short_name: str
    full_name: str | None
    year: int
    offering: str
    stage: str
    date: str | None
    raise_wan: Decimal
    projects: tuple[ProjectFact, ...]
    themes: tuple[str, ...]
    source_url: str | None
    source_title: str | None
    source_note: str | None
    invented: bool = False  # an invented company (corpus/invented.json), not a reference entry
    #: invented entries: what happened after the raise (actual, reallocation, progress, events)
    after: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def amounts_complete(self) -> bool:
        """Every project's proceeds known, and they add up to the cap: a table can be printed."""
        proceeds = [p.proceeds_wan for p in self.projects]
        return bool(proceeds) and all(v is not None for v in proceeds) and sum(proceeds) == self.raise_wan


@dataclass
class Edition:
    """One fixture filing: which entry it carries and how it is laid out."""

    raw: dict[str, Any]
    entry: Entry
    full_name: str | None
    full_name_note: str | None = None
    notes: list[str] = field(default_factory=list)

    def get(self, key: str, default: Any = None) -> Any:
        return self.raw.get(key, default)

    @property
    def file(self) -> str:
        return str(self.raw["file"])

    @property
    def form(self) -> str:
        return str(self.raw["form"])

    @property
    def actual(self) -> bool:
        return self.form in ACTUAL_FORMS

    @property
    def after_raise(self) -> bool:
        """A document of part 2 of the contract (money raised, and what became of it)."""
        return self.form in AFTER_FORMS

    @property
    def date(self) -> DocDate:
        """The document's own date: the reference's, unless the edition says otherwise."""
        return DocDate.parse(self.raw["date"] if "date" in self.raw else self.entry.date)


def _project(raw: dict[str, Any]) -> ProjectFact:
    return ProjectFact(
        name=raw["name"],
        total_wan=wan(raw.get("total_investment_wan")),
        proceeds_wan=wan(raw.get("proceeds_wan")),
        months=raw.get("construction_months"),
        location=raw.get("location"),
        budget=tuple((b["item"], wan(b["amount_wan"])) for b in raw.get("budget") or []),
    )


def load_entries(path: Path = REFERENCE_FILE) -> list[Entry]:
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = []
    for i, r in enumerate(data["raises"]):
        src = r.get("source") or {}
        entries.append(Entry(
            index=i, code=r["code"], short_name=r["short_name"], full_name=r.get("full_name"),
            year=int(r["year"]), offering=r["offering"], stage=r["stage"], date=r.get("date"),
            raise_wan=wan(r["raise_total_wan"]), projects=tuple(_project(p) for p in r.get("projects") or []),
            themes=tuple(r.get("themes") or []), source_url=src.get("url"), source_title=src.get("title"),
            source_note=src.get("note"),
        ))
    return entries


#: codes no listed company has: invented companies must use one
INVENTED_CODES = re.compile(r"^68999\d$")


def load_invented(path: Path = INVENTED_FILE) -> dict[str, Entry]:
    """Invented raises by id, in the reference's shape plus what happened after each."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, Entry] = {}
    for i, r in enumerate(data["raises"]):
        if not INVENTED_CODES.match(r["code"]):
            raise ReferenceError(f"invented raise {r['id']}: code {r['code']} could be a real company's")
        out[r["id"]] = Entry(
            index=i, code=r["code"], short_name=r["short_name"], full_name=r["full_name"], year=int(r["year"]),
            offering=r["offering"], stage=r["stage"], date=r.get("date"), raise_wan=wan(r["raise_total_wan"]),
            projects=tuple(_project(p) for p in r.get("projects") or []), themes=tuple(r.get("themes") or []),
            source_url=None, source_title=None, source_note=None, invented=True, after=r.get("after") or {},
        )
    return out


def load_editions(entries: list[Entry], path: Path = EDITIONS_FILE,
                  invented: dict[str, Entry] | None = None) -> list[Edition]:
    """Editions in file order, each checked against the entry it names."""
    raw_editions = json.loads(path.read_text(encoding="utf-8"))["editions"]
    invented = load_invented() if invented is None else invented
    full_names = {e.code: e.full_name for e in entries if e.full_name}
    editions = []
    for raw in raw_editions:
        unknown = set(raw) - EDITION_KEYS
        if unknown:
            raise ReferenceError(f"{raw.get('file')}: unknown edition keys {sorted(unknown)}")
        if raw.get("form") not in FORMS:
            raise ReferenceError(f"{raw.get('file')}: unknown form {raw.get('form')!r}")
        if "invented_entry" in raw:
            if raw["invented_entry"] not in invented:
                raise ReferenceError(f"{raw['file']}: no invented raise {raw['invented_entry']!r}")
            editions.append(Edition(raw, invented[raw["invented_entry"]], invented[raw["invented_entry"]].full_name))
            continue
        entry = entries[raw["entry"]]
        expect = raw.get("expect") or {}
        for key, value in expect.items():
            if getattr(entry, key) != value:
                raise ReferenceError(
                    f"{raw['file']}: reference entry {entry.index} has {key}={getattr(entry, key)!r}, "
                    f"the edition expects {value!r}: the reference changed, review the edition")
        full_name, note = entry.full_name, None
        if full_name is None and entry.code in full_names:
            full_name = full_names[entry.code]
            note = "full company name taken from another reference entry of the same code"
        edition = Edition(raw, _single_project_takes_cap(raw, entry), full_name, note)
        editions.append(edition)
    files = [e.file for e in editions]
    if len(files) != len(set(files)):
        raise ReferenceError("two editions write the same file")
    covered = {e.entry.index for e in editions if not e.get("extra") and not e.entry.invented}
    missing = sorted(set(range(len(entries))) - covered)
    if missing:
        raise ReferenceError(f"reference entries without an edition: {missing}")
    return editions


def _single_project_takes_cap(raw: dict[str, Any], entry: Entry) -> Entry:
    """A plan with one project whose source says all the net proceeds go to it: that
    project's proceeds are the cap (a consequence of the facts, not a new figure)."""
    if not (raw.get("facts") or {}).get("single_project_takes_cap"):
        return entry
    if len(entry.projects) != 1 or entry.projects[0].proceeds_wan is not None:
        raise ReferenceError(f"{raw['file']}: single_project_takes_cap needs one project without proceeds")
    return replace(entry, projects=(replace(entry.projects[0], proceeds_wan=entry.raise_wan),))


def load_labels(path: Path = LABELS_FILE) -> dict[tuple[str, str], str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {(row["field"], row["text"]): row["label"] for row in csv.DictReader(fh)}
