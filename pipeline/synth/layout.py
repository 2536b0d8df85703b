"""A synthetic filing as the blocks `crawler/mirror/render.py` prints: cover, cap sentence,
ruled project table, one section per project with its budget table, signature.

The prose is generic and written for starboard; every figure comes from the filing's
version, so the rendered PDF and the contract can never disagree.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from pipeline.synth.documents import (
    ADJUSTMENT,
    PLAN,
    STATEMENT,
    SynthFiling,
    budget_rows,
    project_total_printed,
)
from pipeline.synth.generate import Project, Version, load_vocabulary

FICTION_NOTE = "（starboard 合成的虚构样本：公司名称、代码与全部数字均为虚构）"
_CN_DIGITS = "〇一二三四五六七八九"
_CN_SECTION = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
_UNIT_FACTOR = {"万元": Decimal(1), "元": Decimal(10000)}
_OFFERING_PHRASE = {
    "specific_targets": "向特定对象发行A股股票",
    "simplified": "以简易程序向特定对象发行股票",
    "convertible_bond": "向不特定对象发行可转换公司债券",
}


def money(value: Decimal | None, unit: str = "万元") -> str:
    if value is None:
        return "—"
    return f"{value * _UNIT_FACTOR[unit]:,.2f}"


def cn_year_month(f: SynthFiling) -> str:
    year = "".join(_CN_DIGITS[int(c)] for c in str(f.signed.year))
    month = f.signed.month
    words = _CN_SECTION[month - 1] if month <= 10 else "十" + _CN_SECTION[month - 11]
    return f"{year}年{words}月"


def signed(f: SynthFiling) -> str:
    return f"{f.signed.year}年{f.signed.month}月{f.signed.day}日"


def blocks(f: SynthFiling) -> list[dict[str, Any]]:
    body = {PLAN: _plan, STATEMENT: _statement, ADJUSTMENT: _adjustment}[f.kind](f)
    return [*_cover(f), *body, {"gap": 2}, {"right": f"{f.company.full_name}董事会"}, {"right": signed(f)}]


def running_head(f: SynthFiling) -> str:
    return f"{f.company.full_name}{f.title}"


def _cover(f: SynthFiling) -> list[dict[str, Any]]:
    code_line = f"证券代码：{f.company.code}    证券简称：{f.company.short_name}"
    if f.kind == ADJUSTMENT:
        return [
            {"right": f"{code_line}    公告编号：{f.signed.year}-{f.layout['notice_no']:03d}"},
            {"gap": 1},
            {"h": f.company.full_name},
            {"h": f.title},
            {"center": FICTION_NOTE},
            {"gap": 1},
        ]
    return [
        {"right": code_line},
        {"gap": 3},
        {"h": f.company.full_name},
        {"h": f.title},
        {"gap": 8},
        {"center": cn_year_month(f)},
        {"center": FICTION_NOTE},
        {"page_break": True},
    ]


def _cap_sentence(f: SynthFiling, version: Version) -> str:
    unit = f.layout["unit"]
    what = "本次发行可转换公司债券" if f.offering == "convertible_bond" else "本次发行"
    return (f"{what}的募集资金总额不超过人民币{money(version.cap, unit)}{unit}（含本数），"
            "扣除发行费用后的募集资金净额拟全部用于以下项目：")


def _project_table(f: SynthFiling, version: Version) -> dict[str, Any]:
    spec = load_vocabulary()["project_tables"][f.layout["project_table"]]
    unit = f.layout["unit"]
    rows = [
        [str(seq), p.name, money(project_total_printed(p, f.layout), unit), money(p.proceeds, unit)]
        for seq, p in enumerate(version.projects, start=1)
    ]
    totals = [project_total_printed(p, f.layout) for p in version.projects]
    grand = None if any(t is None for t in totals) else sum(totals, Decimal(0))
    rows.append(["合计", "", money(grand, unit), money(version.cap, unit)])
    return {"table": {"unit": unit, "header": spec["header"], "widths": spec["widths"], "rows": rows}}


def _section_head(n: int, p: Project) -> dict[str, Any]:
    return {"p": f"（{_CN_SECTION[n] if n < 10 else n + 1}）{p.name}"}


def _where(p: Project) -> str:
    return f"建设地点位于{p.place}，实施主体为{p.entity}"


def _plan(f: SynthFiling) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [
        {"p": "第一节 本次发行方案概要"},
        {"p": "一、本次募集资金使用计划"},
        {"p": _cap_sentence(f, f.version)},
        _project_table(f, f.version),
        {"p": "在本次发行募集资金到位之前，公司将根据项目进度的实际情况以自筹资金先行投入，并在募集资金到位后予以置换。"},
        {"p": "第二节 董事会关于本次募集资金使用的可行性分析"},
    ]
    for n, p in enumerate(f.version.projects):
        out.append(_section_head(n, p))
        if p.is_working_capital:
            out.append({"p": "公司拟将部分募集资金用于补充流动资金，以缓解业务规模扩大带来的营运资金压力，优化资本结构。"})
        else:
            out.append({"p": f"本项目建设期为{p.months}个月，{_where(p)}。"})
            out.append({"p": "项目建成后将进一步提升公司的技术水平与交付能力，巩固公司在细分领域的竞争地位。"})
    return out


def _statement(f: SynthFiling) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [
        {"p": f"{f.company.full_name}（以下简称“公司”）拟{_OFFERING_PHRASE[f.offering]}（以下简称“本次发行”），"
              "现就本次发行募集资金投向是否属于科技创新领域说明如下。"},
        {"p": "一、本次募集资金投向方案"},
        {"p": _cap_sentence(f, f.version)},
        _project_table(f, f.version),
        {"p": "二、本次募集资金投资项目的基本情况"},
    ]
    for n, p in enumerate(f.version.projects):
        out.append(_section_head(n, p))
        if p.is_working_capital:
            out.append({"p": "公司拟以部分募集资金补充流动资金，满足主营业务持续发展的资金需求。"})
            continue
        out.append({"p": "1、项目基本情况"})
        out.append({"p": f"本项目计划投资{money(p.total)}万元，{_where(p)}。"})
        if p.budget:
            out.append({"p": "2、项目投资概况"})
            out.append({"p": f"本项目预计投资总额为{money(p.total)}万元，拟使用募集资金{money(p.proceeds)}万元，投资构成如下："})
            out.append(_budget_table(p, f.layout))
        out.append({"p": f"{3 if p.budget else 2}、项目实施进度"})
        out.append({"p": f"项目计划建设期为{p.months}个月。"})
    out.append({"p": "三、结论"})
    out.append({"p": "综上，公司认为本次募集资金投向围绕主营业务展开，属于科技创新领域。"})
    return out


def _budget_table(p: Project, layout: dict[str, Any]) -> dict[str, Any]:
    spec = load_vocabulary()["budget_tables"][layout["budget_table"]]
    rows_in = budget_rows(p, layout)
    subtotal = p.subtotal if layout["subtotals"] and p.subtotal and any(r["sub"] for r in rows_in) else None
    total = sum((r["amount"] for r in rows_in), Decimal(0))

    def cells(seq: str, item: str, amount: Decimal, proceeds: Decimal | None) -> list[str]:
        values = {"seq": seq, "item": item, "amount": money(amount), "proceeds": money(proceeds),
                  "share": f"{amount / total * 100:.2f}%"}
        return [values[c] for c in spec["columns"]]

    rows: list[list[str]] = []
    number = 0
    k = 0
    while k < len(rows_in):
        row = rows_in[k]
        if subtotal and row["sub"]:
            group = []
            while k < len(rows_in) and rows_in[k]["sub"]:
                group.append(rows_in[k])
                k += 1
            number += 1
            proceeds = [g["proceeds"] for g in group]
            group_proceeds = sum((v for v in proceeds if v is not None), Decimal(0)) if any(proceeds) else None
            rows.append(cells(str(number), subtotal, sum((g["amount"] for g in group), Decimal(0)), group_proceeds))
            for j, g in enumerate(group, start=1):
                rows.append(cells(f"{number}.{j}", g["item"], g["amount"], g["proceeds"]))
            continue
        number += 1
        rows.append(cells(str(number), row["item"], row["amount"], row["proceeds"]))
        k += 1
    all_proceeds = [r["proceeds"] for r in rows_in]
    proceeds_total = sum((v for v in all_proceeds if v is not None), Decimal(0)) if any(all_proceeds) else None
    last = cells("合计", "合计", total, proceeds_total)
    if spec["columns"][0] == "seq":
        last[1] = ""
    rows.append(last)
    return {"table": {"unit": "万元", "header": spec["header"], "widths": spec["widths"], "rows": rows}}


def _adjustment(f: SynthFiling) -> list[dict[str, Any]]:
    assert f.before is not None
    session, meeting = f.layout["board"]
    words = "可转换公司债券" if f.offering == "convertible_bond" else "股票"
    return [
        {"p": "本公司董事会及全体董事保证本公告内容不存在虚假记载、误导性陈述或者重大遗漏，并对其内容的真实性、准确性和完整性依法承担法律责任。"},
        {"p": f"{f.company.full_name}（以下简称“公司”）于{signed(f)}召开第{session}届董事会第{meeting}次会议，"
              f"审议通过了调整本次发行{words}方案的议案。结合公司实际情况，公司对本次发行的募集资金总额及用途进行了调整，具体如下："},
        {"p": "调整前："},
        {"p": _cap_sentence(f, f.before)},
        _project_table(f, f.before),
        {"p": "调整后："},
        {"p": _cap_sentence(f, f.version)},
        _project_table(f, f.version),
        {"p": "除上述调整外，本次发行方案的其他事项不变。"},
        {"p": "特此公告。"},
    ]
