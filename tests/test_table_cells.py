"""Cells as a table line prints them: numbers that narrow columns set one space apart are
separate cells; one number whose digits are grouped by spaces stays one number; a numbered
section heading that reads like header words heads no table."""
from __future__ import annotations

from decimal import Decimal

from pipeline.extract.lines import Line, clean
from pipeline.extract.tables import find_tables, glued_numbers, split_cells, split_grouped


def test_numbers_one_space_apart_in_a_separated_cell_are_separate_cells() -> None:
    assert split_cells("设备购置费\t2,474.91 411.86") == ["设备购置费", "2,474.91", "411.86"]
    assert split_cells("| 预备费 | 536.86 - | 7.37% |") == ["预备费", "536.86", "-", "7.37%"]
    assert glued_numbers("2,474 411.86") == ["2,474", "411.86"]  # commas, then a space: two numbers
    assert glued_numbers("85.73% 2,474.91") == ["85.73%", "2,474.91"]


def test_one_number_grouped_by_spaces_stays_whole() -> None:
    assert glued_numbers("363 519.00") == ["363 519.00"]
    assert glued_numbers("363, 519.00") == ["363, 519.00"]  # a space the text layer put after a comma
    assert glued_numbers("设备 购置费") == ["设备 购置费"]


def test_a_row_short_of_figures_splits_a_space_grouped_cell_where_commas_group_digits() -> None:
    assert split_grouped(["2", "预备费", "850 120.00"], 2) == ["2", "预备费", "850", "120.00"]
    assert split_grouped(["2", "预备费", "850 120.00", "3.00"], 2) == ["2", "预备费", "850 120.00", "3.00"]


def _table(raw: list[str]) -> list[tuple[str, list[Decimal | None]]]:
    lines = [Line(1, clean(r), r) for r in raw]
    (table,) = find_tables(lines)
    return [(r.name, [table.cell_value(r, i) for i in range(len(table.numeric))]) for r in table.rows]


def test_a_tight_aligned_table_keeps_every_column() -> None:
    rows = _table([
        "                                             单位：万元",
        "  序号  费用名称              投资金额 拟使用募集资金",
        "   1    设备购置费            2,474.91 411.86",
        "   2    预备费                     850 120.00",
        "        合计                  3,324.91 531.86",
    ])
    assert rows == [("设备购置费", [Decimal("2474.91"), Decimal("411.86")]),
                    ("预备费", [Decimal("850.00"), Decimal("120.00")]),
                    ("合计", [Decimal("3324.91"), Decimal("531.86")])]


def test_a_numbered_section_heading_heads_no_table() -> None:
    raw = ["二、本次募集资金投资项目的具体情况", "(一)精密测量仪器扩产项目",
           "本项目总投资 7,286.77 万元,拟使用募集资金 3,956.86 万元,具体如下:"]
    assert find_tables([Line(1, clean(r), r) for r in raw]) == []
