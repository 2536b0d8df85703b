"""Documents that report on raised money → the after-the-raise sections of the contract.

Which sections a document carries follows from its kind (docs/contract-after-the-raise.md):
an issuance result states the money raised; a reallocation or a change notice restates
the raise it concerns and makes changes; a use report reports progress per raise up to
its period end; a withdrawal ends a raise without money. Every other document gets the
empty sections, so a plan parses exactly as before.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from crawler.titles import AFTER_RAISE_KINDS
from pipeline.extract.changes import Change, read_changes
from pipeline.extract.lines import Line
from pipeline.extract.offering_names import offering_name, offering_names, same_raise
from pipeline.extract.progress import Progress, period_end, read_progress
from pipeline.extract.raised import RaiseActual, read_raise_actual
from pipeline.extract.sentences import join_lines

#: kinds whose documents concern one raise, and restate what it brought in
_ONE_RAISE = {"issuance_result", "reallocation", "use_change"}


@dataclass
class AfterRaise:
    period_end: str | None = None
    raise_actual: RaiseActual | None = None
    progress: list[Progress] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_after_raise(lines: list[Line], kind: str, title: str | None) -> AfterRaise:
    out = AfterRaise()
    if kind not in AFTER_RAISE_KINDS or kind == "withdrawal":
        return out
    if kind in _ONE_RAISE:
        out.raise_actual = read_raise_actual(lines, title, single=True)
        if out.raise_actual is None and kind == "issuance_result":
            out.warnings.append("no amount raised (募集资金总额为…) found")
    if kind == "use_report":
        out.period_end = period_end(lines, title)
        if out.period_end is None:
            out.warnings.append("no period end (截至…) found for this use report")
        out.progress = read_progress(lines, document_offering(lines, title), out.warnings)
        if not out.progress:
            out.warnings.append("no 募集资金使用情况对照表 (project, committed and invested columns) found")
    if kind in ("reallocation", "use_change"):
        out.changes = read_changes(lines, kind, out.warnings)
    return out


def document_offering(lines: list[Line], title: str | None) -> str | None:
    """The raise a document is about, when it is about one: named by its title, or the only
    raise its text names (a year-less and a dated name of the same raise are one)."""
    if named := offering_name(title or ""):
        return named
    names: list[str] = []
    for name in offering_names(join_lines(lines).text):
        same = next((i for i, n in enumerate(names) if same_raise(n, name)), None)
        if same is None:
            names.append(name)
        elif len(name) > len(names[same]):
            names[same] = name
    return names[0] if len(names) == 1 else None
