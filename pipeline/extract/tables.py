"""Read tables the way they are laid out in filings, whatever the text export did to them.

A table is found by its header (序号 / 项目名称 / 投资总额 / 拟使用募集资金金额 / 占比 …) and
read as a stream of cells: one cell per line, tab- or `|`-separated rows, or cells that a
PDF text layer separated by spaces all become the same stream. A row is an optional
sequence number, one or more text fragments (a long name wrapped over two or three lines),
then as many numbers as the header has numeric columns. Because rows are read by this
grammar and not by line, wrapped cells, repeated headers after a page break and page
furniture between rows do not break a table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from pipeline.extract.amounts import DASHES, parse_number, to_wan, unit_declared
from pipeline.extract.lines import Line

# Column roles recognised in a header, tried left to right; earlier alternatives win at
# the same position, so "项目投资总额" is a total and "拟使用募集资金金额" is proceeds.
_ROLE_PATTERNS: list[tuple[str, str]] = [
    ("total", r"项目(?:计划)?(?:投资)?总额|项目总投资(?:额|金额)?|项目投资(?:金额|额)"),
    ("proceeds", r"(?:拟|计划|预计)?(?:使用|投入|以)?(?:本次)?募集资金(?:拟)?(?:投入|使用|投资)?(?:金额|额|总额|规模)?|募投资金(?:金额)?"),
    ("share", r"占(?:总)?(?:投资)?(?:总额)?(?:的)?比(?:例|重)?|比例|%"),
    ("seq", r"序号|编号"),
    ("name", r"项目名称|募投项目|投资项目|费用名称|投资内容|投资构成|建设内容|工程或费用名称|科目|类别|名称"),
    ("total", r"(?:计划|预计|拟)?投资(?:总额|金额|额)|总投资(?:额|金额)?|投资估算|估算金额|金额合计|总额|金额|合计|总计"),
    ("period", r"T\+\d|第[一二三四五六七八九十\d]+年|\d{4}\s*年(?:度)?"),
    ("text", r"实施主体|实施地点|建设地点|建设期|备注|实施方式|实施周期"),
    ("name", r"项目|内容|明细"),
]
_ROLE_RE = re.compile("|".join(f"(?P<{role}_{i}>{pat})" for i, (role, pat) in enumerate(_ROLE_PATTERNS)))
NUMERIC_ROLES = {"total", "proceeds", "share", "period"}
TOTAL_NAMES = {"合计", "总计", "总额", "合计金额"}
SUBTOTAL_NAMES = {"小计"}
_SEQ_RE = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2}){0,3}|[(（]?[一二三四五六七八九十]{1,3}[)）、]?|[(（]\d{1,2}[)）]|\d{1,2}、|[①-⑳])$")
_PERCENT_RE = re.compile(r"^-?\d+(?:\.\d+)?\s*%$")
_PROSE_END = ("。", ";", ":")
#: how a complete name usually ends; used only to decide where a wrapped fragment belongs
NAME_ENDINGS = ("项目", "资金", "贷款", "费", "费用", "成本", "投资", "工程", "中心", "平台", "基地",
                "设备", "软件", "薪酬", "支出", "款", "金", "计", "产业化", "建设", "升级", "研发")


@dataclass
class Cell:
    kind: str  # text | amount | percent | dash
    text: str
    line: Line
    value: Decimal | None = None
    unit: str | None = None  # a unit printed inside the cell itself


@dataclass
class Row:
    seq: str | None
    name: str
    values: list[Cell]
    line: Line  # where the row starts: the evidence for it
    kind: str = "item"  # item | total | subtotal


@dataclass
class Table:
    header: str
    roles: list[str]
    unit: str
    rows: list[Row]
    start: int  # index of the header's first line in the document's lines
    end: int  # index after the last line read
    page: int
    context: str  # the few lines of prose before the table: what it is about
    column_units: dict[int, str] = field(default_factory=dict)

    @property
    def numeric_roles(self) -> list[str]:
        return [r for r in self.roles if r in NUMERIC_ROLES]

    def value(self, row: Row, role: str) -> Decimal | None:
        """The row's value in the first column of `role`, converted to 万元."""
        roles = self.numeric_roles
        if role not in roles:
            return None
        index = roles.index(role)
        if role == "total" and "period" in roles:
            # year-by-year tables: the total column is the one after the periods
            index = len(roles) - 1 - roles[::-1].index("total")
        if index >= len(row.values):
            return None
        cell = row.values[index]
        if cell.kind != "amount" or cell.value is None:
            return None
        return to_wan(cell.value, cell.unit or self.column_units.get(index, self.unit))

    @property
    def items(self) -> list[Row]:
        return [r for r in self.rows if r.kind == "item"]

    @property
    def total_row(self) -> Row | None:
        return next((r for r in self.rows if r.kind == "total"), None)


def split_cells(text: str) -> list[str]:
    """A line as cells: explicit separators when present, else runs of text between numbers."""
    if "\t" in text:
        return [c.strip() for c in text.split("\t") if c.strip()]
    if text.count("|") >= 2:
        cells = [c.strip() for c in text.strip().strip("|").split("|")]
        if all(re.fullmatch(r":?-{2,}:?", c) or not c for c in cells):
            return []
        return [c for c in cells if c]
    tokens = text.split(" ")
    cells: list[str] = []
    for tok in tokens:
        if not tok:
            continue
        if cells and _is_text(tok) and _is_text(cells[-1]):
            sep = " " if re.search(r"[A-Za-z0-9]$", cells[-1]) and re.match(r"^[A-Za-z0-9]", tok) else ""
            cells[-1] = cells[-1] + sep + tok
        else:
            cells.append(tok)
    return cells


def _is_text(token: str) -> bool:
    return classify_cell(token)[0] == "text"


def classify_cell(text: str) -> tuple[str, Decimal | None, str | None]:
    s = text.strip()
    if s in DASHES:
        return "dash", None, None
    if _PERCENT_RE.match(s):
        return "percent", parse_number(s.rstrip("%").strip()), None
    number = parse_number(s)
    if number is not None:
        return "amount", number, None
    m = re.match(r"^(.*?)(亿元|万元|元)$", s)
    if m and parse_number(m.group(1)) is not None:
        return "amount", parse_number(m.group(1)), m.group(2)
    return "text", None, None


def header_roles(text: str) -> list[str]:
    roles = []
    for m in _ROLE_RE.finditer(text.replace(" ", "").replace("\t", "")):
        role = next(k.split("_")[0] for k, v in m.groupdict().items() if v)
        roles.append(role)
    return roles


def _is_header_text(text: str) -> bool:
    compact = text.replace(" ", "").replace("\t", "")
    if not compact or "。" in compact or len(compact) > 90:
        return False
    roles = header_roles(compact)
    if not roles:
        return False
    # most of the line must be made of header words, not prose that mentions them
    covered = sum(len(m.group(0)) for m in _ROLE_RE.finditer(compact))
    stripped = re.sub(r"[(（][^)）]*[)）]|单位|万元|亿元|元|:|：|/|、|及|和|的", "", compact)
    return covered >= 0.6 * max(1, len(stripped))


def _header_ok(roles: list[str]) -> bool:
    numeric = [r for r in roles if r in NUMERIC_ROLES and r != "share"]
    return bool(numeric) and ("name" in roles or "seq" in roles)


def find_header(lines: list[Line], i: int) -> tuple[int, list[str], str] | None:
    """If a table header starts at line i, return (lines it spans, roles, header text)."""
    j = i
    parts: list[str] = []
    while j < len(lines) and j - i < 8:
        text = lines[j].text
        if any(classify_cell(c)[0] in ("amount", "percent") for c in split_cells(text)):
            break
        if not _is_header_text(text):
            break
        parts.append(text)
        j += 1
        roles = header_roles(" ".join(parts))
        # one-cell-per-line headers go on while the next line is still a header word
        if _header_ok(roles) and (j >= len(lines) or not _is_header_text(lines[j].text)):
            return j - i, roles, " ".join(parts)
    return None


def _declared_unit(lines: list[Line], start: int, header: str) -> tuple[str, dict[int, str]]:
    unit = unit_declared(header)
    for k in range(start - 1, max(-1, start - 5), -1):
        unit = unit or unit_declared(lines[k].text)
    return unit or "万元", {}


def _ends_table(text: str) -> bool:
    compact = text.replace(" ", "")
    if compact.startswith(("注:", "注1", "注:", "说明:", "备注:")) or compact == "注":
        return True
    if unit_declared(text) and len(compact) < 20:
        return True
    cells = split_cells(text)
    numeric = sum(1 for c in cells if classify_cell(c)[0] != "text")
    if numeric == 0 and (compact.endswith(_PROSE_END) or "。" in compact or len(compact) > 40):
        return True
    return False


def read_table(lines: list[Line], start: int) -> Table | None:
    found = find_header(lines, start)
    if not found:
        return None
    span, roles, header = found
    unit, column_units = _declared_unit(lines, start, header)
    k = len([r for r in roles if r in NUMERIC_ROLES])
    has_seq = "seq" in roles
    cells: list[Cell] = []
    end = start + span
    while end < len(lines) and end - start < 400:
        text = lines[end].text
        if _ends_table(text):
            break
        repeat = find_header(lines, end)
        if repeat and header_roles(repeat[2]) == roles:
            end += repeat[0]  # the header repeated after a page break
            continue
        if repeat:
            break  # another table starts
        for raw in split_cells(text):
            kind, value, own_unit = classify_cell(raw)
            cells.append(Cell(kind, raw, lines[end], value, own_unit))
        end += 1
        if _last_row_is_total(cells, k):
            break
    rows = _rows(cells, k, has_seq)
    if not any(r.values for r in rows):
        return None
    context = " ".join(ln.text for ln in lines[max(0, start - 6):start])
    return Table(header, roles, unit, rows, start, end, lines[start].page, context, column_units)


def _last_row_is_total(cells: list[Cell], k: int) -> bool:
    """Stop right after a 合计 row has all its numbers, before the prose that follows."""
    numbers = 0
    for cell in reversed(cells):
        if cell.kind == "text":
            return cell.text.replace(" ", "") in TOTAL_NAMES and numbers >= max(1, k)
        numbers += 1
    return False


def _is_seq(cell: Cell, following: Cell | None) -> bool:
    return bool(_SEQ_RE.match(cell.text.strip())) and following is not None and following.kind == "text"


def _complete(name: str) -> bool:
    return name.endswith(NAME_ENDINGS) or name.endswith((")", "）"))


@dataclass
class _Open:
    seq: str | None
    names: list[str]
    values: list[Cell]
    line: Line


def _rows(cells: list[Cell], k: int, has_seq: bool) -> list[Row]:
    """The row grammar: [seq] text+ number{k}, with wrapped-name fragments placed by sense.

    A text fragment after a finished row continues that row's name when the name looks
    unfinished (a cell wrapped after its numbers were printed); otherwise it opens the next
    row, which a following sequence number then anchors.
    """
    rows: list[Row] = []
    cur: _Open | None = None

    def close() -> None:
        nonlocal cur
        if cur is not None and (cur.values or cur.seq):
            rows.append(_finish(cur))
        elif cur is not None and cur.names and rows and rows[-1].kind == "item":
            rows[-1].name += "".join(cur.names)  # trailing fragment of the last row
        cur = None

    for i, cell in enumerate(cells):
        nxt = cells[i + 1] if i + 1 < len(cells) else None
        if has_seq and _is_seq(cell, nxt):
            if cur is not None and not cur.values and cur.seq is None:
                cur.seq = cell.text.strip()  # fragments printed above the number belong to this row
                continue
            close()
            cur = _Open(cell.text.strip(), [], [], cell.line)
        elif cell.kind == "text":
            if cur is not None and cur.values:
                close()
            if cur is None:
                last = rows[-1] if rows else None
                if last is not None and last.kind == "item" and not _complete(last.name) \
                        and cell.text.replace(" ", "") not in TOTAL_NAMES:
                    last.name += cell.text
                    continue
                cur = _Open(None, [], [], cell.line)
            cur.names.append(cell.text)
        else:
            if cur is None or len(cur.values) >= max(k, 1):
                close()
                cur = _Open(None, [], [], cell.line)
            cur.values.append(cell)
    close()
    return [r for r in rows if r.values]


def _finish(cur: _Open) -> Row:
    name = "".join(cur.names)
    row = Row(cur.seq, name, cur.values, cur.line)
    compact = name.replace(" ", "")
    stripped = re.sub(r"^[一二三四五六七八九十\d.、()（）]+", "", compact)
    if compact in TOTAL_NAMES or stripped in TOTAL_NAMES or (cur.seq or "") in TOTAL_NAMES \
            or (not compact and not cur.seq):
        row.kind = "total"
    elif compact in SUBTOTAL_NAMES or stripped in SUBTOTAL_NAMES:
        row.kind = "subtotal"
    return row


def find_tables(lines: list[Line]) -> list[Table]:
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        table = read_table(lines, i)
        if table:
            tables.append(table)
            i = max(table.end, i + 1)
        else:
            i += 1
    return tables
