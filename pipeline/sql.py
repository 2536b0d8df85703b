"""Read-only SQL over the published warehouse, safe for queries typed by anyone.

`read_only=True` alone still lets a query read local files, fetch URLs, ATTACH other
databases or COPY data out. So the connection also disables external access and locks its
configuration, and only one SELECT/WITH statement is accepted, with a row cap and a time
limit. One short-lived connection per query: it never pins an old warehouse file after a
publish swapped in a new one.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

DEFAULT_ROW_LIMIT = 10_000
DEFAULT_TIMEOUT_S = 10.0


class QueryError(Exception):
    """A query that was refused or failed; the message is meant for the person who typed it."""


@dataclass
class QueryResult:
    frame: pl.DataFrame
    truncated: bool


def connect_read_only(warehouse: Path) -> duckdb.DuckDBPyConnection:
    if not warehouse.exists():
        raise QueryError(f"no published warehouse at {warehouse}: run `starboard build` (or `starboard demo`) first")
    con = duckdb.connect(
        str(warehouse),
        read_only=True,
        config={"enable_external_access": False, "autoload_known_extensions": False,
                "autoinstall_known_extensions": False},
    )
    con.execute("SET lock_configuration = true")
    return con


def check_statement(query: str) -> None:
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as exc:
        raise QueryError(f"could not parse the query: {_first_line(exc)}") from None
    if len(statements) != 1:
        raise QueryError(f"one statement at a time, please (got {len(statements)})")
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        raise QueryError(f"only SELECT (or WITH … SELECT) queries are allowed, not {kind.name}")


def run_query(warehouse: Path, query: str, row_limit: int = DEFAULT_ROW_LIMIT,
              timeout_s: float = DEFAULT_TIMEOUT_S) -> QueryResult:
    check_statement(query)
    con = connect_read_only(warehouse)
    timer = threading.Timer(timeout_s, con.interrupt)
    timer.start()
    try:
        relation = con.sql(query)
        if relation is None:
            raise QueryError("the query returned no result set")
        frame = relation.limit(row_limit + 1).pl()
    except duckdb.InterruptException:
        raise QueryError(f"the query took longer than {timeout_s:g} s and was stopped") from None
    except duckdb.Error as exc:
        if not timer.is_alive():
            raise QueryError(f"the query took longer than {timeout_s:g} s and was stopped") from None
        raise QueryError(_first_line(exc)) from None
    finally:
        timer.cancel()
        con.close()
    return QueryResult(frame.head(row_limit), frame.height > row_limit)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
