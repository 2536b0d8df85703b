"""Page furniture against generated filings: a running head (and sometimes a running foot)
printed at the same place on every page after the cover, page numbers at the bottom, and
body text in between that may repeat itself — the same wrapped line in two sections, the
same table header after every page break — even at the very top of a page. The head and
foot go; every body line stays, in order."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.lines import clean, page_lines
from pipeline.extract.pages import Page

ALPHABET = "甲乙丙丁戊己庚辛壬癸山水木火土石竹云星河光芯电车网药园林"
HEAD = "星河云芯科技股份有限公司2025年度向特定对象发行A股股票预案"
FOOT = "星河云芯科技股份有限公司"
REPEATED = "本项目建设期为24个月，建设地点位于江苏省苏州市，实施主体为公司全资子公司苏州星河"
TABLE_HEADER = "  序号    投资内容                    投资金额        占比"

body_lines = st.text(alphabet=ALPHABET, min_size=8, max_size=30)


@st.composite
def filings(draw: st.DrawFn) -> tuple[list[Page], list[list[str]]]:
    """Pages as printed and, per page, the body lines that must survive."""
    n = draw(st.integers(min_value=3, max_value=9))
    with_foot = draw(st.booleans())
    cover = ["星河云芯科技股份有限公司", "2025年度向特定对象发行A股股票预案", "二〇二五年三月"]
    pages = [Page(1, cover)]
    bodies = [cover]
    # the repeated lines open a few pages (never most of them): body text, not furniture
    repeat_on = draw(st.sets(st.integers(min_value=2, max_value=n), max_size=max(1, (n - 1) // 3)))
    for number in range(2, n + 1):
        # ordinary body lines differ from page to page (the text goes on)
        body = [f"{text}第{number}页{k}" for k, text in enumerate(draw(st.lists(body_lines, min_size=2, max_size=12)))]
        if number in repeat_on:
            body = [draw(st.sampled_from([REPEATED, TABLE_HEADER])), *body]
        if len(body) >= 4 and draw(st.booleans()):  # and anywhere mid-page
            body.insert(draw(st.integers(min_value=2, max_value=len(body) - 2)), REPEATED)
        printed = [HEAD, *body] + ([FOOT] if with_foot else []) + [str(number - 1)]
        pages.append(Page(number, printed))
        bodies.append(body)
    return pages, bodies


@settings(max_examples=200, deadline=None)
@given(filing=filings())
def test_running_heads_go_and_every_body_line_stays(filing: tuple[list[Page], list[list[str]]]) -> None:
    pages, bodies = filing
    got = [ln.text for ln in page_lines(pages)]
    assert got == [clean(b) for body in bodies for b in body]


def test_a_two_page_filing_loses_the_head_its_second_page_opens_with() -> None:
    """No repeats to count in two pages: the head is the cover's title run together."""
    cover = ["证券代码：688999  证券简称：星河云芯", "星河云芯科技股份有限公司", "关于调整2025年度向特定对象发行A股股票方案的公告",
             "本公司董事会及全体董事保证本公告内容不存在虚假记载。"]
    second = ["星河云芯科技股份有限公司关于调整2025年度向特定对象发行A股股票方案的公告", "3  甲乙研发项目  1,200.00  1,000.00",
              "特此公告。", "1"]
    got = [ln.text for ln in page_lines([Page(1, cover), Page(2, second)])]
    assert "星河云芯科技股份有限公司关于调整2025年度向特定对象发行A股股票方案的公告" not in got
    assert got[-2:] == ["3\t甲乙研发项目\t1,200.00\t1,000.00", "特此公告。"]


def test_a_line_that_opens_most_pages_is_a_running_head_even_where_alternate_pages_differ() -> None:
    """Heads that alternate between odd and even pages are each on half of them."""
    odd, even = "星河云芯科技股份有限公司", "2025年度向特定对象发行A股股票预案"
    pages = [Page(1, ["封面标题文字"])]
    for number in range(2, 10):
        pages.append(Page(number, [odd if number % 2 else even, f"正文第{number}页的内容文字", str(number)]))
    got = [ln.text for ln in page_lines(pages)]
    assert got == ["封面标题文字", *[f"正文第{n}页的内容文字" for n in range(2, 10)]]
