"""Table headers whose cells wrap in narrow columns, as PDF text layers print them: each
label broken anywhere over several lines (拟投入募 / 集资金金 / 额), cells set at the top
of the header row or centred in it (so a short label prints on a lower line than the first
piece of a long one), labels left-aligned or centred in their columns. Whatever the wrap,
the columns read back are the columns printed, and so are the rows under them."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.lines import page_lines
from pipeline.extract.pages import Page
from pipeline.extract.tables import find_tables

TOTALS = ["项目投资总额", "投资总额", "总投资额", "投资金额", "项目总投资"]
PROCEEDS = ["拟使用募集资金金额", "拟投入募集资金", "拟投入募集资金金额", "拟使用募集资金"]
NAMES = ["项目名称", "投资内容", "费用名称"]
ROWS = ["甲乙建设项目", "丙丁研发中心项目", "补充流动资金"]


def wrap(label: str, width: int) -> list[str]:
    return [label[i:i + width] for i in range(0, len(label), width)]


def place(line: str, x: int, text: str) -> str:
    return line + " " * max(2 if line.strip() else 0, x - len(line)) + text


@st.composite
def headers(draw: st.DrawFn) -> tuple[list[str], list[str], list[list[Decimal]]]:
    """Printed lines, the labels, and the rows' values."""
    seq = draw(st.booleans())
    labels = (["序号"] if seq else []) + [draw(st.sampled_from(NAMES)), draw(st.sampled_from(TOTALS)),
                                           draw(st.sampled_from(PROCEEDS))]
    middle = draw(st.booleans())
    centred = draw(st.booleans())
    pieces = []
    for n, label in enumerate(labels):
        numeric = n >= len(labels) - 2
        width = draw(st.integers(min_value=2, max_value=len(label))) if numeric else len(label)
        pieces.append(wrap(label, width))
    height = max(len(p) for p in pieces)
    # a column is as wide as its widest piece (CJK: two columns a character) or its numbers
    widths = [max(12 if n >= len(labels) - 2 else 0, max(2 * len(s) for s in p)) + 4 for n, p in enumerate(pieces)]
    starts = [2]
    for w in widths[:-1]:
        starts.append(starts[-1] + w)
    lines = ["本项目的投资构成如下：", "单位：万元"]
    for row in range(height):
        line = ""
        for n, p in enumerate(pieces):
            first = (height - len(p)) // 2 if middle else 0
            if first <= row < first + len(p):
                piece = p[row - first]
                x = starts[n] + ((widths[n] - 4 - 2 * len(piece)) // 2 if centred else 0)
                line = place(line, x, piece)
        lines.append(line)
    values = []
    for k, name in enumerate(ROWS):
        total = Decimal(draw(st.integers(min_value=100, max_value=10**8))) / 100
        proceeds = (total * Decimal(draw(st.integers(min_value=1, max_value=100))) / 100).quantize(Decimal("0.01"))
        values.append([total, proceeds])
        line = place("", starts[0], str(k + 1)) if seq else ""
        line = place(line, starts[1 if seq else 0], name)
        for n, v in enumerate((total, proceeds)):
            line = place(line, starts[-2 + n], f"{v:,.2f}")
        lines.append(line)
    sums = [sum((v[i] for v in values), Decimal(0)) for i in range(2)]
    line = place("", starts[0], "合计")
    for n, v in enumerate(sums):
        line = place(line, starts[-2 + n], f"{v:,.2f}")
    lines += [line, "注：上表数字为测试生成。"]
    return lines, labels, values


@settings(max_examples=300, deadline=None)
@given(case=headers())
def test_wrapped_header_cells_read_back_whole(case: tuple[list[str], list[str], list[list[Decimal]]]) -> None:
    lines, labels, values = case
    printed = "\n".join(lines)
    found = find_tables(page_lines([Page(1, lines)]))
    assert len(found) == 1, printed
    table = found[0]
    assert [c.label for c in table.columns] == labels, printed
    assert [r.name for r in table.items] == ROWS, printed
    for row, want in zip(table.items, values, strict=True):
        assert [table.value(row, "total"), table.value(row, "proceeds")] == want, printed
