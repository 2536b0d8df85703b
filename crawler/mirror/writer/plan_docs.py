"""Plan-family documents: statement, plan, demonstration and feasibility reports,
prospectus, adjustment notice. Each states a cap for one version of the plan and, where
every project's amount is known, the project table; otherwise it names the projects in
prose, as real ones do. The prose is written for starboard; the figures are the reference's.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from crawler.mirror.writer import blocks as B
from crawler.mirror.writer.figures import inline
from crawler.mirror.writer.reference import Edition, Entry, ProjectFact, ReferenceError
from crawler.mirror.writer.wording import base_title, is_bond, offering_phrase

WORKING_CAPITAL = ("补充流动资金", "偿还银行", "归还银行")
_ORDINALS = "一二三四五六七八九十"


@dataclass
class Written:
    """A document as blocks, and what a correct parse of it states."""

    base_title: str
    revision: str | None
    blocks: list[B.Block]
    cap_wan: Decimal | None
    table_projects: list[ProjectFact] = field(default_factory=list)
    #: projects a plan names only in prose, with the figures its prose prints for them
    prose_projects: list[ProjectFact] = field(default_factory=list)
    #: what a correct parse of a document about money raised states (contract part 2):
    #: raise_actual, progress, changes, period_end; empty for plan documents
    sections: dict[str, Any] = field(default_factory=dict)


def _wc(project: ProjectFact) -> bool:
    return any(word in project.name for word in WORKING_CAPITAL)


def _unit(edition: Edition) -> str:
    return edition.get("unit") or "万元"


def _cap_unit(edition: Edition) -> str:
    return edition.get("cap_unit") or _unit(edition)


def _with_table(edition: Edition) -> bool:
    return edition.entry.amounts_complete and edition.get("table", True) is not False


def _issue(entry: Entry) -> str:
    return "本次" + offering_phrase(entry)


def cap_sentence(edition: Edition, cap: Decimal, tail: str) -> str:
    """The sentence that states the cap; bonds repeat the amount in the bracket."""
    entry = edition.entry
    unit = _cap_unit(edition)
    if is_bond(entry):
        return (f"{_issue(entry)}的募集资金总额不超过{B.cap_text(cap, unit)}（含{inline(cap, unit)}），"
                f"扣除发行费用后，{tail}")
    return f"{_issue(entry)}募集资金总额不超过{B.cap_text(cap, unit)}（含本数），扣除发行费用后的{tail}"


def uses_sentence(edition: Edition, cap: Decimal, projects: tuple[ProjectFact, ...] | None = None) -> str:
    """Uses of the money in prose: names when known, else what the sources say, else nothing."""
    projects = edition.entry.projects if projects is None else projects
    if edition.get("uses"):
        return cap_sentence(edition, cap, f"募集资金净额将用于{edition.get('uses')}。")
    if projects:
        return cap_sentence(edition, cap, f"募集资金净额将用于{B.names_in_prose(projects)}。")
    return cap_sentence(edition, cap, "募集资金净额将全部用于本次募集资金投资项目。")


def prose_named(edition: Edition, paragraphs: bool) -> list[ProjectFact]:
    """The projects the uses sentence names, in its order: every project of the entry, or,
    where the edition words the uses itself, the names it lists as `named` (the hand-made
    reading of that wording). Figures only where the document prints them: the
    `_project_paragraphs` (其中，…总投资…) when the form has them."""
    entry = edition.entry
    if edition.get("uses"):
        if edition.get("named") is None:
            raise ReferenceError(f"{edition.file}: an edition that words its `uses` lists the projects they name as `named`")
        names = list(edition.get("named"))
        _check_named(edition, names)
    else:
        names = [B.clean_name(p.name) for p in entry.projects]
    printed = {B.clean_name(p.name): p for p in entry.projects} if paragraphs else {}
    out = []
    for name in names:
        fact = printed.get(name)
        out.append(ProjectFact(name=name, total_wan=fact.total_wan if fact else None,
                               proceeds_wan=fact.proceeds_wan if fact else None,
                               months=fact.months if fact else None))
    return out


def _check_named(edition: Edition, names: list[str]) -> None:
    uses, at = str(edition.get("uses")), 0
    for name in names:
        found = uses.find(name, at)
        if found < 0:
            raise ReferenceError(f"{edition.file}: `named` {name!r} is not in `uses` (in order)")
        at = found + len(name)


def table_blocks(edition: Edition, intro_tail: str = "募集资金净额拟投资于以下项目：") -> list[B.Block]:
    entry = edition.entry
    return [
        {"p": cap_sentence(edition, entry.raise_wan, intro_tail)},
        B.project_table(edition, entry.projects, _unit(edition)),
        {"p": "在本次发行募集资金到位之前，公司可根据项目进度的实际情况以自筹资金先行投入，并在募集资金到位后按照"
              "相关规定的程序予以置换。募集资金到位后，若扣除发行费用后的实际募集资金净额少于上述项目拟投入募集资金"
              "总额，不足部分由公司以自筹资金解决。"},
    ]


def project_sections(edition: Edition, budget_layout: str = "amounts") -> list[B.Block]:
    """One section per project: what is known of it, in the order filings give it."""
    out: list[B.Block] = []
    unit = _unit(edition)
    for n, p in enumerate(edition.entry.projects):
        out.append({"p": f"（{_ORDINALS[n]}）{B.clean_name(p.name)}"})
        if _wc(p):
            amount = f"{inline(p.proceeds_wan, unit)}" if p.proceeds_wan is not None else "部分募集资金"
            out.append({"p": f"公司拟将本次募集资金中的{amount}用于该用途，以满足业务规模增长带来的营运资金需求，"
                             "优化资本结构，降低财务风险。"})
            continue
        out.append({"p": "1、项目基本情况"})
        facts = []
        if p.total_wan is not None:
            facts.append(f"本项目计划投资{inline(p.total_wan, unit)}")
        if p.proceeds_wan is not None:
            facts.append(f"拟使用募集资金{inline(p.proceeds_wan, unit)}")
        if p.location:
            facts.append(f"建设地点位于{p.location}")
        if edition.get("facts", {}).get("entity") and p.location:
            facts.append(f"实施主体为{edition.get('facts')['entity']}")
        text = "，".join(facts) + "。" if facts else ""
        out.append({"p": text + "本项目围绕公司主营业务展开，是公司现有业务的延伸和升级。"})
        step = 2
        if p.budget:
            out.append({"p": f"{step}、项目投资概况"})
            out.append({"p": "本项目投资构成如下："})
            table, notes = B.budget_table(edition, p, unit, budget_layout)
            out.append(table)
            out.extend(notes)
            step += 1
        if p.months:
            out.append({"p": f"{step}、项目实施进度"})
            out.append({"p": f"本项目计划建设期为{p.months}个月。"})
    return out


def _why_sci_tech(edition: Edition) -> list[B.Block]:
    return [
        {"p": "三、本次募集资金投向属于科技创新领域"},
        {"p": "本次募集资金投资项目紧密围绕公司主营业务和核心技术展开，面向国家战略需求和行业发展方向，"
              "有助于提升公司的科技创新能力和核心竞争力。"},
        {"p": "四、结论"},
        {"p": "综上所述，公司本次募集资金投向属于科技创新领域，符合《上市公司证券发行注册管理办法》等有关规定。"},
    ]


def statement(edition: Edition) -> Written:
    entry, date, rev = edition.entry, edition.date, edition.get("revision")
    title = base_title("statement", entry)
    body = [
        {"h": B.company_name(edition)},
        {"h": title + (f"（{rev}）" if rev else "")},
        {"p": f"{B.company_name(edition)}（以下简称“公司”）拟{offering_phrase(entry)}（以下简称“本次发行”）。"
              "根据《上市公司证券发行注册管理办法》等有关规定，公司结合本次发行方案及实际情况，对本次募集资金投向"
              "是否属于科技创新领域进行了研究，具体说明如下："},
        {"p": "一、公司的主营业务"},
        {"p": "公司坚持以科技创新为核心驱动力，持续投入研发，围绕主营业务构建核心技术体系，服务国家战略和产业升级。"},
        {"p": "二、本次募集资金投向方案"},
    ]
    projects: list[ProjectFact] = []
    named: list[ProjectFact] = []
    if _with_table(edition):
        body += table_blocks(edition)
        body += project_sections(edition)
        projects = list(entry.projects)
    else:
        body.append({"p": uses_sentence(edition, entry.raise_wan)})
        named = prose_named(edition, paragraphs=False)
    body += _why_sci_tech(edition) + B.signature(edition, date)
    return Written(title, rev, B.cover(edition, title, rev, date) + body, entry.raise_wan, projects, named)


def plan(edition: Edition) -> Written:
    entry, date, rev = edition.entry, edition.date, edition.get("revision")
    title = edition.get("title") or base_title("plan", entry)
    bond = is_bond(entry)
    body: list[B.Block] = [
        {"p": "公司声明"},
        {"p": "1、公司及董事会全体成员保证本预案内容真实、准确、完整，并确认不存在虚假记载、误导性陈述或重大遗漏。"},
        {"p": "2、本预案所述事项并不代表审批机关对于本次发行相关事项的实质性判断、确认或批准，本预案所述本次发行"
              "相关事项的生效和完成尚待有关审批机关的批准或注册。"},
        {"page_break": True},
    ]
    projects: list[ProjectFact] = []
    named: list[ProjectFact] = []
    if bond:
        body += [{"p": "一、本次发行符合向不特定对象发行可转换公司债券条件的说明"},
                 {"p": "公司董事会对照相关法律、法规和规范性文件的规定，认为公司各项条件满足现行法律法规中关于"
                       "向不特定对象发行可转换公司债券的有关规定，具备发行条件。"},
                 {"p": "二、本次发行概况"},
                 {"p": "（一）发行证券的种类"},
                 {"p": "本次发行证券的种类为可转换为公司A股股票的可转换公司债券。该可转换公司债券及未来转换的A股股票"
                       "将在上海证券交易所科创板上市。"},
                 {"p": "（二）本次募集资金用途"}]
    else:
        body += [{"p": "第一节 本次发行方案概要"},
                 {"p": "一、本次发行的背景和目的"},
                 {"p": "公司所处行业正处于技术快速迭代和市场持续扩容的阶段。为把握发展机遇、巩固竞争优势，公司拟通过"
                       "本次发行募集资金，投向与主营业务密切相关的项目。"},
                 {"p": "二、本次发行方案概要"},
                 {"p": "（一）募集资金金额及用途"}]
    if _with_table(edition):
        body += table_blocks(edition)
        body += [{"p": "第二节 董事会关于本次募集资金使用的可行性分析" if not bond else "三、本次募集资金投资项目的具体情况"},
                 {"p": "本次募集资金投资项目的具体情况如下："}]
        body += project_sections(edition)
        projects = list(entry.projects)
    else:
        body.append({"p": uses_sentence(edition, entry.raise_wan)})
        body.append({"p": "募集资金投资项目的具体情况详见公司同日披露的募集资金使用可行性分析报告。"})
        body += _project_paragraphs(edition)
        named = prose_named(edition, paragraphs=True)
    body += [{"p": "本次发行方案尚需经上海证券交易所审核通过、中国证监会同意注册后方可实施。" if rev else
                   "本次发行方案尚需提交公司股东大会审议，并经上海证券交易所审核通过、中国证监会同意注册后方可实施。"}]
    body += B.signature(edition, date)
    return Written(title, rev, B.cover(edition, title, rev, date) + body, entry.raise_wan, projects, named)


def _project_paragraphs(edition: Edition) -> list[B.Block]:
    """What the sources say of single projects when the full table is not known."""
    out = []
    for p in edition.entry.projects:
        facts = []
        if p.total_wan is not None:
            facts.append(f"总投资{inline(p.total_wan, _unit(edition))}")
        if p.proceeds_wan is not None:
            facts.append(f"拟使用募集资金{inline(p.proceeds_wan, _unit(edition))}")
        if p.months:
            facts.append(f"项目建设期为{p.months}个月" if p.months % 12 else f"项目建设期为{p.months // 12}年")
        if facts:
            out.append({"p": f"其中，{B.clean_name(p.name)}" + "，".join(facts) + "。"})
    return out


def demonstration(edition: Edition) -> Written:
    entry, date, rev = edition.entry, edition.date, edition.get("revision")
    title = edition.get("title") or base_title("demonstration", entry)
    name = B.company_name(edition)
    body: list[B.Block] = [
        {"p": f"{name}（以下简称“公司”）是在上海证券交易所科创板上市的公司。为满足公司业务发展的资金需求，增强公司"
              f"的持续发展能力，根据《中华人民共和国公司法》《中华人民共和国证券法》《上市公司证券发行注册管理办法》"
              f"等有关法律、法规和规范性文件的规定，公司拟{offering_phrase(entry)}，并编制了本论证分析报告。"},
        {"p": "一、本次发行的背景和目的"},
        {"p": "公司所在行业受到国家产业政策的持续支持，下游需求稳步增长。本次发行有助于公司把握行业发展机遇，"
              "提升研发和经营能力。"},
        {"p": "二、本次发行证券及其品种选择的必要性"},
        {"p": "本次发行的证券种类为境内上市人民币普通股（A股），每股面值为人民币1.00元。"
              if not is_bond(entry) else "本次发行的证券种类为可转换为公司A股股票的可转换公司债券。"},
        {"p": "公司募集资金投资项目所需资金规模较大，仅依靠自有资金和银行借款难以满足，股权融资能够优化资本结构，"
              "减少未来的偿债压力和资金流出，符合公司长期发展战略。"},
        {"p": "三、本次发行对象的选择范围、数量和标准的适当性"},
        {"p": "本次发行对象的选择范围、数量和标准符合《上市公司证券发行注册管理办法》等法律法规的相关规定，选择"
              "范围、数量和标准适当。"},
        {"p": "四、本次发行定价的原则、依据、方法和程序的合理性"},
        {"p": "本次发行的定价原则、依据、方法和程序均符合相关法律法规的要求，合理、合规。"},
        {"p": "五、本次发行方式的可行性"},
        {"p": "本次发行方式合法、合规，具有可行性。"},
        {"p": "六、本次募集资金使用计划"},
    ]
    projects: list[ProjectFact] = []
    named: list[ProjectFact] = []
    if _with_table(edition):
        body += table_blocks(edition)
        projects = list(entry.projects)
    else:
        body.append({"p": uses_sentence(edition, entry.raise_wan)})
        body += _project_paragraphs(edition)
        named = prose_named(edition, paragraphs=True)
    body += [
        {"p": "七、本次发行方案的公平性、合理性"},
        {"p": "本次发行方案经董事会审慎研究后通过，发行方案的实施将有利于公司持续稳定的发展，符合全体股东利益。"},
        {"p": "八、结论"},
        {"p": "综上所述，公司本次发行具备必要性与可行性，发行方案公平、合理，符合相关法律法规的要求。"},
    ]
    if edition.get("board"):
        body.insert(1, {"p": f"本次发行相关事项已经公司{edition.get('board')}审议通过。"})
    body += B.signature(edition, date)
    return Written(title, rev, B.cover(edition, title, rev, date) + body, entry.raise_wan, projects, named)


def feasibility(edition: Edition) -> Written:
    entry, date, rev = edition.entry, edition.date, edition.get("revision")
    title = edition.get("title") or base_title("feasibility", entry)
    body: list[B.Block] = [
        {"p": "一、本次募集资金使用计划"},
    ]
    projects: list[ProjectFact] = []
    named: list[ProjectFact] = []
    if _with_table(edition):
        body += table_blocks(edition)
        body += [{"p": "二、本次募集资金投资项目的具体情况"}]
        body += project_sections(edition, edition.get("budget_layout") or "amounts")
        projects = list(entry.projects)
    else:
        body.append({"p": uses_sentence(edition, entry.raise_wan)})
        named = prose_named(edition, paragraphs=False)
    body += [
        {"p": "三、本次发行对公司经营管理和财务状况的影响"},
        {"p": "本次募集资金投资项目符合国家相关产业政策以及公司整体战略发展方向。本次发行完成后，公司的总资产和"
              "净资产规模将相应增加，资本结构更加稳健，抗风险能力进一步增强。"},
        {"p": "四、可行性分析结论"},
        {"p": "综上所述，本次募集资金使用计划符合相关政策和法律法规，具备必要性和可行性。"},
    ]
    body += B.signature(edition, date)
    return Written(title, rev, B.cover(edition, title, rev, date) + body, entry.raise_wan, projects, named)


def prospectus(edition: Edition) -> Written:
    entry, date, rev = edition.entry, edition.date, edition.get("revision")
    title = edition.get("title") or base_title("prospectus", entry)
    body: list[B.Block] = [
        {"p": "声明"},
        {"p": "本公司及全体董事、监事、高级管理人员承诺募集说明书及其他信息披露资料不存在任何虚假记载、误导性陈述"
              "或重大遗漏，并对其真实性、准确性及完整性承担相应的法律责任。"},
        {"p": "中国证监会、上海证券交易所对本次发行所作的任何决定或意见，均不表明其对申请文件及所披露信息的真实性、"
              "准确性、完整性作出保证。"},
        {"page_break": True},
        {"p": "重大事项提示"},
        {"p": "一、本次发行方案概要"},
        {"p": uses_sentence(edition, entry.raise_wan)},
        {"p": "二、本次发行的审批程序"},
        {"p": "本次发行方案已经公司董事会、股东大会审议通过，尚需经上海证券交易所审核通过并经中国证监会作出同意"
              "注册的决定后方可实施。" if rev != "注册稿" else
              "本次发行已经上海证券交易所审核通过，尚需中国证监会作出同意注册的决定。"},
        {"page_break": True},
        {"p": "第七节 本次募集资金使用的可行性分析"},
        {"p": "一、本次募集资金使用计划"},
        {"p": uses_sentence(edition, entry.raise_wan)},
    ]
    body += _project_paragraphs(edition)
    body += B.signature(edition, date, board=False)
    under = ["保荐人（主承销商）"]
    return Written(title, rev, B.cover(edition, title, rev, date, under) + body, entry.raise_wan, [],
                   prose_named(edition, paragraphs=True))


def adjustment(edition: Edition, after: Entry) -> Written:
    """The notice that changes the plan: before and after; the after part here states only
    its cap, because the per-project amounts after the change are not known."""
    entry, date = edition.entry, edition.date
    title = base_title("adjustment", entry)
    unit = _unit(edition)
    before, cap_after = entry.raise_wan, after.raise_wan
    board = edition.get("board") or "董事会会议"
    body = B.notice_head(edition, title, None) + [
        {"p": f"{B.company_name(edition)}（以下简称“公司”）于{date.signature}召开{board}，审议通过了《关于调整公司"
              f"{entry.year}年度{offering_phrase(entry)}方案的议案》，将本次发行募集资金总额由不超过"
              f"{inline(before, unit)}调整为不超过{inline(cap_after, unit)}。具体调整内容如下："},
        {"p": "一、本次发行方案调整的具体内容"},
        {"p": "调整前："},
        {"p": cap_sentence(edition, before, "募集资金净额拟投资于以下项目：")},
        B.project_table(edition, entry.projects, unit),
        {"p": "调整后："},
        {"p": cap_sentence(edition, cap_after, "募集资金净额拟投资于上述募集资金投资项目，各项目拟投入募集资金金额详见公司"
                                               f"同日披露的《{entry.year}年度{offering_phrase(entry)}预案（修订稿）》。")},
        {"p": "除上述调整外，本次发行方案的其他事项均无变化。"},
        {"p": "特此公告。"},
    ] + B.signature(edition, date)
    return Written(title, None, body, cap_after, [])


WRITERS: dict[str, Callable[[Edition], Written]] = {
    "statement": statement, "plan": plan, "demonstration": demonstration,
    "feasibility": feasibility, "prospectus": prospectus,
}
