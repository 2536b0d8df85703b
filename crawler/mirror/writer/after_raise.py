"""What happens to the money after it arrives: the notice re-allocating it per project
(关于调整募集资金投资项目拟投入募集资金金额的公告), the half-yearly and annual use reports
with their 募集资金使用情况对照表, notices that delay a project, change its use or close
it, and the notice ending a raise before any money came (终止…发行…事项).

Each writer returns the blocks and what a correct parse states (contract part 2:
`changes`, `progress`, `document.period_end`). Figures come from the reference (real
names) or from corpus/invented.json (invented companies, codes 68999x); derived figures
(progress %, differences, totals, a completion's surplus) are computed here, never typed.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from crawler.mirror.writer import blocks as B
from crawler.mirror.writer.actual_docs import facts_of, gross_wan, net_wan
from crawler.mirror.writer.figures import DocDate, inline, print_amount, wan
from crawler.mirror.writer.plan_docs import Written
from crawler.mirror.writer.reference import Edition, Entry, ProjectFact, ReferenceError
from crawler.mirror.writer.wording import base_title, offering_phrase

DASH = "—"
NOT_APPLICABLE = "不适用"
_MONTH = re.compile(r"^(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?$")


def ready_date(text: str) -> str | None:
    """`2025年12月` → `2025-12`, `2025年12月31日` → `2025-12-31`; 不适用 and the like → None."""
    match = _MONTH.match(text)
    if not match:
        return None
    year, month, day = match.groups()
    return f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")


def _notice_day(edition: Edition) -> DocDate:
    day = edition.date
    if day.signature is None and not edition.get("date_note"):
        raise ReferenceError(f"{edition.file}: a notice is signed on a day; say why this one prints none (date_note)")
    return day


def _events(edition: Edition, kind: str) -> list[dict[str, Any]]:
    events = [e for e in edition.entry.after.get("events") or [] if e["kind"] == kind]
    if edition.get("event") is not None:
        events = [events[int(edition.get("event"))]]
    return events


def _cn_day(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def _raise_sentence(edition: Edition, facts: dict[str, Any], entry: Entry | None = None) -> str:
    """一、募集资金基本情况: what was raised, net, and when it arrived, as far as known."""
    entry = entry or edition.entry
    gross = (f"人民币{facts['gross_yuan']}元" if facts.get("gross_yuan")
             else f"人民币{inline(gross_wan(edition, facts, entry), '万元')}")
    text = f"公司{entry.year}年度{offering_phrase(entry)}" if entry.offering != "ipo" else f"公司{offering_phrase(entry)}"
    text += f"募集资金总额为{gross}"
    net = net_wan(facts)
    if facts.get("net_yuan"):
        text += f"，扣除发行费用后，募集资金净额为人民币{facts['net_yuan']}元"
    elif net is not None:
        text += f"，扣除发行费用后，募集资金净额为人民币{inline(net, '万元')}"
    if facts.get("received_date"):
        text += f"。上述募集资金已于{_cn_day(facts['received_date'])}全部到位"
    return text + "，公司已对募集资金实行专户存储。"


# -- re-allocation after a raise smaller than the cap ---------------------------------------------

def usage_notice(edition: Edition, plan: Entry | None = None) -> Written:
    """关于调整募集资金投资项目拟投入募集资金金额的公告. With the per-project amounts before and
    after (an invented raise's `after.reallocation`) it prints the table; where those are
    not public it states the totals it knows and prints no table (changes: [])."""
    entry, day = edition.entry, _notice_day(edition)
    facts = facts_of(edition)
    title = edition.get("title") or base_title("usage_notice", entry)
    cap = edition.entry.raise_wan if edition.entry.invented else (plan.raise_wan if plan else None)
    head = B.notice_head(edition, title, None)
    body: list[B.Block] = [{"p": "一、募集资金基本情况"}, {"p": _raise_sentence(edition, facts)}]
    realloc = entry.after.get("reallocation")
    changes: list[dict[str, Any]] = []
    body.append({"p": "二、募集资金投资项目拟投入募集资金金额的调整情况"})
    if cap is not None:
        body.append({"p": f"根据本次发行方案，募集资金投资项目拟投入募集资金总额为{inline(cap, '万元')}。鉴于本次发行实际募集"
                          "资金净额少于上述拟投入募集资金总额，为保障募集资金投资项目的顺利实施，公司根据实际募集资金净额，"
                          "对各募集资金投资项目拟投入募集资金金额进行相应调整，不足部分由公司以自有资金或自筹资金解决。"})
    else:
        body.append({"p": "鉴于本次发行实际募集资金净额少于募集资金投资项目拟投入募集资金总额，公司根据实际募集资金净额，对"
                          "募集资金投资项目拟投入募集资金金额进行相应调整，不足部分由公司以自筹资金解决。"})
    if realloc:
        after = [wan(a) for a in realloc["after_wan"]]
        if len(after) != len(entry.projects):
            raise ReferenceError(f"{edition.file}: one amount after the re-allocation per project of the plan")
        net = net_wan(facts)
        if net is not None and sum(after) != net:
            raise ReferenceError(f"{edition.file}: amounts after ({sum(after)}) are not the net amount raised ({net})")
        body.append({"p": "具体调整情况如下："})
        rows = []
        for n, (p, a) in enumerate(zip(entry.projects, after, strict=True), start=1):
            rows.append([str(n), B.clean_name(p.name), B.amount_cell(p.total_wan, "万元"),
                         print_amount(p.proceeds_wan, "万元"), print_amount(a, "万元")])
            changes.append({"kind": "reallocation", "project": B.clean_name(p.name),
                            "committed_before_wan": float(p.proceeds_wan), "committed_after_wan": float(a)})
        totals = [p.total_wan for p in entry.projects]
        rows.append(["合计", "", B.amount_cell(sum(totals) if None not in totals else None, "万元"),
                     print_amount(sum(p.proceeds_wan for p in entry.projects), "万元"), print_amount(sum(after), "万元")])
        body.append({"table": {"unit": "万元", "header": ["序号", "项目名称", "项目投资总额", "调整前拟投入募集资金金额",
                                                          "调整后拟投入募集资金金额"],
                               "rows": rows, "widths": [0.6, 2.8, 1.4, 1.7, 1.7]}})
    body += [
        {"p": "三、本次调整对公司的影响"},
        {"p": "本次调整是根据募集资金实际情况作出的审慎决定，不存在变相改变募集资金用途和损害股东利益的情形。"},
        {"p": "特此公告。"},
    ]
    return Written(title, None, head + body + B.signature(edition, day), None, [], sections={"changes": changes})


# -- use reports ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    """One project row of a 对照表, with everything printed in it."""

    name: str
    committed: Decimal | None
    adjusted: Decimal
    period: Decimal
    to_date: Decimal
    ready: str
    changed: str  # 已变更项目 / 是否已变更项目 as printed
    feasibility: str
    section: str = "承诺投资项目"

    @property
    def pct(self) -> Decimal:
        return (self.to_date / self.adjusted * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _lines(edition: Edition, raised: Entry, period_end: str) -> list[Line]:
    after = raised.after
    rows = (after.get("progress") or {}).get(period_end)
    if rows is None:
        raise ReferenceError(f"{edition.file}: {raised.code} {raised.year} has no progress at {period_end}")
    planned = {B.clean_name(p.name): p.proceeds_wan for p in raised.projects}
    over = {o["name"]: wan(o["proceeds_wan"]) for o in after.get("over_raise") or []}
    realloc = after.get("reallocation")
    adjusted_by_name = dict(zip(planned, [wan(a) for a in realloc["after_wan"]], strict=True)) if realloc else {}
    lines = []
    for r in rows:
        name = r["name"]
        committed = planned.get(name, over.get(name))
        adjusted = wan(r["adjusted_wan"]) if "adjusted_wan" in r else adjusted_by_name.get(name, committed)
        if adjusted is None:
            raise ReferenceError(f"{edition.file}: {name}: neither committed nor adjusted amount")
        lines.append(Line(name, committed, adjusted, wan(r["period_wan"]), wan(r["to_date_wan"]), r["ready"],
                          r.get("changed", "否"), r["feasibility"], "超募资金投向" if name in over else "承诺投资项目"))
    _check_progress(edition, raised, period_end, lines)
    return lines


def _check_progress(edition: Edition, raised: Entry, period_end: str, lines: list[Line]) -> None:
    """Invented figures must hold together: nothing spent beyond its allocation, and this
    period's spending = the cumulative figure minus last year-end's (when that is known)."""
    progress = raised.after.get("progress") or {}
    year_end = f"{int(period_end[:4]) - 1}-12-31"
    before = {r["name"]: wan(r["to_date_wan"]) for r in progress.get(year_end, [])}
    for line in lines:
        if line.to_date > line.adjusted:
            raise ReferenceError(f"{edition.file}: {line.name} spent {line.to_date} of {line.adjusted}")
        if line.name in before and line.to_date - before[line.name] != line.period:
            raise ReferenceError(f"{edition.file}: {line.name} at {period_end}: {line.period} spent this period, but "
                                 f"{line.to_date} - {before[line.name]} since {year_end}")


def _money(value: Decimal | None, unit: str) -> str:
    return DASH if value is None else print_amount(value, unit)


def _period_words(half: bool) -> str:
    return "本报告期投入金额" if half else "本年度投入金额"


def _header_two_rows(half: bool) -> list[list[Any]]:
    """Thirteen columns; the cumulative figures grouped under 截至期末 (a two-row header)."""
    span2 = {"rowspan": 2}
    return [
        [{"text": "承诺投资项目", **span2}, {"text": "已变更项目，含部分变更（如有）", **span2},
         {"text": "募集资金承诺投资总额", **span2}, {"text": "调整后投资总额", **span2}, {"text": _period_words(half), **span2},
         {"text": "截至期末", "colspan": 4}, {"text": "项目达到预定可使用状态日期", **span2},
         {"text": "效益", "colspan": 2}, {"text": "项目可行性是否发生重大变化", **span2}],
        ["承诺投入金额(1)", "累计投入金额(2)", "累计投入金额与承诺投入金额的差额(3)=(2)-(1)", "投入进度(%)(4)=(2)/(1)",
         "本年度实现的效益", "是否达到预计效益"],
    ]


def _header_three_rows(half: bool) -> list[list[Any]]:
    """Twelve columns with a 序号; the formula labels on a third header row."""
    span3 = {"rowspan": 3}
    return [
        [{"text": "序号", **span3}, {"text": "承诺投资项目", **span3}, {"text": "是否已变更项目（含部分变更）", **span3},
         {"text": "募集资金承诺投资总额", **span3}, {"text": "调整后投资总额", **span3}, {"text": _period_words(half), **span3},
         {"text": "截至期末", "colspan": 4}, {"text": "项目达到预定可使用状态日期", **span3},
         {"text": "项目可行性是否发生重大变化", **span3}],
        ["承诺投入金额", "累计投入金额", "累计投入金额与承诺投入金额的差额", "投入进度（%）"],
        ["(1)", "(2)", "(3)=(2)-(1)", "(4)=(2)/(1)"],
    ]


HEADER_STYLES: dict[str, tuple[Callable[[bool], list[list[Any]]], list[float]]] = {
    "two_rows": (_header_two_rows, [2.3, 1.0, 1.15, 1.15, 1.1, 1.15, 1.15, 1.2, 1.0, 1.1, 0.9, 0.8, 1.0]),
    "three_rows": (_header_three_rows, [0.45, 2.0, 0.9, 1.55, 1.55, 1.45, 1.55, 1.55, 1.5, 0.85, 1.0, 0.95]),
}


def _half_year(period_end: str) -> bool:
    return period_end.endswith("-06-30")


def _report_table(edition: Edition, raised: Entry, lines: list[Line], style: str, unit: str,
                  notes: dict[str, str]) -> dict[str, Any]:
    """The 对照表 of one raise: the summary block, the merged header, a row per project
    (with 小计 rows where the money includes 超募资金), 合计, and the explanation rows."""
    make_header, widths = HEADER_STYLES[style]
    header = make_header(_half_year(notes["period_end"]))
    columns = len(widths)
    seq = style == "three_rows"
    facts = {**(raised.after.get("actual") or {})}
    net = net_wan(facts)
    changed_total = sum((ln.committed - ln.adjusted for ln in lines
                         if ln.changed == "是" and ln.committed is not None), Decimal("0.00"))
    period_total = sum((ln.period for ln in lines), Decimal("0.00"))
    to_date_total = sum((ln.to_date for ln in lines), Decimal("0.00"))
    left, right = 3, columns - 3 - 4 - 2  # summary block: label | value | label | value
    top = [
        [{"text": "募集资金总额", "colspan": left}, {"text": _money(net, unit), "colspan": 4},
         {"text": "本年度投入募集资金总额" if not _half_year(notes["period_end"]) else "本期投入募集资金总额", "colspan": right},
         {"text": print_amount(period_total, unit), "colspan": 2}],
        [{"text": "变更用途的募集资金总额", "colspan": left}, {"text": _money(changed_total or None, unit), "colspan": 4},
         {"text": "已累计投入募集资金总额", "colspan": right, "rowspan": 3},
         {"text": print_amount(to_date_total, unit), "colspan": 2, "rowspan": 3}],
        [{"text": "累计变更用途的募集资金总额", "colspan": left}, {"text": _money(changed_total or None, unit), "colspan": 4}],
        [{"text": "累计变更用途的募集资金总额比例", "colspan": left},
         {"text": f"{(changed_total / net * 100).quantize(Decimal('0.01'), ROUND_HALF_UP)}%" if changed_total and net
          else DASH, "colspan": 4}],
    ]
    rows: list[list[Any]] = []

    def project_row(n: int, ln: Line) -> list[Any]:
        cells: list[Any] = [str(n)] if seq else []
        cells += [ln.name, ln.changed, _money(ln.committed, unit), print_amount(ln.adjusted, unit),
                  print_amount(ln.period, unit), print_amount(ln.adjusted, unit), print_amount(ln.to_date, unit),
                  print_amount(ln.to_date - ln.adjusted, unit), f"{ln.pct}", ln.ready]
        if style == "two_rows":
            cells += [NOT_APPLICABLE, NOT_APPLICABLE]
        return cells + [ln.feasibility]

    def total_row(label: str, group: list[Line]) -> list[Any]:
        span = 3 if seq else 2
        committed = [ln.committed for ln in group]
        cells: list[Any] = [{"text": label, "colspan": span},
                            _money(sum(committed) if None not in committed else None, unit)]
        for value in (sum(ln.adjusted for ln in group), sum(ln.period for ln in group),
                      sum(ln.adjusted for ln in group), sum(ln.to_date for ln in group),
                      sum(ln.to_date - ln.adjusted for ln in group)):
            cells.append(print_amount(value, unit))
        return cells + [DASH] * (columns - span - (len(cells) - 1))

    sections = [s for s in ("承诺投资项目", "超募资金投向") if any(ln.section == s for ln in lines)]
    n = 0
    for section in sections:
        group = [ln for ln in lines if ln.section == section]
        if len(sections) > 1 and section != sections[0]:
            rows.append([{"text": section, "colspan": columns}])
        for ln in group:
            n += 1
            rows.append(project_row(n, ln))
        if len(sections) > 1:
            rows.append(total_row(f"{section}小计", group))
    rows.append(total_row("合计", lines))
    for label in ("未达到计划进度原因（分具体募投项目）", "项目可行性发生重大变化的情况说明", "募集资金投资项目先期投入及置换情况",
                  "用闲置募集资金暂时补充流动资金情况", "对闲置募集资金进行现金管理，投资相关产品情况",
                  "募集资金结余的金额及形成原因", "募集资金其他使用情况"):
        rows.append([{"text": label, "colspan": 3}, {"text": notes.get(label, NOT_APPLICABLE), "colspan": columns - 3}])
    return {"unit": unit, "top_rows": top, "header_rows": header, "rows": rows, "widths": widths, "size": 6.8}


def use_report(edition: Edition, raises: Sequence[Entry]) -> Written:
    """募集资金存放与实际使用情况的专项报告: one section per raise in prose, then one 对照表 per
    raise on landscape pages, IPO money first."""
    period_end = str(edition.get("period_end"))
    day = _notice_day(edition)
    half = _half_year(period_end)
    year = int(period_end[:4])
    title = edition.get("title") or (f"关于{year}年半年度募集资金存放与实际使用情况的专项报告" if half
                                     else f"{year}年度募集资金存放与实际使用情况的专项报告")
    raises = list(raises) or [edition.entry]
    unit = edition.get("unit") or "万元"
    style = edition.get("header_style") or "two_rows"
    as_of = _cn_day(period_end)
    body: list[B.Block] = B.notice_head(edition, title, None) + [
        {"p": f"根据《上市公司监管指引第2号——上市公司募集资金管理和使用的监管要求》《上海证券交易所科创板上市公司自律"
              f"监管指引第1号——规范运作》等有关规定，{B.company_name(edition)}（以下简称“公司”）董事会编制了截至"
              f"{as_of}的募集资金存放与实际使用情况的专项报告，具体如下："},
        {"p": "一、募集资金基本情况"},
    ]
    tables: list[B.Block] = []
    progress: list[dict[str, Any]] = []
    for k, raised in enumerate(raises):
        facts = raised.after.get("actual") or {}
        label = offering_phrase(raised) if raised.offering == "ipo" else f"{raised.year}年度{offering_phrase(raised)}"
        lines = _lines(edition, raised, period_end)
        to_date = sum((ln.to_date for ln in lines), Decimal("0.00"))
        body.append({"p": f"（{'一二三四'[k]}）{label}"})
        body.append({"p": _raise_sentence(edition, facts, raised)})
        body.append({"p": f"截至{as_of}，公司{label}募集资金累计投入募集资金投资项目{inline(to_date, '万元')}。"})
        notes = {"period_end": period_end, **_table_notes(edition, raised, period_end)}
        caption = f"附表{k + 1}：募集资金使用情况对照表（{label}）"
        tables += [{"p": caption}, {"table": _report_table(edition, raised, lines, style, unit, notes)}]
        for seq, ln in enumerate(lines, start=1):
            progress.append({
                "seq": seq, "project": ln.name, "offering_hint": label,
                "committed_wan": None if ln.committed is None else float(ln.committed),
                "adjusted_wan": float(ln.adjusted), "invested_period_wan": float(ln.period),
                "invested_to_date_wan": float(ln.to_date), "progress_pct": float(ln.pct),
                "ready_date": ready_date(ln.ready), "ready_date_text": ln.ready,
                "changed": _changed(ln),
            })
    body += [
        {"p": "二、募集资金管理情况"},
        {"p": "公司按照有关法律法规的规定制定了募集资金管理制度，对募集资金实行专户存储，并与保荐机构、存放募集资金的"
              "商业银行签订了募集资金专户存储监管协议，协议的履行不存在问题。"},
        {"p": "三、本报告期募集资金的实际使用情况"},
        {"p": f"（一）募集资金投资项目的资金使用情况：截至{as_of}，募集资金的实际使用情况详见附表"
              f"“募集资金使用情况对照表”。"},
        {"p": "（二）募投项目先期投入及置换情况：本报告期内，公司不存在使用募集资金置换先期投入的情况。"},
        {"p": "四、变更募投项目的资金使用情况"},
        {"p": "详见附表。" if any(r["changed"] for r in progress) else "本报告期内，公司不存在变更募投项目的情况。"},
        {"p": "五、募集资金使用及披露中存在的问题"},
        {"p": "公司已及时、真实、准确、完整地披露了募集资金的存放与使用情况，不存在募集资金管理违规的情形。"},
    ]
    if not half:
        body += [{"p": "六、会计师事务所对公司年度募集资金存放与使用情况出具的鉴证报告的结论性意见"},
                 {"p": "会计师事务所认为，公司董事会编制的专项报告在所有重大方面如实反映了公司募集资金的存放与实际使用情况。"}]
    body += [{"p": "特此公告。"}] + B.signature(edition, day)
    body += [{"page_break": "landscape"}]  # the 附表 are printed across the page, one raise after another
    for n, block in enumerate(tables):
        if n and "p" in block:
            body.append({"page_break": True})
        body.append(block)
    return Written(title, None, body, None, [], sections={"progress": progress, "period_end": period_end})


def _changed(line: Line) -> bool | None:
    """`changed`: yes when either column says the project was changed (是 / 部分变更) or its
    feasibility changed; no when a column says 否; null when neither applies (不适用)."""
    said = [v for v in (line.changed, line.feasibility) if v is not None and v != NOT_APPLICABLE]
    if not said:
        return None
    return any(v.startswith("是") or "变更" in v for v in said)


def _table_notes(edition: Edition, raised: Entry, period_end: str) -> dict[str, str]:
    """The explanation rows under a 对照表: the delays and changes already announced."""
    notes: dict[str, str] = {}
    for event in raised.after.get("events") or []:
        if event["date"] > period_end:
            continue
        when = _cn_day(event["date"])
        if event["kind"] == "delay":
            notes["未达到计划进度原因（分具体募投项目）"] = (
                f"公司于{when}披露《关于部分募投项目延期的公告》，将{event['project']}达到预定可使用状态日期由"
                f"{event['old_ready']}调整至{event['new_ready']}。")
        elif event["kind"] == "change_of_use":
            notes["项目可行性发生重大变化的情况说明"] = (
                f"公司于{when}披露《关于变更部分募集资金投资项目的公告》，将{event['project']}的部分募集资金用于"
                f"{event['new_project']}。")
    return notes


# -- changes of use, delays, completions -----------------------------------------------------------

def delay_notice(edition: Edition) -> Written:
    """关于部分募投项目延期的公告: the project, the old and the new date it is to be ready."""
    entry, day = edition.entry, _notice_day(edition)
    title = edition.get("title") or base_title("delay_notice", entry)
    facts = facts_of(edition)
    changes = []
    rows = []
    for event in _events(edition, "delay"):
        rows.append([event["project"], event["old_ready"], event["new_ready"]])
        changes.append({"kind": "delay", "project": event["project"], "to_working_capital": False,
                        "old_ready_date": ready_date(event["old_ready"]), "new_ready_date": ready_date(event["new_ready"])})
    if not rows:
        raise ReferenceError(f"{edition.file}: no delay to announce")
    body = B.notice_head(edition, title, None) + [
        {"p": f"{B.company_name(edition)}（以下简称“公司”）于{day.signature}召开董事会会议，审议通过了《关于部分募投项目延期"
              "的议案》，同意在募投项目实施主体、募集资金用途及投资规模不发生变更的情况下，对部分募投项目达到预定可使用状态"
              "的日期进行调整。"},
        {"p": "一、募集资金基本情况"},
        {"p": _raise_sentence(edition, facts)},
        {"p": "二、本次部分募投项目延期的具体情况"},
        {"table": {"header": ["项目名称", "原计划达到预定可使用状态日期", "调整后达到预定可使用状态日期"], "rows": rows,
                   "widths": [2.6, 1.7, 1.7]}},
        {"p": "三、本次部分募投项目延期的原因"},
        {"p": "受设备交付周期延长及厂房建设进度影响，项目实际投资进度较原计划有所放缓。为确保募投项目建设质量，公司审慎"
              "决定将上述项目达到预定可使用状态的日期延期。"},
        {"p": "四、本次部分募投项目延期对公司的影响"},
        {"p": "本次延期仅涉及项目进度的变化，未改变募投项目的投资内容、投资总额和实施主体，不存在变相改变募集资金用途的"
              "情形。"},
        {"p": "特此公告。"},
    ] + B.signature(edition, day)
    return Written(title, None, body, None, [], sections={"changes": changes})


def change_notice(edition: Edition) -> Written:
    """关于变更部分募集资金投资项目的公告: money moved from one project to a new one."""
    entry, day = edition.entry, _notice_day(edition)
    title = edition.get("title") or base_title("change_notice", entry)
    facts = facts_of(edition)
    [event] = _events(edition, "change_of_use") if entry.invented else [(edition.get("facts") or {})["change"]]
    before, after = wan(event["before_wan"]), wan(event["after_wan"])
    planned = {B.clean_name(p.name): p for p in entry.projects}
    fact: ProjectFact | None = planned.get(event["project"])
    if fact is None or fact.proceeds_wan != before:
        raise ReferenceError(f"{edition.file}: {event['project']} did not plan {before} 万元 of the raise")
    moved = before - after
    new_proceeds = wan(event.get("new_proceeds_wan")) if event.get("new_proceeds_wan") is not None else moved
    if new_proceeds != moved:
        raise ReferenceError(f"{edition.file}: {moved} 万元 moved, but the new project takes {new_proceeds}")
    rows = [
        [event["project"], B.amount_cell(wan(event.get("before_total_wan")) if event.get("before_total_wan") else
                                         fact.total_wan, "万元"), print_amount(before, "万元"),
         B.amount_cell(wan(event["after_total_wan"]) if event.get("after_total_wan") else None, "万元"),
         print_amount(after, "万元")],
        [event["new_project"], DASH, DASH, print_amount(wan(event["new_total_wan"]), "万元"),
         print_amount(new_proceeds, "万元")],
    ]
    body = B.notice_head(edition, title, None) + [
        {"p": "重要内容提示："},
        {"p": f"原项目名称：{event['project']}；新项目名称：{event['new_project']}。"},
        {"p": f"变更募集资金投向的金额：{inline(moved, '万元')}。"},
        {"p": "一、变更募集资金投资项目的概述"},
        {"p": _raise_sentence(edition, facts) if facts else
              f"公司{entry.year}年度{offering_phrase(entry)}募集资金已按照相关规定存放于募集资金专项账户。"},
        {"p": f"为提高募集资金使用效率，公司拟将原募投项目“{event['project']}”拟投入募集资金由{inline(before, '万元')}"
              f"调减至{inline(after, '万元')}，调减的{inline(moved, '万元')}用于新项目“{event['new_project']}”。"
              "本次变更前后募集资金投资项目情况如下："},
        {"table": {"unit": "万元", "header_rows": [
            [{"text": "项目名称", "rowspan": 2}, {"text": "变更前", "colspan": 2}, {"text": "变更后", "colspan": 2}],
            ["项目投资总额", "拟投入募集资金金额", "项目投资总额", "拟投入募集资金金额"]],
            "rows": rows, "widths": [2.6, 1.3, 1.5, 1.3, 1.5]}},
        {"p": "二、变更募集资金投资项目的具体原因"},
        {"p": "结合市场环境变化及公司业务发展规划，公司对原募投项目的建设内容进行优化，并将节省的募集资金投入与主营业务"
              "密切相关的新项目。"},
        {"p": "三、本次变更对公司的影响"},
        {"p": "本次变更是公司根据实际经营情况作出的审慎决定，有利于提高募集资金使用效率，不存在损害股东利益的情形。"
              "本次变更尚需提交股东大会审议。"},
        {"p": "特此公告。"},
    ] + B.signature(edition, day)
    change = {"kind": "change_of_use", "project": event["project"], "new_project": event["new_project"],
              "committed_before_wan": float(before), "committed_after_wan": float(after), "amount_wan": float(moved),
              "to_working_capital": False}
    return Written(title, None, body, None, [], sections={"changes": [change]})


def completion_notice(edition: Edition) -> Written:
    """结项 notice: the projects closed; with its figures (committed, spent, interest), the
    surplus each leaves and where it goes; where those are not public, the projects only."""
    entry, day = edition.entry, _notice_day(edition)
    title = edition.get("title") or base_title("completion_notice", entry)
    facts = facts_of(edition)
    events = _events(edition, "completion") if entry.invented else []
    body = B.notice_head(edition, title, None) + [{"p": "一、募集资金基本情况"}, {"p": _completion_raise(edition, facts)}]
    changes: list[dict[str, Any]] = []
    if events:
        rows = []
        for event in events:
            committed, invested, interest = (wan(event["committed_wan"]), wan(event["invested_wan"]),
                                             wan(event["interest_wan"]))
            surplus = committed - invested + interest
            rows.append([event["project"], print_amount(committed, "万元"), print_amount(invested, "万元"),
                         print_amount(interest, "万元"), print_amount(surplus, "万元")])
            changes.append({"kind": "completion", "project": event["project"], "amount_wan": float(surplus),
                            "to_working_capital": bool(event["to_working_capital"])})
        body += [
            {"p": "二、本次结项募投项目的募集资金使用及节余情况"},
            {"p": f"截至本公告披露日，公司{offering_phrase(entry)}募投项目“{events[0]['project']}”已建设完毕并达到预定"
                  "可使用状态，公司决定对该项目予以结项。该项目募集资金使用及节余情况如下："},
            {"table": {"unit": "万元", "header": ["项目名称", "募集资金承诺投资总额", "累计投入募集资金金额",
                                                  "利息收入扣除手续费净额", "节余募集资金金额"],
                       "rows": rows, "widths": [2.4, 1.4, 1.4, 1.5, 1.3]}},
            {"p": "注：节余募集资金金额包含尚未收到的银行利息收入，最终转入公司自有资金账户的金额以资金转出当日专户余额为准。"},
            {"p": "三、节余募集资金的使用计划"},
            {"p": "为提高募集资金使用效率，公司拟将上述节余募集资金永久补充流动资金，用于公司日常生产经营活动。"},
        ]
    else:
        names = [B.clean_name(p.name) for p in entry.projects]
        body += [
            {"p": "二、募集资金投资项目结项情况"},
            {"p": f"截至本公告披露日，公司{offering_phrase(entry)}募集资金投资项目{B.names_in_prose(entry.projects)}均已实施"
                  "完毕，公司决定对上述募集资金投资项目予以结项。"},
        ]
        changes = [{"kind": "completion", "project": name, "amount_wan": None, "to_working_capital": False}
                   for name in names]
    body += [{"p": "特此公告。"}] + B.signature(edition, day)
    return Written(title, None, body, None, [], sections={"changes": changes})


def _completion_raise(edition: Edition, facts: dict[str, Any]) -> str:
    """The raise a completion notice recalls; for a bond raise with fees deducted at source:
    what the sponsor kept and what the company received (as the real notice prints)."""
    if facts.get("fees_wan") and facts.get("received_wan"):
        entry = edition.entry
        return (f"公司{offering_phrase(entry)}募集资金总额为人民币{inline(gross_wan(edition, facts), '万元')}，扣除承销及保荐费用"
                f"{facts['fees_wan']}万元后，实际收到募集资金{facts['received_wan']}万元，已存放于募集资金专项账户。")
    return _raise_sentence(edition, facts)


# -- a raise that ends before any money came --------------------------------------------------------

def withdrawal_notice(edition: Edition) -> Written:
    """关于终止…发行…事项（并撤回申请文件）的公告: the raise ends; nothing more to read."""
    entry, day = edition.entry, _notice_day(edition)
    filed = bool((edition.get("facts") or {}).get("filed") or any(
        e.get("filed") for e in (entry.after.get("events") or []) if e["kind"] == "withdrawal"))
    phrase = f"{entry.year}年度{offering_phrase(entry)}"
    title = edition.get("title") or (f"关于终止{phrase}事项并撤回申请文件的公告" if filed
                                     else base_title("withdrawal_notice", entry))
    body = B.notice_head(edition, title, None) + [
        {"p": f"{B.company_name(edition)}（以下简称“公司”）于{day.signature}召开董事会会议，审议通过了《关于终止{phrase}事项"
              + ("并撤回申请文件" if filed else "") + "的议案》。现将有关事项公告如下："},
        {"p": "一、本次发行的基本情况"},
        {"p": f"公司此前审议通过了{phrase}的相关议案，并按规定履行了信息披露义务。"
              + ("公司已向上海证券交易所报送本次发行的申请文件。" if filed else "")},
        {"p": "二、终止本次发行事项的原因"},
        {"p": "综合考虑资本市场环境、公司发展规划等因素，经与相关各方充分沟通及审慎论证，公司决定终止本次发行事项"
              + ("，并向上海证券交易所申请撤回相关申请文件。" if filed else "。")},
        {"p": "三、终止本次发行事项对公司的影响"},
        {"p": "公司目前生产经营正常，终止本次发行事项不会对公司正常经营与持续稳定发展造成重大不利影响，不存在损害公司及"
              "股东利益的情形。"},
        {"p": "特此公告。"},
    ] + B.signature(edition, day)
    return Written(title, None, body, None, [])


WRITERS: dict[str, Callable[[Edition], Written]] = {
    "delay_notice": delay_notice, "change_notice": change_notice, "completion_notice": completion_notice,
    "withdrawal_notice": withdrawal_notice,
}


def resolve_raises(edition: Edition, by_id: dict[str, Entry]) -> Sequence[Entry]:
    """The raises a use report covers, in the order it prints them (IPO money first)."""
    ids = edition.get("raises") or []
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise ReferenceError(f"{edition.file}: unknown raises {missing}")
    return [by_id[i] for i in ids]
