"""What changed between the baseline (the last reported build) and a new build.

New documents and offerings are keys the baseline does not have. A changed plan is a row
of the new build's offering_changes (raise cut or increased, projects dropped, added,
renamed, resized) whose version pair and subject the baseline did not list: the change a
new revision or adjustment notice brought. Changes are keyed without their amounts, so a
parser upgrade that reads an amount better does not pass for a changed plan. Parse warnings
are those of documents that are new or whose parse outcome differs from the baseline's.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from pipeline.nightly.baseline import EMPTY

NEW_DOCUMENTS = """
SELECT d.document_id, d.code, d.short_name, d.title, d.kind, d.revision, d.offering_id, d.version_no,
       d.published_at, d.raise_total_wan, d.project_count, d.parse_status
FROM new.documents d ANTI JOIN base.documents b USING (document_id)
ORDER BY d.published_at, d.document_id"""

REMOVED_DOCUMENTS = """
SELECT b.document_id, b.code, b.short_name, b.title
FROM base.documents b ANTI JOIN new.documents d USING (document_id)
ORDER BY b.document_id"""

NEW_OFFERINGS = """
SELECT o.offering_id, o.code, o.short_name, o.offering_type, o.plan_year, o.document_count, o.stage,
       o.latest_raise_total_wan
FROM new.offerings o ANTI JOIN base.offerings b USING (offering_id)
ORDER BY o.offering_id"""

CHANGED = """
SELECT c.offering_id, o.code, o.short_name, c.change_no, c.from_version, c.to_version, c.from_document_id,
       c.to_document_id, c.from_stage, c.to_stage, c.from_date, c.to_date, c.change, c.project_before,
       c.project_after, c.amount_before_wan, c.amount_after_wan, c.delta_wan
FROM new.offering_changes c LEFT JOIN new.offerings o USING (offering_id)
WHERE NOT EXISTS (
    SELECT 1 FROM base.offering_changes b
    WHERE b.offering_id = c.offering_id
      AND b.from_document_id IS NOT DISTINCT FROM c.from_document_id
      AND b.to_document_id IS NOT DISTINCT FROM c.to_document_id
      AND b.change = c.change
      AND b.project_before IS NOT DISTINCT FROM c.project_before
      AND b.project_after IS NOT DISTINCT FROM c.project_after)
ORDER BY c.offering_id, c.change_no"""

WARNINGS = """
SELECT d.document_id, d.code, d.short_name, d.title, d.parse_status, d.warnings,
       b.parse_status AS status_before
FROM new.documents d LEFT JOIN base.documents b USING (document_id)
WHERE d.parse_status <> 'ok'
  AND (b.document_id IS NULL OR b.parse_status IS DISTINCT FROM d.parse_status
       OR b.warnings IS DISTINCT FROM d.warnings)
ORDER BY d.parse_status, d.document_id"""

CLEARED = """
SELECT count(*) FROM new.documents d JOIN base.documents b USING (document_id)
WHERE d.parse_status = 'ok' AND b.parse_status <> 'ok'"""

STATUS_TOTALS = "SELECT parse_status, count(*) FROM new.documents GROUP BY ALL ORDER BY 1"

#: a change row's words in a report
CHANGE_WORDS = {
    "raise_cut": "raise cut", "raise_increased": "raise increased", "project_dropped": "project dropped",
    "project_added": "project added", "project_renamed": "project renamed", "project_resized": "project resized",
}


@dataclass
class Changes:
    baseline_build_id: str | None
    new_documents: list[dict[str, Any]] = field(default_factory=list)
    removed_documents: list[dict[str, Any]] = field(default_factory=list)
    new_offerings: list[dict[str, Any]] = field(default_factory=list)
    changed_plans: list[dict[str, Any]] = field(default_factory=list)
    parse_warnings: list[dict[str, Any]] = field(default_factory=list)
    warnings_cleared: int = 0
    parse_status_totals: dict[str, int] = field(default_factory=dict)

    @property
    def any(self) -> bool:
        return bool(self.new_documents or self.removed_documents or self.new_offerings or self.changed_plans
                    or self.parse_warnings or self.warnings_cleared)

    def counts(self) -> dict[str, int]:
        return {"new_documents": len(self.new_documents), "removed_documents": len(self.removed_documents),
                "new_offerings": len(self.new_offerings), "changed_plans": len(self.changed_plans),
                "plan_changes": sum(len(p["changes"]) for p in self.changed_plans),
                "new_parse_warnings": len(self.parse_warnings), "warnings_cleared": self.warnings_cleared}

    def to_json(self) -> dict[str, Any]:
        return {"baseline_build_id": self.baseline_build_id, "counts": self.counts(),
                "new_documents": self.new_documents, "removed_documents": self.removed_documents,
                "new_offerings": self.new_offerings, "changed_plans": self.changed_plans,
                "parse_warnings": self.parse_warnings, "warnings_cleared": self.warnings_cleared,
                "parse_status_totals": self.parse_status_totals}


def plain(value: Any) -> Any:
    """Values as JSON holds them: amounts as numbers with their 2 decimals, dates as ISO text."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [{k: plain(v) for k, v in zip(names, row, strict=True)} for row in cur.fetchall()]


def group_plans(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Change rows → one entry per offering and version step, its changes listed under it."""
    plans: dict[tuple[str, Any, Any], dict[str, Any]] = {}
    for row in rows:
        key = (row["offering_id"], row["from_version"], row["to_version"])
        plan = plans.setdefault(key, {
            k: row[k] for k in ("offering_id", "code", "short_name", "from_version", "to_version", "from_document_id",
                                "to_document_id", "from_stage", "to_stage", "from_date", "to_date")
        } | {"changes": []})
        plan["changes"].append({k: row[k] for k in ("change", "project_before", "project_after",
                                                    "amount_before_wan", "amount_after_wan", "delta_wan")})
    return list(plans.values())


def compare(new_warehouse: Path, baseline: Path | None) -> Changes:
    """The changes from `baseline` (a snapshot; None = nothing reported yet) to `new_warehouse`."""
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{_quoted(new_warehouse)}' AS new (READ_ONLY)")
        if baseline is not None and baseline.exists():
            con.execute(f"ATTACH '{_quoted(baseline)}' AS base (READ_ONLY)")
            row = con.execute("SELECT value FROM base.baseline_info WHERE key = 'build_id'").fetchone()
            baseline_id = row[0] if row else None
        else:
            con.execute("ATTACH ':memory:' AS base")
            for table, columns in EMPTY.items():
                con.execute(f"CREATE TABLE base.{table} ({columns})")
            baseline_id = None
        return Changes(
            baseline_build_id=baseline_id,
            new_documents=_rows(con, NEW_DOCUMENTS),
            removed_documents=_rows(con, REMOVED_DOCUMENTS),
            new_offerings=_rows(con, NEW_OFFERINGS),
            changed_plans=group_plans(_rows(con, CHANGED)),
            parse_warnings=_rows(con, WARNINGS),
            warnings_cleared=int(con.execute(CLEARED).fetchone()[0]),
            parse_status_totals={k: int(v) for k, v in con.execute(STATUS_TOTALS).fetchall()},
        )
    finally:
        con.close()


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
