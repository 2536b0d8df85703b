"""Notices that change a raise's projects → `changes` rows.

- reallocation (关于调整募集资金投资项目拟投入募集资金金额的公告): the before/after table
  of each project's 拟投入募集资金 (or sentences 由X万元调整为Y万元);
- delay (募投项目延期): old → new 达到预定可使用状态日期 per project, from a table or from
  sentences (将“A”和“B”达到预定可使用状态的日期由2024年12月延期至2025年12月);
- change_of_use (变更募集资金投资项目 / 终止): money moved from one project to another, or
  to working capital (永久补充流动资金);
- completion (结项): the surplus (节余募集资金) and where it goes.

Tables are read by column (grid.py); sentences by their fixed shape, with projects named
in quotes (“…”) as notices name them. A project a table already covers is not read again
from the prose about it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipeline.extract.dates import cell_date, dates_in
from pipeline.extract.grid import GridRow, find_grids
from pipeline.extract.lines import Line
from pipeline.extract.progress import project_name
from pipeline.extract.sentences import AMOUNT, Prose, join_lines, wan


@dataclass
class Change:
    kind: str  # reallocation | delay | change_of_use | completion
    project: str | None
    line: Line
    new_project: str | None = None
    committed_before_wan: Decimal | None = None
    committed_after_wan: Decimal | None = None
    amount_wan: Decimal | None = None
    to_working_capital: bool = False
    old_ready_date: str | None = None
    new_ready_date: str | None = None
    text: str | None = None


_QUOTED = re.compile(r"[“\"「]([^“”\"「」]{2,80})[”\"」]")
_DEFINED = re.compile(r"(?:简称|下称|以下称|统称)[:：]?$")
_GENERIC = re.compile(r"^(?:本次发行|本次募投项目|募投项目|募集资金|公司|本公司|本次|保荐机构|保荐人|董事会|监事会|股东大会)$")
_DATE = r"(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?(?:末|底)?"
_DELAY = re.compile(
    rf"(?:由|从)(?:原(?:计划|定|预计)?(?:的)?)?(?P<old>{_DATE})(?:延期|调整|延长|推迟|变更|顺延)(?:至|到|为)(?P<new>{_DATE})"
    rf"|(?:延期|调整|延长|推迟|变更|顺延)(?:至|到|为)(?P<new2>{_DATE})"
)
_DATES = rf"{_DATE}(?:[、,，和及与]{_DATE})+"
_DELAY_EACH = re.compile(
    rf"分别(?:由|从)?(?:原(?:计划|定)?(?:的)?)?(?P<old>{_DATES})?(?:延期|调整|延长|推迟|变更|顺延)(?:至|到|为)(?P<new>{_DATES})"
)
_READY = re.compile(r"预定可使用状态|建设完成|建设期|实施期限|完成时间|结项时间|竣工")
_COMPLETED = re.compile(r"结项")
_SURPLUS = re.compile(rf"(?:节余|结余|剩余)(?:的)?募集资金(?:金额)?(?:[(（][^()（）]{{0,40}}[)）])?(?:为|共计|合计|约|总额为)?[:：]?{AMOUNT}")
_TO_WC = re.compile(r"永久(?:性)?补充(?:公司|其)?(?:日常)?(?:经营)?(?:所需)?(?:的)?流动资金|补充(?:公司)?流动资金")
_CHANGE = re.compile(r"变更|终止|改为|改投|调整为|投向")
_TO_NEW = re.compile(r"(?:变更(?:后)?(?:用于|为|至)|用于|投入(?:到)?|投向|改为|改投)(?:新项目|新建项目|新增项目|新募投项目)?(?:的)?$")
_MOVED = re.compile(rf"(?:募集资金|资金)(?:余额)?(?:及(?:其)?(?:利息|理财收益)[^。；]{{0,20}})?(?:共计|合计|为|约)?{AMOUNT}")
_REALLOCATED = re.compile(rf"由{AMOUNT}调整(?:为|至){AMOUNT.replace('num', 'num2').replace('unit', 'unit2')}")


def read_changes(lines: list[Line], kind: str, warnings: list[str]) -> list[Change]:
    """Every change a notice makes; `kind` is the document's (reallocation or use_change)."""
    prose = join_lines(lines)
    out: list[Change] = []
    if kind == "reallocation":
        out += _reallocations(lines, prose)
    else:
        out += _delays(lines, prose)
        out += _changes_of_use(lines, prose)
        out += _completions(lines, prose)
    if not out:
        warnings.append("no change (reallocation, delay, change of use, completion) could be read from this notice")
    return out


# --- reallocation ------------------------------------------------------------------------------

def _reallocations(lines: list[Line], prose: Prose) -> list[Change]:
    out = []
    for grid in find_grids(lines, "reallocation", [{"project"}, {"before"}, {"after"}]):
        for row in grid.items:
            name = project_name(grid.text(row, "project") or "")
            if name:
                out.append(Change("reallocation", name, row.line,
                                  committed_before_wan=grid.amount(row, "before"),
                                  committed_after_wan=grid.amount(row, "after"),
                                  text=_printed(row)))
    covered = {c.project for c in out}
    for start, sentence in prose.sentences():
        for m in _REALLOCATED.finditer(sentence):
            names = _names_before(sentence, m.start())
            if len(names) != 1 or names[0][0] in covered:
                continue
            name, _pos = names[0]
            out.append(Change("reallocation", name, prose.line_at(start + m.start()),
                              committed_before_wan=wan(m), committed_after_wan=wan(m, "num2", "unit2")))
            covered.add(name)
    return out


# --- delay -------------------------------------------------------------------------------------

def _delays(lines: list[Line], prose: Prose) -> list[Change]:
    out = []
    for grid in find_grids(lines, "delay", [{"project"}, {"new_ready_date"}]):
        for row in grid.items:
            name = project_name(grid.text(row, "project") or "")
            new = cell_date(grid.text(row, "new_ready_date"))
            if name and new:
                out.append(Change("delay", name, row.line, old_ready_date=cell_date(grid.text(row, "old_ready_date")),
                                  new_ready_date=new, text=_printed(row)))
    covered = {c.project for c in out}
    previous: list[tuple[str, int]] = []
    for start, sentence in prose.sentences():
        names = _names(sentence)
        each = _DELAY_EACH.search(sentence)
        if each is not None and _READY.search(sentence):
            # 将“A”和“B”…分别由2025年12月、2026年6月延期至2026年12月、2027年6月
            subjects = [n for n in names if n[1] < each.start()] or previous
            olds = _dates_of(each.group("old"))
            news = _dates_of(each.group("new"))
            if len(news) == len(subjects) and (not olds or len(olds) == len(news)):
                for k, (name, _pos) in enumerate(subjects):
                    if name not in covered:
                        out.append(Change("delay", name, prose.line_at(start + each.start()),
                                          old_ready_date=olds[k] if olds else None, new_ready_date=news[k]))
                        covered.add(name)
                previous = names or previous
                continue
        for m in _DELAY.finditer(sentence):
            if not _READY.search(sentence[max(0, m.start() - 60):m.start()]) and not _READY.search(sentence):
                continue
            subjects = [n for n in names if n[1] < m.start()] or previous
            old = dates_in(m.group("old"))[0] if m.group("old") else None
            new = dates_in(m.group("new") or m.group("new2"))[0]
            for name, _pos in subjects:
                if name in covered:
                    continue
                out.append(Change("delay", name, prose.line_at(start + m.start()), old_ready_date=old, new_ready_date=new))
                covered.add(name)
        if names:
            previous = names
    return out


def _dates_of(text: str | None) -> list[str]:
    return [d for part in re.split(r"[、,，和及与]", text or "") for d in dates_in(part)[:1]]


# --- change of use -----------------------------------------------------------------------------

def _changes_of_use(lines: list[Line], prose: Prose) -> list[Change]:
    out = []
    for grid in find_grids(lines, "change", [{"project"}, {"new_project"}]):
        for row in grid.items:
            name = project_name(grid.text(row, "project") or "")
            new = project_name(grid.text(row, "new_project") or "")
            if name and new and name != new:
                out.append(Change("change_of_use", name, row.line, new_project=new,
                                  amount_wan=grid.amount(row, "amount"),
                                  to_working_capital=bool(_TO_WC.search(new)), text=_printed(row)))
    covered = {c.project for c in out}
    for start, sentence in prose.sentences():
        if not _CHANGE.search(sentence) or _COMPLETED.search(sentence) or _DELAY.search(sentence):
            continue
        names = _names(sentence)
        if not names:
            continue
        source, source_at = names[0]
        target = next(((n, p) for n, p in names[1:] if _TO_NEW.search(sentence[:p - 1])), None)
        to_wc = _TO_WC.search(sentence, source_at)
        if target is None and to_wc is None:
            continue
        if source in covered or (target is not None and _TO_WC.fullmatch(target[0])):
            continue
        moved = _MOVED.search(sentence, source_at)
        out.append(Change("change_of_use", source, prose.line_at(start + source_at),
                          new_project=target[0] if target else None,
                          amount_wan=wan(moved) if moved else None,
                          to_working_capital=target is None and to_wc is not None))
        covered.add(source)
    return out


# --- completion --------------------------------------------------------------------------------

def _completions(lines: list[Line], prose: Prose) -> list[Change]:
    to_wc_anywhere = any(_SURPLUS.search(s) or "节余" in s for _, s in prose.sentences() if _TO_WC.search(s))
    out = []
    for grid in find_grids(lines, "completion", [{"project"}, {"surplus"}]):
        for row in grid.items:
            name = project_name(grid.text(row, "project") or "")
            if name:
                out.append(Change("completion", name, row.line, amount_wan=grid.amount(row, "surplus"),
                                  to_working_capital=to_wc_anywhere, text=_printed(row)))
    covered = {c.project for c in out}
    for start, sentence in prose.sentences():
        if not _COMPLETED.search(sentence) or re.search(r"未结项|尚未结项", sentence):
            continue
        names = [n for n in _names(sentence) if n[1] < _COMPLETED.search(sentence).start()] or _names(sentence)
        if not names:
            continue
        surplus = _SURPLUS.search(sentence)
        for name, pos in names:
            if name in covered:
                continue
            out.append(Change("completion", name, prose.line_at(start + pos),
                              amount_wan=wan(surplus) if surplus and len(names) == 1 else None,
                              to_working_capital=bool(_TO_WC.search(sentence))))
            covered.add(name)
    return out


# --- names -------------------------------------------------------------------------------------

def _names(sentence: str) -> list[tuple[str, int]]:
    """Projects a sentence names in quotes, with where each name starts (defined terms such
    as （以下简称“公司”） left out)."""
    out = []
    for m in _QUOTED.finditer(sentence):
        name = project_name(m.group(1))
        if _DEFINED.search(sentence[max(0, m.start() - 6):m.start()]) or _GENERIC.match(name) or len(name) < 4:
            continue
        if name not in [n for n, _ in out]:
            out.append((name, m.start(1)))
    return out


def _names_before(sentence: str, at: int) -> list[tuple[str, int]]:
    names = [n for n in _names(sentence) if n[1] < at]
    return names[-1:] if names else []


def _printed(row: GridRow) -> str | None:
    """The row as printed, where it spans several lines (else the line is the evidence)."""
    return row.printed if len(row.lines) > 1 else None
