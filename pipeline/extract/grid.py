"""Wide tables read by column: the 募集资金使用情况对照表 and the before/after tables of notices.

The plan-table reader (tables.py) reads a row as text followed by numbers. A 对照表 row
is not that: text (是/否, 2025年12月, 不适用) and numbers alternate across a dozen columns,
under a header merged over two or three rows. So these tables are read by column:

- the header is the run of label lines right above the first row of values; its columns
  come from the cells each line prints (tab-, `|`- or HTML-separated, a spanning cell's
  label carried over the columns under it) or, on aligned text and PDF pages, from where
  each label fragment sits (a label wrapped over several lines is one column);
- a body line is placed under the header by the same means: by cell count, by position,
  or, where a line prints fewer cells than there are columns (empty cells dropped), by
  the kind each column holds (numbers under amounts, 是/否 under yes/no columns, dates
  under dates), the best placement of its cells in order;
- a line with only text is a wrapped cell: it continues the row above, or, when the row
  after it prints no name of its own, starts that row (a name printed above its numbers);
- 合计 / 小计 rows are totals; a row naming a raise and nothing else (首次公开发行股票…)
  heads the rows under it; prose, notes (注：), the next heading or the next table end it.

What the columns mean is data (`after_raise_columns.csv`: table, role, pattern), one
vocabulary per kind of table; the reader itself knows no column by name.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from pipeline.extract.amounts import DASHES, nfkc, to_wan, unit_declared
from pipeline.extract.dates import is_date_cell
from pipeline.extract.lines import Line, clean
from pipeline.extract.offering_names import offering_name
from pipeline.extract.tables import SUBTOTAL_NAMES, TOTAL_NAMES, classify_cell, split_cells

COLUMNS_FILE = Path(__file__).with_name("after_raise_columns.csv")
#: formula marks printed in headers: (1), (3)=(2)-(1), (4)=(2)/(1), %
_ANNOTATION = re.compile(r"^[(（]?\s*%?\s*[)）]?$|^(?:[(（]\s*\d{1,2}\s*[)）]|[=＝+\-−/*×÷%\s])+$")
_ANNOTATION_IN_LABEL = re.compile(r"[(（]\s*\d{1,2}\s*[)）](?:\s*[=＝][^\u4e00-\u9fa5]*)?|[(（]\s*%\s*[)）]|%")
_NOTE = re.compile(r"^(?:注[:：\d①-⑳]|注$|说明[:：]|备注[:：]|资料来源|数据来源)")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十\d]+[节章条]|附表\s*\d|附件\s*\d)")
_YESNO = {"是", "否", "部分变更", "已变更", "未变更", "变更", "部分", "有", "无", "不变"}
_DONE = re.compile(r"^(?:已完成|已结项|已完工|已达到|已实施完毕|已终止|已结束|不适用|尚未确定|待定|持续投入|持续进行)")
_SPAN = re.compile(r"\S+(?:[ \u3000\u00a0]\S+)*")


@dataclass(frozen=True)
class Vocabulary:
    table: str
    rules: tuple[tuple[str, re.Pattern[str]], ...]

    def role(self, label: str) -> str | None:
        """The role of a column label: the first rule whose pattern it contains."""
        text = bare_label(label)
        if not text:
            return None
        for role, pattern in self.rules:
            if pattern.search(text):
                return role
        return None


@lru_cache(maxsize=8)
def vocabulary(table: str) -> Vocabulary:
    with COLUMNS_FILE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    broken = [row for row in rows if None in row or None in row.values()]
    if broken:  # a pattern with an unquoted comma ({0,20}) spills into the next field
        raise ValueError(f"{COLUMNS_FILE.name}: rows with the wrong number of fields: {broken[:3]}")
    rules = tuple((row["role"], re.compile(row["pattern"])) for row in rows if row["table"] == table)
    if not rules:
        raise ValueError(f"no column vocabulary for {table!r} in {COLUMNS_FILE.name}")
    return Vocabulary(table, rules)


def bare_label(label: str) -> str:
    """A header label without white space, formula marks and units."""
    text = re.sub(r"\s+", "", nfkc(label))
    text = _ANNOTATION_IN_LABEL.sub("", text)
    return re.sub(r"[(（](?:单位[:：]?)?(?:人民币)?(?:亿元|万元|元)[)）]", "", text)


# --- cells -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Piece:
    """One printed cell of a line, with where it sits (aligned lines) or its place (separated lines)."""

    text: str
    line: Line
    lo: int | None = None
    hi: int | None = None


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _separated(line: Line) -> bool:
    return "\t" in line.raw or line.raw.count("|") >= 2


def _aligned(line: Line) -> bool:
    return not _separated(line) and bool(re.search(r"\S[ \u3000\u00a0]{2,}\S", line.raw))


def pieces(line: Line) -> list[Piece]:
    """The cells of a line: separated cells in order, or runs of text set apart by two or
    more spaces with their x-span (start, as printed, to start plus the printed width: a
    CJK glyph is two columns wide)."""
    return [Piece(text, line, lo, hi) for text, lo, hi in _spans(line)]


@lru_cache(maxsize=65536)
def _spans(line: Line) -> tuple[tuple[str, int | None, int | None], ...]:
    """(text, start, end) of each cell; cached by what the line prints, so it holds no line."""
    if _separated(line):
        return tuple((c, None, None) for c in split_cells(line.text))
    raw = line.raw.expandtabs(8)
    out = []
    for m in _SPAN.finditer(raw):
        text = clean(m.group(0))
        if text:
            out.append((text, m.start(), m.start() + _width(m.group(0))))
    return tuple(out)


@lru_cache(maxsize=65536)
def cell_kinds(text: str) -> frozenset[str]:
    """What a body cell could be: amount, percent, seq, dash, yesno, date, text."""
    s = re.sub(r"\s+", "", nfkc(text)).rstrip("*")
    if not s:
        return frozenset({"empty"})
    kind, value, _unit = classify_cell(re.sub(r"^[-−－](?=\d)", "", s))
    if s in DASHES or kind == "dash":
        return frozenset({"dash"})
    kinds: set[str] = set()
    if kind == "percent":
        kinds.add("percent")
    elif kind == "amount":
        kinds.add("amount")
        if re.fullmatch(r"\d{1,2}", s):
            kinds.add("seq")
    if is_date_cell(s):
        kinds.add("date")
    if s in _YESNO:
        kinds.add("yesno")
    if _DONE.match(s):
        kinds.add("status")
    if re.fullmatch(r"[(（]?[一二三四五六七八九十]{1,3}[)）、.]?|\d{1,2}[.、]|[①-⑳]", s):
        kinds.add("seq")
    return frozenset(kinds or {"text"})


@lru_cache(maxsize=65536)
def _is_value(text: str) -> bool:
    """A cell that is a figure of a row (not a header label or a formula mark)."""
    s = re.sub(r"\s+", "", nfkc(text))
    if _ANNOTATION.match(s):
        return False
    kinds = cell_kinds(s)
    return bool(kinds & {"amount", "percent", "date"}) and not kinds == {"amount", "seq"} or s in ("合计", "小计")


@lru_cache(maxsize=65536)
def _value_line(line: Line) -> bool:
    cells = pieces(line)
    values = [p for p in cells if _is_value(p.text)]
    if not values:
        return False
    # a lone small number on a line of its own is a page number or a sequence mark, not a row
    return len(cells) > 1 or bool(cell_kinds(values[0].text) & {"percent", "date"}) or "." in values[0].text


@lru_cache(maxsize=65536)
def _header_ish(line: Line) -> bool:
    text = re.sub(r"\s+", "", line.text)
    if not text or "。" in text or len(text) > 240 or _NOTE.match(text):
        return False
    if re.match(r"^(?:编制单位|单位|金额单位|币种)[:：]", text) or (unit_declared(line.text) and len(text) < 16):
        return False
    cells = pieces(line)
    return not any(_is_value(p.text) or cell_kinds(p.text) == {"dash"} for p in cells)


# --- the grid --------------------------------------------------------------------------------

@dataclass
class GridColumn:
    label: str
    role: str | None = None
    parts: list[str] = field(default_factory=list)  # the label as printed per header row, top first
    unit: str | None = None
    lo: int | None = None
    hi: int | None = None


@dataclass
class GridRow:
    cells: list[str]  # one per column, "" where empty
    lines: list[Line]
    kind: str = "item"  # item | total | subtotal
    group: str | None = None  # the raise a group row above it named (首次公开发行股票…)
    above: int = 0  # lines of text printed above its figures (a centred cell)
    below: int = 0  # lines of text printed under them

    @property
    def line(self) -> Line:
        return self.lines[0]

    @property
    def printed(self) -> str:
        return " ".join(re.sub(r"\s+", " ", ln.text) for ln in self.lines)


@dataclass
class Grid:
    vocabulary: str
    columns: list[GridColumn]
    rows: list[GridRow]
    unit: str
    start: int  # index of the header's first line
    body: int  # index of the first body line
    end: int  # index after the last line read
    page: int
    heading: list[Line] = field(default_factory=list)  # the lines above the header, nearest last

    def index(self, role: str) -> int | None:
        return next((i for i, c in enumerate(self.columns) if c.role == role), None)

    def has(self, role: str) -> bool:
        return self.index(role) is not None

    def text(self, row: GridRow, role: str) -> str | None:
        i = self.index(role)
        if i is None or i >= len(row.cells):
            return None
        value = row.cells[i].strip()
        return value or None

    def amount(self, row: GridRow, role: str) -> Decimal | None:
        """The row's figure in the column of `role`, in 万元 (None for a dash or text)."""
        i = self.index(role)
        if i is None or i >= len(row.cells):
            return None
        text = re.sub(r"\s+", "", row.cells[i])
        negative = bool(re.match(r"^[-−－](?=\d)", text))
        kind, value, unit = classify_cell(text[1:] if negative else text)
        if kind != "amount" or value is None:
            return None
        return to_wan(-value if negative else value, unit or self.columns[i].unit or self.unit)

    def percent(self, row: GridRow, role: str) -> Decimal | None:
        """A percentage as printed (52.40% and 52.40 are both 52.40)."""
        i = self.index(role)
        if i is None or i >= len(row.cells):
            return None
        kind, value, _unit = classify_cell(re.sub(r"\s+", "", row.cells[i]))
        return value if kind in ("percent", "amount") and value is not None else None

    @property
    def items(self) -> list[GridRow]:
        return [r for r in self.rows if r.kind == "item"]

    @property
    def totals(self) -> list[GridRow]:
        return [r for r in self.rows if r.kind == "total"]


def find_grids(lines: list[Line], table: str, required: list[set[str]]) -> list[Grid]:
    """Every table in `lines` whose header has, for each set in `required`, a column of one
    of its roles (e.g. [{"project"}, {"invested_to_date", "progress"}])."""
    vocab = vocabulary(table)
    grids: list[Grid] = []
    i = 0
    floor = 0  # lines above this belong to the previous table
    while i < len(lines):
        if not _value_line(lines[i]):
            i += 1
            continue
        top = i
        while top > floor and i - top < 16 and _header_ish(lines[top - 1]):
            top -= 1
        grid = _read(lines, top, i, vocab, required, floor) if top < i else None
        if grid is None:
            i += 1
            continue
        grids.append(grid)
        floor = grid.end
        i = max(grid.end, i + 1)
    return grids


def _read(lines: list[Line], top: int, body: int, vocab: Vocabulary, required: list[set[str]],
          floor: int) -> Grid | None:
    header = _trim_captions(lines[top:body])
    group = None
    separated = all(_separated(ln) for ln in header[:-1])
    while len(header) > 1 and len(pieces(header[-1])) <= 1 and (offering_name(header[-1].text) or separated):
        group = group or offering_name(header[-1].text)  # a raise heading the first rows, under the header
        header = header[:-1]
    if not header:
        return None
    start = top + next(i for i, ln in enumerate(lines[top:body]) if ln is header[0])
    columns = _named_columns(header, lines, body, vocab)
    if columns is None:
        return None
    above: list[Line] = []
    while columns[0].lo is not None and len(header) > 1 and _name_fragment(header[-1], columns, vocab):
        # a name printed above its row's figures (cells centred in their rows), not a label
        above.insert(0, header[-1])
        header = header[:-1]
        columns = _named_columns(header, lines, body, vocab) or columns
    roles = {c.role for c in columns}
    if not all(roles & need for need in required) or len(columns) < 2:
        return None
    unit = _table_unit(lines, start, header, floor)
    rows, end = _body(lines, body, columns, header, vocab, group, [(ln, _by_position(pieces(ln), columns)) for ln in above])
    if not rows:
        return None
    heading = lines[max(floor, start - 14):start]
    return Grid(vocab.table, columns, rows, unit, start, body, end, lines[start].page, heading)


def _named_columns(header: list[Line], lines: list[Line], body: int, vocab: Vocabulary) -> list[GridColumn] | None:
    columns = _columns(header, lines, body)
    for c in columns or []:
        # the lowest label is the most specific (投入金额 under 截至期末累计); a spanning label
        # above it decides only where the lowest says nothing
        c.role = (vocab.role(c.parts[-1]) if len(c.parts) > 1 else None) or vocab.role(c.label)
        c.unit = unit_declared(c.label) if re.search(r"[(（]\s*(?:单位[:：]?)?(?:人民币)?(?:亿元|万元|元)\s*[)）]", c.label) else None
    return columns


def _name_fragment(line: Line, columns: list[GridColumn], vocab: Vocabulary) -> bool:
    """Is the header's last line the start of the first row's name? Only text under the
    name column that names no column (a label's last line, 项目 or 名称, does) and leaves
    that column a name column without it."""
    found = pieces(line)
    names = _name_columns(columns)
    if not found or any(vocab.role(p.text) for p in found):
        return False
    placed = _by_position(found, columns)
    return all(not text or n in names for n, text in enumerate(placed)) and \
        all(vocab.role(columns[n].label.removesuffix(placed[n])) in ("project", "new_project") for n in names if placed[n])


def _trim_captions(header: list[Line]) -> list[Line]:
    """Drop the caption lines above a header (a title, 附表1…): lines of one cell at its
    top. On an aligned page a lone label fragment that sits over one column of the lines
    below is the first line of a tall header cell, not a caption."""
    out = list(header)
    while len(out) > 1 and len(top := pieces(out[0])) <= 1:
        below = [p for ln in out[1:] for p in pieces(ln) if p.lo is not None]
        if top and top[0].lo is not None and not _separated(out[0]) and len(below) > 1 \
                and sum(1 for p in below if _overlap(top[0], p.lo or 0, p.hi or 0) > 0) == 1:
            break
        out.pop(0)
    return out


def _table_unit(lines: list[Line], start: int, header: list[Line], floor: int) -> str:
    for ln in header:
        if re.search(r"单位", ln.text) and (unit := unit_declared(ln.text)):
            return unit
    for k in range(start - 1, max(floor - 1, start - 12), -1):
        if unit := unit_declared(lines[k].text):
            return unit
    return "万元"


# --- header columns --------------------------------------------------------------------------

def _columns(header: list[Line], lines: list[Line], body: int) -> list[GridColumn] | None:
    if all(_separated(ln) for ln in header):
        return _separated_columns(header, lines, body)
    if any(_aligned(ln) for ln in header) or _aligned(lines[body]):
        return _aligned_columns(header)
    return None


def _separated_columns(header: list[Line], lines: list[Line], body: int) -> list[GridColumn]:
    """Columns of a header printed as separated cells, one line per header row. A cell an
    upper row spans over several columns (colspan, or fewer cells than the row below) is
    carried over the columns under it."""
    rows = [split_cells(ln.text, keep_empty=True) for ln in header]
    body_counts = Counter(len(split_cells(ln.text, keep_empty=True)) for ln in lines[body:body + 12]
                          if _separated(ln) and _value_line(ln))
    n = max([len(r) for r in rows] + ([body_counts.most_common(1)[0][0]] if body_counts else []))
    grid = [_spread(cells, n, rows[r + 1:], last=r == len(rows) - 1) for r, cells in enumerate(rows)]
    labels = []
    for col in range(n):
        parts: list[str] = []
        for row in grid:
            text = row[col]
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        labels.append(parts)
    return [GridColumn(" ".join(parts), parts=parts) for parts in labels]


def _spread(cells: list[str], n: int, below: list[list[str]], last: bool) -> list[str]:
    """A header row over n columns. Printed with every cell (HTML, where a spanning cell
    leaves empty cells after it), an empty cell takes the label on its left when a row
    below prints its own label there. Printed with fewer cells (a text export drops the
    empty cells of spans), an upper row's last cell spans the columns it lacks, and the
    lowest row's cells sit under that span, at the right."""
    cells = list(cells)
    if len(cells) >= n:
        out = cells[:n]
        for i in range(1, n):
            if not out[i] and out[i - 1] and any(len(r) >= n and r[i] and r[i] != r[i - 1] for r in below):
                out[i] = out[i - 1]
        return out
    missing = n - len(cells)
    if last or not cells:
        return [""] * missing + cells
    return cells[:-1] + [cells[-1]] * (missing + 1)


def _aligned_columns(header: list[Line]) -> list[GridColumn] | None:
    """Columns from where the label fragments sit: fragments that overlap in x are one
    column; a fragment that overlaps several columns is a label spanning them."""
    frags = [p for ln in header for p in pieces(ln) if p.lo is not None]
    if len(frags) < 2:
        return None
    bins: list[list[Piece]] = []
    spanning: list[Piece] = []
    for p in sorted(frags, key=lambda p: (p.hi or 0) - (p.lo or 0)):
        hit = [b for b in bins if _overlap(p, _lo(b), _hi(b)) > 0]
        if not hit:
            bins.append([p])
        elif len(hit) == 1:
            hit[0].append(p)
        else:
            spanning.append(p)
    bins.sort(key=_lo)
    order = {id(ln): k for k, ln in enumerate(header)}
    columns = []
    for b in bins:
        lo, hi = _lo(b), _hi(b)
        over = sorted((s for s in spanning if _overlap(s, lo, hi) > 0), key=lambda p: (order[id(p.line)], p.lo or 0))
        own = sorted(b, key=lambda p: (order[id(p.line)], p.lo or 0))
        parts = [*(p.text for p in over), "".join(p.text for p in own)]
        columns.append(GridColumn("".join(parts), parts=parts, lo=lo, hi=hi))
    return columns


def _lo(b: list[Piece]) -> int:
    return min(p.lo or 0 for p in b)


def _hi(b: list[Piece]) -> int:
    return max(p.hi or 0 for p in b)


def _overlap(p: Piece, lo: int, hi: int) -> int:
    return min(p.hi or 0, hi) - max(p.lo or 0, lo)


# --- the body --------------------------------------------------------------------------------

_ALLOWED: dict[str | None, set[str]] = {
    "seq": {"seq"},
    "yesno": {"yesno", "dash", "status", "text"},
    "amount": {"amount", "dash"},
    "percent": {"percent", "amount", "dash"},
    "date": {"date", "dash", "status", "text"},
    "text": {"text", "seq", "yesno", "status", "dash", "date", "amount"},
    "any": {"amount", "percent", "dash", "date", "yesno", "status", "text", "seq"},
}
#: what each role's cells hold
ROLE_HOLDS: dict[str, str] = {
    "seq": "seq", "project": "text", "new_project": "text",
    "changed_project": "yesno", "feasibility_changed": "yesno", "benefit_met": "yesno",
    "committed": "amount", "adjusted": "amount", "committed_to_date": "amount", "invested_period": "amount",
    "invested_to_date": "amount", "gap": "amount", "total": "amount", "before": "amount", "after": "amount",
    "surplus": "amount", "invested": "amount", "interest": "amount", "pending": "amount", "amount": "amount",
    "progress": "percent",
    "ready_date": "date", "old_ready_date": "date", "new_ready_date": "date",
    "benefit": "any",
}
_PREFERRED = {"amount": {"amount"}, "percent": {"percent"}, "date": {"date"}, "yesno": {"yesno"},
              "seq": {"seq"}, "text": {"text"}, "any": set()}


def _holds(column: GridColumn) -> str:
    return ROLE_HOLDS.get(column.role or "", "any")


def _place(cells: list[Piece], columns: list[GridColumn]) -> list[str] | None:
    """Cells of a line placed in order under the columns whose kind they fit (numbers under
    amounts, 是/否 under yes/no columns, dates under dates): for lines that print fewer
    cells than there are columns, and for aligned lines, whose positions drift to the right
    when a text layer prints digits narrower than its grid. Where the kinds leave a choice,
    the column the cell sits under wins; else the cells go as far right as they can."""
    cells = [c for c in cells if c.text.strip()]
    n, k = len(columns), len(cells)
    if k > n or k == 0:
        return None
    kinds = [cell_kinds(c.text) for c in cells]
    tiles = _tiles(columns)
    neg = float("-inf")
    # best[i][j]: the best score placing cells[:i] under columns[:j]
    best = [[neg] * (n + 1) for _ in range(k + 1)]
    back = [[False] * (n + 1) for _ in range(k + 1)]
    for j in range(n + 1):
        best[0][j] = 0.0
    for i in range(1, k + 1):
        for j in range(i, n + 1):
            skip = best[i][j - 1]
            holds = _holds(columns[j - 1])
            take = neg
            if kinds[i - 1] & _ALLOWED[holds] and best[i - 1][j - 1] > neg:
                score = 3.0 if kinds[i - 1] & _PREFERRED[holds] else 1.0
                if tiles is not None and cells[i - 1].lo is not None:
                    score += _share(cells[i - 1], *tiles[j - 1])
                take = best[i - 1][j - 1] + score
            if take >= skip and take > neg:
                best[i][j], back[i][j] = take, True
            else:
                best[i][j] = skip
    if best[k][n] == neg:
        return None
    out = [""] * n
    i, j = k, n
    while i > 0:
        if back[i][j]:
            out[j - 1] = cells[i - 1].text
            i -= 1
        j -= 1
    return out


def _tiles(columns: list[GridColumn]) -> list[tuple[float, float]] | None:
    """Each column's stretch of the line: from halfway after the column before it to
    halfway before the next (the first and last reach the line's ends)."""
    if any(c.lo is None or c.hi is None for c in columns):
        return None
    bounds = [float("-inf")]
    for left, right in zip(columns, columns[1:], strict=False):
        bounds.append(((left.hi or 0) + (right.lo or 0)) / 2)
    bounds.append(float("inf"))
    return [(bounds[i], bounds[i + 1]) for i in range(len(columns))]


def _share(p: Piece, lo: float, hi: float) -> float:
    """How much of a cell lies in a stretch, 0 to 1."""
    width = max(1, (p.hi or 0) - (p.lo or 0))
    return max(0.0, min(p.hi or 0, hi) - max(p.lo or 0, lo)) / width


def _by_position(cells: list[Piece], columns: list[GridColumn]) -> list[str]:
    """Fragments of a wrapped line, each put under the column whose stretch holds most of it."""
    tiles = _tiles(columns) or [(c.lo or 0, c.hi or 0) for c in columns]
    out = [""] * len(columns)
    for p in cells:
        best = max(range(len(columns)), key=lambda n: _share(p, *tiles[n]))
        out[best] = _join(out[best], p.text)
    return out


def _cells_of(line: Line, columns: list[GridColumn]) -> list[str] | None:
    """A body line's cells, one per column ("" where empty), or None if it cannot be placed."""
    if _separated(line):
        cells = split_cells(line.text, keep_empty=True)
        if len(cells) == len(columns):
            return cells
        return _place([Piece(c, line) for c in cells], columns)
    found = pieces(line)
    if columns[0].lo is not None:
        if _value_line(line) and (placed := _place(found, columns)) is not None:
            return placed
        return _by_position(found, columns)
    return _place(found, columns)


def _name_columns(columns: list[GridColumn]) -> list[int]:
    named = [i for i, c in enumerate(columns) if c.role in ("project", "new_project")]
    return named or [next((i for i, c in enumerate(columns) if c.role != "seq"), 0)]


def _row_kind(cells: list[str], columns: list[GridColumn]) -> str:
    for i, c in enumerate(columns):
        if _holds(c) in ("text", "seq", "any") or i <= _name_columns(columns)[0]:
            name = re.sub(r"\s+", "", nfkc(cells[i]))
            name = re.sub(r"^[(（]?[一二三四五六七八九十\d]{1,3}[)）、.]?", "", name)
            if name in TOTAL_NAMES or name.startswith(("合计", "总计")) or name.endswith(("合计", "总计")):
                return "total"
            if name in SUBTOTAL_NAMES or name.endswith("小计"):
                return "subtotal"
    return "item"


_GROUP_WORDS = re.compile(r"对照表|附表|情况|说明|如下")
_AFTER_TOTAL_END = re.compile(r"情况|原因|说明|用途|金额及|余额|进展")


def _body(lines: list[Line], body: int, columns: list[GridColumn], header: list[Line],
          vocab: Vocabulary, group: str | None, above: list[tuple[Line, list[str]]]) -> tuple[list[GridRow], int]:
    rows: list[GridRow] = []
    pending: list[tuple[Line, list[str]]] = list(above)
    names = _name_columns(columns)
    first_header = re.sub(r"\s+", "", header[0].text)
    after_total = False
    centred = False  # the table's cells are centred in their rows (names wrap above and below the figures)
    end = k = body
    while k < len(lines):
        line = lines[k]
        text = re.sub(r"\s+", "", line.text)
        if text == first_header:  # the header repeated after a page break
            k += 1
            while k < len(lines) and _header_ish(lines[k]) and not _value_line(lines[k]) and k - end < 16:
                k += 1
            end = k
            continue
        if _ends(line):
            break
        if _value_line(line):
            cells = _cells_of(line, columns)
            if cells is None:
                break
            name = "".join(cells[i] for i in names)
            if after_total and (_AFTER_TOTAL_END.search(name) or len(name) > 24):
                break  # the lines a 对照表 prints under its 合计 (未达到计划进度原因 …)
            if pending and (not rows or not name.strip() or _finished(rows[-1], names, pending)):
                # text above a row's figures that print no name, or after a row whose name was
                # finished already: cells centred in their rows
                centred = True
            if pending and rows and (centred or name.strip()):
                # the text above finishes the row before (top-aligned cells wrap downwards); in a
                # table of centred cells, as many lines as that row printed above its figures
                # (else until its name is whole), and the rest opens this row
                give = len(pending)
                if centred:
                    prev = rows[-1]
                    give = prev.above - prev.below if prev.above > prev.below else _lines_to_finish(prev, names, pending)
                    give = min(give, len(pending) - (0 if name.strip() else 1))
                _extend(rows[-1], pending[:give])
                rows[-1].below += give
                pending = pending[give:]
            if pending:
                row = GridRow(_prepend(cells, pending), [*(ln for ln, _ in pending), line], above=len(pending))
                pending = []
            else:
                row = GridRow(cells, [line])
            row.kind = _row_kind(row.cells, columns)
            row.group = group
            rows.append(row)
            after_total = after_total or row.kind == "total"
            k += 1
            end = k
            continue
        # a line of text only: a raise heading the rows under it, a wrapped cell, or the end
        if _HEADING.match(text) or _GROUP_WORDS.search(text) or len(text) > 60:
            break
        named = offering_name(line.text)
        if named and len(pieces(line)) <= 2:
            _flush(rows, pending)
            group, after_total = named, False
            k += 1
            end = k
            continue
        if after_total:
            break
        if sum(1 for p in pieces(line) if vocab.role(p.text)) >= 2 and len(pieces(line)) >= 3:
            break  # the header of another table
        cells = _cells_of(line, columns)
        if cells is None:
            break
        if columns[0].lo is None and _separated(line):
            _flush(rows, pending)  # a separated row of labels only (承诺投资项目, 超募资金投向): no figures
            k += 1
            end = k
            continue
        pending.append((line, cells))
        k += 1
    if pending and rows:
        _flush(rows, pending)
        end = k
    return rows, end


def _flush(rows: list[GridRow], pending: list[tuple[Line, list[str]]]) -> None:
    if pending and rows:
        _extend(rows[-1], pending)
    pending.clear()


def _extend(row: GridRow, pending: list[tuple[Line, list[str]]]) -> None:
    for line, cells in pending:
        for i, text in enumerate(cells):
            if text:
                row.cells[i] = _join(row.cells[i], text)
        row.lines.append(line)
    pending.clear()


_STRONG_END = ("项目", "资金", "贷款")


def _finished(row: GridRow, names: list[int], pending: list[tuple[Line, list[str]]]) -> bool:
    """A name that ends as names end (…项目, …资金), with text after it that does not
    read as its continuation (（一期）): that text belongs to the next row."""
    name = "".join(row.cells[i] for i in names).strip()
    after = "".join(cells[i] for _, cells in pending[:1] for i in names).strip()
    return name.endswith(_STRONG_END) and bool(after) and not after.startswith(("(", "（"))


def _lines_to_finish(row: GridRow, names: list[int], pending: list[tuple[Line, list[str]]]) -> int:
    """How many of the lines of text after a row it takes for its name to end as names do."""
    name = "".join(row.cells[i] for i in names).strip()
    for n, (_line, cells) in enumerate(pending):
        if name.endswith(_STRONG_END) or name.endswith((")", "）")):
            return n
        name += "".join(cells[i] for i in names)
    return len(pending)


def _prepend(cells: list[str], pending: list[tuple[Line, list[str]]]) -> list[str]:
    out = list(cells)
    for _line, above in reversed(pending):
        for i, text in enumerate(above):
            if text:
                out[i] = _join(text, out[i])
    return out


def _join(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    sep = " " if re.search(r"[A-Za-z0-9]$", a) and re.match(r"^[A-Za-z0-9]", b) else ""
    return a + sep + b


def _ends(line: Line) -> bool:
    text = re.sub(r"\s+", "", line.text)
    if _NOTE.match(text):
        return True
    if "。" in text and len(text) > 30:
        return True
    if unit_declared(line.text) and len(text) < 16:
        return True
    return bool(re.match(r"^(?:编制单位|单位|金额单位)[:：]", text))
