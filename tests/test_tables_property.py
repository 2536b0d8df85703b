"""The table-row reader against generated tables printed in every layout a text export
produces: tab-separated rows, columns aligned with spaces, one cell per line, `|` tables,
PDF-style single spaces, and aligned columns so narrow that neighbouring numbers are one
space apart — with long names wrapped onto the next line(s). Whatever the layout, the rows
read back are the rows printed."""
from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.extract.lines import page_lines
from pipeline.extract.pages import Page
from pipeline.extract.tables import find_tables

#: characters names are made of: no digits, no header words, nothing a total row is called
ALPHABET = "甲乙丙丁戊己庚辛壬癸山水木火土石竹云星河光芯电车网药园林"
ENDINGS = ["项目", "费", "建设项目", "购置费", "研发项目", "流动资金"]
LAYOUTS = ["tabs", "aligned", "one_per_line", "pipes", "single_space", "tight", "centred"]


@dataclass
class GenRow:
    name: str
    values: list[Decimal | None]


@dataclass
class GenTable:
    with_seq: bool
    headers: list[str]
    rows: list[GenRow]
    wrap: list[int]  # per row: how many characters stay on the first line (0 = no wrap)

    @property
    def totals(self) -> list[Decimal]:
        return [sum((r.values[i] or Decimal(0)) for r in self.rows) for i in range(len(self.headers))]


def fmt(value: Decimal | None) -> str:
    return "-" if value is None else f"{value:,.2f}"


#: amounts of any size, small ones included: 2.25, 1.10 or 3.00 look like row numbers
amounts = st.one_of(
    st.integers(min_value=1, max_value=10**10).map(lambda c: Decimal(c) / 100),
    st.integers(min_value=1, max_value=4000).map(lambda c: Decimal(c) / 100),
)


@st.composite
def tables(draw: st.DrawFn) -> GenTable:
    k = draw(st.integers(min_value=1, max_value=3))
    headers = {1: ["投资金额"], 2: ["项目投资总额", "拟使用募集资金金额"], 3: ["2024年", "2025年", "合计"]}[k]
    n = draw(st.integers(min_value=1, max_value=6))
    rows = []
    for _ in range(n):
        stem = draw(st.text(alphabet=ALPHABET, min_size=2, max_size=22))
        name = stem + draw(st.sampled_from(ENDINGS))
        values: list[Decimal | None] = [draw(amounts)]
        for _ in range(k - 1):
            values.append(draw(st.one_of(st.none(), amounts)))
        rows.append(GenRow(name, values))
    wrap = [draw(st.integers(min_value=0, max_value=len(r.name) - 1)) for r in rows]
    return GenTable(draw(st.booleans()), headers, rows, wrap)


def _pieces(name: str, keep: int) -> list[str]:
    """A wrapped cell: `keep` characters on the row's line, the rest on lines below (at most
    12 characters a line, as a narrow column prints)."""
    if keep == 0:
        return [name]
    rest = name[keep:]
    return [name[:keep]] + [rest[i:i + 12] for i in range(0, len(rest), 12)]


def render(table: GenTable, layout: str) -> list[str]:
    head = (["序号"] if table.with_seq else []) + ["项目名称"] + table.headers
    body: list[list[str]] = []  # printed lines, each a list of cells (continuations: name only)
    for n, (row, keep) in enumerate(zip(table.rows, table.wrap, strict=True), start=1):
        pieces = _pieces(row.name, keep)
        seq = [str(n)] if table.with_seq else []
        body.append(seq + [pieces[0]] + [fmt(v) for v in row.values])
        for piece in pieces[1:]:
            body.append(["\x00", piece])  # a continuation line: the name column only
    total = (["合计", ""] if table.with_seq else ["合计"]) + [fmt(v) for v in table.totals]
    lines = ["本次募集资金投资项目及其投资构成如下：", "单位：万元"]
    if layout == "one_per_line":
        lines += head
        for n, (row, keep) in enumerate(zip(table.rows, table.wrap, strict=True), start=1):
            lines += ([str(n)] if table.with_seq else []) + _pieces(row.name, keep) + [fmt(v) for v in row.values]
        lines += ["合计"] + [fmt(v) for v in table.totals]
    elif layout == "tabs":
        lines.append("\t".join(head))
        for cells in body:
            lines.append(cells[1] if cells[0] == "\x00" else "\t".join(cells))
        lines.append("\t".join(total))
    elif layout == "pipes":
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "---|" * len(head))
        for cells in body:
            if cells[0] == "\x00":
                cells = ([""] if table.with_seq else []) + [cells[1]] + [""] * len(table.headers)
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("| " + " | ".join(total) + " |")
    elif layout == "tight":  # the name column aligned, the numbers one space apart (narrow columns)
        name_at = 8 if table.with_seq else 2
        width = max(len(c[-1] if c[0] == "\x00" else c[1 if table.with_seq else 0]) for c in body) + 4
        lines.append("  序号".ljust(name_at) * table.with_seq + " " * name_at * (not table.with_seq)
                     + "项目名称".ljust(width) + "  ".join(table.headers))
        for cells in body:
            if cells[0] == "\x00":
                lines.append(" " * name_at + cells[1])
                continue
            lead = ("  " + cells[0]).ljust(name_at) if table.with_seq else " " * name_at
            rest = cells[1:] if table.with_seq else cells
            lines.append(lead + rest[0].ljust(width) + " ".join(rest[1:]))
        lines.append("  合计".ljust(name_at + width) + " ".join(fmt(v) for v in table.totals))
    elif layout == "centred":  # aligned, each cell centred in its row: a wrapped name prints around its numbers
        name_at = 6 if table.with_seq else 2
        width = max(len(r.name) for r in table.rows) + 4
        starts = ([2] if table.with_seq else []) + [name_at] + [name_at + width + 22 * n for n in range(len(table.headers))]

        def put(cells: list[tuple[int, str]]) -> str:
            line = ""
            for col, cell in cells:
                line += " " * max(2 if line else 0, col - len(line)) + cell
            return line

        lines.append(put(list(zip(starts, head, strict=True))))
        for n, (row, keep) in enumerate(zip(table.rows, table.wrap, strict=True), start=1):
            pieces = _pieces(row.name, keep)
            above = len(pieces) // 2
            numbers = ([(2, str(n))] if table.with_seq else []) + list(zip(starts[-len(table.headers):],
                                                                            [fmt(v) for v in row.values], strict=True))
            lines += [put([(name_at, p)]) for p in pieces[:above]]
            if len(pieces) % 2:  # an odd count: the middle piece sits beside the numbers
                lines.append(put(sorted([*numbers, (name_at, pieces[above])])))
                lines += [put([(name_at, p)]) for p in pieces[above + 1:]]
            else:
                lines.append(put(numbers))
                lines += [put([(name_at, p)]) for p in pieces[above:]]
        lines.append(put([(2, "合计"), *zip(starts[-len(table.headers):], [fmt(v) for v in table.totals], strict=True)]))
    elif layout == "aligned":
        name_at = 6 if table.with_seq else 2
        starts = [2, name_at] if table.with_seq else [name_at]
        width = max(len(c[1] if c[0] == "\x00" else c[len(starts) - 1]) for c in body) + 4
        x = name_at + max(width, 12)
        for _ in table.headers:
            starts.append(x)
            x += 22

        def place(cells: list[str], at: list[int]) -> str:
            line = ""
            for cell, col in zip(cells, at, strict=False):
                line += " " * max(2 if line else 0, col - len(line)) + cell
            return line

        lines.append(place(head, starts))
        for cells in body:
            if cells[0] == "\x00":
                lines.append(" " * name_at + cells[1])
            else:
                lines.append(place(cells, starts))
        lines.append(place(["合计"] + [fmt(v) for v in table.totals], [2] + starts[-len(table.headers):]))
    else:  # single_space: a PDF text layer that separates cells by one space
        lines.append(" ".join(head))
        for cells in body:
            lines.append(cells[1] if cells[0] == "\x00" else " ".join(cells))
        lines.append(" ".join(c for c in total if c))
    # prose under the table: a clause wrapped without its full stop must not join the 合计 row
    lines += ["若实际募集资金净额少于上述项目拟投入募集资金总额，不足部分", "由公司自筹解决。"]
    return lines


@settings(max_examples=int(os.environ.get("STARBOARD_PROPERTY_EXAMPLES", "300")), deadline=None)
@given(table=tables(), layout=st.sampled_from(LAYOUTS))
def test_rows_read_back_in_every_layout(table: GenTable, layout: str) -> None:
    if layout == "centred":
        # centring shows only where a name wraps over an even number of lines (its numbers
        # then print on a line of their own); without that the table reads as top-aligned
        assume(any(len(_pieces(r.name, keep)) % 2 == 0 for r, keep in zip(table.rows, table.wrap, strict=True)))
    lines = page_lines([Page(1, render(table, layout))])
    found = find_tables(lines)
    assert len(found) == 1, "\n".join(ln.text for ln in lines)
    got = found[0]
    assert [r.name for r in got.items] == [r.name for r in table.rows], "\n".join(ln.text for ln in lines)
    for row, want in zip(got.items, table.rows, strict=True):
        values = [got.cell_value(row, i) for i in range(len(table.headers))]
        assert values == want.values, "\n".join(ln.text for ln in lines)
    assert got.total_row is not None
    assert [got.cell_value(got.total_row, i) for i in range(len(table.headers))] == table.totals
