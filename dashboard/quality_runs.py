"""The data-quality runs the dashboard shows, the expectations they evaluated and the rows
their warnings flagged.

The published warehouse holds its own build's run and the runs before it (dq_runs,
dq_results). A blocked build publishes nothing, so its run is only under reports/dq/ until
a later build publishes; the runs found there that the warehouse does not hold yet (blocked
builds, `starboard check` on this build) are read in the same shape, so the page can say
that the newest build never went live and the data shown is from an earlier one.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import polars as pl

from dashboard import data
from dashboard.files import unpublished_dq_runs
from pipeline.quality.store import DQ_RUNS_SCHEMA

#: a run's relation to the published build: the build on show, a build that was blocked and
#: never published, an earlier build since replaced, or a `starboard check` run
BUILD_STATES = ("live", "blocked", "earlier", "check")

#: per table with dq_status: the rows a warning flagged, with what names them and the raise
#: (and document) they belong to, for a link to the Filing page
FLAGGED_SQL = {
    "offerings": """SELECT offering_id, NULL::VARCHAR AS document_id, code, short_name, plan_year, offering_type,
                           dq_reason FROM offerings WHERE dq_status = 'warn' ORDER BY offering_id""",
    "offering_latest": """SELECT offering_id, document_id, code, short_name, plan_year, offering_type, dq_reason
                          FROM offering_latest WHERE dq_status = 'warn' ORDER BY offering_id""",
    "peer_metrics": """SELECT offering_id, document_id, code, short_name, plan_year, offering_type, dq_reason
                       FROM peer_metrics WHERE dq_status = 'warn' ORDER BY offering_id""",
    "documents": """SELECT offering_id, document_id, code, short_name, title, kind, version_date, dq_reason
                    FROM documents WHERE dq_status = 'warn' ORDER BY offering_id, document_id""",
    "projects": """SELECT d.offering_id, p.document_id, d.code, d.short_name, p.seq, p.name,
                          p.total_investment_wan::DOUBLE AS total_investment_wan, p.proceeds_wan::DOUBLE AS proceeds_wan,
                          p.dq_reason
                   FROM projects p LEFT JOIN documents d USING (document_id)
                   WHERE p.dq_status = 'warn' ORDER BY p.document_id, p.seq""",
    "budget_lines": """SELECT d.offering_id, b.document_id, d.code, d.short_name, b.project_seq, b.line_no, b.item,
                              b.amount_wan::DOUBLE AS amount_wan, b.dq_reason
                       FROM budget_lines b LEFT JOIN documents d USING (document_id)
                       WHERE b.dq_status = 'warn' ORDER BY b.document_id, b.project_seq, b.line_no""",
}
CHECK_ID = re.compile(r"[a-z_]+\.[a-z0-9_]+")


@dataclass(frozen=True)
class Published:
    """The build on show (build_info) and its own check run."""

    build_id: str | None
    built_at: str | None
    run_id: str | None
    outcome: str | None


def published() -> Published:
    info = data.build_info()
    return Published(info.get("build_id"), info.get("built_at"), info.get("dq_run_id"), info.get("dq_outcome"))


def _warehouse_runs() -> pl.DataFrame:
    if not data.has_relation("dq_runs"):
        return pl.DataFrame(schema=DQ_RUNS_SCHEMA)
    return data.query("SELECT * FROM dq_runs")


def _unpublished() -> dict[str, pl.DataFrame]:
    held = _warehouse_runs().get_column("run_id").to_list()
    return unpublished_dq_runs(frozenset(held), min(held) if held else None)


def runs() -> pl.DataFrame:
    """Every run known, newest first: the warehouse's and those under reports/dq it does not
    hold yet, with `stored` (warehouse | reports) and `build_state` (BUILD_STATES)."""
    both = pl.concat([_warehouse_runs().with_columns(pl.lit("warehouse").alias("stored")),
                      _unpublished()["dq_runs"].with_columns(pl.lit("reports").alias("stored"))],
                     how="diagonal_relaxed")
    build_id = published().build_id
    state = (pl.when(pl.col("run_kind") == "check").then(pl.lit("check"))
             .when(pl.col("build_id") == build_id).then(pl.lit("live"))
             .when(pl.col("outcome") == "blocked").then(pl.lit("blocked"))
             .otherwise(pl.lit("earlier")))
    return both.with_columns(state.alias("build_state")).sort(["started_at", "run_id"], descending=True,
                                                               nulls_last=True)


def results(run: dict[str, Any]) -> pl.DataFrame:
    """dq_results of one run (a row of runs()), from wherever the run is stored."""
    if run.get("stored") == "warehouse":
        return data.query("SELECT * FROM dq_results WHERE run_id = ? ORDER BY check_id", run["run_id"])
    return _unpublished()["dq_results"].filter(pl.col("run_id") == run["run_id"]).sort("check_id")


def newer_blocked(all_runs: pl.DataFrame, pub: Published) -> pl.DataFrame:
    """Builds that were blocked after the published build was checked, newest first: the data
    on show is from an earlier build than these."""
    blocked = all_runs.filter((pl.col("run_kind") == "build") & (pl.col("outcome") == "blocked"))
    own = all_runs.filter(pl.col("run_id") == pub.run_id)
    if own.height:
        started = own.get_column("started_at")[0]
        blocked = blocked.filter((pl.col("started_at") > started)
                                 | ((pl.col("started_at") == started) & (pl.col("run_id") > pub.run_id)))
    return blocked


def failed_first(frame: pl.DataFrame) -> pl.DataFrame:
    """Failed expectations, blocking before warning, most failing rows first."""
    if frame.is_empty():
        return frame
    return frame.filter(~pl.col("success")).sort(
        [pl.col("severity") != "blocking", "failing_rows", "check_id"], descending=[False, True, False])


def _column(values: list[Any]) -> pl.Series | list[Any]:
    """One column of failing rows: numbers as numbers, text as text, anything else as JSON."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return pl.Series(values, dtype=pl.Boolean)
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        is_int = all(isinstance(v, int) for v in present)
        return pl.Series(values, dtype=pl.Int64 if is_int else pl.Float64)
    return pl.Series([v if v is None or isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in values],
                     dtype=pl.String)


def failing_rows(keys: list[str] | None, values: list[str] | None, key_columns: list[str] | None) -> pl.DataFrame:
    """The failing rows of one expectation as a table: the key columns, then the values it read.

    dq_results keeps them as two lists of JSON objects paired by position (failing_keys[i]
    and failing_values[i] are one row); a value named like a key column is the key's.
    """
    keys, values = list(keys or []), list(values or [])
    rows = []
    for i in range(max(len(keys), len(values))):
        key = json.loads(keys[i]) if i < len(keys) else {}
        value = json.loads(values[i]) if i < len(values) else {}
        rows.append({**value, **key})
    names: list[str] = list(key_columns or [])
    for row in rows:
        names.extend(c for c in row if c not in names)
    return pl.DataFrame({name: _column([row.get(name) for row in rows]) for name in names})


def flagged(table: str) -> pl.DataFrame | None:
    """Rows of `table` flagged dq_status = 'warn' (None when the table carries no flag)."""
    if "dq_status" not in data.columns_of(table) or table not in FLAGGED_SQL:
        return None
    return data.query(FLAGGED_SQL[table])


def check_descriptions() -> dict[str, str]:
    """check_id -> what it asks, as the newest run the warehouse holds words it."""
    if not data.has_relation("dq_results"):
        return {}
    frame = data.query("SELECT check_id, arg_max(description, run_id) AS description FROM dq_results GROUP BY check_id")
    return dict(frame.iter_rows())


def checks_in(reason: str | None) -> list[str]:
    """The check ids a dq_reason names (`<check> (col=value, ...)`, `via <document>: <checks>`)."""
    if not reason:
        return []
    known = check_descriptions()
    seen: list[str] = []
    for token in CHECK_ID.findall(reason):
        if token in known and token not in seen:
            seen.append(token)
    return seen


@data.per_build
def _raises() -> tuple[set[str], dict[str, str], dict[str, str]]:
    """Raises of the published build, document -> raise, announcement id -> document."""
    offerings = set(data.query("SELECT offering_id FROM offerings").get_column("offering_id").to_list())
    documents = dict(data.query("SELECT document_id, offering_id FROM documents").iter_rows())
    announcements = dict(data.query(
        "SELECT DISTINCT ON (a) a, document_id FROM (SELECT unnest(announcement_ids) AS a, document_id FROM documents) "
        "ORDER BY a, document_id").iter_rows())
    return offerings, documents, announcements


def with_raise(rows: pl.DataFrame) -> pl.DataFrame:
    """`rows` (failing rows) with _offering_id and _document_id: the raise and document each
    row belongs to in the published build, by whichever key it carries (an offering, a
    document, an announcement), for a link to its Filing page; null where none is published."""
    offerings, documents, announcements = _raises()
    nulls = pl.lit(None, dtype=pl.String)
    document = next((pl.col(c).cast(pl.String) for c in ("document_id", "latest_document_id") if c in rows.columns),
                    None)
    if document is None and "announcement_id" in rows.columns:
        document = pl.col("announcement_id").cast(pl.String).replace_strict(announcements, default=None,
                                                                              return_dtype=pl.String)
    document = (document if document is not None else nulls).alias("_document_id")
    out = rows.with_columns(document)
    out = out.with_columns(pl.when(pl.col("_document_id").is_in(list(documents))).then(pl.col("_document_id"))
                           .alias("_document_id"))
    raise_id = (pl.col("offering_id").cast(pl.String) if "offering_id" in rows.columns
                else pl.col("_document_id").replace_strict(documents, default=None, return_dtype=pl.String))
    return out.with_columns(pl.when(raise_id.is_in(list(offerings))).then(raise_id).alias("_offering_id"))
