"""The SQL page: a read-only console that answers queries and refuses everything else with a
message (never a traceback), with a row cap and a time limit."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard_helpers import open_page, rerun, sql


@pytest.fixture
def console(monkeypatch: pytest.MonkeyPatch, demo_home: Path) -> AppTest:
    monkeypatch.setenv("STARBOARD_HOME", str(demo_home))
    return open_page("sql_console")


def submit(at: AppTest, query: str, row_cap: int | None = None, time_limit: float | None = None) -> AppTest:
    at.text_area(key="sql-text").input(query)
    if row_cap is not None:
        at.number_input(key="sql-row-cap").set_value(row_cap)
    if time_limit is not None:
        at.number_input(key="sql-time-limit").set_value(time_limit)
    at.button(key="sql-run").click()
    return rerun(at)


def results(at: AppTest) -> list:
    """Result tables of the console (the left column; the dictionary is on the right)."""
    return list(at.columns[0].dataframe)


def test_the_default_example_answers_from_the_warehouse(console: AppTest, demo_home: Path) -> None:
    at = submit(console, console.text_area(key="sql-text").value)
    assert not at.error
    frame = results(at)[0].value
    assert frame["raise_total_wan"].astype(float).tolist() == [363519.0, 363519.0, 185200.0]
    assert frame["stage"].tolist() == ["预案", "预案", "二次修订稿"]
    assert any(c.value.startswith("3 行") for c in at.caption)
    assert [b.label for b in at.download_button] == ["下载 CSV", "下载 Parquet"]


def test_picking_an_example_puts_it_in_the_editor(console: AppTest, demo_home: Path) -> None:
    console.selectbox(key="sql-example").set_value(2)
    at = rerun(console)
    assert "FROM v_peer_rank" in at.text_area(key="sql-text").value
    at = submit(at, at.text_area(key="sql-text").value)
    frame = results(at)[0].value
    [(rows,)] = sql(demo_home, "SELECT count(*) FROM v_peer_rank WHERE focal_offering_id = "
                               "'688327-specific_targets-2023'")
    assert len(frame) == rows > 0


ATTACKS = {
    "copy": ("COPY (SELECT * FROM documents) TO '{tmp}/stolen.csv'", "only SELECT"),
    "attach": ("ATTACH '{tmp}/other.duckdb' AS other", "only SELECT"),
    "install": ("INSTALL httpfs", "only SELECT"),
    "load": ("LOAD httpfs", "only SELECT"),
    "read_csv": ("SELECT * FROM read_csv('/etc/passwd')", "disabled"),
    "read_text": ("SELECT * FROM read_text('/etc/hostname')", "disabled"),
    "pragma": ("PRAGMA database_list", "only SELECT"),
    "set": ("SET enable_external_access = true", "only SELECT"),
    "two_statements": ("SELECT 1; DROP TABLE documents", "one statement at a time"),
    "write": ("DELETE FROM documents", "only SELECT"),
    "url": ("SELECT * FROM 'https://example.com/data.csv'", "disabled"),
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_refuses_what_is_not_a_plain_read_with_a_message(console: AppTest, demo_home: Path, tmp_path: Path,
                                                         name: str) -> None:
    query, reason = ATTACKS[name]
    at = submit(console, query.format(tmp=tmp_path))
    assert not at.exception
    assert len(at.error) == 1
    message = at.error[0].value
    assert message.startswith("未执行：") and reason in message, message
    assert "Traceback" not in message
    assert not results(at)
    assert list(tmp_path.iterdir()) == []  # nothing written anywhere
    [(documents,)] = sql(demo_home, "SELECT count(*) FROM documents")
    assert documents > 0


def test_a_runaway_cartesian_join_is_stopped_at_the_time_limit(console: AppTest) -> None:
    at = submit(console, "SELECT count(*) FROM range(100000000) a, range(100000000) b, range(1000) c",
                time_limit=1.0)
    assert not at.exception
    assert len(at.error) == 1 and "longer than 1 s and was stopped" in at.error[0].value


def test_rows_beyond_the_cap_are_cut_with_a_warning(console: AppTest) -> None:
    at = submit(console, "SELECT range AS n FROM range(100)", row_cap=7)
    frame = results(at)[0].value
    assert frame["n"].tolist() == list(range(7))
    assert any("前 7 行" in w.value for w in at.warning)


def test_syntax_errors_are_messages(console: AppTest) -> None:
    at = submit(console, "SELEKT * FROM documents")
    assert not at.exception and len(at.error) == 1
    assert "syntax error" in at.error[0].value.lower()


def test_the_data_dictionary_comes_from_the_warehouse_comments(console: AppTest, demo_home: Path) -> None:
    dictionary = [d for d in console.dataframe if "comment" in d.value.columns][0].value
    [(comment,)] = sql(demo_home, "SELECT comment FROM duckdb_columns() WHERE table_name = 'offering_latest' "
                                  "AND column_name = 'raise_total_wan'")
    row = dictionary[dictionary["column_name"] == "raise_total_wan"]
    assert row["comment"].tolist() == [comment]
    console.selectbox(key="sql-relation").set_value("budget_lines")
    at = rerun(console)
    dictionary = [d for d in at.dataframe if "comment" in d.value.columns][0].value
    assert "evidence_text" in dictionary["column_name"].tolist()
