"""Pieces every filing is built from: the code line, cover, title, tables, signature.

Blocks are the renderer's input (see crawler/mirror/render.py): `p` paragraph, `h`
heading, `center`, `right`, `gap`, `page_break`, `table`, `scan`.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from crawler.mirror.writer.figures import DocDate, inline, print_amount
from crawler.mirror.writer.reference import Edition, ProjectFact

Block = dict[str, Any]
DASH = "—"
# header wordings seen in real filings; which one a filing uses is fixed by its code
HEADERS_WITH_TOTAL = [
    ["序号", "项目名称", "项目投资总额", "拟使用募集资金金额"],
    ["序号", "项目名称", "总投资额", "拟使用募集资金额"],
    ["序号", "项目名称", "投资总额", "拟投入募集资金金额"],
]
HEADERS_PROCEEDS_ONLY = [
    ["序号", "项目名称", "拟使用募集资金金额"],
    ["序号", "项目名称", "拟投入募集资金"],
    ["序号", "项目名称", "拟投入募集资金金额"],
]
_TITLE_SPLIT = re.compile(r"(?<=股票)|(?<=债券)|(?<=股份)|(?<=存托凭证)")
_SPACE_NEAR_CJK = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


def clean_name(name: str) -> str:
    """Names as a filing prints them: no stray spaces beside Chinese characters (text-layer
    artefacts of the page the figure was read from), spaces between Latin words kept."""
    return _SPACE_NEAR_CJK.sub("", name.strip())


def company_name(edition: Edition) -> str:
    return edition.full_name or edition.entry.short_name


def code_line(edition: Edition, label: str = "证券") -> Block:
    text = f"{label}代码：{edition.entry.code}    {label}简称：{edition.entry.short_name}"
    if edition.get("notice_no"):
        text += f"    公告编号：{edition.get('notice_no')}"
    return {"right": text}


def full_title(base: str, revision: str | None) -> str:
    return f"{base}（{revision}）" if revision else base


def title_lines(base: str, revision: str | None, own_line: bool = False) -> list[str]:
    """A long title breaks after 股票 / 债券 the way covers set it; the revision mark
    (修订稿) ends the last line or, on some covers, stands on a line of its own."""
    lines = [base]
    if len(base) > 22:
        parts = [p for p in _TITLE_SPLIT.split(base) if p]
        if len(parts) >= 2:
            lines = [parts[0], "".join(parts[1:])]
    if revision:
        if own_line:
            lines.append(f"（{revision}）")
        else:
            lines[-1] += f"（{revision}）"
    return lines


def cover(edition: Edition, base_title: str, revision: str | None, date: DocDate,
          under_title: Sequence[str] = ()) -> list[Block]:
    blocks: list[Block] = [code_line(edition), {"gap": 3}, {"h": company_name(edition)}]
    blocks += [{"h": line} for line in title_lines(base_title, revision, bool(edition.get("revision_own_line")))]
    if under_title:
        blocks += [{"gap": 4}] + [{"center": line} for line in under_title] + [{"gap": 6}]
    else:
        blocks.append({"gap": 10})
    if date.cover:
        blocks.append({"center": date.cover})
    blocks.append({"page_break": True})
    return blocks


def notice_head(edition: Edition, base_title: str, revision: str | None) -> list[Block]:
    """Notices (公告) have no cover: code line, company, title, the board's assurance."""
    blocks: list[Block] = [code_line(edition), {"gap": 1}, {"h": company_name(edition)}]
    blocks += [{"h": line} for line in title_lines(base_title, revision)]
    blocks.append({"p": "本公司董事会及全体董事保证本公告内容真实、准确和完整，不存在虚假记载、误导性陈述或者重大遗漏，"
                        "并对公告内容的真实性、准确性和完整性依法承担法律责任。"})
    return blocks


def signature(edition: Edition, date: DocDate, board: bool = True) -> list[Block]:
    blocks: list[Block] = [{"gap": 2}, {"right": company_name(edition) + ("董事会" if board else "")}]
    if date.signature:
        blocks.append({"right": date.signature})
    return blocks


def amount_cell(value: Decimal | None, unit: str) -> str:
    return DASH if value is None else print_amount(value, unit)


def project_table(edition: Edition, projects: Sequence[ProjectFact], unit: str) -> Block:
    """The use-of-proceeds table: one row per project and a 合计 row."""
    with_total = any(p.total_wan is not None for p in projects)
    variants = HEADERS_WITH_TOTAL if with_total else HEADERS_PROCEEDS_ONLY
    header = list(edition.get("header") or variants[int(edition.entry.code) % len(variants)])
    rows: list[list[str]] = []
    for n, p in enumerate(projects, start=1):
        row = [str(n), clean_name(p.name)]
        if with_total:
            row.append(amount_cell(p.total_wan, unit))
        row.append(amount_cell(p.proceeds_wan, unit))
        rows.append(row)
    totals = [p.total_wan for p in projects]
    total_row = ["合计", ""]
    if with_total:
        total_row.append(amount_cell(sum(totals) if all(t is not None for t in totals) else None, unit))
    total_row.append(amount_cell(sum(p.proceeds_wan for p in projects), unit))
    rows.append(total_row)
    widths = edition.get("widths") or ([0.6, 3.2, 1.5, 1.7] if with_total else [0.6, 3.6, 2.0])
    return {"table": _table_options(edition, {"unit": unit, "header": header, "rows": rows, "widths": widths})}


def _table_options(edition: Edition, table: dict[str, Any]) -> dict[str, Any]:
    if edition.get("break_after") is not None:
        table["break_after"] = edition.get("break_after")
    if edition.get("repeat_header") is not None:
        table["repeat_header"] = edition.get("repeat_header")
    return table


def budget_table(edition: Edition, project: ProjectFact, unit: str, layout: str = "amounts") -> tuple[Block, list[Block]]:
    """A project's budget breakdown, and any note printed under it.

    `amounts`: item, investment, proceeds (as the statement prints it); `shares`: numbered
    items with their share of the total (as feasibility reports print it), the rounding
    note under the table when the shares do not add up to 100.00%.
    """
    total = sum(amount for _, amount in project.budget)
    notes: list[Block] = []
    if layout == "shares":
        rows = []
        shares = []
        for n, (item, amount) in enumerate(project.budget, start=1):
            share = (amount / total * 100).quantize(Decimal("0.01"))
            shares.append(share)
            rows.append([str(n), item, print_amount(amount, unit), f"{share}%"])
        rows.append(["合计", "", print_amount(total, unit), "100.00%"])
        if sum(shares) != Decimal("100.00"):
            notes.append({"p": "注：合计数与各分项数值之和尾差为四舍五入所致。"})
        table = {"unit": unit, "header": ["序号", "投资内容", "投资金额", "占比"], "rows": rows,
                 "widths": [0.6, 3.0, 1.8, 1.2]}
    else:
        proceeds_equal = project.total_wan is not None and project.total_wan == project.proceeds_wan
        header = ["项目名称", "投资总额"] + (["拟使用募集资金金额"] if proceeds_equal else [])
        rows = [[item, print_amount(amount, unit)] + ([print_amount(amount, unit)] if proceeds_equal else [])
                for item, amount in project.budget]
        rows.append(["合计", print_amount(total, unit)] + ([print_amount(total, unit)] if proceeds_equal else []))
        table = {"unit": unit, "header": header, "rows": rows, "widths": [3, 1.5, 1.8][: len(header)]}
    return {"table": _table_options(edition, table)}, notes


def names_in_prose(projects: Sequence[ProjectFact]) -> str:
    """“甲项目”、“乙项目”和“补充流动资金”: how plans without a table name their projects."""
    quoted = [f"“{clean_name(p.name)}”" for p in projects]
    if len(quoted) == 1:
        return quoted[0]
    return "、".join(quoted[:-1]) + "和" + quoted[-1]


def cap_text(amount, unit: str, yuan_prefix: bool = True) -> str:
    """`人民币363,519.00万元` / `8.00亿元`: the cap as a sentence prints it."""
    return ("人民币" if yuan_prefix else "") + inline(amount, unit)
