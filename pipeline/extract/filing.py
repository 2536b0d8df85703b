"""Document → the facts of its use-of-proceeds plan (the parse contract, minus taxonomy).

The project table is the one that lists what the raise pays for (its proceeds add up to
the cap); every later table inside a project's own section is that project's budget.
Sub-total rows are recognised by the numbering (1 → 1.1, 1.2) or, failing that, because
they equal the rows below them; 合计 rows are totals and never items. What cannot be
resolved is said in `warnings`, never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from crawler.titles import classify_title
from pipeline.extract.amounts import CENT
from pipeline.extract.lines import Line, page_lines
from pipeline.extract.metadata import (
    after_adjustment_start,
    choose_cap,
    compact,
    find_caps,
    find_company,
    find_date,
    find_offering,
    find_title,
)
from pipeline.extract.pages import Document
from pipeline.extract.tables import Row, Table, find_tables

TOLERANCE = Decimal("0.01")
_BUDGET_CONTEXT = re.compile(r"投资概算|投资明细|投资构成|投资安排|投资概况|投资估算|具体投资|投资计划|资金使用计划|费用明细|预算")
_PROJECT_CONTEXT = re.compile(r"以下项目|下列项目|投资项目|募投项目|募集资金使用计划|募集资金投资|用于以下|投向")
_MONTHS = re.compile(r"(?:建设期|建设周期|实施周期|实施期|研发周期|项目周期|建设期限)(?:预计|计划|拟定|拟|约)?(?:为|是)?(\d+(?:\.\d+)?|[一二三四五六七八九十]{1,3})\s*(个月|年)")
_LOCATION = re.compile(r"(?:建设地点|实施地点|项目地点|建设地址)(?:位于|为|在|是)?[:：]?([^,，。;；:：]{0,40})")
_ENTITY = re.compile(r"实施主体(?:为|是)?[:：]?([^,，。;；:：]{2,40})")
_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass
class BudgetLine:
    item: str
    amount_wan: Decimal | None
    proceeds_wan: Decimal | None
    line: Line


@dataclass
class Project:
    seq: int
    name: str
    total_investment_wan: Decimal | None
    proceeds_wan: Decimal | None
    line: Line
    construction_months: int | None = None
    location: str | None = None
    entity: str | None = None
    budget: list[BudgetLine] = field(default_factory=list)


@dataclass
class Filing:
    company: dict[str, str | None]
    title: str | None
    kind: str
    revision: str | None
    date: str | None
    offering: str | None
    raise_total_wan: Decimal | None
    cap_line: Line | None
    projects: list[Project]
    warnings: list[str]
    pages: int
    pages_without_text: list[int]


def tidy_name(text: str) -> str:
    """Names lose the spaces a text layer put between CJK characters, but keep `AI 大模型`."""
    text = re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text.strip())
    return re.sub(r"^\d{1,2}[、.．]\s*", "", text)


def read_filing(doc: Document) -> Filing:
    lines = page_lines(doc.pages)
    warnings: list[str] = []
    if doc.pages_without_text:
        warnings.append(
            f"no text layer on page(s) {_page_list(doc.pages_without_text)}: needs OCR, not read"
        )
    title, _ = find_title(lines, doc.html_title)
    cls = classify_title(title or "")
    after = after_adjustment_start(lines)
    cap = choose_cap(find_caps(lines), after, lines)
    tables = find_tables(lines)
    project_table = _project_table(tables, cap.amount_wan if cap else None, after)
    projects: list[Project] = []
    if project_table is None:
        warnings.append("no project table found: the document lists no projects with amounts")
    else:
        projects = _projects(project_table, warnings)
        _attach_sections(lines, project_table, projects, tables, warnings)
        if cap is not None:
            proceeds = [p.proceeds_wan for p in projects]
            if all(v is not None for v in proceeds) and abs(sum(proceeds) - cap.amount_wan) > TOLERANCE:
                warnings.append(
                    f"projects' proceeds add up to {sum(proceeds)} 万元 but the cap is {cap.amount_wan} 万元"
                )
    if cap is None:
        warnings.append("no raise cap (募集资金总额不超过…) found")
    return Filing(
        company=find_company(lines),
        title=title,
        kind=cls.kind,
        revision=cls.revision,
        date=find_date(lines),
        offering=find_offering(title, lines),
        raise_total_wan=cap.amount_wan if cap else None,
        cap_line=cap.line if cap else None,
        projects=projects,
        warnings=warnings,
        pages=len(doc.pages),
        pages_without_text=doc.pages_without_text,
    )


def _page_list(pages: list[int]) -> str:
    return ", ".join(str(p) for p in pages)


def _proceeds_total(table: Table) -> Decimal | None:
    total = table.total_row
    if total is not None and (v := table.value(total, "proceeds")) is not None:
        return v
    values = [table.value(r, "proceeds") for r in table.items]
    return sum(values) if values and all(v is not None for v in values) else None


def _project_table(tables: list[Table], cap: Decimal | None, after: int | None) -> Table | None:
    """The table listing the projects the raise pays for."""
    candidates = [
        t for t in tables
        if "proceeds" in t.roles or (_PROJECT_CONTEXT.search(compact(t.context)) and not _BUDGET_CONTEXT.search(compact(t.context)))
    ]
    candidates = [t for t in candidates if not _BUDGET_CONTEXT.search(compact(t.context)) or "以下项目" in compact(t.context)]
    if after is not None:
        later = [t for t in candidates if t.start >= after]
        candidates = later or candidates
    if not candidates:
        return None
    if cap is not None:
        for t in candidates:
            total = _proceeds_total(t)
            if total is not None and abs(total - cap) <= TOLERANCE:
                return t
    return candidates[0]


def _projects(table: Table, warnings: list[str]) -> list[Project]:
    projects = []
    for index, row in enumerate(table.items, start=1):
        projects.append(Project(
            seq=index,
            name=tidy_name(row.name),
            total_investment_wan=table.value(row, "total"),
            proceeds_wan=table.value(row, "proceeds"),
            line=row.line,
        ))
    _check_total(table, table.items, warnings, "project table")
    return projects


def _check_total(table: Table, rows: list[Row], warnings: list[str], what: str) -> None:
    total = table.total_row
    if total is None:
        return
    for role in ("total", "proceeds"):
        printed = table.value(total, role)
        values = [table.value(r, role) for r in rows]
        if printed is None or not values or any(v is None for v in values):
            continue
        diff = sum(values) - printed
        if abs(diff) > TOLERANCE:
            warnings.append(
                f"{what} on page {table.page}: rows add up to {sum(values)} but 合计 prints {printed} ({role}, difference {diff})"
            )


def _attach_sections(lines: list[Line], project_table: Table, projects: list[Project],
                     tables: list[Table], warnings: list[str]) -> None:
    """Give each project its own stretch of text: construction period, place, budget table."""
    starts: list[tuple[int, Project]] = []
    inside_tables = {i for t in tables for i in range(t.start, t.end)}
    for project in projects:
        key = compact(project.name)
        for i in range(project_table.end, len(lines)):
            text = compact(lines[i].text)
            if i in inside_tables or not key or key not in text or len(text) > len(key) + 16:
                continue
            if starts and i <= starts[-1][0]:
                continue
            starts.append((i, project))
            break
    if not starts and len(projects) == 1:
        starts = [(project_table.end, projects[0])]
    bounds = [(start, starts[k + 1][0] if k + 1 < len(starts) else len(lines), p)
              for k, (start, p) in enumerate(starts)]
    project_names = {compact(p.name) for p in projects}
    for start, end, project in bounds:
        text = "".join(compact(ln.text) for ln in lines[start:end])
        project.construction_months = _months(text)
        if m := _LOCATION.search(text):
            project.location = m.group(1) or None
        if m := _ENTITY.search(text):
            project.entity = m.group(1)
        for table in tables:
            if table is project_table or not (start <= table.start < end):
                continue
            if any(compact(r.name) in project_names for r in table.items):
                continue  # a restatement of the project list, not a budget
            project.budget = _budget(table, warnings, project)
            break


def _months(text: str) -> int | None:
    m = _MONTHS.search(text)
    if not m:
        return None
    raw, unit = m.groups()
    number = Decimal(str(_CN[raw])) if raw in _CN else Decimal(raw)
    months = number * 12 if unit == "年" else number
    return int(months) if months == months.to_integral_value() else None


def _budget(table: Table, warnings: list[str], project: Project) -> list[BudgetLine]:
    items = table.items
    amount_role = "total" if "total" in table.roles else "proceeds"
    parents = _subtotal_rows(table, items, amount_role)
    leaves = [r for r in items if id(r) not in parents]
    _check_total(table, leaves, warnings, f"budget of {project.name}")
    return [
        BudgetLine(
            item=tidy_name(r.name),
            amount_wan=table.value(r, amount_role),
            proceeds_wan=table.value(r, "proceeds") if amount_role == "total" else None,
            line=r.line,
        )
        for r in leaves
    ]


def _subtotal_rows(table: Table, items: list[Row], role: str) -> set[int]:
    """Rows that sum the rows below them: by numbering first, else by arithmetic."""
    parents: set[int] = set()
    for row, nxt in zip(items, items[1:], strict=False):
        if row.seq and nxt.seq and nxt.seq.startswith(row.seq + ".") :
            parents.add(id(row))
    amounts = [table.value(r, role) for r in items]
    total = table.total_row
    printed = table.value(total, role) if total is not None else None

    def leaves_sum() -> Decimal | None:
        vals = [a for r, a in zip(items, amounts, strict=True) if id(r) not in parents]
        return sum(vals) if all(v is not None for v in vals) else None

    if printed is None or leaves_sum() is None or abs(leaves_sum() - printed) <= TOLERANCE:
        return parents
    for i, amount in enumerate(amounts):
        if amount is None or id(items[i]) in parents:
            continue
        running = Decimal(0)
        for j in range(i + 1, len(items)):
            if amounts[j] is None:
                break
            running += amounts[j]
            if j - i >= 2 and abs(running - amount) <= TOLERANCE:
                parents.add(id(items[i]))
                break
            if running > amount + TOLERANCE:
                break
    current = leaves_sum()
    if current is not None and abs(current - printed) > TOLERANCE:
        return {id(r) for r in items if r.seq and any(n.seq and n.seq.startswith(r.seq + ".") for n in items)}
    return parents


def round_wan(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT)
