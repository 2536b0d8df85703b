"""How each kind of offering is named in titles and sentences; data, not branches."""
from __future__ import annotations

from crawler.mirror.writer.reference import Entry

#: the offering as a title and a sentence name it
OFFERING_PHRASE = {
    "specific_targets": "向特定对象发行A股股票",
    "simplified": "以简易程序向特定对象发行股票",
    "convertible_bond": "向不特定对象发行可转换公司债券",
    "other": "境外发行全球存托凭证新增境内基础A股股份",
    "ipo": "首次公开发行股票",
}
#: offerings whose titles carry the plan's year (可转债 titles usually do not)
YEAR_IN_TITLE = {"specific_targets", "simplified"}

#: base titles of each form; {offering} is the phrase above, {year} the plan's year prefix
TITLES = {
    "statement": "关于本次募集资金投向属于科技创新领域的说明",
    "plan": "{year}{offering}预案",
    "demonstration": "{year}{offering}方案论证分析报告",
    "feasibility": "{year}{offering}募集资金使用可行性分析报告",
    "prospectus": "{year}{offering}募集说明书",
    "adjustment": "关于调整{year}{offering}方案的公告",
    "listing": "{year}{offering}上市公告书",
    "issuance_report": "{year}{offering}发行情况报告书",
    "result_notice": "{year}{offering}发行结果暨股本变动公告",
    "usage_notice": "关于调整募集资金投资项目拟投入募集资金金额的公告",
    "delay_notice": "关于部分募投项目延期的公告",
    "change_notice": "关于变更部分募集资金投资项目的公告",
    "completion_notice": "关于部分募投项目结项并将节余募集资金永久补充流动资金的公告",
    "withdrawal_notice": "关于终止{year}{offering}事项的公告",
}
#: what the parse contract calls each form (document.kind)
KIND = {
    "statement": "sci_tech_statement", "plan": "plan", "demonstration": "demonstration",
    "feasibility": "feasibility", "prospectus": "prospectus", "adjustment": "adjustment",
    "listing": "issuance_result", "issuance_report": "issuance_result", "result_notice": "issuance_result",
    "usage_notice": "reallocation", "use_report": "use_report", "delay_notice": "use_change",
    "change_notice": "use_change", "completion_notice": "use_change", "withdrawal_notice": "withdrawal",
}


def offering_phrase(entry: Entry) -> str:
    return OFFERING_PHRASE[entry.offering]


def base_title(form: str, entry: Entry) -> str:
    year = f"{entry.year}年度" if entry.offering in YEAR_IN_TITLE else ""
    return TITLES[form].format(year=year, offering=offering_phrase(entry))


def is_bond(entry: Entry) -> bool:
    return entry.offering == "convertible_bond"
