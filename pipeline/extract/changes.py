"""Notices that change a raise's projects → `changes` rows.

- reallocation (关于调整募集资金投资项目拟投入募集资金金额的公告): the before/after table
  of each project's 拟投入募集资金 (or sentences 由X万元调整为Y万元);
- delay (募投项目延期): old → new 达到预定可使用状态日期 per project, from a table or from
  sentences (将“A”和“B”达到预定可使用状态的日期由2024年12月延期至2025年12月);
- change_of_use (变更募集资金投资项目 / 终止): money moved from one project to another, or
  to working capital (永久补充流动资金), from a table, from the labelled lines of the
  重要内容提示 (原项目名称：… / 新项目名称：… / 变更募集资金投向的金额：…, labels in
  `change_labels.csv`) and from sentences; the table wins, labels and sentences only fill
  what it left empty;
- completion (结项): the surplus (节余募集资金) and where it goes.

Tables are read by column (grid.py); sentences by their fixed shape, with projects named
in quotes (“…”) as notices name them. A project a table already covers is not read again
from the prose about it.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from pipeline.extract.dates import cell_date, dates_in
from pipeline.extract.grid import Grid, GridRow, find_grids
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
_CHANGE = re.compile(r"变更|终止|改为|改投|调整为|投向|调减|调出|用于新项目")
_TO_NEW = re.compile(r"(?:变更(?:后)?(?:用于|为|至)|用于|投入(?:到)?|投向|改为|改投)(?:新项目|新建项目|新增项目|新募投项目)?(?:的)?$")
_MOVED = re.compile(
    rf"(?:(?:募集资金|资金)(?:余额)?(?:及(?:其)?(?:利息|理财收益)[^。；]{{0,20}})?|(?:调减|调出|减少)(?:的|后的)?)"
    rf"(?:共计|合计|为|约)?{AMOUNT}")
_CUT = re.compile(
    rf"由{AMOUNT}(?:调减|调整|减少|下调|变更)(?:至|为){AMOUNT.replace('num', 'num2').replace('unit', 'unit2')}")
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
    out: list[Change] = []
    read: set[int] = set()
    for grid in find_grids(lines, "change", [{"project"}, {"new_project"}]):
        read.add(grid.start)
        for row in grid.items:
            name = project_name(grid.text(row, "project") or "")
            new = project_name(grid.text(row, "new_project") or "")
            if name and new and name != new:
                out.append(Change("change_of_use", name, row.line, new_project=new,
                                  amount_wan=grid.amount(row, "amount"),
                                  to_working_capital=bool(_TO_WC.search(new)), text=_printed(row)))
    for grid in find_grids(lines, "change", [{"project"}, {"before"}, {"after"}]):
        if grid.start not in read:
            out += _moves(grid)
    for change in [*_labelled(lines), *_sentences_of_use(prose)]:
        _add(out, change)
    return out


def _add(out: list[Change], change: Change) -> None:
    """A change of a project already read (from the table, then the labels) only fills
    what was left empty there: one project, one row, the first source's evidence."""
    known = next((c for c in out if c.project == change.project), None)
    if known is None:
        out.append(change)
        return
    if known.new_project is None and not known.to_working_capital:
        known.new_project, known.to_working_capital = change.new_project, change.to_working_capital
    for field in ("committed_before_wan", "committed_after_wan", "amount_wan"):
        if getattr(known, field) is None:
            setattr(known, field, getattr(change, field))


@cache
def _labels() -> dict[str, re.Pattern[str]]:
    with Path(__file__).with_name("change_labels.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {row["role"]: re.compile(rf"^[●•◆◇■□▪·\-*\s]*(?:\d{{1,2}}[、.．]\s*)?(?:{row['pattern']})\s*[:：]\s*(?P<value>\S.*)$")
            for row in rows}


def _labelled(lines: list[Line]) -> list[Change]:
    """The 重要内容提示 lines (原项目名称：… / 新项目名称：… / 变更募集资金投向的金额：…): each
    原项目 line opens a group the next new-project and amount lines belong to."""
    groups: list[dict[str, tuple[Line, str]]] = []
    for line in lines:
        for segment in re.split(r"[；;]", line.text):  # 原项目名称：A；新项目名称：B。 on one line
            for role, label in _labels().items():
                m = label.match(segment.strip().rstrip("。"))
                if m is None:
                    continue
                if role == "project":
                    groups.append({})
                if groups and role not in groups[-1]:
                    groups[-1][role] = (line, m.group("value").strip())
                break
    out = []
    for group in groups:
        line, value = group["project"]
        names = _listed(value)
        news = _listed(group["new_project"][1]) if "new_project" in group else []
        to_wc = len(news) == 1 and bool(_TO_WC.fullmatch(_bare(news[0])))
        new = news[0] if len(news) == 1 and not to_wc else None
        amounts = _amounts_per(names, group["amount"][1]) if "amount" in group else [None] * len(names)
        for name, amount in zip(names, amounts, strict=True):
            if name != new:
                out.append(Change("change_of_use", name, line, new_project=new, amount_wan=amount,
                                  to_working_capital=to_wc))
    return out


def _listed(value: str) -> list[str]:
    """Names a label lists (A项目、B项目, each maybe in quotes), a trailing note (…) dropped."""
    value = re.sub(r"[(（][^()（）]*[)）]$", "", value.strip().rstrip("。"))
    names = [project_name(_bare(part)) for part in value.split("、")]
    return [n for n in names if len(n) >= 4 and not _GENERIC.match(n) and not re.search(r"[:：]", n)]


def _bare(text: str) -> str:
    return text.strip().strip("“”\"「」《》‘’").strip()


def _amounts_per(names: list[str], value: str) -> list[Decimal | None]:
    """One amount for one project; for several, each only where the line names it with its
    own amount (A项目3,000.00万元、B项目2,000.00万元), else none (a total is not theirs)."""
    amounts = list(re.finditer(AMOUNT, value))
    if len(names) == 1:
        return [wan(amounts[0]) if amounts else None]
    at = [value.find(n) for n in names]
    if -1 in at or at != sorted(at) or len(amounts) != len(names):
        return [None] * len(names)
    ends = [*at[1:], len(value)]
    if not all(start <= m.start() < end for start, end, m in zip(at, ends, amounts, strict=True)):
        return [None] * len(names)
    return [wan(m) for m in amounts]


def _sentences_of_use(prose: Prose) -> list[Change]:
    """将“A”剩余募集资金X万元变更用于“B” / 拟将“A”拟投入募集资金由X万元调减至Y万元，调减的Z万元
    用于新项目“B” / …永久补充流动资金: the projects named before where the money goes."""
    out: list[Change] = []
    for start, sentence in prose.sentences():
        if not _CHANGE.search(sentence) or _COMPLETED.search(sentence) or _DELAY.search(sentence):
            continue
        names = _names(sentence)
        if not names:
            continue
        target = next(((n, p) for n, p in names[1:] if _TO_NEW.search(sentence[:p - 1])), None)
        to_wc = _TO_WC.search(sentence, names[0][1])
        if target is None and to_wc is None:
            continue
        if target is not None and _TO_WC.fullmatch(target[0]):
            continue
        end = target[1] if target is not None else to_wc.start() if to_wc is not None else len(sentence)
        sources = [(n, p) for n, p in names if p < end and (target is None or n != target[0])] or names[:1]
        bounds = [*[p for _, p in sources[1:]], end if len(sources) > 1 else len(sentence)]
        found = [_moved_in(sentence, p, b) for (_, p), b in zip(sources, bounds, strict=True)]
        if len(sources) > 1 and not all(moved or cut for moved, cut in found):
            found = [(None, None)] * len(sources)
        for (name, pos), (moved, cut) in zip(sources, found, strict=True):
            before, after = (wan(cut), wan(cut, "num2", "unit2")) if cut else (None, None)
            amount = wan(moved) if moved else before - after if before is not None and after is not None else None
            out.append(Change("change_of_use", name, prose.line_at(start + pos),
                              new_project=target[0] if target else None,
                              committed_before_wan=before, committed_after_wan=after, amount_wan=amount,
                              to_working_capital=target is None and to_wc is not None))
    return out


def _moved_in(sentence: str, start: int, end: int) -> tuple[re.Match[str] | None, re.Match[str] | None]:
    """The money a project gives (its 剩余募集资金 / 调减的 amount), and its commitment cut
    (由X万元调减至Y万元) — the amount moved is read after the cut, never its new figure."""
    cut = _CUT.search(sentence, start, end)
    return _MOVED.search(sentence, cut.end() if cut else start, end), cut


def _moves(grid: Grid) -> list[Change]:
    """A table of the projects before and after the change (变更前 / 变更后, each with its
    拟投入募集资金): what one project gives up goes to the projects that gain (new ones,
    with — before). Where several give and several gain, which money went where is not
    printed: each giver is a change without a new project."""
    rows = []
    for row in grid.items:
        name = project_name(grid.text(row, "project") or "")
        before, after = grid.amount(row, "before"), grid.amount(row, "after")
        if name and (before is not None or after is not None):
            rows.append((name, before, after, row))
    givers = [r for r in rows if r[1] is not None and r[1] > (r[2] or 0)]
    takers = [r for r in rows if r[2] is not None and r[2] > (r[1] or 0)]
    out = []
    for name, before, after, row in givers:
        given = before - after if after is not None else None
        if len(givers) == 1 and len(takers) > 1:  # one project's money split among several
            moves = [(new, now - (was or 0)) for new, was, now, _ in takers]
        elif len(takers) == 1:
            new, was, now, _ = takers[0]
            gain = now - (was or 0)
            moves = [(new, given if given is not None else gain if len(givers) == 1 else None)]
        else:
            moves = [(None, given)]
        for new, amount in moves:
            to_wc = bool(new and _TO_WC.fullmatch(new))
            out.append(Change("change_of_use", name, row.line, new_project=None if to_wc else new,
                              committed_before_wan=before, committed_after_wan=after, amount_wan=amount,
                              to_working_capital=to_wc, text=_printed(row)))
    return out


# --- completion --------------------------------------------------------------------------------

def _completions(lines: list[Line], prose: Prose) -> list[Change]:
    to_wc_anywhere = any(_SURPLUS.search(s) or "节余" in s for _, s in prose.sentences() if _TO_WC.search(_unquoted(s)))
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
                              to_working_capital=bool(_TO_WC.search(_unquoted(sentence)))))
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


def _unquoted(sentence: str) -> str:
    """The sentence with the names it quotes blanked out: a project named 补充流动资金… is
    not money going to working capital."""
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), sentence)


def _names_before(sentence: str, at: int) -> list[tuple[str, int]]:
    names = [n for n in _names(sentence) if n[1] < at]
    return names[-1:] if names else []


def _printed(row: GridRow) -> str | None:
    """The row as printed, where it spans several lines (else the line is the evidence)."""
    return row.printed if len(row.lines) > 1 else None
