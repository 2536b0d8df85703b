"""A small, clean warehouse for the data-quality suites, and one violation per expectation.

The baseline is two raises written as parse contracts (tests/contracts.py) that add up in
every way the suites check. Each case breaks exactly one thing, the way a bug or a filing
would, and names the rows the failing expectation must report.
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
from tests.contracts import budget, doc, frames_of, project

TODAY = date(2025, 6, 30)
A, B = "cninfo:a1", "cninfo:b1"
OFFER_A, OFFER_B = "688101-specific_targets-2023", "688102-specific_targets-2023"


def baseline_docs(**changes: Any) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Raise A: 300 万元 over a budgeted R&D project and working capital; raise B: one project."""
    a = changes.get("a") or project("行业大模型研发项目", 240.0, 240.0, budget("设备购置费", 140.0),
                                    budget("研发人员薪酬", 70.0), budget("场地租赁费", 30.0))
    return [
        doc("a1", "688101", "2023年度向特定对象发行A股股票预案", "2023-03-01", changes.get("cap_a", 300.0),
            a, project("补充流动资金", 60.0, 60.0), name="甲智能"),
        doc("b1", "688102", "2023年度向特定对象发行A股股票预案", "2023-04-01", 100.0,
            *(changes.get("b") or [project("AI芯片研发项目", 120.0, 100.0)]), name="乙芯"),
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
]
