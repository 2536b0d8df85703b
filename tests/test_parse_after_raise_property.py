"""The 对照表 reader against generated use reports printed in every layout they come in:
tab-separated rows (with a two-row header whose last label spans two columns), `|` tables,
HTML with merged header cells, aligned columns whose labels and names wrap over several
lines, cells a text export left empty, and PDF rendered from blocks. One table per raise,
each under a heading naming it and closed by its 合计. Whatever the layout, every project
row reads back with the raise it belongs to and the figures it printed."""
from __future__ import annotations

import html
import os
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.mirror.render import render_pdf
from pipeline.extract.pages import Page, load_bytes
from pipeline.parse import parse_document

ALPHABET = "甲乙丙丁戊己庚辛壬癸山水木火土石竹云星河光芯电车网药园林"
ENDINGS = ["项目", "建设项目", "研发项目", "产业化项目", "补充流动资金"]
RAISES = ["首次公开发行股票", "2022年度向特定对象发行A股股票", "2023年度以简易程序向特定对象发行股票",
          "向不特定对象发行可转换公司债券"]
#: (key, label) in the order a 对照表 prints them; project, committed and to_date are always printed
COLUMNS = [
    ("project", "承诺投资项目"),
    ("changed", "已变更项目，含部分变更（如有）"),
    ("committed", "募集资金承诺投资总额"),
    ("adjusted", "调整后投资总额"),
    ("period", "本年度投入金额"),
    ("ready", "项目达到预定可使用状态日期"),
    ("feasible", "项目可行性是否发生重大变化"),
    ("to_date", "截至期末累计投入金额"),
    ("progress", "截至期末投入进度（%）"),
]
OPTIONAL = {"changed", "adjusted", "period", "ready", "feasible", "progress"}
LAYOUTS = ["tabs", "tabs_two_row", "pipes", "html", "aligned", "aligned_centred", "tabs_sparse"]


@dataclass
class GenRow:
    name: str
    cells: dict[str, str]  # printed text per column key
    want: dict[str, object]  # what the parse must say


@dataclass
class GenTable:
    raise_name: str
    keys: list[str]
    rows: list[GenRow]
    wrap: list[int]  # per row: characters of the name on its first line (0 = no wrap)


def fmt(value: Decimal) -> str:
    return f"{value:,.2f}"


def amounts(top: int) -> st.SearchStrategy[Decimal]:
    return st.integers(min_value=0, max_value=top).map(lambda c: Decimal(c) / 100)


@st.composite
def dates(draw: st.DrawFn) -> tuple[str, str | None]:
    year = draw(st.integers(min_value=2019, max_value=2030))
    month = draw(st.integers(min_value=1, max_value=12))
    day = draw(st.integers(min_value=1, max_value=28))
    return draw(st.sampled_from([
        (f"{year}年{month}月", f"{year:04d}-{month:02d}"),
        (f"{year}-{month:02d}-{day:02d}", f"{year:04d}-{month:02d}-{day:02d}"),
        (f"{year}年{month}月{day}日", f"{year:04d}-{month:02d}-{day:02d}"),
        ("不适用", None),
    ]))


@st.composite
def tables(draw: st.DrawFn, raise_name: str, keys: list[str], top: int) -> GenTable:
    rows = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        name = draw(st.text(alphabet=ALPHABET, min_size=2, max_size=14)) + draw(st.sampled_from(ENDINGS))
        committed, adjusted, period, to_date = (draw(amounts(top)) for _ in range(4))
        pct = draw(st.integers(min_value=0, max_value=10000).map(lambda c: Decimal(c) / 100))
        date_text, date = draw(dates())
        changed = draw(st.sampled_from([("否", False), ("是", True), ("部分变更", True)]))
        feasible = draw(st.sampled_from([("否", False), ("是", True)]))
        pct_text = draw(st.sampled_from([f"{pct:.2f}", f"{pct:.2f}%"]))
        cells = {"project": name, "changed": changed[0], "committed": fmt(committed), "adjusted": fmt(adjusted),
                 "period": fmt(period), "ready": date_text, "feasible": feasible[0], "to_date": fmt(to_date),
                 "progress": pct_text}
        flags = [v for k, v in (("changed", changed[1]), ("feasible", feasible[1])) if k in keys]
        want = {"project": name, "offering_hint": raise_name, "committed_wan": float(committed),
                "adjusted_wan": float(adjusted) if "adjusted" in keys else None,
                "invested_period_wan": float(period) if "period" in keys else None,
                "invested_to_date_wan": float(to_date),
                "progress_pct": float(pct) if "progress" in keys else None,
                "ready_date": date if "ready" in keys else None,
                "changed": (any(flags) if flags else None)}
        rows.append(GenRow(name, cells, want))
    wrap = [draw(st.integers(min_value=0, max_value=len(r.name) - 1)) for r in rows]
    return GenTable(raise_name, keys, rows, wrap)


@st.composite
def reports(draw: st.DrawFn, top: int = 99_999_999) -> list[GenTable]:
    """`top`: the largest amount in cents (a PDF's narrow columns hold 399,999.96 at most,
    as typesetters size columns to the figures they hold)."""
    raises = draw(st.lists(st.sampled_from(RAISES), min_size=1, max_size=2, unique=True))
    keys = [k for k, _ in COLUMNS if k not in OPTIONAL or draw(st.booleans())]
    return [draw(tables(name, keys, top)) for name in raises]


def total_cells(table: GenTable) -> dict[str, str]:
    out = {k: "—" for k in table.keys}
    out["project"] = "合计"
    for key in ("committed", "adjusted", "period", "to_date"):
        out[key] = fmt(sum((Decimal(r.cells[key].replace(",", "")) for r in table.rows), Decimal(0)))
    return out


def labels(keys: list[str]) -> list[str]:
    return [dict(COLUMNS)[k] for k in keys]


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def chunks(text: str, size: int) -> list[str]:
    """Text cut into pieces of at most `size` display columns (a cell's wrapped lines)."""
    out, cur = [], ""
    for ch in text:
        if cur and width(cur + ch) > size:
            out.append(cur)
            cur = ""
        cur += ch
    return out + [cur]


def print_table(table: GenTable, layout: str) -> list[str]:
    keys = table.keys
    rows = [[r.cells[k] for k in keys] for r in table.rows] + [[total_cells(table)[k] for k in keys]]
    if layout in ("tabs", "tabs_sparse"):
        out = ["\t".join(labels(keys))]
        for cells in rows:
            if layout == "tabs_sparse":  # a text export that dropped the cells holding only a dash
                cells = [c for c in cells if c != "—"]
            out.append("\t".join(cells))
        return out
    if layout == "tabs_two_row":
        upper = labels(keys)
        lower: list[str] = []
        if keys[-2:] == ["to_date", "progress"]:
            upper = upper[:-2] + ["截至期末累计投入"]
            lower = ["金额", "投入进度（%）"]
        return ["\t".join(upper), *(["\t".join(lower)] if lower else []), *("\t".join(c) for c in rows)]
    if layout == "pipes":
        return ["| " + " | ".join(labels(keys)) + " |", "|" + "---|" * len(keys),
                *("| " + " | ".join(c) + " |" for c in rows)]
    if layout in ("aligned", "aligned_centred"):
        col_w = [18] + [14] * (len(keys) - 1)
        starts = [2]
        for w in col_w[:-1]:
            starts.append(starts[-1] + w + 2)

        def place(cells: list[str]) -> str:
            line = ""
            for k, text in enumerate(cells):
                if not text:
                    continue
                numeric = text.replace(",", "").replace(".", "").replace("%", "").isdigit()
                target = starts[k] + (col_w[k] - width(text) if numeric else 0)
                line += " " * max(2 if line else 0, target - len(line)) + text
            return line.rstrip()

        out = []
        wrapped = [chunks(label, 12) for label in labels(keys)]
        for n in range(max(len(w) for w in wrapped)):
            out.append(place([w[n] if n < len(w) else "" for w in wrapped]))
        for r, cells in enumerate(rows):
            keep = min(table.wrap[r], 9) if r < len(table.rows) else 0  # a line holds 9 glyphs of a name
            name = cells[0]
            pieces = chunks(name, 18) if keep == 0 else [name[:keep], *chunks(name[keep:], 18)]
            if layout == "aligned":  # cells top-aligned: a wrapped name continues below its figures
                out.append(place([pieces[0], *cells[1:]]))
                out += [place([piece]) for piece in pieces[1:]]
            else:  # cells centred: the figures sit on the middle line of the name, or between two lines
                above = pieces[:len(pieces) // 2]
                middle = pieces[len(pieces) // 2] if len(pieces) % 2 else ""
                below = pieces[len(pieces) // 2 + len(pieces) % 2:]
                out += [place([piece]) for piece in above]
                out.append(place([middle, *cells[1:]]))
                out += [place([piece]) for piece in below]
        return out
    raise ValueError(layout)


def report_text(tables: list[GenTable], layout: str) -> str:
    lines = ["证券代码：688999    证券简称：夹具科技", "夹具科技股份有限公司",
             "关于2024年度募集资金存放与实际使用情况的专项报告",
             "公司董事会编制了截至2024年12月31日的募集资金存放与实际使用情况的专项报告，具体如下："]
    for n, table in enumerate(tables, start=1):
        lines += [f"附表{n}：", f"{table.raise_name}募集资金使用情况对照表", "单位：万元"]
        lines += print_table(table, layout)
        lines.append("注：本表数据为测试夹具生成。")
    lines += ["夹具科技股份有限公司董事会", "2025年4月20日"]
    return "\n".join(lines) + "\n"


def report_html(tables: list[GenTable]) -> str:
    parts = ["<html><body><p>夹具科技股份有限公司</p><p>关于2024年度募集资金存放与实际使用情况的专项报告</p>",
             "<p>公司董事会编制了截至2024年12月31日的募集资金存放与实际使用情况的专项报告。</p>"]
    for n, table in enumerate(tables, start=1):
        keys = table.keys
        parts.append(f"<p>附表{n}：{table.raise_name}募集资金使用情况对照表</p><p>单位：万元</p><table>")
        if keys[-2:] == ["to_date", "progress"]:
            parts.append("<tr>" + "".join(f'<td rowspan="2">{html.escape(lb)}</td>' for lb in labels(keys[:-2]))
                         + '<td colspan="2">截至期末累计</td></tr><tr><td>投入金额</td><td>投入进度（%）</td></tr>')
        else:
            parts.append("<tr>" + "".join(f"<td>{html.escape(lb)}</td>" for lb in labels(keys)) + "</tr>")
        for r in [*table.rows, GenRow("", total_cells(table), {})]:
            parts.append("<tr>" + "".join(f"<td>{html.escape(r.cells[k])}</td>" for k in keys) + "</tr>")
        parts.append("</table><p>注：本表数据为测试夹具生成。</p>")
    parts.append("<p>夹具科技股份有限公司董事会</p><p>2025年4月20日</p></body></html>")
    return "".join(parts)


def check(got: dict[str, object], tables: list[GenTable], shown: str) -> None:
    want = [dict(r.want, seq=n) for t in tables for n, r in enumerate(t.rows, start=1)]
    rows = got["progress"]
    assert isinstance(rows, list)
    keep = ("seq", *want[0].keys())
    assert [{k: row[k] for k in keep if k in row} for row in rows] == [{k: w[k] for k in keep} for w in want], shown
    assert got["warnings"] == [], shown


@settings(max_examples=int(os.environ.get("STARBOARD_PROPERTY_EXAMPLES", "300")), deadline=None)
@given(tables=reports(), layout=st.sampled_from(LAYOUTS))
def test_progress_reads_back_in_every_text_layout(tables: list[GenTable], layout: str) -> None:
    if layout == "html":
        text = report_html(tables)
        got = parse_document(load_bytes(text.encode("utf-8"), ".html"))
    else:
        text = report_text(tables, layout)
        got = parse_document(load_bytes(text.encode("utf-8"), ".txt"))
    check(got, tables, text)


@settings(max_examples=int(os.environ.get("STARBOARD_PROPERTY_EXAMPLES_PDF", "25")), deadline=None)
@given(tables=reports(top=9_999_999))
def test_progress_reads_back_from_a_rendered_pdf(tables: list[GenTable]) -> None:
    blocks: list[dict[str, object]] = [
        {"h": "夹具科技股份有限公司"}, {"h": "关于2024年度募集资金存放与实际使用情况的专项报告"},
        {"p": "公司董事会编制了截至2024年12月31日的募集资金存放与实际使用情况的专项报告，具体如下："}]
    for n, table in enumerate(tables, start=1):
        keys = table.keys
        rows = [[r.cells[k] for k in keys] for r in table.rows] + [[total_cells(table)[k] for k in keys]]
        widths = [2.2 if k == "project" else 1.0 if k in ("changed", "feasible") else 1.6 for k in keys]
        blocks += [{"p": f"附表{n}：{table.raise_name}募集资金使用情况对照表"},
                   {"table": {"unit": "万元", "header": labels(keys), "rows": rows, "widths": widths}},
                   {"p": "注：本表数据为测试夹具生成。"}]
    blocks += [{"right": "夹具科技股份有限公司董事会"}, {"right": "2025年4月20日"}]
    got = parse_document(load_bytes(render_pdf(blocks, "夹具科技股份有限公司2024年度募集资金专项报告"), ".pdf"))
    check(got, tables, str(blocks))


def test_generated_layouts_print_what_they_claim() -> None:
    table = GenTable("首次公开发行股票", [k for k, _ in COLUMNS],
                     [GenRow("甲乙丙丁戊己庚辛项目", {k: "1.00" for k, _ in COLUMNS} | {
                         "project": "甲乙丙丁戊己庚辛项目", "ready": "不适用", "changed": "否", "feasible": "否"}, {})], [4])
    aligned = print_table(table, "aligned")
    assert any(line.strip() == "戊己庚辛项目" for line in aligned)  # the name wraps onto a line of its own
    assert len([ln for ln in aligned if "承诺投资项目" in ln or "募集资金承诺" in ln]) >= 1
    assert print_table(table, "tabs_two_row")[1] == "金额\t投入进度（%）"
    assert "—" not in print_table(table, "tabs_sparse")[-1] and "—" in print_table(table, "tabs")[-1]
    assert Page(1, aligned).number == 1
