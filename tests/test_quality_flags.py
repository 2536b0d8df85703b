"""Failed warnings flag the rows they name (and the raise built on them); nothing is removed."""
from __future__ import annotations

import polars as pl

from pipeline.quality.flags import PRIMARY_KEYS, apply_flags
from pipeline.quality.suites import load_suites
from tests.contracts import budget, project
from tests.quality_cases import (
    OFFER_A,
    OFFER_B,
    USE_REPORT,
    A,
    B,
    World,
    from_docs,
    run,
    table_edit,
    use_rows,
    world,
)

SUITES = {s.name: s for s in load_suites()}


def flagged(w: World) -> tuple[dict[str, pl.DataFrame], dict[str, int]]:
    return apply_flags(w.tables, list(run(w).values()), SUITES)


def status(frame: pl.DataFrame, **key: object) -> tuple[str, str | None]:
    row = frame.filter(*[pl.col(k) == v for k, v in key.items()])
    assert row.height == 1
    return row["dq_status"][0], row["dq_reason"][0]


def test_a_clean_warehouse_is_all_ok_and_keeps_every_row_in_order() -> None:
    w = world()
    tables, counts = flagged(w)
    assert counts == {name: 0 for name in PRIMARY_KEYS}
    for name in PRIMARY_KEYS:
        assert tables[name].drop("dq_status", "dq_reason").equals(w.tables[name])
        assert tables[name]["dq_status"].unique().to_list() == ["ok"]
        assert tables[name]["dq_reason"].null_count() == tables[name].height


def test_a_budget_that_does_not_add_up_flags_the_project_its_lines_and_the_raise() -> None:
    a = project("行业大模型研发项目", 240.0, 240.0, budget("设备购置费", 130.0), budget("研发人员薪酬", 70.0),
                budget("场地租赁费", 30.0))
    w = from_docs(a=a)(world())
    tables, counts = flagged(w)
    state, reason = status(tables["projects"], document_id=A, seq=1)
    assert state == "warn"
    assert reason == ("projects.budget_lines_sum_to_total (budget_minus_total_wan=-10.0, budget_sum_wan=230.0, "
                      "total_investment_wan=240.00)")
    assert status(tables["projects"], document_id=A, seq=2) == ("ok", None)
    lines = tables["budget_lines"].filter(pl.col("document_id") == A)
    assert lines["dq_status"].to_list() == ["warn"] * 3 and lines["dq_reason"].n_unique() == 1
    for name in ("offerings", "offering_latest", "peer_metrics"):
        assert status(tables[name], offering_id=OFFER_A) == ("warn", f"via {A}: projects.budget_lines_sum_to_total")
        assert status(tables[name], offering_id=OFFER_B) == ("ok", None)
    assert status(tables["documents"], document_id=A) == ("ok", None)
    assert counts == {"documents": 0, "projects": 1, "budget_lines": 3, "offerings": 1, "offering_latest": 1,
                      "peer_metrics": 1, "raises_actual": 0, "project_progress": 0, "project_changes": 0}
    assert {n: t.height for n, t in tables.items() if n in PRIMARY_KEYS} == \
        {n: t.height for n, t in w.tables.items() if n in PRIMARY_KEYS}


def test_a_cap_that_does_not_match_flags_the_raise_and_its_latest_plan_once() -> None:
    tables, _ = flagged(from_docs(cap_a=310.0)(world()))
    expected = ("offerings.proceeds_sum_to_cap (proceeds_minus_cap_wan=-10.0, latest_document_id=cninfo:a1, "
                "plan_proceeds_wan=300.0, plan_raise_total_wan=310.0)")
    for name in ("offerings", "offering_latest", "peer_metrics"):
        assert status(tables[name], offering_id=OFFER_A) == ("warn", expected)
    assert status(tables["documents"], document_id=A) == ("warn", expected)
    assert status(tables["documents"], document_id=B) == ("ok", None)


def test_two_warnings_on_one_row_are_both_given_sorted() -> None:
    w = from_docs(b=[project("AI芯片研发项目", 90.0, 100.0)])(world())  # proceeds above the total …
    w = table_edit("projects", lambda f: f.with_columns(  # … and no name
        pl.when(pl.col("document_id") == B).then(pl.lit("")).otherwise(pl.col("name")).alias("name")))(w)
    tables, _ = flagged(w)
    state, reason = status(tables["projects"], document_id=B, seq=1)
    assert state == "warn"
    assert reason.split("; ") == ["projects.name_present (name=)",
                                  "projects.proceeds_within_total (total_investment_wan=90.00, proceeds_wan=100.00)"]


def test_blocking_failures_flag_nothing() -> None:
    w = table_edit("budget_lines", lambda f: f.with_columns(pl.lit("bitcoin").alias("category")))(world())
    results = run(w)
    assert not results["budget_lines.category_in_taxonomy"].success
    tables, counts = apply_flags(w.tables, list(results.values()), SUITES)
    assert sum(counts.values()) == 0


def test_a_use_report_row_that_overspends_is_flagged_alone_and_the_plan_benchmark_is_not() -> None:
    """232 invested on a commitment of 220 is 5.45 % over: more than the interest allowance. The row
    is flagged and kept; the raise's plan figures (its benchmark) are not flagged for it."""
    tables, counts = flagged(from_docs(rows_a=use_rows(to_date=232.0, period=232.0, pct=100.0))(world()))
    state, reason = status(tables["project_progress"], document_id=USE_REPORT, row_no=1)
    assert state == "warn"
    assert reason.startswith("project_progress.invested_within_commitment (overspend_share=0.0545")
    assert "invested_to_date_wan=232.00, commitment_wan=220.00" in reason
    assert status(tables["project_progress"], document_id=USE_REPORT, row_no=2) == ("ok", None)
    assert counts["project_progress"] == 1
    assert {n: counts[n] for n in ("offerings", "offering_latest", "peer_metrics", "documents")} == {
        "offerings": 0, "offering_latest": 0, "peer_metrics": 0, "documents": 0}


def test_interest_within_the_allowance_is_not_flagged() -> None:
    """230 on 220 (4.5 % over, printed 104.55 %) is what invested interest looks like: no flag."""
    results = run(from_docs(rows_a=use_rows(to_date=230.0, period=230.0, pct=104.55))(world()), "project_progress")
    assert results["project_progress.invested_within_commitment"].success
    assert results["project_progress.progress_in_range"].success
