"""Document → the facts of its use-of-proceeds plan (the parse contract, minus taxonomy).

The project table is the one that lists what the raise pays for (its proceeds add up to
the cap); every later table inside a project's own section is that project's budget.
Sub-total rows are recognised by the numbering (1 → 1.1, 1.2; 一 → （一）) or, failing
that, because they equal the rows below them; 合计 rows are totals and never items. A plan
given only in prose yields its project names (and the amounts each project's own section
states). What cannot be resolved is said in `warnings`, never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from crawler.titles import AFTER_RAISE_KINDS, classify_title
from pipeline.extract.after_raise import AfterRaise, read_after_raise
from pipeline.extract.amounts import CENT, NUMBER, parse_number, to_wan
from pipeline.extract.budget import leaf_rows
from pipeline.extract.lines import Line, page_lines
from pipeline.extract.metadata import (
    Cap,
    after_adjustment_start,
    choose_cap,
    compact,
    find_caps,
    find_company,
    find_date,
    find_offering,
    find_signature_date,
    find_title,
)
from pipeline.extract.pages import Document
from pipeline.extract.prose import months_in, prose_projects
from pipeline.extract.tables import Row, Table, find_tables

TOLERANCE = Decimal("0.01")
_BUDGET_CONTEXT = re.compile(r"投资概算|投资明细|投资构成|投资安排|投资概况|投资估算|具体投资|投资计划|资金使用计划|费用明细|预算|投资规模|投资内容|资金需求")
_PROJECT_CONTEXT = re.compile(r"以下项目|下列项目|投资项目|募投项目|募集资金使用计划|募集资金投资|用于以下|投向|具体如下|如下项目")
_LOCATION = re.compile(r"(?:建设地点|实施地点|项目地点|建设地址|实施地址)(?:位于|为|在|是|拟定为|选址于)?[:：]?([^,，。;；:：()（）]{2,40})")
_ENTITY = re.compile(
    r"(?:实施主体|建设主体|实施单位)(?:均)?(?:为|是|系)?[:：]?(?:公司)?(?:的)?(?:全资|控股)?(?:子公司)?"
    r"([^,，。;；:：]{2,40}?(?:股份有限公司|有限责任公司|有限公司|研究院|研究所)|[^,，。;；:：()（）]{2,40})"
)
_TOTAL_PROSE = re.compile(rf"(?:项目)?(?:计划|预计)?(?:总投资(?:额|金额)?|投资总额|投资金额|计划投资)(?:预计|约|估算)?(?:为|是)?(?:人民币)?({NUMBER})\s*(亿元|万元|元)")
_PROCEEDS_PROSE = re.compile(rf"(?:拟使用|拟投入|使用|投入|以)(?:本次)?(?:向特定对象发行(?:A股)?股票|发行)?募集资金(?:中的)?(?:投入|投资)?(?:金额)?(?:为|约)?(?:人民币)?({NUMBER})\s*(亿元|万元|元)")
_ROUNDING_NOTE = re.compile(r"尾差|尾数|四舍五入")


@dataclass
class BudgetLine:
    item: str
    amount_wan: Decimal | None
    proceeds_wan: Decimal | None
    line: Line
    text: str | None = None  # the printed row, where it spans several lines


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
    text: str | None = None  # the printed row, where it spans several lines


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
    after: AfterRaise = field(default_factory=AfterRaise)  # what a document about raised money reports


def tidy_name(text: str) -> str:
    """Names lose the spaces a text layer put between CJK characters, but keep `AI 大模型`."""
    text = re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text.strip())
    text = re.sub(r"^其中[:：]\s*", "", text)
    text = re.sub(r"\s*(?:注\s*\d|\*+|[(（]注\d?[)）])$", "", text)  # footnote marks
    return re.sub(r"^\d{1,2}[、.．]\s*(?=\D)", "", text)


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
    # documents about money raised carry no plan; an issuance result may print the plan it
    # raised for in a table, as documents of no known kind do
    reads_plan = cls.kind not in AFTER_RAISE_KINDS or cls.kind == "issuance_result"
    try:
        tables = find_tables(lines) if reads_plan else []
    except Exception as exc:  # a layout the table reader trips on must not lose the rest of the filing
        tables = []
        warnings.append(f"tables could not be read ({type(exc).__name__}: {exc}); projects taken from prose only")
    project_table = _project_table(tables, cap.amount_wan if cap else None, after)
    projects: list[Project] = []
    partial = False
    if project_table is not None:
        projects = _projects(project_table, warnings)
        _attach_sections(lines, project_table.end, projects, tables, warnings, project_table)
    elif cls.kind == "other":
        # reports on money raised and notices name projects in passing; only a table is a plan
        warnings.append("no project table found: a document of this kind lists projects only in a table")
    elif reads_plan and cls.kind != "issuance_result":
        projects, partial = _prose_plan(lines, after, tables, cap, warnings)
        if not projects and after is not None:
            warnings.append("the part after the adjustment (调整后) restates the cap but prints no project table: "
                            "the projects after the change are unknown")
        elif not projects:
            warnings.append("no project table found: the document lists no projects with amounts")
    if cap is not None and projects and not partial:  # a partial list cannot add up to the cap
        proceeds = [p.proceeds_wan for p in projects]
        if all(v is not None for v in proceeds) and abs(sum(proceeds) - cap.amount_wan) > TOLERANCE:
            warnings.append(
                f"projects' proceeds add up to {sum(proceeds)} 万元 but the cap is {cap.amount_wan} 万元"
            )
    if cap is None and cls.kind not in AFTER_RAISE_KINDS:
        warnings.append("no raise cap (募集资金总额不超过…) found")
    try:
        after_raise = read_after_raise(lines, cls.kind, title)
    except Exception as exc:  # as for plan tables: report it, keep what was read
        after_raise = AfterRaise(warnings=[f"the after-the-raise sections could not be read ({type(exc).__name__}: {exc})"])
    warnings.extend(after_raise.warnings)
    return Filing(
        company=find_company(lines),
        title=title,
        kind=cls.kind,
        revision=cls.revision,
        date=_date(lines, cls.kind),
        offering=find_offering(title, lines),
        raise_total_wan=cap.amount_wan if cap else None,
        cap_line=cap.line if cap else None,
        projects=projects,
        warnings=warnings,
        pages=len(doc.pages),
        pages_without_text=doc.pages_without_text,
        after=after_raise,
    )


def _date(lines: list[Line], kind: str) -> str | None:
    """Documents about raised money often append tables (附表) after the signature: their
    date is the one under the signature, else the plan documents' rule."""
    if kind in AFTER_RAISE_KINDS:
        return find_signature_date(lines) or find_date(lines)
    return find_date(lines)


def _prose_plan(lines: list[Line], after: int | None, tables: list[Table], cap: Cap | None,
                warnings: list[str]) -> tuple[list[Project], bool]:
    """A plan that names its projects only in a sentence: the names, and the amounts and
    periods the document states for each one elsewhere in its prose."""
    listed = prose_projects(lines, after)
    if not listed.names:
        return [], False
    projects = [Project(seq=n, name=tidy_name(name), total_investment_wan=None, proceeds_wan=None, line=line)
                for n, (name, line) in enumerate(listed.names, start=1)]
    end = next(i for i, ln in enumerate(lines) if ln is listed.names[-1][1]) + 1
    _attach_sections(lines, end, projects, tables, warnings, None)
    _amounts_from_prose(lines, projects, end)
    if len(projects) == 1 and cap is not None and projects[0].proceeds_wan is None and not listed.partial \
            and _all_proceeds_to_one(lines, listed.names[0][1]):
        projects[0].proceeds_wan = cap.amount_wan
    warnings.append("projects are listed in prose only: no project table with amounts")
    if listed.partial:
        warnings.append("the prose names only some of the projects (…等项目, or uses described without a name): "
                        "the list is partial")
    return projects, listed.partial


def _page_list(pages: list[int]) -> str:
    return ", ".join(str(p) for p in pages)


def _proceeds_total(table: Table) -> Decimal | None:
    total = table.total_row
    if total is not None and (v := table.value(total, "proceeds")) is not None:
        return v
    values = [table.value(r, "proceeds") for r in _top_rows(table)]
    return sum(values) if values and all(v is not None for v in values) else None


def _is_project_table(t: Table) -> bool:
    context = compact(t.context)
    if "proceeds" in t.roles and not _BUDGET_CONTEXT.search(context):
        return True
    if _PROJECT_CONTEXT.search(context) and not _BUDGET_CONTEXT.search(context):
        return True
    if "proceeds" in t.roles and ("以下项目" in context or "下列项目" in context):
        return True
    # a budget table names cost items, a project table names projects
    names = [compact(r.name) for r in t.items]
    return "proceeds" in t.roles and bool(names) and sum(n.endswith(("项目", "资金", "贷款")) for n in names) * 2 > len(names)


_EARLIER_RAISE = re.compile(r"前次募集|首次公开发行|IPO|募集资金使用情况|实际使用|截至\d{4}年")


def _project_table(tables: list[Table], cap: Decimal | None, after: int | None) -> Table | None:
    """The table listing the projects the raise pays for (not a table of an earlier raise's
    use, which prospectuses print too: that one is taken only if its total is the cap)."""
    candidates = [t for t in tables if _is_project_table(t)]
    earlier = [t for t in candidates if _EARLIER_RAISE.search(compact(t.context))]
    if cap is not None:
        earlier = [t for t in earlier if (total := _proceeds_total(t)) is None or abs(total - cap) > TOLERANCE]
    candidates = [t for t in candidates if all(t is not e for e in earlier)]
    if after is not None:
        # the plan after the change; the 调整前 table is history, never a fallback
        candidates = [t for t in candidates if t.start >= after]
    if not candidates:
        return None
    if cap is not None:
        for t in candidates:
            total = _proceeds_total(t)
            if total is not None and abs(total - cap) <= TOLERANCE:
                return t
    with_proceeds = [t for t in candidates if "proceeds" in t.roles]
    return (with_proceeds or candidates)[0]


def _top_rows(table: Table) -> list[Row]:
    """Item rows minus the breakdown lines printed under a project (其中：…)."""
    out: list[Row] = []
    for row in table.items:
        if compact(row.name).startswith("其中") and out:
            continue
        out.append(row)
    return out


def _projects(table: Table, warnings: list[str]) -> list[Project]:
    projects = []
    rows = _top_rows(table)
    for index, row in enumerate(rows, start=1):
        project = Project(
            seq=index,
            name=tidy_name(row.name),
            total_investment_wan=table.value(row, "total"),
            proceeds_wan=table.value(row, "proceeds"),
            line=row.line,
            text=row.printed or None,
        )
        project.entity = _clean_text(row.texts.get("entity"))
        project.location = _clean_text(row.texts.get("location"))
        project.construction_months = months_in(row.texts.get("months") or "")
        projects.append(project)
    check_total(table, rows, warnings, "project table")
    return projects


def _clean_text(text: str | None) -> str | None:
    if not text or text.strip() in {"-", "—", "/", "无"}:
        return None
    return tidy_name(text)


def check_total(table: Table, rows: list[Row], warnings: list[str], what: str) -> None:
    """Rows against the printed 合计: keep the printed numbers, say how far apart they are."""
    total = table.total_row
    if total is None:
        return
    explained = bool(_ROUNDING_NOTE.search(table.notes))
    for role in ("total", "proceeds"):
        if role not in table.numeric_roles and not (role == "total" and "period" in table.numeric_roles):
            continue
        printed = table.value(total, role)
        values = [table.value(r, role) for r in rows]
        if printed is None or not values or any(v is None for v in values):
            continue
        diff = sum(values) - printed
        if abs(diff) <= TOLERANCE:
            continue
        if explained and abs(diff) <= _rounding_allowance(table, len(rows)):
            continue  # the table's own note says the last digit is rounded (尾差)
        warnings.append(
            f"{what} on page {table.page}: rows add up to {sum(values)} but 合计 prints {printed} "
            f"({role}, difference {diff} 万元)"
        )


def _rounding_allowance(table: Table, n: int) -> Decimal:
    """Half a unit in the last printed digit per row, in 万元."""
    places = 2
    for row in table.rows:
        for cell in row.values:
            if cell is not None and cell.kind == "amount" and "." in cell.text:
                places = max(0, len(cell.text.rsplit(".", 1)[1]))
                break
    unit = table.numeric[0].unit or table.unit if table.numeric else table.unit
    step = to_wan(Decimal(1).scaleb(-places), unit) if unit != "万元" else Decimal(1).scaleb(-places)
    return max(step, CENT) * max(1, n)


def _attach_sections(lines: list[Line], after_table: int, projects: list[Project], tables: list[Table],
                     warnings: list[str], project_table: Table | None) -> None:
    """Give each project its own stretch of text: construction period, place, budget table."""
    starts: list[tuple[int, Project]] = []
    inside_tables = {i for t in tables for i in range(t.start, t.end)}
    for project in projects:
        key = _name_key(project.name)
        for i in range(after_table, len(lines)):
            text = _name_key(lines[i].text)
            if i in inside_tables or not key or key not in text or len(text) > len(key) + 16:
                continue
            if starts and i <= starts[-1][0]:
                continue
            starts.append((i, project))
            break
    if not starts and len(projects) == 1:
        starts = [(after_table, projects[0])]
    bounds = [(start, starts[k + 1][0] if k + 1 < len(starts) else len(lines), p)
              for k, (start, p) in enumerate(starts)]
    project_names = {_name_key(p.name) for p in projects}
    for start, end, project in bounds:
        text = "".join(compact(ln.text) for ln in lines[start:end])
        if project.construction_months is None:
            project.construction_months = months_in(text)
        if project.location is None and (m := _LOCATION.search(text)):
            project.location = m.group(1) or None
        if project.entity is None and (m := _ENTITY.search(text)):
            project.entity = m.group(1)
        candidates = [t for t in tables if t is not project_table and start <= t.start < end
                      and not any(_name_key(r.name) in project_names for r in t.items)]
        table = _budget_table(candidates, project)
        if table is not None:
            project.budget = _budget(table, warnings, project)


def _name_key(text: str) -> str:
    key = compact(text)
    key = re.sub(r"^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[、.．]|项目[一二三四五六七八九十\d]{1,2}[:：])", "", key)
    return re.sub(r"[“”\"'‘’「」《》]", "", key)


def _budget_table(candidates: list[Table], project: Project) -> Table | None:
    """The project's breakdown: the table whose total is the project's, else the first one
    printed under an investment heading, else the first table in the section."""
    if not candidates:
        return None
    if project.total_investment_wan is not None:
        for t in candidates:
            role = _amount_role(t)
            total = t.total_row
            printed = t.value(total, role) if total is not None else None
            if printed is not None and abs(printed - project.total_investment_wan) <= TOLERANCE:
                return t
    for t in candidates:
        if _BUDGET_CONTEXT.search(compact(t.context)):
            return t
    return candidates[0]


def _amount_role(table: Table) -> str:
    roles = table.numeric_roles
    if "total" in roles or "period" in roles:
        return "total"
    if "proceeds" in roles:
        return "proceeds"
    return "amount" if "amount" in roles else "total"


def _budget(table: Table, warnings: list[str], project: Project) -> list[BudgetLine]:
    role = _amount_role(table)
    amounts = [_value(table, r, role) for r in table.items]
    total = table.total_row
    printed = _value(table, total, role) if total is not None else None
    target = printed if printed is not None else project.total_investment_wan
    leaves = leaf_rows(table.items, amounts, target)
    rows = [r for r, keep in zip(table.items, leaves, strict=True) if keep]
    check_total(table, rows, warnings, f"budget of {project.name}")
    if total is None and target is not None:
        values = [_value(table, r, role) for r in rows]
        if values and all(v is not None for v in values) and abs(sum(values) - target) > TOLERANCE \
                and "period" not in table.numeric_roles:
            warnings.append(f"budget of {project.name} on page {table.page}: items add up to {sum(values)} "
                            f"but the project's total investment is {target} (difference {sum(values) - target} 万元)")
    return [
        BudgetLine(
            item=tidy_name(r.name),
            amount_wan=_value(table, r, role),
            proceeds_wan=table.value(r, "proceeds") if role == "total" else None,
            line=r.line,
            text=r.printed or None,
        )
        for r in rows
    ]


def _value(table: Table, row: Row, role: str) -> Decimal | None:
    if role == "amount":
        index = table.numeric_roles.index("amount")
        return table.cell_value(row, index)
    return table.value(row, role)


def _amounts_from_prose(lines: list[Line], projects: list[Project], start: int) -> None:
    """Projects listed in prose: each one's own section often states 总投资 and 拟使用募集资金,
    or a sentence that names the project alone does (其中，A项目总投资…，拟使用募集资金…)."""
    keys = [(_name_key(p.name), p) for p in projects]
    for i in range(start, len(lines)):
        text = compact(lines[i].text)
        for key, project in keys:
            if key and key in _name_key(text) and len(text) <= len(key) + 16:
                window = "".join(compact(ln.text) for ln in lines[i + 1:i + 12])
                _fill_from(project, window, months=False)  # the window may run into the next section
    joined = _name_key("".join(compact(ln.text) for ln in lines[start:]))
    for sentence in joined.split("。"):
        named = [(key, p) for key, p in keys if key and key in sentence]
        if len(named) != 1 or any(key != named[0][0] and named[0][0] in key for key, _ in keys):
            continue  # a sentence about several projects says nothing of one alone
        key, project = named[0]
        _fill_from(project, sentence[sentence.index(key) + len(key):])


def _fill_from(project: Project, text: str, months: bool = True) -> None:
    if project.total_investment_wan is None and (m := _TOTAL_PROSE.search(text)):
        project.total_investment_wan = _wan(m)
    if project.proceeds_wan is None and (m := _PROCEEDS_PROSE.search(text)):
        project.proceeds_wan = _wan(m)
    if months and project.construction_months is None:
        project.construction_months = months_in(text)


def _wan(m: re.Match[str]) -> Decimal | None:
    value = parse_number(m.group(1))
    return None if value is None else to_wan(value, m.group(2))


def _all_proceeds_to_one(lines: list[Line], line: Line) -> bool:
    idx = next(i for i, ln in enumerate(lines) if ln is line)
    window = "".join(compact(ln.text) for ln in lines[max(0, idx - 2):idx + 2])
    return bool(re.search(r"全部用于|全额用于|将全部投入", window))


def round_wan(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT)
