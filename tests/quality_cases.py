"""A small, clean warehouse for the data-quality suites, and one violation per expectation.

The baseline is two raises written as parse contracts (tests/contracts.py) that add up in
every way the suites check; raise A is also followed after its money arrived (issuance
report, re-allocation, a use report, a delay and a change of use). Each case breaks exactly
one thing, the way a bug or a filing would, and names the rows the failing expectation must
report.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from pipeline.normalise import frames as F
from pipeline.normalise.peers import BUDGET_CATEGORIES, PROJECT_TYPES
from pipeline.normalise.taxonomy import load_taxonomy
from pipeline.quality.frames import check_frames, parameters
from pipeline.quality.gx_runner import validate
from pipeline.quality.results import CheckResult
from pipeline.quality.suites import load_suites
from tests.contracts import budget, change, doc, frames_of, progress, project, raised

TODAY = date(2025, 6, 30)
A, B = "cninfo:a1", "cninfo:b1"
OFFER_A, OFFER_B = "688101-specific_targets-2023", "688102-specific_targets-2023"
HINT_A = "2023年度向特定对象发行A股股票"
USE_REPORT, DELAY, CHANGE_OF_USE, REALLOCATION = "cninfo:a3", "cninfo:a4", "cninfo:a5", "cninfo:a6"


def use_rows(**changes: Any) -> list[dict[str, Any]]:
    """Raise A's 对照表 at 2023-12-31: 50 of the R&D project's 220 spent, working capital paid out."""
    rnd = {"to_date": 50.0, "period": 50.0, "pct": 22.73, "ready": "2026-08", **changes}
    return [progress("行业大模型研发项目", HINT_A, 240.0, 220.0, rnd["period"], rnd["to_date"], rnd["pct"], rnd["ready"]),
            progress("补充流动资金", HINT_A, 60.0, 55.0, 55.0, 55.0, 100.0, None, seq=2)]


def after_raise_docs(**changes: Any) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Raise A after the money: 280 of 300 raised, commitments cut to match, spent, delayed, changed."""
    money = changes.get("raise_a") or raised(280.0, 275.0, "2023-08-28", HINT_A)
    return [
        doc("a2", "688101", "2023年度向特定对象发行A股股票发行情况报告书", "2023-09-01", None, kind="issuance_result",
            raise_actual=money, name="甲智能"),
        doc("a6", "688101", "关于调整募集资金投资项目拟投入募集资金金额的公告", "2023-09-05", None, kind="reallocation",
            offering=None, name="甲智能", changes=changes.get("realloc_a") or [
                change("reallocation", "行业大模型研发项目", before=240.0, after=220.0),
                change("reallocation", "补充流动资金", before=60.0, after=55.0)]),
        doc("a3", "688101", "2023年年度募集资金存放与实际使用情况的专项报告", "2024-04-20", None, kind="use_report",
            offering=None, name="甲智能", period_end=changes.get("period_a", "2023-12-31"),
            rows=changes.get("rows_a") or use_rows()),
        doc("a4", "688101", "关于部分募投项目延期的公告", "2024-06-01", None, kind="use_change", offering=None,
            name="甲智能", changes=[change("delay", "行业大模型研发项目", old_ready="2026-08",
                                            new_ready=changes.get("delay_to_a", "2027-08"))]),
        doc("a5", "688101", "关于变更部分募集资金用途并永久补充流动资金的公告", "2024-09-01", None, kind="use_change",
            offering=None, name="甲智能", changes=[change("change_of_use", "行业大模型研发项目",
                                                       new_project="永久补充流动资金",
                                                       amount=changes.get("moved_a", 20.0), to_wc=True)]),
    ]


def baseline_docs(**changes: Any) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Raise A: 300 万元 over a budgeted R&D project and working capital, then followed after its
    money arrived; raise B: one project, not issued."""
    a = changes.get("a") or project("行业大模型研发项目", 240.0, 240.0, budget("设备购置费", 140.0),
                                    budget("研发人员薪酬", 70.0), budget("场地租赁费", 30.0))
    return [
        doc("a1", "688101", "2023年度向特定对象发行A股股票预案", "2023-03-01", changes.get("cap_a", 300.0),
            a, project("补充流动资金", 60.0, 60.0), name="甲智能"),
        doc("b1", "688102", "2023年度向特定对象发行A股股票预案", "2023-04-01", 100.0,
            *(changes.get("b") or [project("AI芯片研发项目", 120.0, 100.0)]), name="乙芯"),
        *after_raise_docs(**changes),
    ]


@dataclass
class World:
    """Everything a check run reads: warehouse frames, the catalog, the hashes of raw files."""

    tables: dict[str, pl.DataFrame]
    catalog: pl.DataFrame
    hashes: dict[str, str | None]


def world(docs: list[tuple[dict[str, Any], dict[str, Any]]] | None = None) -> World:
    docs = docs or baseline_docs()
    catalog = F.catalog_frame([m for m, _ in docs])
    hashes = dict(zip(catalog["local_path"].to_list(), catalog["sha256"].to_list(), strict=True))
    return World(frames_of(*docs), catalog, hashes)


def run(w: World, suite: str | None = None) -> dict[str, CheckResult]:
    """check_id → result, for one suite or all of them."""
    suites = [s for s in load_suites() if suite is None or s.name == suite]
    params = parameters(w.tables["taxonomy_values"], load_taxonomy(), TODAY)
    results, _ = validate(suites, check_frames(w.tables, w.catalog, w.hashes), params)
    return {r.check_id: r for r in results}


# ----- small edits of a frame ---------------------------------------------------------------

def set_where(frame: pl.DataFrame, where: pl.Expr, column: str, value: Any) -> pl.DataFrame:
    literal = pl.lit(value, dtype=frame.schema[column])
    return frame.with_columns(pl.when(where).then(literal).otherwise(pl.col(column)).alias(column))


def duplicate(frame: pl.DataFrame, where: pl.Expr) -> pl.DataFrame:
    return pl.concat([frame, frame.filter(where)])


def table_edit(name: str, edit: Callable[[pl.DataFrame], pl.DataFrame]) -> Callable[[World], World]:
    def apply(w: World) -> World:
        return World({**w.tables, name: edit(w.tables[name])}, w.catalog, w.hashes)
    return apply


def catalog_edit(edit: Callable[[pl.DataFrame], pl.DataFrame]) -> Callable[[World], World]:
    def apply(w: World) -> World:
        return World(w.tables, edit(w.catalog), w.hashes)
    return apply


def hashes_edit(path: str, value: str | None) -> Callable[[World], World]:
    def apply(w: World) -> World:
        return World(w.tables, w.catalog, {**w.hashes, path: value})
    return apply


def from_docs(**changes: Any) -> Callable[[World], World]:
    """A violation written as a filing: the baseline's contracts with one change."""
    return lambda _w: world(baseline_docs(**changes))


@dataclass(frozen=True)
class Case:
    check_id: str
    make: Callable[[World], World]
    keys: list[dict[str, Any]]  # failing row keys the check must report, in any order


doc_a, doc_b = pl.col("document_id") == A, pl.col("document_id") == B
ann_b = pl.col("announcement_id") == "b1"
line_a1 = doc_a & (pl.col("project_seq") == 1) & (pl.col("line_no") == 1)
offer_a = pl.col("offering_id") == OFFER_A
row_1 = (pl.col("document_id") == USE_REPORT) & (pl.col("row_no") == 1)
delay_1 = (pl.col("document_id") == DELAY) & (pl.col("change_no") == 1)
ROW_1 = {"document_id": USE_REPORT, "row_no": 1}
DELAY_1 = {"document_id": DELAY, "change_no": 1}


def _share_cases() -> list[Case]:
    cases = []
    for prefix, values in (("share", BUDGET_CATEGORIES), ("type_share", PROJECT_TYPES)):
        for v in values:
            cases.append(Case(f"peer_metrics.{prefix}_{v}_in_unit_interval",
                              table_edit("peer_metrics", lambda f, c=f"{prefix}_{v}": set_where(f, offer_a, c, 1.5)),
                              [{"offering_id": OFFER_A}]))
    return cases


CASES: list[Case] = [
    # catalog: provenance, all blocking
    Case("catalog.unique_ids", catalog_edit(lambda f: duplicate(f, ann_b)),
         [{"source": "cninfo", "announcement_id": "b1"}] * 2),
    Case("catalog.source_present", catalog_edit(lambda f: set_where(f, ann_b, "source", None)),
         [{"source": None, "announcement_id": "b1"}]),
    Case("catalog.announcement_id_present",
         catalog_edit(lambda f: set_where(f, pl.col("catalog_code") == "688102", "announcement_id", None)),
         [{"source": "cninfo", "announcement_id": None}]),
    Case("catalog.code_is_star_market", catalog_edit(lambda f: set_where(f, ann_b, "catalog_code", "600519")),
         [{"source": "cninfo", "announcement_id": "b1"}]),
    Case("catalog.sha256_present", catalog_edit(lambda f: set_where(f, ann_b, "sha256", None)),
         [{"source": "cninfo", "announcement_id": "b1"}]),
    Case("catalog.sha256_well_formed", catalog_edit(lambda f: set_where(f, ann_b, "sha256", "ABC123")),
         [{"source": "cninfo", "announcement_id": "b1"}]),
    Case("catalog.file_has_that_hash", hashes_edit("raw/b1.pdf", None),  # the raw file is gone
         [{"source": "cninfo", "announcement_id": "b1"}]),
    Case("catalog.url_present", catalog_edit(lambda f: set_where(f, ann_b, "url", None)),
         [{"source": "cninfo", "announcement_id": "b1"}]),
    Case("catalog.url_on_allowed_host",
         catalog_edit(lambda f: set_where(f, ann_b, "url", "http://static.cninfo.com.cn.evil.example/b1.pdf")),
         [{"source": "cninfo", "announcement_id": "b1"}]),
    # documents
    Case("documents.unique_ids", table_edit("documents", lambda f: duplicate(f, doc_b)),
         [{"document_id": B}] * 2),
    Case("documents.id_present", table_edit("documents", lambda f: set_where(f, doc_b, "document_id", None)),
         [{"document_id": None}]),
    Case("documents.source_present", table_edit("documents", lambda f: set_where(f, doc_b, "source", None)),
         [{"document_id": B}]),
    Case("documents.sha256_present", table_edit("documents", lambda f: set_where(f, doc_b, "sha256", None)),
         [{"document_id": B}]),
    Case("documents.kind_in_vocabulary", table_edit("documents", lambda f: set_where(f, doc_b, "kind", "memo")),
         [{"document_id": B}]),
    Case("documents.revision_in_vocabulary",
         table_edit("documents", lambda f: set_where(f, doc_b, "revision", "第三稿")), [{"document_id": B}]),
    Case("documents.offering_type_in_vocabulary",
         table_edit("documents", lambda f: set_where(f, doc_b, "offering_type", "ipo")), [{"document_id": B}]),
    Case("documents.parse_status_in_vocabulary",
         table_edit("documents", lambda f: set_where(f, doc_b, "parse_status", "maybe")), [{"document_id": B}]),
    Case("documents.readable", lambda _w: world([*baseline_docs(), doc(
        "c1", "688103", "2023年度向特定对象发行A股股票预案", "2023-05-01", None, error="not a PDF: HTML error page")]),
        [{"document_id": "cninfo:c1"}]),
    Case("documents.published_in_window",
         table_edit("documents", lambda f: set_where(f, doc_b, "version_date", date(2025, 7, 1))),  # after TODAY
         [{"document_id": B}]),
    Case("documents.signed_in_window",
         table_edit("documents", lambda f: set_where(f, doc_a, "doc_date", "2018-12")),  # a cover month before STAR
         [{"document_id": A}]),
    Case("documents.code_is_star_market",
         table_edit("documents", lambda f: set_where(f, doc_b, "code", "118000")), [{"document_id": B}]),
    Case("documents.raise_total_positive",
         table_edit("documents", lambda f: set_where(f, doc_b, "raise_total_wan", 0)), [{"document_id": B}]),
    # projects
    Case("projects.unique_key",
         table_edit("projects", lambda f: duplicate(f, doc_b)), [{"document_id": B, "seq": 1}] * 2),
    Case("projects.from_a_document",
         table_edit("projects", lambda f: set_where(f, doc_b, "document_id", "cninfo:nowhere")),
         [{"document_id": "cninfo:nowhere", "seq": 1}]),
    Case("projects.type_in_taxonomy",
         table_edit("projects", lambda f: set_where(f, doc_b, "type", "spaceship")), [{"document_id": B, "seq": 1}]),
    Case("projects.name_present",
         table_edit("projects", lambda f: set_where(f, doc_b, "name", " ")), [{"document_id": B, "seq": 1}]),
    Case("projects.total_investment_positive",
         from_docs(b=[project("AI芯片研发项目", 0.0, None)]), [{"document_id": B, "seq": 1}]),
    Case("projects.proceeds_positive",
         from_docs(b=[project("AI芯片研发项目", 120.0, -5.0)]), [{"document_id": B, "seq": 1}]),
    Case("projects.proceeds_within_total",  # the filing spends more of the raise than the project costs
         from_docs(b=[project("AI芯片研发项目", 90.0, 100.0)]), [{"document_id": B, "seq": 1}]),
    Case("projects.budget_lines_sum_to_total",  # the lines sum to 239.98, the total says 240
         from_docs(a=project("行业大模型研发项目", 240.0, 240.0, budget("设备购置费", 139.98),
                             budget("研发人员薪酬", 70.0), budget("场地租赁费", 30.0))),
         [{"document_id": A, "seq": 1}]),
    # budget lines
    Case("budget_lines.unique_key", table_edit("budget_lines", lambda f: duplicate(f, line_a1)),
         [{"document_id": A, "project_seq": 1, "line_no": 1}] * 2),
    Case("budget_lines.of_a_project", table_edit("budget_lines", lambda f: set_where(f, line_a1, "project_seq", 9)),
         [{"document_id": A, "project_seq": 9, "line_no": 1}]),
    Case("budget_lines.category_in_taxonomy",
         table_edit("budget_lines", lambda f: set_where(f, line_a1, "category", "bitcoin")),
         [{"document_id": A, "project_seq": 1, "line_no": 1}]),
    Case("budget_lines.amount_not_negative",
         table_edit("budget_lines", lambda f: set_where(f, line_a1, "amount_wan", -1)),
         [{"document_id": A, "project_seq": 1, "line_no": 1}]),
    Case("budget_lines.item_present", table_edit("budget_lines", lambda f: set_where(f, line_a1, "item", "")),
         [{"document_id": A, "project_seq": 1, "line_no": 1}]),
    # offerings
    Case("offerings.unique_ids", table_edit("offerings", lambda f: duplicate(f, offer_a)),
         [{"offering_id": OFFER_A}] * 2),
    Case("offerings.id_present", table_edit("offerings", lambda f: set_where(f, offer_a, "offering_id", None)),
         [{"offering_id": None}]),
    Case("offerings.offering_type_in_vocabulary",
         table_edit("offerings", lambda f: set_where(f, offer_a, "offering_type", "ipo")), [{"offering_id": OFFER_A}]),
    Case("offerings.has_documents",
         table_edit("offerings", lambda f: set_where(f, offer_a, "document_count", 0)), [{"offering_id": OFFER_A}]),
    Case("offerings.proceeds_sum_to_cap",  # projects take 300.00, the plan states a cap of 300.02
         from_docs(cap_a=300.02), [{"offering_id": OFFER_A}]),
    # peer metrics
    Case("peer_metrics.unique_ids", table_edit("peer_metrics", lambda f: duplicate(f, offer_a)),
         [{"offering_id": OFFER_A}] * 2),
    Case("peer_metrics.of_an_offering",
         table_edit("peer_metrics", lambda f: set_where(f, offer_a, "offering_id", "688999-other-2023")),
         [{"offering_id": "688999-other-2023"}]),
    *_share_cases(),
    Case("peer_metrics.budget_shares_sum_to_one",
         table_edit("peer_metrics", lambda f: f.with_columns(
             pl.when(offer_a).then(pl.col("share_site") + 0.001).otherwise(pl.col("share_site")).alias("share_site"))),
         [{"offering_id": OFFER_A}]),
    Case("peer_metrics.type_shares_sum_to_one",
         table_edit("peer_metrics", lambda f: set_where(f, offer_a, "type_share_other", 0.5)),
         [{"offering_id": OFFER_A}]),
    # documents after the raise
    Case("documents.after_raise_linked",  # an issuance report of a raise whose plan the warehouse lacks
         lambda _w: world([*baseline_docs(), doc("x1", "688109", "2021年度向特定对象发行A股股票发行情况报告书",
                                                 "2022-03-01", None, kind="issuance_result", name="己科技",
                                                 raise_actual=raised(50.0, 49.0, "2022-02-25", "2021年度向特定对象发行A股股票"))]),
         [{"document_id": "cninfo:x1"}]),
    Case("raises_actual.unique_ids", table_edit("raises_actual", lambda f: duplicate(f, offer_a)),
         [{"offering_id": OFFER_A}] * 2),
    Case("raises_actual.of_an_offering",
         table_edit("raises_actual", lambda f: set_where(f, offer_a, "offering_id", "688999-other-2023")),
         [{"offering_id": "688999-other-2023"}]),
    Case("raises_actual.from_a_document",
         table_edit("raises_actual", lambda f: set_where(f, offer_a, "document_id", "cninfo:nowhere")),
         [{"offering_id": OFFER_A}]),
    Case("raises_actual.gross_positive", from_docs(raise_a=raised(0.0, None, "2023-08-28", HINT_A)),
         [{"offering_id": OFFER_A}]),
    Case("raises_actual.net_within_gross", from_docs(raise_a=raised(280.0, 281.5, "2023-08-28", HINT_A)),
         [{"offering_id": OFFER_A}]),
    Case("raises_actual.raised_within_cap",  # 300.02 raised on a cap of 300
         from_docs(raise_a=raised(300.02, 295.0, "2023-08-28", HINT_A)), [{"offering_id": OFFER_A}]),
    Case("raises_actual.commitments_within_net",  # the notice re-allocates 225 + 55 = 280 of 275 net
         from_docs(realloc_a=[change("reallocation", "行业大模型研发项目", before=240.0, after=225.0),
                              change("reallocation", "补充流动资金", before=60.0, after=55.0)]),
         [{"offering_id": OFFER_A}]),
    Case("raises_actual.received_after_plan",  # money before the plan was published
         from_docs(raise_a=raised(280.0, 275.0, "2023-02-20", HINT_A)), [{"offering_id": OFFER_A}]),
    Case("raises_actual.received_in_window",
         from_docs(raise_a=raised(280.0, 275.0, "2025-07-15", HINT_A)), [{"offering_id": OFFER_A}]),
    Case("project_progress.unique_key", table_edit("project_progress", lambda f: duplicate(f, row_1)), [ROW_1] * 2),
    Case("project_progress.from_a_document",
         table_edit("project_progress", lambda f: set_where(f, row_1, "document_id", "cninfo:nowhere")),
         [{"document_id": "cninfo:nowhere", "row_no": 1}]),
    Case("project_progress.of_an_offering",
         table_edit("project_progress", lambda f: set_where(f, row_1, "offering_id", "688999-other-2023")), [ROW_1]),
    Case("project_progress.raise_kind_in_vocabulary",
         table_edit("project_progress", lambda f: set_where(f, row_1, "raise_kind", "loan")), [ROW_1]),
    Case("project_progress.project_type_in_taxonomy",
         table_edit("project_progress", lambda f: set_where(f, row_1, "project_type", "spaceship")), [ROW_1]),
    Case("project_progress.invested_within_commitment",  # 232 of 220: 5.45 % over, more than interest explains
         from_docs(rows_a=use_rows(to_date=232.0, period=232.0, pct=100.0)), [ROW_1]),
    Case("project_progress.progress_in_range", from_docs(rows_a=use_rows(pct=105.5)), [ROW_1]),
    Case("project_progress.invested_not_negative", from_docs(rows_a=use_rows(to_date=-1.0, period=-1.0)), [ROW_1]),
    Case("project_progress.period_within_cumulative", from_docs(rows_a=use_rows(period=60.0)), [ROW_1]),
    Case("project_progress.ready_after_receipt", from_docs(rows_a=use_rows(ready="2023-06")), [ROW_1]),
    Case("project_progress.period_after_receipt",  # a report made up to before the money arrived
         from_docs(period_a="2023-06-30"), [ROW_1, {"document_id": USE_REPORT, "row_no": 2}]),
    Case("project_changes.unique_key", table_edit("project_changes", lambda f: duplicate(f, delay_1)), [DELAY_1] * 2),
    Case("project_changes.from_a_document",
         table_edit("project_changes", lambda f: set_where(f, delay_1, "document_id", "cninfo:nowhere")),
         [{"document_id": "cninfo:nowhere", "change_no": 1}]),
    Case("project_changes.of_an_offering",
         table_edit("project_changes", lambda f: set_where(f, delay_1, "offering_id", "688999-other-2023")), [DELAY_1]),
    Case("project_changes.kind_in_vocabulary",
         table_edit("project_changes", lambda f: set_where(f, delay_1, "kind", "merger")), [DELAY_1]),
    Case("project_changes.delay_moves_later", from_docs(delay_to_a="2026-02"), [DELAY_1]),
    Case("project_changes.amount_positive", from_docs(moved_a=-5.0), [{"document_id": CHANGE_OF_USE, "change_no": 1}]),
    Case("project_changes.commitment_not_negative",
         from_docs(realloc_a=[change("reallocation", "行业大模型研发项目", before=240.0, after=-10.0)]),
         [{"document_id": REALLOCATION, "change_no": 1}]),
]
