import pytest

from crawler.titles import classify_title, kinds_in_scope, wanted_kinds

CASES = [
    # title, kind, revision, offering, wanted
    ("关于本次募集资金投向属于科技创新领域的说明", "sci_tech_statement", None, None, True),
    ("云从科技集团股份有限公司关于本次募集资金投向属于科技创新领域的说明（修订稿）", "sci_tech_statement", "修订稿", None, True),
    ("2023年度向特定对象发行A股股票预案（二次修订稿）", "plan", "二次修订稿", "specific_targets", True),
    ("2023年度以简易程序向特定对象发行股票预案", "plan", None, "simplified", True),
    ("向不特定对象发行可转换公司债券募集资金使用的可行性分析报告", "feasibility", None, "convertible_bond", True),
    ("2023年度向特定对象发行A股股票方案的论证分析报告", "demonstration", None, "specific_targets", True),
    ("2022年度向特定对象发行A股股票募集说明书（注册稿）", "prospectus", "注册稿", "specific_targets", True),
    ("关于调整2022年度向特定对象发行A股股票方案的公告", "adjustment", None, "specific_targets", True),
    ("关于调减2025年度向特定对象发行A股股票募集资金总额暨调整发行方案的公告", "adjustment", None, "specific_targets", True),
    ("2023年度向特定对象发行A股股票预案（英文版）", "plan", None, "specific_targets", False),
    ("2023年度向特定对象发行A股股票募集说明书摘要", "prospectus", None, "specific_targets", False),
    ("关于2023年度向特定对象发行A股股票预案披露的提示性公告", "plan", None, "specific_targets", False),
    ("中信证券股份有限公司关于本次募集资金投向属于科技创新领域的核查意见", "sci_tech_statement", None, None, False),
    ("首次公开发行股票并在科创板上市招股说明书", "other", None, None, False),
    ("2023年年度报告", "other", None, None, False),
    ("关于<em>向特定对象发行</em>A股股票预案的公告", "plan", None, "specific_targets", True),
    ("境外发行全球存托凭证新增境内基础A股股份募集资金使用的可行性分析报告", "feasibility", None, "other", True),
    ("2022年度向特定对象发行A股股票上市公告书（更正后）", "issuance_result", "更正后", "specific_targets", True),
    # revisions and stages
    ("关于本次募集资金投向属于科技创新领域的说明（二次修订稿）", "sci_tech_statement", "二次修订稿", None, True),
    ("关于本次募集资金投向属于科技创新领域的说明（更正后）", "sci_tech_statement", "更正后", None, True),
    ("向不特定对象发行可转换公司债券预案（二次修订稿）", "plan", "二次修订稿", "convertible_bond", True),
    ("向不特定对象发行可转换公司债券募集说明书（申报稿）", "prospectus", "申报稿", "convertible_bond", True),
    ("以简易程序向特定对象发行股票募集说明书（注册稿）", "prospectus", "注册稿", "simplified", True),
    ("向不特定对象发行可转换公司债券方案的论证分析报告（修订稿）", "demonstration", "修订稿", "convertible_bond", True),
    ("关于2023年度向特定对象发行股票募集资金使用可行性分析报告（修订稿）的公告", "feasibility", "修订稿", "specific_targets", True),
    # wording variants of the same kinds
    ("2023年度向特定对象发行股票募集资金使用可行性分析报告", "feasibility", None, "specific_targets", True),
    ("向特定对象发行A股股票募集资金运用可行性分析报告", "feasibility", None, "specific_targets", True),
    ("关于向特定对象发行股票募集资金使用的可行性研究报告", "feasibility", None, "specific_targets", True),
    ("董事会关于本次募集资金使用的可行性分析报告", "feasibility", None, None, True),
    ("2023年度以简易程序向特定对象发行股票方案论证分析报告", "demonstration", None, "simplified", True),
    ("公开发行可转换公司债券预案", "plan", None, "convertible_bond", True),
    ("非公开发行A股股票预案", "plan", None, "specific_targets", True),
    ("关于调整向特定对象发行股票募集资金总额的公告", "adjustment", None, "specific_targets", True),
    ("关于修订公司2023年度向特定对象发行A股股票方案的公告", "adjustment", None, "specific_targets", True),
    ("关于调减向不特定对象发行可转换公司债券募集资金总额暨调整发行方案的公告", "adjustment", None, "convertible_bond", True),
    # not wanted: notices about documents, opinions, other stages of a raise, other filings
    ("关于2023年度向特定对象发行A股股票预案修订情况说明的公告", "plan", None, "specific_targets", False),
    ("关于公司向特定对象发行股票方案论证分析报告修订情况的说明", "demonstration", None, "specific_targets", False),
    ("关于披露向特定对象发行A股股票预案的提示性公告", "plan", None, "specific_targets", False),
    ("关于2023年度向特定对象发行A股股票预案的更正公告", "plan", None, "specific_targets", False),
    ("2023年度向特定对象发行A股股票募集说明书（注册稿）摘要", "prospectus", "注册稿", "specific_targets", False),
    ("关于2023年度向特定对象发行A股股票申请获得上海证券交易所审核通过的公告", "other", None, "specific_targets", False),
    ("关于向特定对象发行A股股票摊薄即期回报与公司采取填补措施及相关主体承诺的公告", "other", None, "specific_targets", False),
    ("前次募集资金使用情况鉴证报告", "use_report", None, None, False),
    ("关于前次募集资金使用情况的专项报告", "use_report", None, None, True),
    ("关于终止2023年度向特定对象发行A股股票事项并撤回申请文件的公告", "withdrawal", None, "specific_targets", True),
    ("2023年度向特定对象发行A股股票发行情况报告书", "issuance_result", None, "specific_targets", True),
    ("2022年度向特定对象发行A股股票上市公告书", "issuance_result", None, "specific_targets", True),
    ("华泰联合证券有限责任公司关于星科股份有限公司向特定对象发行A股股票之发行保荐书", "other", None, "specific_targets", False),
    ("关于星科股份有限公司向特定对象发行股票申请文件的审核问询函回复", "other", None, "specific_targets", False),
    ("北京市金杜律师事务所关于星科股份有限公司2023年度向特定对象发行A股股票的律师工作报告", "other", None, "specific_targets", False),
    ("监事会关于公司2023年度向特定对象发行A股股票相关事项的书面审核意见", "other", None, "specific_targets", False),
    ("中信证券股份有限公司关于星科股份有限公司本次募集资金投向属于科技创新领域的专项核查意见", "sci_tech_statement", None, None, False),
    ("发行股份及支付现金购买资产并募集配套资金报告书（草案）", "other", None, None, False),
    ("2023 Annual Report (English Version)", "other", None, None, False),
    # documents that report on money already raised (collected for followed companies)
    ("以简易程序向特定对象发行股票之上市公告书", "issuance_result", None, "simplified", True),
    ("向不特定对象发行可转换公司债券上市公告书", "issuance_result", None, "convertible_bond", True),
    ("关于向特定对象发行股票发行结果暨股本变动的公告", "issuance_result", None, "specific_targets", True),
    ("2023年度向特定对象发行A股股票验资报告", "issuance_result", None, "specific_targets", True),
    ("关于调整募集资金投资项目拟投入募集资金金额的公告", "reallocation", None, None, True),
    ("关于调整部分募投项目拟投入募集资金金额的公告", "reallocation", None, None, True),
    ("关于2024年半年度募集资金存放与实际使用情况的专项报告", "use_report", None, None, True),
    ("2023年度募集资金存放与实际使用情况的专项报告", "use_report", None, None, True),
    ("2024年度募集资金存放与使用情况专项报告", "use_report", None, None, True),
    ("关于部分募投项目延期的公告", "use_change", None, None, True),
    ("关于首次公开发行股票部分募投项目延期的公告", "use_change", None, None, True),
    ("关于变更部分募集资金投资项目的公告", "use_change", None, None, True),
    ("关于变更募集资金用途的公告", "use_change", None, None, True),
    ("关于部分募投项目结项并将节余募集资金永久补充流动资金的公告", "use_change", None, None, True),
    ("关于向不特定对象发行可转换公司债券募集资金投资项目结项的公告", "use_change", None, "convertible_bond", True),
    ("关于终止部分募投项目并将剩余募集资金永久补充流动资金的公告", "use_change", None, None, True),
    ("关于撤回向不特定对象发行可转换公司债券申请文件的公告", "withdrawal", None, "convertible_bond", True),
    ("关于终止2024年度以简易程序向特定对象发行股票事项的公告", "withdrawal", None, "simplified", True),
    # … but not their summaries, translations, sponsors' and auditors' opinions, or IPO papers
    ("2022年度向特定对象发行A股股票上市公告书摘要", "issuance_result", None, "specific_targets", False),
    ("2023年度向特定对象发行A股股票发行情况报告书（英文版）", "issuance_result", None, "specific_targets", False),
    ("中信证券股份有限公司关于星科股份有限公司2024年度募集资金存放与实际使用情况的专项核查意见", "use_report", None, None, False),
    ("华泰联合证券有限责任公司关于星科股份有限公司部分募投项目延期的核查意见", "use_change", None, None, False),
    ("募集资金年度存放与使用情况鉴证报告", "use_report", None, None, False),
    ("首次公开发行股票科创板上市公告书", "issuance_result", None, None, False),
    ("关于终止发行股份购买资产事项的公告", "other", None, None, False),
    ("关于使用部分闲置募集资金临时补充流动资金的公告", "other", None, None, False),
    ("关于使用部分暂时闲置募集资金进行现金管理的公告", "other", None, None, False),
    ("关于取消2023年第一次临时股东大会部分议案的公告", "other", None, None, False),
    ("关于2023年度募集资金存放与实际使用情况的专项报告", "use_report", None, None, True),
    ("2024年半年度募集资金存放与实际使用情况的专项报告", "use_report", None, None, True),
    ("关于调整部分募投项目实施进度的公告", "use_change", None, None, True),
    ("关于终止以简易程序向特定对象发行股票的公告", "withdrawal", None, "simplified", True),
    ("向不特定对象发行可转换公司债券发行结果公告", "issuance_result", None, "convertible_bond", True),
    ("2023年度向特定对象发行A股股票发行结果暨股本变动公告", "issuance_result", None, "specific_targets", True),
    ("关于召开2023年第一次临时股东大会的通知", "other", None, None, False),
]


@pytest.mark.parametrize(("title", "kind", "revision", "offering", "wanted"), CASES)
def test_classify_title(title: str, kind: str, revision: str | None, offering: str | None, wanted: bool) -> None:
    cls = classify_title(title)
    assert (cls.kind, cls.revision, cls.offering, cls.wanted) == (kind, revision, offering, wanted)


@pytest.mark.parametrize(("title", "scope"), [
    ("2023年度向特定对象发行A股股票预案", "all"),
    ("关于本次募集资金投向属于科技创新领域的说明", "all"),
    ("关于调整2022年度向特定对象发行A股股票方案的公告", "all"),
    ("2022年度向特定对象发行A股股票上市公告书", "followed"),
    ("关于部分募投项目延期的公告", "followed"),
    ("关于2024年半年度募集资金存放与实际使用情况的专项报告", "followed"),
    ("关于终止2023年度向特定对象发行A股股票事项并撤回申请文件的公告", "followed"),
    ("2023年年度报告", None),
    ("2022年度向特定对象发行A股股票上市公告书摘要", None),
])
def test_scope_comes_from_the_wanted_kinds_file(title: str, scope: str | None) -> None:
    cls = classify_title(title)
    assert cls.scope == scope and cls.wanted == (scope is not None) and cls.plan_family == (scope == "all")
    assert scope is None or wanted_kinds()[cls.kind] == scope


def test_every_kind_of_the_rules_is_placed_in_the_wanted_kinds_file_or_deliberately_left_out() -> None:
    """A kind the rules can produce but wanted_kinds.csv does not list is silently never
    collected: only `other` may be missing."""
    import csv

    from crawler.titles import RULES_FILE

    with RULES_FILE.open(encoding="utf-8", newline="") as fh:
        kinds = {row["value"] for row in csv.DictReader(fh) if row["field"] == "kind"}
    assert kinds - set(wanted_kinds()) == set()
    assert set(wanted_kinds()) - kinds == set()  # and it names no kind the rules never give
    assert set(kinds_in_scope("all")) == {"sci_tech_statement", "plan", "feasibility", "demonstration",
                                          "prospectus", "adjustment"}


@pytest.mark.parametrize(("title", "skip"), [
    ("2023年度向特定对象发行A股股票预案（英文版）", "english"),
    ("2023 Annual Report (English Version)", "english"),
    ("2023年度向特定对象发行A股股票募集说明书摘要", "summary"),
    ("关于2023年度向特定对象发行A股股票预案修订情况说明的公告", "revision_note"),
    ("首次公开发行股票并在科创板上市招股说明书", "ipo"),
])
def test_skip_reasons_are_named(title: str, skip: str) -> None:
    assert classify_title(title).skip == skip
