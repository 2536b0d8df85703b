"""The data dictionary (docs/data-dictionary.md), generated from the warehouse's comments.

The COMMENTs in schema.sql and views.sql are the single source: this module creates an
empty warehouse in memory and renders what DuckDB reports about every table, view and
column, so the document cannot drift from the schema (a test regenerates and compares).

    python -m pipeline.publish.dictionary          # rewrite docs/data-dictionary.md
    python -m pipeline.publish.dictionary --check  # exit 1 if it is out of date
"""
from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from pipeline.publish.warehouse import NOT_EXPORTED, create_schema, relations

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-dictionary.md"
HEADER = """# Data dictionary

Generated from the COMMENTs in `pipeline/publish/schema.sql` and `views.sql` by
`python -m pipeline.publish.dictionary`; do not edit by hand. Amounts are DECIMAL(18,2) in
万元 (10,000 CNY). Every table and view below is in `warehouse.duckdb` and, unless marked,
exported as `exports/<name>.parquet` by each build (`starboard export --format csv` writes CSV).
"""


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def render() -> str:
    con = duckdb.connect()
    try:
        create_schema(con)
        comments = dict(con.execute(
            """SELECT table_name, comment FROM duckdb_tables() WHERE NOT internal
               UNION ALL SELECT view_name, comment FROM duckdb_views() WHERE NOT internal"""
        ).fetchall())
        parts = [HEADER]
        listing = relations(con)
        parts.append("| name | kind | what it holds |\n|---|---|---|")
        parts.extend(f"| [{name}](#{name}) | {kind} | {_cell(comments.get(name))} |" for name, kind in listing)
        for name, kind in listing:
            note = " Not exported: query it for one focal raise." if name in NOT_EXPORTED else ""
            parts.append(f"\n## {name}\n\n{kind.capitalize()}. {_cell(comments.get(name))}{note}\n")
            parts.append("| column | type | meaning |\n|---|---|---|")
            for column, dtype, comment in con.execute(
                """SELECT column_name, data_type, comment FROM duckdb_columns()
                   WHERE table_name = ? ORDER BY column_index""", [name]
            ).fetchall():
                parts.append(f"| `{column}` | {dtype} | {_cell(comment)} |")
        return "\n".join(parts) + "\n"
    finally:
        con.close()


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            print(f"{DOC} is out of date: run python -m pipeline.publish.dictionary", file=sys.stderr)
            return 1
        return 0
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
