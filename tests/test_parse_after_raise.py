"""Documents that report on raised money, parsed to the contract of docs/contract-after-the-raise.md.

The fixtures in tests/fixtures/after_raise/ are filings written for starboard (invented
companies and figures, real layouts): issuance reports and listing announcements with the
money raised in 元 and in 万元, use reports whose 募集资金使用情况对照表 are printed per raise
(tab-separated with two-row headers, HTML with a three-row merged header and a heading row
per raise, an aligned text export of a 前次募集资金 report, a wide PDF whose eleven narrow
columns wrap their labels, names and dates across a page break), a reallocation notice
with before/after amounts (text and PDF), delays in a table and in sentences, a change of
use (in sentences and in a before/after table under grouped 变更前 / 变更后 headers; from the
labelled lines of a 重要内容提示 with sentences and no table, two projects in one label going
to working capital, and labels, sentence and table saying one move), a
reallocation under grouped 调整前 / 调整后 headers, delays
under a date header spanning 调整前 / 调整后, a
completion with its surplus to working capital and one of a project named for working
capital, a 对照表 in small type with its group labels set flush left, and a raise withdrawn
before issue.
Each parses to its `.expected.json` (everything but the version stamps); the figures the
fixtures print are also checked one by one below, so a wrong expectation cannot hide.
"""
from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from crawler.mirror.corpus import load_corpus
from crawler.mirror.render import render, render_pdf
from crawler.titles import AFTER_RAISE_KINDS
from pipeline.extract.pages import load_bytes
from pipeline.parse import PARSER_VERSION, parse_document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "after_raise"
LAYOUTS = Path(__file__).resolve().parent / "fixtures" / "layouts"
EXPECTED = sorted(FIXTURES.glob("*.expected.json"))
VERSION_STAMPS = ("parser_version", "taxonomy_version")


def source_of(expected: Path) -> Path:
    stem = expected.name.removesuffix(".expected.json")
    return next(p for p in expected.parent.iterdir() if p.name.startswith(stem + ".") and not p.name.endswith(".expected.json"))


def fixture_bytes(source: Path) -> tuple[bytes, str]:
    if source.name.endswith(".pdf.json"):
        spec = json.loads(source.read_text(encoding="utf-8"))
        return render_pdf(spec["blocks"], spec.get("running_head")), ".pdf"
    return source.read_bytes(), source.suffix.lower()


def parse(name: str) -> dict[str, Any]:
    source = next(p for p in FIXTURES.iterdir() if p.name.startswith(name + ".") and not p.name.endswith(".expected.json"))
    data, suffix = fixture_bytes(source)
    return parse_document(load_bytes(data, suffix))


def parse_text(text: str, suffix: str = ".txt") -> dict[str, Any]:
    return parse_document(load_bytes(text.encode("utf-8"), suffix))


@pytest.mark.parametrize("expected_path", EXPECTED, ids=[p.name.removesuffix(".expected.json") for p in EXPECTED])
def test_fixture_parses_to_its_expected_json(expected_path: Path) -> None:
    data, suffix = fixture_bytes(source_of(expected_path))
    got = parse_document(load_bytes(data, suffix))
    assert got["parser_version"] == PARSER_VERSION
    want = json.loads(expected_path.read_text(encoding="utf-8"))
    assert {k: v for k, v in got.items() if k not in VERSION_STAMPS} == want


def test_every_fixture_has_an_expected_json_and_every_layout_is_covered() -> None:
    sources = {p.name.split(".")[0]: p.name for p in FIXTURES.iterdir() if not p.name.endswith(".expected.json")}
    assert set(sources) == {p.name.removesuffix(".expected.json") for p in EXPECTED}
    formats = {name: re.sub(r"^[^.]+\.", "", file) for name, file in sources.items()}
    assert {"txt", "html", "pdf.json"} <= set(formats.values())
    kinds = {json.loads((FIXTURES / f"{n}.expected.json").read_text(encoding="utf-8"))["document"]["kind"] for n in sources}
    assert kinds == set(AFTER_RAISE_KINDS)


# --- the money raised ------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "want"), [
    # 元 in a sentence that a text export broke after 人民币; received the day it reached the company's account
    ("issuance_report_yuan", {"gross_wan": 87782.71, "net_wan": 86500.00, "received_date": "2023-03-17",
                              "shares": 9876543, "price_yuan": 88.88, "offering_hint": "2022年度向特定对象发行A股股票"}),
    # 万元 and 万股 in a key-value table; no arrival date: the 验资 date
    ("listing_wan", {"gross_wan": 106962.55, "net_wan": 105800.12, "received_date": "2024-01-12",
                     "shares": 23456700, "price_yuan": 45.60, "offering_hint": "2023年度以简易程序向特定对象发行股票"}),
    # convertible bonds: no shares, no price per share
    ("result_notice_bond", {"gross_wan": 65000.00, "net_wan": 64123.46, "received_date": "2025-09-12",
                            "shares": None, "price_yuan": None, "offering_hint": "向不特定对象发行可转换公司债券"}),
    # notices after the raise restate it
    ("reallocation", {"gross_wan": 24500.00, "net_wan": 24300.00, "received_date": "2024-02-06",
                      "shares": 18148148, "price_yuan": 13.50}),
    ("delay_table", {"gross_wan": 67500.00, "net_wan": 60000.00, "received_date": "2021-09-08",
                     "shares": 50000000, "price_yuan": 13.50}),
])
def test_raise_actual(name: str, want: dict[str, Any]) -> None:
    got = parse(name)["raise_actual"]
    assert {k: got[k] for k in want} == want
    assert got["evidence"]["page"] >= 1
    # the total is printed on the evidence line, in 万元 or in 元 (whose leading digits are the 万元)
    assert str(int(want["gross_wan"])) in re.sub(r"\D", "", got["evidence"]["text"])


def test_the_cap_of_a_withdrawn_raise_is_read_and_nothing_else() -> None:
    got = parse("withdrawal")
    assert got["document"]["kind"] == "withdrawal"
    assert got["raise_total_wan"] == 150000.00
    assert (got["raise_actual"], got["progress"], got["changes"], got["projects"]) == (None, [], [], [])
    assert got["warnings"] == []


def test_bundled_issuance_documents_state_the_reference_raise() -> None:
    """The demo corpus prints real raises (上市公告书, 发行情况报告书, 发行结果公告): what the
    parser reads as raised is the reference figure each was written from."""
    checked = 0
    for f in load_corpus():
        facts = f.spec.get("actual") or {}
        if f.truth is None or f.truth["document"]["kind"] != "issuance_result" or "raise_total_wan" not in facts:
            continue
        got = parse_document(load_bytes(f.pdf, ".pdf"))["raise_actual"]
        assert got is not None and got["gross_wan"] == facts["raise_total_wan"], f.path.stem
        for key in ("net_yuan", "net_wan"):
            if facts.get(key):
                unit = Decimal("10000") if key == "net_yuan" else Decimal(1)
                net = (Decimal(facts[key].replace(",", "")) / unit).quantize(Decimal("0.01"))
                assert got["net_wan"] == float(net), f.path.stem
        checked += 1
    assert checked >= 20


# --- progress ----------------------------------------------------------------------------------

def progress_rows(got: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(p["offering_hint"], p["seq"], p["project"], p["committed_wan"], p["adjusted_wan"],
             p["invested_period_wan"], p["invested_to_date_wan"], p["progress_pct"], p["ready_date"], p["changed"])
            for p in got["progress"]]


def test_use_report_with_two_raises_one_table_each() -> None:
    got = parse("use_report_two_raises")
    assert (got["document"]["kind"], got["document"]["period_end"], got["document"]["date"]) == (
        "use_report", "2023-12-31", "2024-04-26")
    ipo, refi = "首次公开发行股票", "2022年度向特定对象发行A股股票"
    assert progress_rows(got) == [
        (ipo, 1, "12英寸功率器件研发及产业化项目", 60000.00, 60000.00, 2345.67, 58765.43, 97.94, "2024-06", False),
        (ipo, 2, "研发中心建设项目", 30000.00, 30000.00, 1200.00, 26543.21, 88.48, "2025-06", False),
        (ipo, 3, "补充流动资金", 20956.32, 20956.32, 0.00, 20956.32, 100.00, None, False),
        (refi, 1, "先进封装测试平台建设项目", 52000.00, 50000.00, 30211.90, 30211.90, 60.42, "2025-12", False),
        (refi, 2, "车规级芯片研发项目", 30000.00, 25000.00, 12345.60, 12345.60, 49.38, "2026-06", False),
        (refi, 3, "补充流动资金", 18000.00, 11500.00, 11500.00, 11500.00, 100.00, None, False),
    ]
    # the last row was printed after a page break that repeated the two-row header
    assert [p["evidence"]["page"] for p in got["progress"]] == [3, 3, 3, 4, 4, 5]
    assert got["progress"][2]["ready_date_text"] == "不适用"
    assert got["raise_actual"] is None and got["changes"] == [] and got["warnings"] == []


def test_use_report_html_with_merged_header_and_a_heading_row_per_raise() -> None:
    got = parse("use_report_merged")
    ipo, refi = "首次公开发行股票", "2023年度以简易程序向特定对象发行股票"
    assert got["document"]["period_end"] == "2024-06-30"
    assert progress_rows(got) == [
        (ipo, 1, "智能装备产业化基地建设项目", 45000.00, 45000.00, 3210.50, 40120.75, 89.16, "2024-12-31", False),
        (ipo, 2, "研发中心升级项目", 15000.00, 15000.00, 800.00, 9876.54, 65.84, "2025-06-30", True),
        (refi, 1, "工业机器人核心部件项目", 20000.00, 19500.00, 5432.10, 7654.32, 39.25, "2026-03-31", False),
        (refi, 2, "补充流动资金", 5000.00, 4800.00, 4800.00, 4800.00, 100.00, None, False),
    ]
    assert got["warnings"] == []  # both 小计 and the 合计 add up


def test_wide_pdf_table_with_wrapped_labels_names_and_dates() -> None:
    spec = json.loads((FIXTURES / "use_report_wide.pdf.json").read_text(encoding="utf-8"))
    layout = render(spec["blocks"], spec["running_head"]).layout
    assert layout.table_breaks and layout.table_breaks[0]["repeat_header"]  # the table crosses a page
    wrapped = {c["text"] for c in layout.wrapped_cells}
    assert {"高纯电子化学品扩产项目", "2025年12月", "不适用"} <= wrapped  # names, dates and 不适用 wrap
    got = parse("use_report_wide")
    hint = "2023年度向特定对象发行A股股票"  # the one raise the report names, its tables having no heading of their own
    assert progress_rows(got) == [
        (hint, 1, "高纯电子化学品扩产项目", 48000.00, 46500.00, 6543.21, 21098.76, 45.37, "2025-12", False),
        (hint, 2, "先进封装材料研发中心项目", 22000.00, 21000.00, 3210.98, 9876.50, 47.03, "2026-06", False),
        (hint, 3, "补充流动资金", 10000.00, 9300.00, 0.00, 9300.00, 100.00, None, False),
    ]
    assert [p["evidence"]["page"] for p in got["progress"]] == [2, 2, 3]
    assert "学品扩产项" in got["progress"][0]["evidence"]["text"]  # the row as printed over its lines


def test_use_report_in_small_type_with_group_labels_set_flush_left() -> None:
    """A 对照表 in 7-point type on a landscape page: its labels are narrower than their
    characters count at the page's text size, and 截至期末 / 效益 sit flush left over the
    columns they group, not centred: every column is still read, this year's spending and
    the progress % among them."""
    spec = json.loads((FIXTURES / "use_report_small_type.pdf.json").read_text(encoding="utf-8"))
    assert render(spec["blocks"], spec["running_head"]).layout.landscape_pages
    got = parse("use_report_small_type")
    ipo = "首次公开发行股票"
    assert progress_rows(got) == [
        (ipo, 1, "智能装备产业化基地建设项目", 45000.00, 45000.00, 6210.50, 43120.75, 95.82, "2024-12", False),
        (ipo, 2, "研发中心升级项目", 15000.00, 15000.00, 2300.00, 11376.54, 75.84, "2025-06", False),
    ]
    assert got["document"]["period_end"] == "2024-12-31" and got["warnings"] == []


def test_aligned_text_export_of_an_earlier_raise_report() -> None:
    got = parse("use_report_aligned")
    assert got["document"]["period_end"] == "2025-03-31"
    rows = [(p["project"], p["committed_wan"], p["adjusted_wan"], p["invested_to_date_wan"], p["ready_date"])
            for p in got["progress"]]
    assert rows == [
        ("12英寸功率器件研发及产业化项目", 60000.00, 60000.00, 59102.17, "2025-06"),
        ("研发中心建设项目", 30000.00, 30000.00, 27015.66, "2026-12"),
        ("补充流动资金", 20956.32, 20956.32, 20956.32, None),
    ]
    # a 前次募集资金 对照表 prints neither this year's spending nor a progress column: null, not guessed
    assert {(p["invested_period_wan"], p["progress_pct"], p["changed"]) for p in got["progress"]} == {(None, None, None)}


def test_a_total_that_does_not_add_up_is_reported_and_the_printed_figures_kept() -> None:
    text = (FIXTURES / "use_report_two_raises.txt").read_text(encoding="utf-8")
    broken = text.replace("合计\t—\t110,956.32\t110,956.32\t110,956.32\t3,545.67\t106,264.96",
                          "合计\t—\t110,956.32\t110,956.32\t110,956.32\t3,545.67\t106,364.96")
    assert broken != text
    got = parse_text(broken)
    assert len(got["progress"]) == 6
    assert got["progress"][0]["invested_to_date_wan"] == 58765.43
    assert any("106364.96" in w and "difference -100.00" in w for w in got["warnings"]), got["warnings"]


def test_a_use_report_without_its_table_says_so() -> None:
    text = (FIXTURES / "use_report_two_raises.txt").read_text(encoding="utf-8")
    body = text.split("附表1")[0]
    got = parse_text(body)
    assert got["document"]["kind"] == "use_report" and got["progress"] == []
    assert any("对照表" in w for w in got["warnings"])


# --- changes -----------------------------------------------------------------------------------

def change_rows(got: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(c["kind"], c["project"], c["new_project"], c["committed_before_wan"], c["committed_after_wan"],
             c["amount_wan"], c["to_working_capital"], c["old_ready_date"], c["new_ready_date"]) for c in got["changes"]]


@pytest.mark.parametrize("name", ["reallocation_table", "reallocation"])
def test_reallocation_before_and_after(name: str) -> None:
    got = parse(name)
    assert got["document"]["kind"] == "reallocation"
    want = {
        "reallocation_table": [("先进封装测试平台建设项目", 52000.00, 50000.00), ("车规级芯片研发项目", 30000.00, 25000.00),
                               ("补充流动资金", 18000.00, 11500.00)],
        "reallocation": [("工业机器人核心部件项目", 20000.00, 19500.00), ("补充流动资金", 5000.00, 4800.00)],
    }[name]
    assert change_rows(got) == [("reallocation", p, None, b, a, None, False, None, None) for p, b, a in want]
    assert got["projects"] == [] and got["warnings"] == []


def test_reallocation_under_grouped_before_and_after_headers() -> None:
    """调整前 / 调整后 each spanning 项目投资总额 and 拟投入募集资金金额 (HTML, whose text
    drops the empty cells a span leaves at the end of its row)."""
    got = parse("reallocation_grouped")
    assert change_rows(got) == [
        ("reallocation", "高纯电子化学品扩产项目", None, 48000.00, 46500.00, None, False, None, None),
        ("reallocation", "先进封装材料研发中心项目", None, 22000.00, 21000.00, None, False, None, None),
        ("reallocation", "补充流动资金", None, 10000.00, 9300.00, None, False, None, None),
    ]
    assert got["warnings"] == []


def test_delays_in_a_table() -> None:
    got = parse("delay_table")
    assert change_rows(got) == [
        ("delay", "智能装备产业化基地建设项目", None, None, None, None, False, "2024-12-31", "2025-12-31"),
        ("delay", "研发中心升级项目", None, None, None, None, False, "2025-06-30", "2026-06-30"),
    ]


def test_delays_under_a_date_header_spanning_before_and_after() -> None:
    """项目达到预定可使用状态日期 spanning 调整前 | 调整后: the label under the span says
    which date is which."""
    got = parse("delay_grouped")
    assert change_rows(got) == [
        ("delay", "高纯电子化学品扩产项目", None, None, None, None, False, "2025-12", "2026-12"),
        ("delay", "半导体级湿电子化学品回收项目", None, None, None, None, False, "2026-06", "2027-03"),
    ]
    assert got["warnings"] == []


def test_delays_in_sentences() -> None:
    got = parse("delay_prose")
    assert [(c["project"], c["old_ready_date"], c["new_ready_date"]) for c in got["changes"]] == [
        ("12英寸功率器件研发及产业化项目", "2024-06", "2025-06"),
        ("研发中心建设项目", "2025-06", "2026-12"),  # 该项目: the project the sentence before names
        ("先进封装测试平台建设项目", "2025-12", "2026-12"),  # 分别由…、…延期至…、…
        ("车规级芯片研发项目", "2026-06", "2027-06"),
    ]
    assert {c["kind"] for c in got["changes"]} == {"delay"}
    printed = unicodedata.normalize("NFKC", (FIXTURES / "delay_prose.txt").read_text(encoding="utf-8"))
    for c in got["changes"]:  # each is the line the move is printed on
        assert c["evidence"]["text"] in printed and re.search(r"(?:延期|调整)至", c["evidence"]["text"]), c


def test_change_of_use_to_a_new_project_and_to_working_capital() -> None:
    got = parse("change_of_use")
    assert change_rows(got) == [
        ("change_of_use", "车规级芯片研发项目", "碳化硅功率模块产业化项目", None, None, 12654.40, False, None, None),
        ("change_of_use", "研发中心建设项目", None, None, None, 3456.79, True, None, None),
    ]


def test_change_of_use_in_a_before_after_table_with_grouped_headers() -> None:
    """变更前 / 变更后 each spanning 项目投资总额 and 拟投入募集资金金额 (wrapped onto two
    lines), the new project with — before: the money one project gives up goes to the one
    that gains; the projects the change leaves alone are not changes."""
    got = parse("change_of_use_grouped")
    assert change_rows(got) == [
        ("change_of_use", "先进封装材料研发中心项目", "半导体级湿电子化学品回收项目", 21000.00, 12500.00, 8500.00, False,
         None, None)]
    assert got["warnings"] == [] and got["raise_actual"]["gross_wan"] == 80000.00


def test_change_of_use_from_labelled_lines_and_a_sentence_without_a_table() -> None:
    """原项目名称 / 新项目名称 / 变更募集资金投向的金额 lines, and the body's 由X万元调减至Y万元，
    调减的Z万元用于新项目“B”: one row, its amounts from the sentence, evidence the label line."""
    got = parse("change_of_use_labelled")
    assert change_rows(got) == [
        ("change_of_use", "晶圆缺陷检测设备研发项目", "光学量测设备产业化基地建设项目", 18000.00, 10936.00, 7064.00, False,
         None, None)]
    assert got["changes"][0]["evidence"]["text"] == "● 原项目名称:晶圆缺陷检测设备研发项目"
    assert got["warnings"] == []


def test_two_projects_in_one_label_to_working_capital_share_no_total() -> None:
    """Two projects in one 原项目名称 line, 新项目名称：永久补充流动资金, one total (合计): a row
    each, to working capital, neither given the other's money."""
    got = parse("change_of_use_two_to_working_capital")
    assert change_rows(got) == [
        ("change_of_use", "重组蛋白药物中试平台建设项目", None, None, None, None, True, None, None),
        ("change_of_use", "营销网络升级项目", None, None, None, None, True, None, None),
    ]


def test_labels_and_a_sentence_only_fill_what_the_table_left_empty() -> None:
    """Table, labels (in 亿元) and a sentence all say the same move: one row, the table's
    evidence and amount, the commitment before / after from the sentence."""
    got = parse("change_of_use_labelled_table")
    assert change_rows(got) == [
        ("change_of_use", "储能电池管理系统研发项目", "高压储能变流器产业化项目", 30000.00, 17500.00, 12500.00, False,
         None, None)]
    assert got["changes"][0]["evidence"]["text"].split("\t") == [
        "储能电池管理系统研发项目", "30,000.00", "高压储能变流器产业化项目", "12,500.00"]


HEAD = "证券代码：688996    证券简称：栖霞测试    公告编号：2026-001\n栖霞测试科技股份有限公司\n关于变更部分募集资金投资项目的公告\n重要内容提示：\n"


def test_labelled_amounts_per_project_in_yuan_and_several_label_groups() -> None:
    got = parse_text(HEAD + "● 原募投项目名称：甲型传感器研发项目、乙型传感器扩产项目\n"
                     "● 新项目名称：永久补充流动资金\n"
                     "● 变更募集资金投向的金额：甲型传感器研发项目52,153,700.00元、乙型传感器扩产项目0.4亿元\n"
                     "● 原项目名称：丙型模组研发项目；新项目名称：丁型模组产业化项目。\n"
                     "● 涉及变更投向的总金额：3,000.00万元\n特此公告。\n栖霞测试科技股份有限公司董事会\n2026年1月5日\n")
    assert change_rows(got) == [
        ("change_of_use", "甲型传感器研发项目", None, None, None, 5215.37, True, None, None),
        ("change_of_use", "乙型传感器扩产项目", None, None, None, 4000.00, True, None, None),
        ("change_of_use", "丙型模组研发项目", "丁型模组产业化项目", None, None, 3000.00, False, None, None),
    ]


def test_a_sentence_moving_the_rest_of_one_project_to_another() -> None:
    got = parse_text(HEAD + "公司拟将“戊型芯片封测项目”剩余募集资金7,064.00万元变更用于“己型芯片验证平台项目”。\n"
                     "公司拟将“庚型基板研发项目”拟投入募集资金由5,000.00万元调减为3,200.00万元，"
                     "调减的1,800.00万元用于新项目“辛型基板产业化项目”。\n特此公告。\n")
    assert change_rows(got) == [
        ("change_of_use", "戊型芯片封测项目", "己型芯片验证平台项目", None, None, 7064.00, False, None, None),
        ("change_of_use", "庚型基板研发项目", "辛型基板产业化项目", 5000.00, 3200.00, 1800.00, False, None, None),
    ]


def test_completion_with_the_surplus_to_working_capital() -> None:
    got = parse("completion_surplus")
    assert change_rows(got) == [
        ("completion", "12英寸功率器件研发及产业化项目", None, None, None, 1555.66, True, None, None)]
    assert got["raise_actual"]["offering_hint"] == "首次公开发行人民币普通股(A股)"


def test_completion_of_a_project_named_for_working_capital_moves_nothing_there() -> None:
    """A project called 补充流动资金及偿还银行借款 closing is not money going to working
    capital: only what the notice says of the surplus (节余…永久补充流动资金) is."""
    got = parse("completion_named_working_capital")
    assert change_rows(got) == [
        ("completion", "碳化硅功率器件扩产项目", None, None, None, None, False, None, None),
        ("completion", "补充流动资金及偿还银行借款", None, None, None, None, False, None, None),
    ]


# --- the contract's shape ------------------------------------------------------------------------

def _all_parses() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted([*FIXTURES.iterdir(), *LAYOUTS.iterdir()]):
        if not path.name.endswith(".expected.json"):
            data, suffix = fixture_bytes(path)
            out.append((path.name, parse_document(load_bytes(data, suffix))))
    return out


def test_every_section_is_in_every_parse_and_every_row_has_evidence() -> None:
    parses = _all_parses()
    assert len(parses) >= 30
    for name, got in parses:
        assert "period_end" in got["document"], name
        assert isinstance(got["progress"], list) and isinstance(got["changes"], list), name
        assert got["raise_actual"] is None or isinstance(got["raise_actual"], dict), name
        assert (got["document"]["period_end"] is not None) == (got["document"]["kind"] == "use_report"), name
        rows = [*got["progress"], *got["changes"], *([got["raise_actual"]] if got["raise_actual"] else [])]
        for row in rows:
            ev = row["evidence"]
            assert ev and 1 <= ev["page"] <= got["document"]["pages"] and ev["text"].strip(), (name, row)
        for p in got["progress"]:
            # the figures a row states are printed in its evidence
            for key in ("committed_wan", "invested_to_date_wan"):
                if p[key] is not None:
                    assert f"{p[key]:,.2f}" in ev_text(p), (name, key, p)
            if p["ready_date"]:
                assert p["ready_date_text"] and p["ready_date_text"][:4] in ev_text(p), (name, p)


def ev_text(row: dict[str, Any]) -> str:
    return re.sub(r"\s+", "", row["evidence"]["text"])


def test_documents_of_a_plan_carry_none_of_the_after_raise_sections() -> None:
    for name, got in _all_parses():
        if got["document"]["kind"] not in AFTER_RAISE_KINDS:
            assert (got["raise_actual"], got["progress"], got["changes"], got["document"]["period_end"]) == (
                None, [], [], None), name


if __name__ == "__main__":  # pragma: no cover - regenerate after a deliberate change, then review the diff
    import sys

    for name in sys.argv[1:]:
        src = next(p for p in FIXTURES.iterdir() if p.name.startswith(name + ".") and not p.name.endswith(".expected.json"))
        data, suffix = fixture_bytes(src)
        out = {k: v for k, v in parse_document(load_bytes(data, suffix)).items() if k not in VERSION_STAMPS}
        (FIXTURES / f"{name}.expected.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print("wrote", name)
