"""After the raise, end to end: the bundled corpus crawled, parsed and built as `make demo` does
(the session's demo_home), read back from the published tables and views.

Expected values come from the corpus itself (each filing's spec and its truth file), so these
tests say that what the filings state arrives in raises_actual, project_progress,
project_changes and the views unchanged, in the right raise and the right order.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from crawler.mirror.corpus import Fixture, load_corpus
from crawler.titles import AFTER_RAISE_KINDS

#: invented companies of the corpus (corpus/invented.json) followed after their raises
FOLLOWED = "689991-specific_targets-2023"      # issued, re-allocated, three use reports, a delay
CHANGED = "689992-convertible_bond-2022"       # issued, a change of use, a use report
WITHDRAWN = "689993-specific_targets-2023"     # withdrawn before issue
FOCAL = "688327-specific_targets-2023"


@pytest.fixture(scope="module")
def con(demo_home: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(demo_home / "warehouse.duckdb"), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def corpus() -> dict[str, Fixture]:
    """document_id → fixture, for the filings the mirror serves whole (not the planned breakages)."""
    return {f"cninfo:{f.announcement_id}": f for f in load_corpus() if not f.spec.get("broken")}


def rows(con: duckdb.DuckDBPyConnection, sql: str, *params: Any) -> list[dict[str, Any]]:
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def of_code(corpus: dict[str, Fixture], code: str, kind: str) -> list[tuple[str, Fixture]]:
    """(document_id, fixture) of a company's filings of one kind, by publication."""
    found = [(i, f) for i, f in corpus.items()
             if f.spec["code"] == code and f.truth and f.truth["document"]["kind"] == kind]
    return sorted(found, key=lambda item: item[1].published)


def wan(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(f"{value:.2f}")


def test_what_was_raised_is_what_the_filing_that_states_it_says(con: duckdb.DuckDBPyConnection,
                                                                corpus: dict[str, Fixture]) -> None:
    raised = rows(con, "SELECT offering_id, document_id, document_kind, gross_wan, net_wan FROM raises_actual")
    assert len(raised) >= 10  # the corpus states the money of a dozen peers' raises
    for row in raised:
        truth = corpus[row["document_id"]].truth["raise_actual"]
        assert (row["gross_wan"], row["net_wan"]) == (wan(truth["gross_wan"]), wan(truth["net_wan"])), row
        # the issuance report speaks for a raise wherever the warehouse has one
        issuance = rows(con, "SELECT document_id FROM documents WHERE offering_id = ? AND kind = 'issuance_result'",
                        row["offering_id"])
        assert (row["document_kind"] == "issuance_result") == bool(issuance)


def test_a_raise_from_plan_through_reallocation_use_reports_and_a_delay(con: duckdb.DuckDBPyConnection,
                                                                       corpus: dict[str, Fixture]) -> None:
    code = FOLLOWED[:6]
    events = rows(con, "SELECT event, event_date, document_id, amount_wan FROM v_raise_timeline "
                       "WHERE offering_id = ? ORDER BY event_no", FOLLOWED)
    assert [e["event"] for e in events] == ["plan", "raised", "reallocated", "spent", "spent", "delayed", "spent"]
    assert [e["event_date"] for e in events] == sorted(e["event_date"] for e in events)

    (issuance_id, issuance), = of_code(corpus, code, "issuance_result")
    assert events[1]["document_id"] == issuance_id
    assert events[1]["amount_wan"] == wan(issuance.truth["raise_actual"]["gross_wan"])

    (realloc_id, realloc), = of_code(corpus, code, "reallocation")
    assert events[2]["document_id"] == realloc_id
    assert events[2]["amount_wan"] == wan(sum(c["committed_after_wan"] for c in realloc.truth["changes"]))

    # each use report: the refinancing's cumulative investment, summed over its 对照表's rows
    reports = of_code(corpus, code, "use_report")
    spent = [e for e in events if e["event"] == "spent"]
    assert [e["document_id"] for e in spent] == [i for i, _ in reports]
    for event, (_, report) in zip(spent, reports, strict=True):
        ours = [r for r in report.truth["progress"] if r["offering_hint"] and "首次公开发行" not in r["offering_hint"]]
        assert event["amount_wan"] == wan(sum(r["invested_to_date_wan"] for r in ours))
        assert event["event_date"] == date.fromisoformat(report.truth["document"]["period_end"])


def test_a_delay_notice_marks_the_reports_after_it_and_puts_the_project_behind(
        con: duckdb.DuckDBPyConnection, corpus: dict[str, Fixture]) -> None:
    (notice_id, notice), = of_code(corpus, FOLLOWED[:6], "use_change")[:1]
    (delay,) = [c for c in notice.truth["changes"] if c["kind"] == "delay"]
    progress = rows(con, "SELECT report_date, delayed, ready_date, is_latest_report FROM project_progress "
                         "WHERE offering_id = ? AND project_key = (SELECT project_key FROM project_changes "
                         "WHERE document_id = ?) ORDER BY period_end", FOLLOWED, notice_id)
    assert len(progress) == 3  # one row in each use report
    published = notice.published.date()
    assert [r["delayed"] for r in progress] == [r["report_date"] >= published for r in progress]
    assert progress[-1]["is_latest_report"] and progress[-1]["ready_date"].strftime("%Y-%m") == delay["new_ready_date"]

    (behind,) = rows(con, "SELECT project, delay_notices, delay_document_id, pushed_back, reasons "
                          "FROM v_behind_schedule WHERE offering_id = ? AND delay_document_id IS NOT NULL", FOLLOWED)
    assert behind["project"] == delay["project"]
    assert (behind["delay_notices"], behind["delay_document_id"], behind["pushed_back"]) == (1, notice_id, True)
    assert "pushed_back" in behind["reasons"]


def test_a_change_of_use_is_linked_to_its_raise_and_planned_project(con: duckdb.DuckDBPyConnection,
                                                                   corpus: dict[str, Fixture]) -> None:
    (notice_id, notice), = of_code(corpus, CHANGED[:6], "use_change")
    changes = rows(con, "SELECT kind, offering_id, planned_project, notice_date FROM project_changes "
                        "WHERE document_id = ? ORDER BY change_no", notice_id)
    (stated,) = notice.truth["changes"]
    first = changes[0]
    assert (first["kind"], first["offering_id"], first["planned_project"]) == (
        stated["kind"], CHANGED, stated["project"])
    assert first["notice_date"] == notice.published.date()
    timeline = [e["event"] for e in rows(con, "SELECT event FROM v_raise_timeline WHERE offering_id = ? "
                                              "ORDER BY event_no", CHANGED)]
    assert timeline.index("raised") < timeline.index("changed") < timeline.index("spent")


@pytest.mark.parametrize("offering_id", [WITHDRAWN, "688599-specific_targets-2023"])
def test_a_raise_withdrawn_before_issue(con: duckdb.DuckDBPyConnection, corpus: dict[str, Fixture],
                                        offering_id: str) -> None:
    (notice_id, notice), = of_code(corpus, offering_id[:6], "withdrawal")
    (offering,) = rows(con, "SELECT status, status_date, status_document_id FROM offerings WHERE offering_id = ?",
                       offering_id)
    assert offering == {"status": "withdrawn", "status_date": notice.published.date(), "status_document_id": notice_id}
    for table in ("raises_actual", "project_progress", "project_changes"):
        assert rows(con, f"SELECT count(*) AS n FROM {table} WHERE offering_id = ?", offering_id) == [{"n": 0}]
    events = [e["event"] for e in rows(con, "SELECT event FROM v_raise_timeline WHERE offering_id = ? "
                                            "ORDER BY event_no", offering_id)]
    assert events[-1] == "withdrawn" and set(events[:-1]) == {"plan"}
    (metrics,) = rows(con, "SELECT spend_share, delayed_share, moved_to_wc_share FROM peer_metrics "
                           "WHERE offering_id = ?", offering_id)
    assert metrics == {"spend_share": None, "delayed_share": None, "moved_to_wc_share": None}


def test_the_focal_raise_is_not_issued_as_of_its_latest_filing(con: duckdb.DuckDBPyConnection,
                                                               corpus: dict[str, Fixture]) -> None:
    filings = {i: f for i, f in corpus.items() if f.spec["code"] == FOCAL[:6]}
    assert filings and not any(f.truth["document"]["kind"] in AFTER_RAISE_KINDS for f in filings.values())
    latest = max(filings, key=lambda i: (filings[i].published, i))
    (offering,) = rows(con, "SELECT status, status_date, status_document_id FROM offerings WHERE offering_id = ?",
                       FOCAL)
    assert offering == {"status": "planned", "status_date": filings[latest].published.date(),
                        "status_document_id": latest}
    assert rows(con, "SELECT event FROM v_raise_timeline WHERE offering_id = ? AND event <> 'plan'", FOCAL) == []


def test_ipo_money_in_use_reports_stays_apart_from_the_refinancings(con: duckdb.DuckDBPyConnection,
                                                                    corpus: dict[str, Fixture]) -> None:
    ipo_rows = sum(1 for f in corpus.values() if f.truth and f.truth["document"]["kind"] == "use_report"
                   for r in f.truth["progress"] if "首次公开发行" in (r["offering_hint"] or ""))
    assert ipo_rows > 0
    (stored,) = rows(con, "SELECT count(*) AS n, count(offering_id) AS linked FROM project_progress "
                          "WHERE raise_kind = 'ipo'")
    assert stored == {"n": ipo_rows, "linked": 0}
    assert rows(con, "SELECT count(*) AS n FROM v_spend_rate s JOIN project_progress p USING (document_id, row_no) "
                     "WHERE p.raise_kind = 'ipo'") == [{"n": 0}]


def test_the_corpus_after_the_raise_passes_its_data_quality_checks(con: duckdb.DuckDBPyConnection) -> None:
    for table in ("raises_actual", "project_progress", "project_changes"):
        flagged = rows(con, f"SELECT count(*) AS n, count(*) FILTER (WHERE dq_status <> 'ok') AS flagged FROM {table}")
        assert flagged[0]["n"] > 0 and flagged[0]["flagged"] == 0, table
