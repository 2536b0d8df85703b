"""Every expectation of expectations/*.json fires on a violation of it, naming the right rows;
and the clean baseline, prose-only filings and amounts within tolerance pass."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.quality.suites import SuiteError, load_suites, parse_suite
from tests.contracts import budget, project
from tests.quality_cases import CASES, OFFER_A, A, B, Case, baseline_docs, from_docs, run, world

ALL_CHECKS = {c.check_id: c for s in load_suites() for c in s.checks}


def _key(row: dict) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False)


def test_the_baseline_passes_every_expectation() -> None:
    results = run(world())
    assert set(results) == set(ALL_CHECKS)
    assert {k: (r.failing_count, r.error) for k, r in results.items() if not r.success} == {}


def test_every_expectation_has_a_violating_case() -> None:
    assert sorted(c.check_id for c in CASES) == sorted(ALL_CHECKS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.check_id)
def test_a_violation_fires_its_expectation_with_the_row_keys(case: Case) -> None:
    check = ALL_CHECKS[case.check_id]
    results = run(case.make(world()), check.suite)
    result = results[case.check_id]
    assert result.error is None
    assert not result.success
    assert result.severity == check.severity
    assert sorted(map(_key, result.failing_keys)) == sorted(map(_key, case.keys))
    assert result.failing_count == len(case.keys)
    # the values it read are reported beside the keys, one object per failing row
    assert len(result.failing_values) == len(case.keys)
    assert all(set(check.columns) - set(result.key_columns) <= set(v) for v in result.failing_values)


def test_severities_follow_the_rule_structure_blocks_filings_warn() -> None:
    blocking = {k for k, c in ALL_CHECKS.items() if c.severity == "blocking"}
    # duplicate ids, rows without a source, values outside the taxonomy: structurally wrong
    for must_block in ("catalog.unique_ids", "documents.unique_ids", "projects.unique_key", "budget_lines.unique_key",
                       "offerings.unique_ids", "catalog.source_present", "documents.source_present",
                       "projects.from_a_document", "budget_lines.of_a_project", "budget_lines.category_in_taxonomy",
                       "projects.type_in_taxonomy", "catalog.file_has_that_hash"):
        assert must_block in blocking
    # what a filing printed: it may not add up, and the rows stay, flagged
    for must_warn in ("projects.proceeds_within_total", "projects.budget_lines_sum_to_total",
                      "offerings.proceeds_sum_to_cap", "budget_lines.amount_not_negative",
                      "projects.proceeds_positive", "documents.readable"):
        assert must_warn not in blocking


def test_projects_listed_in_prose_without_amounts_are_not_flagged() -> None:
    prose = from_docs(b=[project("AI芯片研发项目", None, None), project("补充流动资金", None, None)])(world())
    results = run(prose)
    assert [k for k, r in results.items() if not r.success] == []
    assert results["projects.proceeds_within_total"].checked_rows == 4  # checked, and skipped where empty


def test_a_budget_with_an_unstated_line_is_not_summed() -> None:
    partial = project("行业大模型研发项目", 240.0, 240.0, budget("设备购置费", 140.0), budget("研发人员薪酬", 70.0),
                      {**budget("场地租赁费", 0.0), "amount_wan": None})
    assert run(from_docs(a=partial)(world()), "projects")["projects.budget_lines_sum_to_total"].success


@pytest.mark.parametrize(("lines", "ok"), [((140.01, 70.0, 30.0), True), ((139.99, 70.0, 30.0), True),
                                           ((140.02, 70.0, 30.0), False), ((139.98, 70.0, 30.0), False)])
def test_budget_sums_are_compared_within_a_hundredth_of_a_wan(lines: tuple[float, ...], ok: bool) -> None:
    a = project("行业大模型研发项目", 240.0, 240.0, *(budget(n, v) for n, v in zip(("设备购置费", "研发人员薪酬", "场地租赁费"),
                                                                                lines, strict=True)))
    result = run(from_docs(a=a)(world()), "projects")["projects.budget_lines_sum_to_total"]
    assert result.success is ok
    assert result.failing_keys == ([] if ok else [{"document_id": A, "seq": 1}])


@pytest.mark.parametrize(("cap", "ok"), [(300.01, True), (299.99, True), (300.02, False), (150.0, False)])
def test_the_cap_is_compared_with_the_proceeds_within_a_hundredth(cap: float, ok: bool) -> None:
    result = run(from_docs(cap_a=cap)(world()), "offerings")["offerings.proceeds_sum_to_cap"]
    assert result.success is ok
    if not ok:
        (values,) = result.failing_values
        assert values["plan_proceeds_wan"] == 300.0 and values["plan_raise_total_wan"] == cap


def test_negative_budget_lines_push_shares_out_of_the_unit_interval() -> None:
    """A breakdown with a deduction line: the site share is negative, the shares still sum to 1."""
    a = project("行业大模型研发项目", 240.0, 240.0, budget("设备购置费", 200.0), budget("研发人员薪酬", 80.0),
                budget("场地租赁费", -40.0))
    results = run(from_docs(a=a)(world()), "peer_metrics")
    assert not results["peer_metrics.share_site_in_unit_interval"].success
    assert results["peer_metrics.share_site_in_unit_interval"].failing_keys == [{"offering_id": OFFER_A}]
    assert results["peer_metrics.budget_shares_sum_to_one"].success


def test_a_date_in_the_future_is_flagged_but_not_blocking() -> None:
    docs = baseline_docs()
    docs[1][0]["published_at"] = docs[1][0]["published_at"].replace(year=2031)
    result = run(world(docs), "documents")["documents.published_in_window"]
    assert result.failing_keys == [{"document_id": B}] and result.severity == "warning"


def _spec(**expectation: object) -> dict:
    base = {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "x"}, "severity": "warning",
            "description": "x is there", "meta": {"check": "t.x", "flag": ["t"]}}
    return {"name": "t", "meta": {"frame": "t", "key": ["x"], "flag_joins": {"t": {"x": "x"}}},
            "expectations": [{**base, **expectation}]}


@pytest.mark.parametrize(("change", "message"), [
    ({"severity": "info"}, "severity must be one of"),
    ({"description": ""}, "needs a description"),
    ({"meta": {"check": "other.x", "flag": ["t"]}}, "meta.check must be 't.<name>'"),
    ({"meta": {"check": "t.x"}}, "must name the tables it flags"),
    ({"severity": "critical"}, "flags nothing"),
    ({"meta": {"check": "t.x", "flag": ["nowhere"]}}, "flag_joins does not say how"),
])
def test_a_malformed_suite_is_refused_with_the_reason(change: dict, message: str) -> None:
    with pytest.raises(SuiteError, match=message.replace("(", r"\(").replace(".", r"\.")):
        parse_suite(_spec(**change), Path("t.json"))


def test_repeated_check_ids_are_refused() -> None:
    spec = _spec()
    spec["expectations"] *= 2
    with pytest.raises(SuiteError, match="repeat"):
        parse_suite(spec, Path("t.json"))


def test_an_expectation_that_cannot_be_evaluated_fails_with_its_error() -> None:
    """A renamed column must not pass silently: the check fails, and a blocking one blocks."""
    from pipeline.normalise.taxonomy import load_taxonomy
    from pipeline.quality.frames import check_frames, parameters
    from pipeline.quality.gx_runner import validate
    from tests.quality_cases import TODAY

    spec = {"name": "documents", "meta": {"frame": "documents", "key": ["document_id"], "flag_joins": {}},
            "expectations": [{"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "no_such_column"},
                              "severity": "critical", "description": "a column that is not there",
                              "meta": {"check": "documents.gone"}}]}
    w = world()
    results, _ = validate([parse_suite(spec, Path("documents.json"))], check_frames(w.tables, w.catalog, w.hashes),
                          parameters(w.tables["taxonomy_values"], load_taxonomy(), TODAY))
    (result,) = results
    assert not result.success and result.severity == "blocking"
    assert "no_such_column" in (result.error or "")
