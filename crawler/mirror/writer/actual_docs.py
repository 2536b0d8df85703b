"""Documents about money actually raised (kind issuance_result): listing announcement
(上市公告书), issuance report (发行情况报告书) and issue-result notice. They state no cap:
what was raised, when it arrived, at what price, under which approval. What a correct
parse reads from them is `raise_actual` (contract part 2), built here beside the blocks.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from crawler.mirror.writer import blocks as B
from crawler.mirror.writer.figures import DocDate, inline, yuan_to_wan
from crawler.mirror.writer.plan_docs import Written
from crawler.mirror.writer.reference import Edition, Entry, ReferenceError
from crawler.mirror.writer.wording import base_title, is_bond, offering_phrase

#: the raise as a title names it: its year (if printed) and its type, up to 股票 / 债券
_OFFERING_IN_TITLE = re.compile(r"(?:\d{4}年度?)?(?:以简易程序)?(?:向不?特定对象|首次公开)发行.*?(?:股票|可转换公司债券)")


def offering_hint(title: str) -> str | None:
    """`offering_hint` of a document: the raise as its title names it (NFKC, no spaces)."""
    text = "".join(unicodedata.normalize("NFKC", title).split())
    match = _OFFERING_IN_TITLE.search(text)
    return match.group(0) if match else None


def facts_of(edition: Edition) -> dict[str, Any]:
    """What is known of the money raised: an invented raise's `after.actual`, the edition's facts."""
    return {**(edition.entry.after.get("actual") or {}), **(edition.get("facts") or {})}


def gross_wan(edition: Edition, facts: dict[str, Any], entry: Entry | None = None) -> Decimal:
    """The amount raised: printed in 元, or bonds × 100 元, or the reference's amount raised."""
    entry = entry or edition.entry
    if facts.get("gross_yuan"):
        return yuan_to_wan(facts["gross_yuan"])
    if facts.get("bonds_wan"):
        return (Decimal(facts["bonds_wan"].replace(",", "")) * 100).quantize(Decimal("0.01"))
    if entry.invented:
        raise ReferenceError(f"{edition.file}: an invented raise states what it raised (gross_yuan or bonds_wan)")
    return entry.raise_wan


def net_wan(facts: dict[str, Any]) -> Decimal | None:
    if facts.get("net_yuan"):
        return yuan_to_wan(facts["net_yuan"])
    if facts.get("net_wan"):
        return Decimal(facts["net_wan"].replace(",", "")).quantize(Decimal("0.01"))
    return None


def check_facts(edition: Edition) -> dict[str, Any]:
    """The edition's facts must agree with the reference's raise, to the cent of a 万元
    (an invented raise: with its own cap, which the amount raised cannot exceed)."""
    facts = facts_of(edition)
    raised = gross_wan(edition, facts)
    if edition.entry.invented:
        if raised > edition.entry.raise_wan:
            raise ReferenceError(f"{edition.file}: raised {raised} 万元, over the cap {edition.entry.raise_wan}")
    elif raised != edition.entry.raise_wan:
        raise ReferenceError(f"{edition.file}: {raised} 万元 raised is not the reference's {edition.entry.raise_wan} 万元")
    net = net_wan(facts)
    if net is not None and net > raised:
        raise ReferenceError(f"{edition.file}: net {net} 万元 is more than the {raised} 万元 raised")
    return facts


def raise_actual(edition: Edition, facts: dict[str, Any], title: str) -> dict[str, Any]:
    """The `raise_actual` a correct parse gives: what the document prints, else null."""
    shares = facts.get("shares") if not is_bond(edition.entry) else None
    price = facts.get("price") if not is_bond(edition.entry) else None
    return {
        "gross_wan": float(gross_wan(edition, facts)),
        "net_wan": None if net_wan(facts) is None else float(net_wan(facts)),
        "received_date": facts.get("received_date"),
        "shares": int(shares.replace(",", "")) if shares else None,
        "price_yuan": float(price.replace(",", "")) if price else None,
        "offering_hint": offering_hint(title),
    }


def _received(facts: dict[str, Any]) -> list[B.Block]:
    day = DocDate.parse(facts.get("received_date"))
    if day.signature is None:
        return []
    return [{"p": f"本次发行募集资金已于{day.signature}全部到位，并存放于公司开立的募集资金专项账户。"}]


def _figures(edition: Edition, facts: dict[str, Any]) -> list[str]:
    """Lines of the 发行数量及价格 kind: only what the sources give."""
    lines = []
    if is_bond(edition.entry):
        if facts.get("bonds_wan"):
            lines.append(f"发行数量：{facts['bonds_wan']}万张")
            lines.append("票面金额：100元/张")
        lines.append(f"发行总额：人民币{inline(gross_wan(edition, facts), '万元')}")
    else:
        if facts.get("shares"):
            lines.append(f"发行数量：{facts['shares']}股")
        if facts.get("price"):
            lines.append(f"发行价格：{facts['price']}元/股")
        gross = f"{facts['gross_yuan']}元" if facts.get("gross_yuan") else inline(gross_wan(edition, facts), "万元")
        lines.append(f"募集资金总额：人民币{gross}")
    if facts.get("net_yuan"):
        lines.append(f"募集资金净额：人民币{facts['net_yuan']}元")
    elif facts.get("net_wan"):
        lines.append(f"募集资金净额：人民币{facts['net_wan']}万元")
    if facts.get("fees_wan") and facts.get("received_wan"):
        lines.append(f"扣除承销及保荐费用{facts['fees_wan']}万元后，实际收到募集资金{facts['received_wan']}万元")
    return lines


def _approval(facts: dict[str, Any]) -> list[B.Block]:
    out = []
    if facts.get("approval"):
        out.append({"p": f"本次发行已获得中国证券监督管理委员会同意注册的批复（{facts['approval']}）。"})
    if facts.get("verification"):
        out.append({"p": f"本次发行募集资金到位情况已经会计师事务所审验，并出具了{facts['verification']}验资报告。"})
    for name, amount in facts.get("subscribers") or []:
        out.append({"p": f"发行对象{name}认购金额为{amount}。"})
    return out


def _uses(edition: Edition, facts: dict[str, Any]) -> list[B.Block]:
    projects = edition.entry.projects
    if not projects:
        return [{"p": "本次发行募集资金在扣除发行费用后，将全部用于公司已披露的募集资金投资项目。"}]
    text = f"本次发行募集资金在扣除发行费用后，将用于{B.names_in_prose(projects)}"
    text += "等项目。" if facts.get("projects_incomplete") else "。"
    out = [{"p": text}]
    if facts.get("print_project_amounts", True):
        for p in projects:
            parts = []
            if p.total_wan is not None:
                parts.append(f"总投资{inline(p.total_wan, '万元')}")
            if p.proceeds_wan is not None:
                parts.append(f"拟使用募集资金{inline(p.proceeds_wan, '万元')}")
            if parts:
                out.append({"p": f"其中，{B.clean_name(p.name)}" + "，".join(parts) + "。"})
    return out


def _facts_block(edition: Edition, facts: dict[str, Any]) -> list[B.Block]:
    return [{"p": line} for line in _figures(edition, facts)] + _received(facts)


def listing(edition: Edition) -> Written:
    entry, date, rev = edition.entry, edition.date, edition.get("revision")
    facts = check_facts(edition)
    title = edition.get("title") or base_title("listing", entry)
    bond = is_bond(entry)
    body: list[B.Block] = [
        {"p": "特别提示"},
        {"p": "一、本次发行概况" if bond else "一、发行数量及价格"},
        *_facts_block(edition, facts),
        {"p": "二、本次新增证券上市安排"},
        {"p": "本次发行的可转换公司债券将在上海证券交易所上市交易。" if bond else
              "本次发行新增股份将在上海证券交易所科创板上市交易，限售期届满后的次一交易日起可上市流通，"
              "如遇法定节假日或休息日，则顺延至其后的第一个交易日。"},
        {"page_break": True},
        {"p": "第一节 发行人基本情况"},
        {"p": f"公司名称：{B.company_name(edition)}"},
        {"p": f"股票简称：{entry.short_name}"},
        {"p": f"股票代码：{entry.code}"},
        {"p": "上市地点：上海证券交易所科创板"},
        {"p": "第二节 本次发行的基本情况"},
        {"p": f"本次发行为公司{entry.year}年度{offering_phrase(entry)}。"},
        *_approval(facts),
        {"p": "第三节 本次募集资金用途"},
        *_uses(edition, facts),
    ] + B.signature(edition, date, board=False)
    head = B.cover(edition, title, rev, date, ["保荐人（主承销商）"])
    head[0] = B.code_line(edition, "股票")
    return Written(title, rev, head + body, None, [], sections={"raise_actual": raise_actual(edition, facts, title)})


def issuance_report(edition: Edition) -> Written:
    entry, date, rev = edition.entry, edition.date, edition.get("revision")
    facts = check_facts(edition)
    title = edition.get("title") or base_title("issuance_report", entry)
    body: list[B.Block] = [
        {"p": "发行人全体董事、监事、高级管理人员声明"},
        {"p": "本公司全体董事、监事、高级管理人员承诺本发行情况报告书不存在虚假记载、误导性陈述或重大遗漏，"
              "并对其真实性、准确性、完整性承担相应的法律责任。"},
        {"page_break": True},
        {"p": "第一节 本次发行的基本情况"},
        {"p": "一、本次发行履行的相关程序"},
        {"p": "本次发行相关事项已经公司董事会、股东大会审议通过，并经上海证券交易所审核通过。"},
        *_approval(facts),
        {"p": "二、本次发行概要"},
        *_facts_block(edition, facts),
        {"p": "第二节 本次募集资金用途"},
        *_uses(edition, facts),
    ] + B.signature(edition, date, board=False)
    return Written(title, rev, B.cover(edition, title, rev, date, ["保荐人（主承销商）"]) + body, None, [],
                   sections={"raise_actual": raise_actual(edition, facts, title)})


def _notice_date(edition: Edition) -> None:
    if edition.date.signature is None:
        raise ReferenceError(f"{edition.file}: a notice is signed on a day; the reference gives {edition.date.iso}")


def result_notice(edition: Edition) -> Written:
    entry, date = edition.entry, edition.date
    _notice_date(edition)
    facts = check_facts(edition)
    title = edition.get("title") or base_title("result_notice", entry)
    body = B.notice_head(edition, title, None) + [
        {"p": "重要内容提示："},
        *_facts_block(edition, facts),
        {"p": "一、本次发行概况"},
        {"p": f"本次发行为公司{entry.year}年度{offering_phrase(entry)}。"},
        *_approval(facts),
        {"p": "二、本次募集资金用途"},
        *_uses(edition, facts),
        {"p": "三、本次发行对公司的影响"},
        {"p": "本次发行完成后，公司资本实力增强，资产负债结构更趋稳健，有利于公司长期可持续发展。"},
        {"p": "特此公告。"},
    ] + B.signature(edition, date)
    return Written(title, None, body, None, [], sections={"raise_actual": raise_actual(edition, facts, title)})


WRITERS: dict[str, Callable[[Edition], Written]] = {
    "listing": listing, "issuance_report": issuance_report, "result_notice": result_notice,
}
