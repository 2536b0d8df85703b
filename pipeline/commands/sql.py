"""`starboard sql`: read-only SQL on the published warehouse."""
from __future__ import annotations

import json
import sys
from typing import Annotated

import polars as pl
import typer

from pipeline.commands.base import State, app, err, fail, out


def flat_for_csv(frame: pl.DataFrame) -> pl.DataFrame:
    """CSV has no lists or structs: nested columns go out as JSON text, one cell each."""
    nested = [name for name, dtype in frame.schema.items() if dtype.is_nested()]
    return frame.with_columns(
        pl.col(name).map_elements(lambda v: json.dumps(_plain(v), ensure_ascii=False, default=str),
                                  return_dtype=pl.String)
        for name in nested
    )


def _plain(value: object) -> object:
    return value.to_list() if isinstance(value, pl.Series) else value


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="one SELECT (or WITH … SELECT) statement")],
    fmt: Annotated[str, typer.Option("--format", help="table | csv | json")] = "table",
    limit: Annotated[int, typer.Option(help="row cap")] = 10_000,
    timeout: Annotated[float, typer.Option(help="seconds before the query is stopped")] = 30.0,
) -> None:
    """Run a read-only query on the published warehouse."""
    from pipeline.sql import QueryError, run_query

    if fmt not in {"table", "csv", "json"}:
        raise fail(f"--format must be table, csv or json, not {fmt!r}", 2)
    try:
        result = run_query(State.home.warehouse, query, row_limit=limit, timeout_s=timeout)
    except QueryError as exc:
        raise fail(str(exc)) from None
    frame = result.frame
    if fmt == "csv":
        sys.stdout.write(flat_for_csv(frame).write_csv())
    elif fmt == "json":
        sys.stdout.write(json.dumps(frame.to_dicts(), ensure_ascii=False, default=str, indent=1) + "\n")
    else:
        from rich.table import Table

        table = Table(show_lines=False)
        for name in frame.columns:
            table.add_column(name, overflow="fold")
        for row in frame.iter_rows():
            table.add_row(*["" if v is None else str(v) for v in row])
        out.print(table)
        out.print(f"{frame.height} row(s)")
    if result.truncated:
        err.print(f"[yellow]note:[/] output capped at {limit} rows (--limit)")
