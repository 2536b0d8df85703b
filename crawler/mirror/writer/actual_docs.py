"""Documents about money actually raised (stage 实际募集): listing announcement (上市公告书),
issuance report (发行情况报告书), issue-result notice, and a notice adjusting the amounts
put into each project after the raise. They state no cap: what was raised, at what price,
under which approval. The crawler does not want them (yet); they are here so the
planned-versus-actual comparison has real documents to read.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from crawler.mirror.writer import blocks as B
from crawler.mirror.writer.figures import inline, yuan_to_wan
from crawler.mirror.writer.plan_docs import Written
from crawler.mirror.writer.reference import Edition, ReferenceError
from crawler.mirror.writer.wording import base_title, is_bond, offering_phrase


def check_facts(edition: Edition) -> dict[str, Any]:
    """The edition's facts must agree with the reference's raise, to the cent of a 万元."""
    facts = edition.get("facts") or {}
    raised = edition.entry.raise_wan
    if "gross_yuan" in facts and yuan_to_wan(facts["gross_yuan"]) != raised:
        raise ReferenceError(f"{edition.file}: {facts['gross_yuan']} 元 is not {raised} 万元")
    return facts


def _figures(edition: Edition, facts: dict[str, Any]) -> list[str]:
    """Lines of the 发行数量及价格 kind: only what the sources give."""
    lines = []
    if is_bond(edition.entry):
        if facts.get("bonds_wan"):
            lines.append(f"发行数量：{facts['bonds_wan']}万张")
            lines.append("票面金额：100元/张")
        lines.append(f"发行总额：人民币{inline(edition.entry.raise_wan, '万元')}")
    else:
        if facts.get("shares"):
            lines.append(f"发行数量：{facts['shares']}股")
        if facts.get("price"):
            lines.append(f"发行价格：{facts['price']}元/股")
        gross = f"{facts['gross_yuan']}元" if facts.get("gross_yuan") else inline(edition.entry.raise_wan, "万元")
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
    return [{"p": line} for line in _figures(edition, facts)]


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
    return Written(title, rev, head + body, None, [])


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
    return Written(title, rev, B.cover(edition, title, rev, date, ["保荐人（主承销商）"]) + body, None, [])


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
    return Written(title, None, body, None, [])


def usage_notice(edition: Edition) -> Written:
    entry, date = edition.entry, edition.date
    _notice_date(edition)
    facts = check_facts(edition)
    title = edition.get("title") or base_title("usage_notice", entry)
    gross = f"人民币{inline(entry.raise_wan, '万元')}"
    if facts.get("gross_yuan"):
        gross += f"（{facts['gross_yuan']}元）"
    net = f"，扣除发行费用后的募集资金净额为人民币{facts['net_wan']}万元" if facts.get("net_wan") else ""
    body = B.notice_head(edition, title, None) + [
        {"p": "一、募集资金基本情况"},
        {"p": f"公司{offering_phrase(entry)}（以下简称“本次发行”）募集资金总额为{gross}{net}。募集资金已全部存放于"
              "募集资金专项账户。"},
        {"p": "二、募集资金投资项目拟投入募集资金金额的调整情况"},
        {"p": "鉴于本次发行实际募集资金净额少于募集资金投资项目拟投入募集资金总额，公司根据实际募集资金净额，对"
              "募集资金投资项目拟投入募集资金金额进行相应调整，不足部分由公司以自筹资金解决。"},
        {"p": "三、本次调整对公司的影响"},
        {"p": "本次调整是根据募集资金实际情况作出的审慎决定，不存在变相改变募集资金用途和损害股东利益的情形。"},
        {"p": "特此公告。"},
    ] + B.signature(edition, date)
    return Written(title, None, body, None, [])


WRITERS: dict[str, Callable[[Edition], Written]] = {
    "listing": listing, "issuance_report": issuance_report,
    "result_notice": result_notice, "usage_notice": usage_notice,
}
