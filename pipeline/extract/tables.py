"""Read tables the way they are laid out in filings, whatever the text export did to them.

A table is found by its header (序号 / 项目名称 / 投资总额 / 拟使用募集资金金额 / 占比 …) and
its body is read as a stream of cells that remembers which line each cell sat on. One cell
per line, tab- or `|`-separated rows, columns aligned with runs of spaces, or cells that a
PDF text layer separated by single spaces all become that stream. A row is an optional
sequence number, text (a name, possibly wrapped over several lines, and any text columns
such as 实施主体), then as many numbers as the table has numeric columns — a count read
from the body itself, so a header the export mangled cannot derail it. Because rows are
read by this grammar and not by line, wrapped cells, repeated headers after a page break
and page furniture between rows do not break a table.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from pipeline.extract.amounts import DASHES, UNIT_TO_WAN, parse_number, to_wan, unit_declared
from pipeline.extract.lines import Line, cell_offsets

# Column roles recognised in a header cell, tried left to right; earlier alternatives win at
# the same position, so "项目投资总额" is a total and "拟使用募集资金金额" is proceeds.
_ROLE_PATTERNS: list[tuple[str, str]] = [
    ("name", r"募集资金投资项目|募集资金投向|募集资金用途"),  # the project column, though it names 募集资金
    ("total", r"项目(?:计划)?(?:投资)?总额|项目总投资(?:额|金额)?|项目投资(?:金额|额)|计划总投资(?:额)?"),
    ("proceeds", r"(?:拟|计划|预计)?(?:使用|投入|以)?(?:本次)?募集资金(?:拟)?(?:投入|使用|投资)?(?:金额|额|总额|规模|数额)?|募投资金(?:金额)?|募资金额"),
    ("share", r"占(?:总)?(?:投资)?(?:总额)?(?:的)?比(?:例|重)?|比例|%"),
    ("seq", r"序号|编号"),
    ("name", r"项目名称|募投项目|投资项目|费用名称|投资内容|投资构成|建设内容|工程或费用名称|费用项目|科目|类别|名称"),
    ("total", r"(?:计划|预计|拟)?投资(?:总额|金额|额)|总投资(?:额|金额)?|投资估算|估算金额|金额合计|总额|金额|合计|总计|小计|投资规模"),
    ("period", r"T\s*\+\s*\d|第\s*[一二三四五六七八九十\d]+\s*年|\d{4}\s*年(?:度)?|建设期第|[一二三四五六七八九十]+年度"),
    ("entity", r"实施主体|建设主体|实施单位"),
    ("location", r"实施地点|建设地点|项目地点"),
    ("months", r"建设期|建设周期|实施周期|实施期限|建设期限"),
    ("text", r"备注|实施方式|是否[\u4e00-\u9fa5]{0,10}|资本性支出"),
    ("before", r"调整前|变更前|原计划"),
    ("after", r"调整后|变更后|调整后金额"),
    ("name", r"项目|内容|明细"),
]
_ROLE_RE = re.compile("|".join(f"(?P<{role}_{i}>{pat})" for i, (role, pat) in enumerate(_ROLE_PATTERNS)))
NUMERIC_ROLES = {"total", "proceeds", "share", "period", "before", "after", "amount"}
TEXT_ROLES = {"entity", "location", "months", "text"}
TOTAL_NAMES = {"合计", "总计", "总额", "合计金额", "共计", "总合计", "项目总投资", "总投资", "投资总额", "项目投资总额",
               "投资合计", "项目合计", "总投资额"}
SUBTOTAL_NAMES = {"小计"}
_SEQ_RE = re.compile(
    r"^(?:\d{1,3}(?:\.\d{1,2}){0,3}\.?|[(（]?[一二三四五六七八九十]{1,3}[)）、.]?|[(（]\d{1,2}[)）]|\d{1,2}[、)）]|[①-⑳]|[A-Ha-h][.、)）])$"
)
_SEQ_PREFIX = re.compile(
    r"^(\d{1,2}(?:\.\d{1,2}){1,3}|\d{1,2}(?=[、.．)）])|[(（][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}(?=、)|[(（]\d{1,2}[)）]|[①-⑳])[、.．)）]?\s*"
)
_PERCENT_RE = re.compile(r"^-?\d+(?:\.\d+)?\s*%$")
_CONTINUED = re.compile(r"^[(（]?续(?:表|上表|前表)?[)）:：]?$|^续表\S{0,12}$")
_PROSE_END = ("。", ";", ":", "；")
#: how a complete name usually ends; only a tie-breaker for wrapped fragments the layout leaves open
NAME_ENDINGS = ("项目", "资金", "贷款", "费", "费用", "成本", "投资", "工程", "中心", "平台", "基地",
                "设备", "软件", "薪酬", "支出", "款", "金", "计", "产业化", "建设", "升级", "研发", "系统",
                "购置", "装修", "租赁", "测试", "材料", "工资", "服务", "小计")


@dataclass
class Column:
    role: str  # seq | name | total | proceeds | share | period | before | amount | entity | location | months | text
    label: str
    unit: str | None = None
    line: int = 0  # which header line printed it (two-row headers)
    at: tuple[int, int] | None = None  # where its label sits on an aligned line (from, to)


@dataclass
class Cell:
    kind: str  # text | amount | percent | dash
    text: str
    line: Line
    value: Decimal | None = None
    unit: str | None = None  # a unit printed inside the cell itself
    row: int = 0  # index of the body line the cell sat on
    pos: int = 0  # position of the cell on that line
    x: int | None = None  # where the cell starts on an aligned line, in characters
    col: int | None = None  # its header column, when the line printed exactly one cell per column


@dataclass
class Row:
    seq: str | None
    name: str
    values: list[Cell | None]  # one slot per numeric column (None where the cell was empty)
    line: Line  # where the row starts: the evidence for it
    kind: str = "item"  # item | total | subtotal
    texts: dict[str, str] = field(default_factory=dict)  # text columns by role (entity, location, …)
    printed: str = ""  # the row as printed, its cells in order, for evidence

    @property
    def evidence_text(self) -> str:
        return self.printed or self.line.text


@dataclass
class Table:
    header: str
    columns: list[Column]
    unit: str
    rows: list[Row]
    start: int  # index of the header's first line in the document's lines
    end: int  # index after the last line read
    page: int
    context: str  # the few lines of prose before the table: what it is about
    notes: str = ""  # footnotes printed right under the table (注：…)

    @property
    def roles(self) -> list[str]:
        return [c.role for c in self.columns]

    @property
    def numeric(self) -> list[Column]:
        return [c for c in self.columns if c.role in NUMERIC_ROLES]

    @property
    def numeric_roles(self) -> list[str]:
        return [c.role for c in self.numeric]

    def column_index(self, role: str) -> int | None:
        roles = self.numeric_roles
        if role not in roles:
            if role == "total" and "period" in roles and "total" not in roles:
                return None
            return None
        if role == "total" and "period" in roles:
            # year-by-year tables: the total column is the one after the periods
            return len(roles) - 1 - roles[::-1].index("total")
        return roles.index(role)

    def value(self, row: Row, role: str) -> Decimal | None:
        """The row's value in the column of `role`, converted to 万元."""
        if role == "total" and "total" not in self.numeric_roles and "period" in self.numeric_roles:
            return self._period_sum(row)
        index = self.column_index(role)
        if index is None:
            return None
        return self.cell_value(row, index)

    def cell_value(self, row: Row, index: int) -> Decimal | None:
        if index >= len(row.values):
            return None
        cell = row.values[index]
        if cell is None or cell.kind != "amount" or cell.value is None:
            return None
        return to_wan(cell.value, cell.unit or self.numeric[index].unit or self.unit)

    def _period_sum(self, row: Row) -> Decimal | None:
        values = [self.cell_value(row, i) for i, r in enumerate(self.numeric_roles) if r == "period"]
        present = [v for v in values if v is not None]
        return sum(present, Decimal(0)) if present else None

    @property
    def items(self) -> list[Row]:
        return [r for r in self.rows if r.kind == "item"]

    @property
    def total_row(self) -> Row | None:
        return next((r for r in self.rows if r.kind == "total"), None)


# --- cells ---------------------------------------------------------------------------------

def split_cells(text: str, keep_empty: bool = False) -> list[str]:
    """A line as cells: explicit separators (tab, `|`, runs of spaces) when present, else
    runs of text between numbers. A separated cell holding several numbers side by side
    (`2,474.91 411.86`: two columns a narrow layout set one space apart) is that many cells."""
    if text.lstrip().startswith("|") and text.count("|") >= 2:
        cells = [c.strip() for c in text.strip().strip("|").split("|")]
        if all(re.fullmatch(r":?-{2,}:?", c) or not c for c in cells):
            return []
        return _unglue(cells, keep_empty)
    if "\t" in text:
        return _unglue([c.strip() for c in text.split("\t")], keep_empty)
    if text.count("|") >= 2 or (text.count("|") == 1 and text.strip().startswith("|")):
        cells = [c.strip() for c in text.strip().strip("|").split("|")]
        if all(re.fullmatch(r":?-{2,}:?", c) or not c for c in cells):
            return []
        return _unglue(cells, keep_empty)
    tokens = text.split(" ")
    cells: list[str] = []
    for tok in tokens:
        if not tok:
            continue
        if cells and _is_text(tok) and _is_text(cells[-1]) and not _SEQ_RE.match(cells[-1]):
            sep = " " if re.search(r"[A-Za-z0-9]$", cells[-1]) and re.match(r"^[A-Za-z0-9]", tok) else ""
            cells[-1] = cells[-1] + sep + tok
        elif cells and _joins_number(cells[-1], tok):
            cells[-1] = cells[-1] + tok  # "363, 519.00" or "3 635 190" split by the text layer
        else:
            cells.append(tok)
    return cells


def _unglue(cells: list[str], keep_empty: bool) -> list[str]:
    out: list[str] = []
    for cell in cells:
        if cell:
            out.extend(glued_numbers(cell))
        elif keep_empty:
            out.append(cell)
    return out


#: a number grouped by spaces (363 519.00): the groups after the first are three digits
_SPACE_GROUPED = re.compile(r"\d{1,3}(?: \d{3})+(?:\.\d+)?")


def glued_numbers(cell: str) -> list[str]:
    """A cell's numbers when it holds several printed one space apart, else the cell.

    Only a reading as one number stops the split, and spaces group the digits of one number
    only in threes with nothing else between (363 519.00): `2,474.91 411.86` cannot be one
    number (digits after decimals, two kinds of separator), nor `85.73% 2,474.91`. When
    both readings fit (`12 411.86`), the single number wins; the row reader splits it when
    the row lacks a figure (`split_grouped`)."""
    tokens = cell.split(" ")
    if len(tokens) < 2 or any(_is_text(t) for t in tokens if t):
        return [cell]
    if _SPACE_GROUPED.fullmatch(cell):
        return [cell]
    return [t for t in tokens if t]


def _joins_number(prev: str, tok: str) -> bool:
    return bool(re.fullmatch(r"\d{1,3}(?:,\d{3})*,", prev) and re.fullmatch(r"\d{3}(?:[,.]\d+)*", tok))


def _tokens(text: str) -> list[str]:
    """Single-space separated tokens, text kept apart (for rows with text columns)."""
    return [t for t in text.split(" ") if t]


def _is_text(token: str) -> bool:
    return classify_cell(token)[0] == "text"


@lru_cache(maxsize=65536)
def classify_cell(text: str) -> tuple[str, Decimal | None, str | None]:
    """text | amount | percent | dash, with the value and any unit printed in the cell
    (cached: filings repeat the same cells, and this is the parser's innermost call)."""
    s = text.strip().rstrip("*")
    if s in DASHES or re.fullmatch(r"[-—–─]{1,3}", s):
        return "dash", None, None
    if _PERCENT_RE.match(s):
        return "percent", parse_number(s.rstrip("%").strip()), None
    number = parse_number(s)
    if number is not None:
        return "amount", number, None
    m = re.match(r"^(.*?)(亿元|千万元|百万元|万元|千元|元)$", s)
    if m and parse_number(m.group(1)) is not None:
        return "amount", parse_number(m.group(1)), m.group(2)
    m = re.match(r"^[(（](-?[\d,.]+)[)）]$", s)  # (1,234.00): printed negative
    if m and (n := parse_number(m.group(1))) is not None:
        return "amount", -n, None
    return "text", None, None


# --- headers -------------------------------------------------------------------------------

def cell_role(text: str) -> str | None:
    """The role of one header cell: its first role word, with 调整后 overriding."""
    compact = re.sub(r"\s+", "", text)
    matches = [next(k.split("_")[0] for k, v in m.groupdict().items() if v) for m in _ROLE_RE.finditer(compact)]
    if not matches:
        return None
    if "after" in matches:
        numeric = [r for r in matches if r in ("proceeds", "total")]
        return numeric[0] if numeric else "after"
    if "before" in matches:
        return "before"
    if "period" in matches and matches[0] in ("total", "name") and len(matches) > 1:
        return "period"  # "2024年投资金额"
    return matches[0]


def header_roles(text: str) -> list[str]:
    roles = []
    for m in _ROLE_RE.finditer(text.replace(" ", "").replace("\t", "")):
        roles.append(next(k.split("_")[0] for k, v in m.groupdict().items() if v))
    return roles


@lru_cache(maxsize=65536)
def _is_header_text(text: str) -> bool:
    compact = re.sub(r"\s+", "", text)
    if not compact or "。" in compact or len(compact) > 120:
        return False
    if not _ROLE_RE.search(compact):
        return False
    covered = sum(len(m.group(0)) for m in _ROLE_RE.finditer(compact))
    stripped = re.sub(r"[(（][^)）]*[)）]|单位|人民币|万元|亿元|元|:|：|/|、|及|和|的|\|", "", compact)
    return covered >= 0.6 * max(1, len(stripped))


def _header_ok(roles: list[str]) -> bool:
    numeric = [r for r in roles if r in NUMERIC_ROLES and r != "share"]
    return bool(numeric) and ("name" in roles or "seq" in roles)


def _has_numbers(text: str) -> bool:
    return any(classify_cell(c)[0] in ("amount", "percent") for c in split_cells(text))


def find_header(lines: list[Line], i: int) -> tuple[int, list[str], str] | None:
    """If a table header starts at line i, return (lines it spans, roles, header text).
    A header cell wrapped onto the next lines (a narrow column: 拟投入募 over 集资金金额)
    is joined back into its cell, so the header text holds each label whole."""
    if _HEADING.match(re.sub(r"\s+", "", lines[i].text)):
        return None  # a numbered section heading (二、本次募集资金投资项目的具体情况) heads no table
    j = i
    parts: list[str] = []
    while j < len(lines) and j - i < 10:
        text, used = header_line(lines, j)
        if _has_numbers(text) and not re.search(r"T\s*\+\s*\d|\d{4}\s*年", text):
            break
        if not _is_header_text(text):
            break
        parts.append(text)
        j += used
        roles = header_roles(" ".join(parts))
        if _header_ok(roles) and (j >= len(lines) or not _is_header_text(lines[j].text)
                                  or _has_numbers(lines[j].text) and not _is_sub_header(lines[j].text)):
            return j - i, roles, "\n".join(parts)
    return None


def header_line(lines: list[Line], j: int) -> tuple[str, int]:
    """Line j with the rest of its header row joined on, and how many lines that took: the
    wrapped tails of its cells on the lines below, and, in a row whose cells are centred
    vertically, the shorter cells printed on a lower line beside them (项目投资 | 拟投入募集
    above 序号 | 项目名称, above 总额 | 资金金额)."""
    text, used, _placed = _header_row(lines, j)
    return text, used


def _header_row(lines: list[Line], j: int) -> tuple[str, int, list[_Placed] | None]:
    """header_line, with where each joined cell sits when the lines kept their layout."""
    text = lines[j].text
    if len(text) > 80 or "。" in text or _has_numbers(text) or _is_unit_line(text):
        return text, 1, None
    placed = _placed_cells(lines[j])
    if placed is None:
        return text, 1, None
    best: tuple[str, int, list[_Placed] | None] = (text, 1, placed)
    parts: list[list[str]] = [[c.label] for c in placed]
    spans = [(c.start, c.end) for c in placed]
    for used in range(2, _MAX_HEADER_WRAP + 2):
        if j + used - 1 >= len(lines) or not _place_tails(lines[j + used - 1], parts, spans):
            break
        if all(_wrap_reads(p) for p in parts):
            best = ("\t".join("".join(p) for p in parts), used,
                    [_Placed("".join(p), *span) for p, span in zip(parts, spans, strict=True)])
    return best


def _locate(columns: list[Column], lines: list[Line], start: int, span: int) -> None:
    """Note where each header cell sits on the page, so body cells can be put under their
    column by position (only where the header lines kept their layout)."""
    j = start
    while j < start + span:
        _text, used, placed = _header_row(lines, j)
        for cell in placed or []:
            label = re.sub(r"\s+", "", cell.label)
            col = next((c for c in columns if c.at is None and re.sub(r"\s+", "", c.label) == label), None)
            if col is not None:
                col.at = (cell.start, cell.end)
        j += used


#: how many lines a header cell may wrap onto
_MAX_HEADER_WRAP = 5
_BRACKETED = re.compile(r"[(（][^()（）]{1,10}[)）]")


@dataclass(frozen=True)
class _Placed:
    """A cell on an aligned line: its text and the columns it covers."""
    label: str
    start: int
    end: int


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _placed_cells(line: Line) -> list[_Placed] | None:
    """The cells of a line with where they sit, when the line kept its layout."""
    offsets = cell_offsets(line) if "\t" not in line.raw else None
    if offsets is None:
        return None
    cells = line.text.split("\t")
    return [_Placed(c, x, x + _display_width(c)) for x, c in zip(offsets, cells, strict=True)]


def _place_tails(line: Line, parts: list[list[str]], spans: list[tuple[int, int]]) -> bool:
    """Put each cell of `line` under the header cell it sits beneath (at most one piece per
    cell and line), or beside them as a cell of its own where it sits under none. False,
    with nothing changed, when the line cannot be part of the header row."""
    pieces = _placed_cells(line)
    if not pieces or _has_numbers(line.text) or len(line.text) > 80 or "。" in line.text or _is_unit_line(line.text):
        return False
    placed: dict[int, _Placed] = {}
    beside: list[_Placed] = []
    for piece in pieces:
        overlap = [min(end, piece.end) - max(start, piece.start) for start, end in spans]
        k = max(range(len(spans)), key=lambda n: overlap[n])
        if overlap[k] <= 0:
            beside.append(piece)
            continue
        if k in placed:
            return False
        placed[k] = piece
    for k, piece in placed.items():
        parts[k].append(piece.label)
        spans[k] = (min(spans[k][0], piece.start), max(spans[k][1], piece.end))
    for piece in beside:
        at = next((n for n, (start, _end) in enumerate(spans) if start > piece.start), len(spans))
        parts.insert(at, [piece.label])
        spans.insert(at, (piece.start, piece.end))
    return True


def _wrap_reads(parts: list[str]) -> bool:
    """Does a header cell printed as `parts` (one per line) read as wrapped? Every break
    falls inside a header word (拟投入募|集资金金|额, 项目投资|总额) or before a bracketed
    note such as (万元); a break between two whole words is a second header row."""
    compact = [re.sub(r"\s+", "", p) for p in parts]
    matches = [(m.start(), m.end()) for m in _ROLE_RE.finditer("".join(compact))]
    at = len(compact[0])
    for part in compact[1:]:
        if not (_BRACKETED.fullmatch(part) or any(a < at < b for a, b in matches)):
            return False
        at += len(part)
    return True


def _is_sub_header(text: str) -> bool:
    return bool(re.search(r"T\s*\+\s*\d|第\s*[一二三四五六七八九十\d]+\s*年|\d{4}\s*年", text)) and _is_header_text(text)


def header_columns(header: str) -> list[Column]:
    """The header's columns in order. Each header line is split into cells; a line that
    is itself one long run of role words (a PDF text layer that lost the gaps) is split
    at its role words instead."""
    columns: list[Column] = []
    for n, line in enumerate(header.split("\n")):
        cells = split_cells(line) if ("\t" in line or "|" in line) else line.split()
        split: list[str] = []
        for cell in cells:
            if _one_cell_label(cell):
                split.append(cell)
            else:  # a PDF text layer that lost the gaps between header cells
                split.extend(m.group(0) for m in _ROLE_RE.finditer(re.sub(r"\s+", "", cell)))
        cells = split
        for cell in cells:
            role = cell_role(cell)
            if role is None or _unit_only(cell):
                continue  # a unit, or the tail of a header word wrapped onto the next line
            columns.append(Column(role, cell, unit_declared(cell), n))
    return columns


_MODIFIERS = {"before", "after", "period"}


def _one_cell_label(text: str) -> bool:
    """"调整后拟投入募集资金" or "2024年投资金额" hold several role words but are one label;
    "项目名称投资总额" is two labels run together."""
    roles = header_roles(text)
    return len([r for r in roles if r not in _MODIFIERS]) <= 1


def _unit_only(cell: str) -> bool:
    return bool(re.fullmatch(r"[(（]?\s*(?:单位[:：]?)?\s*(?:人民币)?\s*(?:亿元|万元|元)\s*[)）]?", cell))


def _numeric_count_of(columns: list[Column]) -> int:
    return len([c for c in columns if c.role in NUMERIC_ROLES])


def _is_total_label(label: str) -> bool:
    return bool(re.search(r"合计|总计", label))


def _fold(columns: list[Column]) -> list[Column] | None:
    """A two-row header (拟投入募集资金 over 调整前 | 调整后, or 投资金额 over T+1 | T+2): the
    spanning cell is replaced, in its place, by the cells printed under it."""
    subs = [c for c in columns if c.role in ("before", "after")] or [c for c in columns if c.role == "period"]
    if not subs:
        return None
    first_sub = columns.index(subs[0])
    upper = [c for c in columns[:first_sub] if c.line < subs[0].line or c.line == subs[0].line]
    if subs[0].role in ("before", "after"):
        parent = next((c for c in reversed(upper) if c.role == "proceeds"), None) \
            or next((c for c in reversed(upper) if c.role == "total" and not _is_total_label(c.label)), None)
    else:
        parent = next((c for c in upper if c.role in ("total", "proceeds") and not _is_total_label(c.label)), None)
    if parent is None:
        return None
    rest = [c for c in columns if c is not parent and not any(c is s for s in subs)]
    at = columns.index(parent)
    placed = [Column(c.role, c.label, c.unit or parent.unit, c.line) for c in subs]
    before_parent = [c for c in rest if columns.index(c) < at]
    after_parent = [c for c in rest if columns.index(c) > at]
    return before_parent + placed + after_parent


def _reconcile(columns: list[Column], k: int) -> list[Column]:
    """Make the header's numeric columns agree with the count the body prints."""
    columns = list(columns)
    if k > 0 and _numeric_count_of(columns) > k and (folded := _fold(columns)) is not None:
        columns = folded
    while k > 0 and _numeric_count_of(columns) > k:
        seen: set[str] = set()
        drop = None
        for c in columns:
            if c.role in NUMERIC_ROLES and c.role in seen and c.role != "period" and "调整后" not in c.label:
                drop = c
                break
            seen.add(c.role)
        if drop is None:
            drop = next((c for c in columns if c.role == "before"), None) or \
                next((c for c in reversed(columns) if c.role == "share"), None) or \
                next(c for c in reversed(columns) if c.role in NUMERIC_ROLES)
        columns.remove(drop)
    while k > 0 and _numeric_count_of(columns) < k:
        columns.append(Column("amount", ""))
    if any(c.role == "after" for c in columns):
        has_proceeds = any(c.role == "proceeds" for c in columns)
        columns = [Column("proceeds" if not has_proceeds else "after", c.label, c.unit, c.line)
                   if c.role == "after" else c for c in columns]
        if has_proceeds and any(c.role == "after" for c in columns):
            # 调整后 columns beside an unqualified one: the adjusted figure is the one that counts
            columns = [Column("before", c.label, c.unit, c.line) if c.role == "proceeds" else
                       Column("proceeds", c.label, c.unit, c.line) if c.role == "after" else c for c in columns]
    return columns


# --- the table body --------------------------------------------------------------------------

def _declared_unit(lines: list[Line], start: int, header: str) -> str:
    unit = unit_declared(header.replace("\n", " ")) if _unit_for_whole(header) else None
    for k in range(start - 1, max(-1, start - 5), -1):
        unit = unit or unit_declared(lines[k].text)
    return unit or "万元"


def _unit_for_whole(header: str) -> bool:
    """A unit in the header applies to the whole table when no column carries its own."""
    return bool(re.search(r"单位", header))


_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d{1,2}、|第[一二三四五六七八九十\d]+[节章条])")


def _ends_table(text: str, following: str | None = None) -> bool:
    compact = re.sub(r"\s+", "", text)
    if compact.startswith(("注:", "注1", "注：", "说明:", "备注:", "注释", "资料来源", "数据来源")) or compact == "注":
        return True
    cells = split_cells(text)
    numeric = sum(1 for c in cells if classify_cell(c)[0] != "text")
    if numeric == 0 and (compact.endswith(_PROSE_END) or "。" in compact or len(compact) > 40):
        return True
    if numeric and "。" in compact and len(compact) > 30:
        return True
    if numeric == 0 and _HEADING.match(compact) and not (following is not None and _has_numbers(following)):
        return True  # a section heading, not a numbered row whose numbers follow on the next line
    return False


def _is_unit_line(text: str) -> bool:
    compact = re.sub(r"\s+", "", text)
    return bool(unit_declared(text)) and len(compact) < 24 and not _has_numbers(text)


def read_table(lines: list[Line], start: int) -> Table | None:
    found = find_header(lines, start)
    if not found:
        return None
    span, _roles, header = found
    columns = header_columns(header)
    if not _header_ok([c.role for c in columns]):
        return None
    _locate(columns, lines, start, span)
    unit = _declared_unit(lines, start, header)
    body: list[Line] = []
    end = start + span
    while end < len(lines) and end - start < 600:
        text = lines[end].text
        compact = re.sub(r"\s+", "", text)
        if _CONTINUED.match(compact):
            end += 1
            continue
        if _is_unit_line(text):
            # a unit line inside a table only opens its continuation on the next page
            nxt = find_header(lines, end + 1) if end + 1 < len(lines) else None
            if nxt and [c.role for c in header_columns(nxt[2])] == [c.role for c in columns]:
                end += 1 + nxt[0]
                continue
            break
        if _ends_table(text, lines[end + 1].text if end + 1 < len(lines) else None):
            break
        repeat = find_header(lines, end)
        if repeat:
            if [c.role for c in header_columns(repeat[2])] == [c.role for c in columns]:
                end += repeat[0]  # the header repeated after a page break
                continue
            break  # another table starts
        body.append(lines[end])
        end += 1
        if _body_closed_by_total(body, columns, lines[end].text if end < len(lines) else None):
            break
    cells = _body_cells(body, columns)
    k = _numeric_count(cells, columns)
    columns = _reconcile(columns, k)
    rows = _rows(cells, columns)
    if not any(any(v is not None for v in r.values) for r in rows):
        return None
    context = " ".join(ln.text for ln in lines[max(0, start - 6):start])
    notes = _notes(lines, end)
    return Table(header, columns, unit, rows, start, end, lines[start].page, context, notes)


def _notes(lines: list[Line], end: int) -> str:
    out = []
    for ln in lines[end:end + 4]:
        compact = re.sub(r"\s+", "", ln.text)
        if out or compact.startswith(("注", "说明")):
            out.append(compact)
        if not compact.startswith(("注", "说明")) and not out:
            break
    return "".join(out)


def _body_closed_by_total(body: list[Line], columns: list[Column], following: str | None = None) -> bool:
    """Stop right after a 合计 row has all its numbers, before the prose that follows. A
    合计 row ends the table: once it printed a number, a next line without numbers (a
    sentence, a heading) cannot be more of it, whatever cells the row left empty."""
    k = len([c for c in columns if c.role in NUMERIC_ROLES])
    numbers = 0
    for ln in reversed(body):
        cells = split_cells(ln.text)
        for cell in reversed(cells):
            kind = classify_cell(cell)[0]
            if kind == "text":
                name = re.sub(r"\s+", "", cell)
                name = _SEQ_PREFIX.sub("", name)
                if name not in TOTAL_NAMES or numbers == 0:
                    return False
                if numbers >= max(1, min(k, 2)) and _total_complete(body, k, numbers):
                    return True
                return following is not None and not _has_numbers(following)
            numbers += 1
    return False


def _total_complete(body: list[Line], k: int, numbers: int) -> bool:
    return numbers >= k or len(body) > 0 and numbers >= 1 and "\t" in body[-1].text


def _body_cells(body: list[Line], columns: list[Column]) -> list[Cell]:
    cells: list[Cell] = []
    has_text_columns = any(c.role in TEXT_ROLES for c in columns)
    k = len([c for c in columns if c.role in NUMERIC_ROLES])
    commas = any(_COMMA_GROUPED.search(ln.text) for ln in body)
    for row, ln in enumerate(body):
        grid = _grid_cells(ln.text, columns)
        if grid is not None:
            offsets = cell_offsets(ln) if "\t" not in ln.raw else None
            if offsets is not None and len(offsets) != len(grid):
                offsets = None
            for pos, (col, text) in enumerate(grid):
                kind, value, own_unit = classify_cell(text)
                if columns[col].role not in NUMERIC_ROLES and columns[col].role != "seq":
                    kind, value, own_unit = "text", None, None  # "—" under 实施主体 is text, not a number
                cells.append(Cell(kind, text, ln, value, own_unit, row, pos, offsets[pos] if offsets else None, col))
            continue
        raw = split_cells(ln.text)
        if commas:
            raw = split_grouped(raw, k)
        offsets = cell_offsets(ln) if "\t" not in ln.raw else None
        if offsets is not None and len(offsets) != len(raw):
            offsets = None
        if has_text_columns and "\t" not in ln.text and "|" not in ln.text:
            # single-space rows: keep text tokens apart so a 实施主体 column is not glued to the name
            raw = _tokens(ln.text) if len(_tokens(ln.text)) <= len(columns) else raw
        for pos, text in enumerate(raw):
            kind, value, own_unit = classify_cell(text)
            cells.append(Cell(kind, text, ln, value, own_unit, row, pos, offsets[pos] if offsets else None))
    return cells


_COMMA_GROUPED = re.compile(r"\d,\d{3}")


def split_grouped(cells: list[str], k: int) -> list[str]:
    """In a table that groups digits with commas, `12 411.86` is not one number grouped
    by a space but two columns set one space apart: split it when the line prints fewer
    numbers than the table has numeric columns and splitting does not print more (numbers
    before the row's text, such as its 序号, are not its figures)."""
    texts = [n for n, c in enumerate(cells) if classify_cell(c)[0] == "text"]
    numbers = sum(1 for c in cells[texts[-1] + 1 if texts else 0:] if classify_cell(c)[0] != "text")
    out: list[str] = []
    for cell in cells:
        parts = cell.split(" ")
        if _SPACE_GROUPED.fullmatch(cell) and numbers + len(parts) - 1 <= k:
            out.extend(parts)
            numbers += len(parts) - 1
        else:
            out.append(cell)
    return out


def _grid_cells(text: str, columns: list[Column]) -> list[tuple[int, str]] | None:
    """A separated line with exactly one cell per header column (empties kept): its
    non-empty cells with their columns."""
    if "\t" not in text and text.count("|") < 2:
        return None
    cells = split_cells(text, keep_empty=True)
    if len(cells) != len(columns) or len(columns) < 2:
        return None
    numeric_at = [i for i, c in enumerate(columns) if c.role in NUMERIC_ROLES]
    if not any(classify_cell(cells[i])[0] in ("amount", "percent") for i in numeric_at if cells[i]):
        return None
    if any(cells[i] and classify_cell(cells[i])[0] == "text" for i in numeric_at):
        return None  # text under a number column: the columns are not where the header says
    return [(i, c) for i, c in enumerate(cells) if c]


def _numeric_count(cells: list[Cell], columns: list[Column]) -> int:
    """How many numbers a full row prints: the header's count when the body agrees, else
    the count the body's rows most often show."""
    header_k = len([c for c in columns if c.role in NUMERIC_ROLES])
    has_seq = any(c.role == "seq" for c in columns)
    runs: list[int] = []
    run = 0
    last: SeqPos | None = None
    if any(c.col is not None for c in cells):
        return header_k  # lines that print one cell per header column confirm the header
    for i, cell in enumerate(cells):
        nxt = cells[i + 1] if i + 1 < len(cells) else None
        if cell.kind == "text":
            if run:
                runs.append(run)
            run = 0
            continue
        if has_seq and _is_seq(cell, nxt, last, 0 < run < header_k):
            last = _seq_pos(cell.text, last)
            if run:
                runs.append(run)
            run = 0
            continue
        run += 1
    if run:
        runs.append(run)
    if not runs:
        return header_k
    counts = Counter(runs)
    if counts.get(header_k):
        return header_k
    best = max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
    return best


#: where a table's numbering stands: (item, sub-item), 2 → (2, 0), 2.1 → (2, 1)
SeqPos = tuple[int, int]


def _is_seq(cell: Cell, following: Cell | None, last: SeqPos | None = None, incomplete: bool = False) -> bool:
    """Is this cell the row's sequence number? Only if it fits the numbering so far (the
    next item, or the next sub-item of the current one) and a name follows it: a small
    amount such as 30, 2.25 or 12.10 before 合计 or beside a wrapped name is an amount."""
    text = cell.text.strip()
    if not _SEQ_RE.match(text) or following is None:
        return False
    if not _fits(text.rstrip("."), last):
        return False
    if following.kind == "text" and _SEQ_PREFIX.sub("", following.text.replace(" ", "")) in TOTAL_NAMES:
        return False  # no number stands before 合计: it is the last amount of the row above
    if incomplete and "." in text.rstrip("."):
        return False  # the row before still lacks a number: this one is it
    if following.kind == "text":
        return True
    # "1 | 31,756.19 | ..." where the name sits on the lines around the number (centred cells)
    return following.row == cell.row and cell.pos == 0 and cell.kind == "amount" and "." not in text \
        and len(text) <= 2


def _fits(text: str, last: SeqPos | None) -> bool:
    """Does an Arabic number continue the numbering? (其他 numerals, 一 / (一) / ①, always do.)"""
    if not re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){0,3}", text):
        return True
    parts = text.split(".")
    if len(parts) == 1:
        return last is None or int(text) in (last[0] + 1, 1)
    if any(p.startswith("0") or int(p) > 40 for p in parts):
        return False  # 0.01 or 1.50 is an amount, not the item numbered 1.1
    major, minor = int(parts[0]), int(parts[1])
    if last is None:
        return minor == 1  # a table whose numbering opens at a sub-item opens at x.1
    if len(parts) > 2:
        return major == last[0] and minor in (last[1], last[1] + 1)  # 1.2.1 under 1.2
    # 1.2 follows 1.1 (or 1); 2.25 after item 2, or 12.10 after item 1, is an amount
    return major == last[0] and minor == last[1] + 1


def _seq_pos(text: str | None, last: SeqPos | None = None) -> SeqPos | None:
    """The numbering after a row numbered `text` (unchanged by 一 / (一) / ① numbering)."""
    m = re.fullmatch(r"(\d{1,3})(?:\.(\d{1,3}))?(?:\.\d{1,3})*\.?", (text or "").strip())
    if m is None:
        return last
    return int(m.group(1)), int(m.group(2) or 0)


def _complete(name: str) -> bool:
    return name.endswith(NAME_ENDINGS) or name.endswith((")", "）", "”", "\""))


@dataclass
class _Open:
    seq: str | None
    texts: list[Cell]
    values: list[Cell]
    line: Line
    slots: list[Cell | None] | None = None  # values placed by column (a grid line)
    fixed: dict[str, str] | None = None  # text columns placed by column (a grid line)
    fixed_x: dict[str, int | None] | None = None  # where those columns start on an aligned line
    above: int = 0  # lines of its name printed above its numbers (cells centred in their row)

    @property
    def name(self) -> str:
        return "".join(c.text for c in self.texts)


def _rows(cells: list[Cell], columns: list[Column]) -> list[Row]:
    """The row grammar: [seq] text+ number{k} [text…], wrapped-name fragments placed by layout.

    A text fragment printed after a finished row is that row's continuation when what
    comes next is a row that carries its own name (a top-aligned cell wrapped below its
    numbers); it opens the next row when the next numbers have no name of their own (a
    name printed above its numbers, or a cell per line). Only where the layout leaves it
    open does the sense of the name (does it end like a name?) decide.
    """
    numeric = [c for c in columns if c.role in NUMERIC_ROLES]
    k = max(1, len(numeric))
    has_seq = any(c.role == "seq" for c in columns)
    names_at = [i for i, c in enumerate(columns) if c.role not in NUMERIC_ROLES and c.role != "seq"]
    first_numeric = next((i for i, c in enumerate(columns) if c.role in NUMERIC_ROLES), len(columns))
    lead_text = [columns[i] for i in names_at if i < first_numeric][1:]  # text columns before the numbers
    trail_text = [columns[i] for i in names_at if i > first_numeric]
    regions = _regions(columns, [columns[i] for i in names_at if i < first_numeric])
    one_per_line = _one_cell_per_line(cells)
    centred = not one_per_line and _centred(cells)
    rows: list[Row] = []
    cur: _Open | None = None
    trailing: list[Cell] = []
    last: SeqPos | None = None

    def close() -> None:
        nonlocal cur, trailing
        if cur is not None and cur.values:
            rows.append(_finish(cur, numeric, lead_text, trail_text, trailing, one_per_line, regions))
        elif cur is not None and cur.texts and rows and rows[-1].kind == "item" \
                and not any(_sentence(c.text) for c in cur.texts):
            rows[-1].name += cur.name
        cur = None
        trailing = []

    i = 0
    while i < len(cells):
        cell = cells[i]
        nxt = cells[i + 1] if i + 1 < len(cells) else None
        if cell.col is not None:
            j = i
            while j < len(cells) and cells[j].row == cell.row:
                j += 1
            line_cells = cells[i:j]
            name_cells = [c for c in line_cells if columns[c.col or 0].role == "name"]
            if cur is not None and cur.texts and not cur.values:
                opened = cur  # the name (or its head, cells centred) was printed on the lines above
            else:
                close()
                opened = _Open(None, [], [], cell.line)
            seq_cell = next((c for c in line_cells if columns[c.col or 0].role == "seq"), None)
            if seq_cell is not None:
                opened.seq = seq_cell.text.strip()
                last = _seq_pos(opened.seq, last)
            opened.texts.extend(name_cells)
            numeric_cols = [n for n, c in enumerate(columns) if c.role in NUMERIC_ROLES]
            opened.slots = [next((c for c in line_cells if c.col == n), None) for n in numeric_cols]
            opened.values = [c for c in opened.slots if c is not None] or [cell]
            opened.above = len({c.row for c in opened.texts if c.row < cell.row})
            opened.fixed = {columns[c.col or 0].role: c.text for c in line_cells if columns[c.col or 0].role in TEXT_ROLES}
            opened.fixed_x = {columns[c.col or 0].role: c.x for c in line_cells if columns[c.col or 0].role in TEXT_ROLES}
            if len(opened.values) < k:
                opened.values = opened.values + [opened.values[-1]] * (k - len(opened.values))  # full: nothing more to read
            cur = opened
            i = j
            continue
        incomplete = cur is not None and 0 < len(cur.values) < k
        if has_seq and _is_seq(cell, nxt, last, incomplete) and not (
                cur is not None and cur.texts and not cur.values and cell.row == cur.texts[-1].row and cell.pos > 0):
            last = _seq_pos(cell.text, last)
            if cur is not None and not cur.values and cur.seq is None:
                cur.seq = cell.text.strip()  # fragments printed above the number belong to this row
                i += 1
                continue
            close()
            cur = _Open(cell.text.strip(), [], [], cell.line)
        elif cell.kind == "text":
            if cur is not None and len(cur.values) >= k:
                if trail_text and len(trailing) < len(trail_text) and cell.row == cur.values[-1].row:
                    trailing.append(cell)
                    i += 1
                    continue
                if trail_text and one_per_line and len(trailing) < len(trail_text) and not _starts_row(cells, i, has_seq):
                    trailing.append(cell)
                    i += 1
                    continue
                j = _fragment_run_end(cells, i, cur.values[-1].row)
                m = _previous_share(cells, i, j, cur, has_seq, one_per_line, centred) if j > i else 0
                if m:
                    cur.texts.extend(cells[i:i + m])
                    if i + m < j:  # the rest opens the next row (cells centred in their rows)
                        close()
                        cur = _Open(None, list(cells[i + m:j]), [], cells[i + m].line)
                    i = j
                    continue
                close()
            elif cur is not None and cur.values and len(cur.values) < k:
                close()
            if cur is None:
                cur = _Open(None, [], [], cell.line)
            cur.texts.append(cell)
        else:
            if cur is None or len(cur.values) >= k:
                close()
                cur = _Open(None, [], [], cell.line)
            if not cur.values:
                cur.above = len({c.row for c in cur.texts if c.row < cell.row})
            cur.values.append(cell)
        i += 1
    close()
    return [r for r in rows if any(v is not None for v in r.values) or r.kind == "total"]


def _one_cell_per_line(cells: list[Cell]) -> bool:
    """Does the export print one cell a line? Not when the numbers sit to the right of every
    name (an aligned table of one numeric column whose cells are centred in their rows)."""
    per_line = Counter(c.row for c in cells)
    if not per_line or sum(1 for n in per_line.values() if n == 1) < 0.8 * len(per_line):
        return False
    texts = [c.x for c in cells if c.kind == "text"]
    numbers = [c.x for c in cells if c.kind == "amount"]
    if texts and numbers and None not in texts and None not in numbers:
        return min(x for x in numbers if x is not None) <= max(x for x in texts if x is not None)
    return True


def _starts_row(cells: list[Cell], i: int, has_seq: bool) -> bool:
    name = _SEQ_PREFIX.sub("", cells[i].text.replace(" ", ""))
    return name in TOTAL_NAMES or name in SUBTOTAL_NAMES


def _fragment_run_end(cells: list[Cell], i: int, values_row: int) -> int:
    """End of the run of text cells from i that sit on lines holding nothing but text."""
    rows_with_other = {c.row for c in cells if c.kind != "text"}
    j = i
    while j < len(cells) and cells[j].kind == "text" and cells[j].row not in rows_with_other \
            and cells[j].row != values_row:
        if _starts_row(cells, j, False):
            break
        j += 1
    return j


def _centred(cells: list[Cell]) -> bool:
    """Are the table's cells centred vertically? Then a row whose name wraps prints its
    numbers on a line of their own between the name's lines (a top-aligned row prints the
    first piece of its name beside its numbers), so some line holds numbers and no text,
    right under a line of the name, or the table opens with a line of a name above its
    numbers."""
    with_text = {c.row for c in cells if c.kind == "text"}
    with_numbers = {c.row for c in cells if c.kind != "text"}
    if any(row not in with_text and row - 1 in with_text and row - 1 not in with_numbers for row in with_numbers):
        return True
    # or the first row's name starts on a line above its numbers, which carry its middle piece
    first = cells[0].row if cells else 0
    return bool(cells) and first in with_text and first not in with_numbers \
        and first + 1 in with_numbers and first + 1 in with_text


def _previous_share(cells: list[Cell], i: int, j: int, cur: _Open, has_seq: bool, one_per_line: bool,
                    centred: bool = False) -> int:
    """How many of the text-only cells cells[i:j] continue the row before them (the rest
    open the next row). Never a 合计 row's (it has no name to continue), never a sentence
    (a name does not run on into prose). In a table whose cells are centred vertically a
    wrapped name prints around its numbers, so the fragments between two rows' numbers are
    the tail of one name and the head of the next: where the row above is left unfinished
    and a whole number of lines finishes it, they split there."""
    if _is_total_name(cur.name) or _is_total_name(cur.seq or "") or any(_sentence(c.text) for c in cells[i:j]):
        return 0
    anchor = cells[j] if j < len(cells) else None
    if anchor is None or (anchor.kind == "text" and _starts_row(cells, j, has_seq)):
        return j - i  # the table ends (or its 合计 row comes): nothing else could own them
    if centred:
        return _lines_of(cells, i, j, cur.above)  # a centred name prints as many lines below as above
    after = cells[j + 1] if j + 1 < len(cells) else None
    if has_seq and _is_seq(anchor, after, _seq_pos(cur.seq)):
        if after is not None and after.kind == "text" and after.row == anchor.row:
            if centred and not _complete(cur.name):  # the next name's middle piece sits beside its number
                return _finishing_lines(cells, i, j, cur) or j - i
            return j - i  # the next row prints its own name beside its number
        if one_per_line:
            return j - i if not _complete(cur.name) else 0
        if _complete(cur.name):
            return 0
        return _finishing_lines(cells, i, j, cur) or (j - i if j - i > 1 else 0)
    if anchor.kind == "text":
        # a row with its own name on a line that also holds numbers: a top-aligned table
        if centred and not _complete(cur.name):
            return _finishing_lines(cells, i, j, cur) or j - i
        return 0 if one_per_line else j - i
    # numbers with no name of their own: the fragments are that row's name, unless the row
    # above is unfinished and the first lines finish it
    if one_per_line or _complete(cur.name):
        return 0
    return _finishing_lines(cells, i, j, cur)


def _lines_of(cells: list[Cell], i: int, j: int, lines: int) -> int:
    """How many cells of cells[i:j] the first `lines` lines hold."""
    seen: set[int] = set()
    for n in range(i, j):
        seen.add(cells[n].row)
        if len(seen) > lines:
            return n - i
    return j - i


def _finishing_lines(cells: list[Cell], i: int, j: int, cur: _Open) -> int:
    """The fewest whole lines of cells[i:j] that finish the name of `cur`, leaving at least
    one line for the next row (0 when none do)."""
    for m in range(1, j - i):
        if cells[i + m - 1].row != cells[i + m].row and \
                _complete(cur.name + "".join(c.text for c in cells[i:i + m])):
            return m
    return 0


def _is_total_name(text: str) -> bool:
    return _SEQ_PREFIX.sub("", re.sub(r"\s+", "", text)) in TOTAL_NAMES


def _sentence(text: str) -> bool:
    """Prose, not a cell: a full stop, or clauses set off by commas over a long run."""
    compact = re.sub(r"\s+", "", text)
    return "。" in compact or (len(compact) > 20 and bool(re.search(r"[,，;；]", compact)))


def _finish(cur: _Open, numeric: list[Column], lead_text: list[Column], trail_text: list[Column],
            trailing: list[Cell], one_per_line: bool, regions: list[tuple[float, float]] | None = None) -> Row:
    if cur.fixed is not None:
        name, texts = _grid_texts(cur, lead_text)
    else:
        name, texts = _split_texts(cur.texts, lead_text, one_per_line, regions)
    for col, cell in zip(trail_text, trailing, strict=False):
        texts[col.role] = cell.text
    seq = cur.seq
    if seq is None and (m := _SEQ_PREFIX.match(name)) and len(name) > m.end():
        seq = m.group(1)
        name = name[m.end():]
    values = list(cur.slots) if cur.slots is not None else _place_values(cur.values, numeric)
    spanned: list[Line] = []
    for c in sorted([*cur.texts, *cur.values, *trailing], key=lambda c: (c.row, c.pos)):
        if not any(c.line is ln for ln in spanned):
            spanned.append(c.line)
    if not any(cur.line is ln for ln in spanned):
        spanned.insert(0, cur.line)
    printed = "" if len(spanned) == 1 else " ".join(re.sub(r"\s+", " ", ln.text) for ln in spanned)
    row = Row(seq, name, values, cur.line, texts=texts, printed=printed)
    compact = re.sub(r"\s+", "", name)
    stripped = _SEQ_PREFIX.sub("", compact)
    stripped = re.sub(r"^[一二三四五六七八九十\d.、()（）]+", "", stripped)
    stripped = re.sub(r"[(（][^)）]*[)）]$", "", stripped)
    if stripped in TOTAL_NAMES or compact in TOTAL_NAMES or (seq or "").replace(" ", "") in TOTAL_NAMES \
            or (not compact and not seq):
        row.kind = "total"
        if seq and seq.replace(" ", "") in TOTAL_NAMES:
            row.name = seq + name
    elif stripped in SUBTOTAL_NAMES:
        row.kind = "subtotal"
    return row


def _grid_texts(cur: _Open, lead_text: list[Column]) -> tuple[str, dict[str, str]]:
    """Name and text columns of a row read by column, with the wrapped lines around it put
    under the column they sit beneath (by position on aligned lines, else by order)."""
    anchors = [(c.x, "name") for c in cur.texts if c.col is not None and c.x is not None]
    anchors += [(x, role) for role, x in (cur.fixed_x or {}).items() if x is not None]
    parts: dict[str, list[str]] = {}
    for c in sorted(cur.texts, key=lambda c: (c.row, c.pos)):
        if c.col is not None:
            role = "name"
        elif anchors and c.x is not None:
            role = min(anchors, key=lambda a: abs(a[0] - (c.x or 0)))[1]
        else:
            order = ["name", *[col.role for col in lead_text]]
            role = order[min(c.pos, len(order) - 1)]
        parts.setdefault(role, []).append(c.text)
    texts = dict(cur.fixed or {})
    for role, pieces in parts.items():
        if role != "name":
            texts[role] = texts.get(role, "") + "".join(pieces)
    return "".join(parts.get("name", [])), texts


def _regions(columns: list[Column], text_columns: list[Column]) -> list[tuple[float, float]] | None:
    """Where on an aligned line each text column before the numbers (the name, then 实施主体
    …) runs: from halfway between its header label and the label before it to halfway to
    the next. None unless the header kept its layout."""
    if len(text_columns) < 2 or any(c.at is None for c in columns):
        return None
    spans = [c.at for c in columns if c.at is not None]
    out = []
    for col in text_columns:
        n = next(i for i, c in enumerate(columns) if c is col)
        left = (spans[n - 1][1] + spans[n][0]) / 2 if n > 0 else float("-inf")
        right = (spans[n][1] + spans[n + 1][0]) / 2 if n + 1 < len(spans) else float("inf")
        out.append((left, right))
    return out


def _under(cell: Cell, regions: list[tuple[float, float]]) -> int | None:
    """The text column a cell sits under, by where its middle falls."""
    if cell.x is None:
        return None
    middle = cell.x + _display_width(cell.text) / 2
    return next((n for n, (left, right) in enumerate(regions) if left <= middle < right), None)


def _split_texts(texts: list[Cell], lead_text: list[Column], one_per_line: bool,
                 regions: list[tuple[float, float]] | None = None) -> tuple[str, dict[str, str]]:
    """The row's text cells → its name and its text columns (实施主体, 实施地点 …): by where
    they sit under the header when the lines kept their layout, else by order."""
    if not lead_text or not texts:
        return _join([c.text for c in texts]), {}
    columns: list[list[str]] = [[] for _ in range(1 + len(lead_text))]
    slots = [_under(c, regions) for c in texts] if regions is not None and not one_per_line else None
    if slots is not None and all(n is not None for n in slots):
        for c, n in zip(texts, slots, strict=True):
            columns[n or 0].append(c.text)
    elif one_per_line:
        t = len(lead_text)
        if len(texts) > t:
            columns[0] = [c.text for c in texts[:-t]]
            for n, c in enumerate(texts[-t:]):
                columns[1 + n].append(c.text)
        else:
            columns[0] = [c.text for c in texts]
    else:
        by_line: dict[int, list[Cell]] = {}
        for c in texts:
            by_line.setdefault(c.row, []).append(c)
        widest = max(by_line.values(), key=len)
        anchors = [c.x for c in widest] if len(widest) == 1 + len(lead_text) and all(c.x is not None for c in widest) else None
        for line_cells in by_line.values():
            if anchors is not None and line_cells is not widest and all(c.x is not None for c in line_cells):
                for c in line_cells:  # a wrapped line of an aligned table: each piece under its column
                    slot = min(range(len(anchors)), key=lambda n: abs(anchors[n] - (c.x or 0)))
                    columns[slot].append(c.text)
                continue
            extra = len(line_cells) - (1 + len(lead_text))
            if extra > 0:  # more cells than columns: the name itself was split by spaces
                head = Cell("text", _join([c.text for c in line_cells[:extra + 1]]), line_cells[0].line)
                line_cells = [head, *line_cells[extra + 1:]]
            for n, c in enumerate(line_cells):
                columns[n].append(c.text)
    texts_out = {col.role: "".join(parts) for col, parts in zip(lead_text, columns[1:], strict=True) if parts}
    return _join(columns[0]), texts_out


def _join(parts: list[str]) -> str:
    return "".join(parts)


def _place_values(values: list[Cell], numeric: list[Column]) -> list[Cell | None]:
    """Numbers into their columns; a short row keeps percentages in 占比 columns and fills
    amount columns from the left."""
    k = len(numeric)
    if len(values) >= k or k == 0:
        return list(values[:k]) if k else list(values)
    slots: list[Cell | None] = [None] * k
    share_slots = [i for i, c in enumerate(numeric) if c.role == "share"]
    amount_slots = [i for i, c in enumerate(numeric) if c.role != "share"]
    for v in values:
        pool = share_slots if v.kind == "percent" and share_slots else amount_slots
        if pool:
            slots[pool.pop(0)] = v
    return slots


def find_tables(lines: list[Line]) -> list[Table]:
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        text = lines[i].text
        table = read_table(lines, i) if len(text) <= 160 and "。" not in text \
            and _is_header_text(header_line(lines, i)[0]) else None
        if table:
            tables.append(table)
            i = max(table.end, i + 1)
        else:
            i += 1
    return tables


def unit_factor(unit: str) -> Decimal:
    return UNIT_TO_WAN[unit]
