import pytest

from crawler.titles import classify_title

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
    ("2022年度向特定对象发行A股股票上市公告书（更正后）", "other", "更正后", "specific_targets", False),
]


@pytest.mark.parametrize(("title", "kind", "revision", "offering", "wanted"), CASES)
def test_classify_title(title: str, kind: str, revision: str | None, offering: str | None, wanted: bool) -> None:
    cls = classify_title(title)
    assert (cls.kind, cls.revision, cls.offering, cls.wanted) == (kind, revision, offering, wanted)
