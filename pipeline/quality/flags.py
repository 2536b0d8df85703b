"""Warnings become row flags: `dq_status = 'warn'` and `dq_reason` on the rows that failed.

A failing warning names the tables it flags (meta.flag) and its suite says how each
table's columns map onto the checked frame (meta.flag_joins); a join on fewer columns than
the table's key flags every row it matches (a project's budget that does not add up flags
all of its lines). A raise is then flagged too when its latest plan or the document its
budget mix is read from has flagged rows, so a benchmark built on a filing that does not
add up is marked wherever it is shown. Rows are kept, never removed: flags only say why a
row deserves a second look.

`dq_reason` holds `<check> (column=value, …)` for each failure, sorted and joined by
'; ', or for a raise flagged through its documents `via <document_id>: <checks>`.
"""
from __future__ import annotations

import polars as pl

from pipeline.quality.results import CheckResult
from pipeline.quality.suites import Suite

#: the published tables that carry dq_status / dq_reason, with their keys
PRIMARY_KEYS: dict[str, list[str]] = {
    "documents": ["document_id"],
    "projects": ["document_id", "seq"],
    "budget_lines": ["document_id", "project_seq", "line_no"],
    "offerings": ["offering_id"],
    "offering_latest": ["offering_id"],
    "peer_metrics": ["offering_id"],
    "raises_actual": ["offering_id"],
    "project_progress": ["document_id", "row_no"],
    "project_changes": ["document_id", "change_no"],
}
#: tables whose flags carry up to the raise whose latest plan (or budget mix) they belong to
DOCUMENT_LEVEL = ("documents", "projects", "budget_lines")
#: tables flagged through their raise's documents, and the document columns that link them
OFFERING_LEVEL = ("offerings", "offering_latest", "peer_metrics")
SEPARATOR = "; "


def _reason(result: CheckResult) -> pl.Expr:
    shown = [c for c in result.value_columns if result.failing_frame is not None and c in result.failing_frame.columns]
    if not shown:
        return pl.lit(result.check_id)
    parts = [pl.format(f"{c}={{}}", pl.col(c).cast(pl.String).fill_null("empty")) for c in shown]
    return pl.format(f"{result.check_id} ({{}})", pl.concat_str(parts, separator=", "))


def _findings(results: list[CheckResult], suites: dict[str, Suite]) -> dict[str, list[pl.DataFrame]]:
    """Target table → frames of (join columns…, reason, check) for every failing warning."""
    out: dict[str, list[pl.DataFrame]] = {t: [] for t in PRIMARY_KEYS}
    for result in results:
        if result.success or result.severity != "warning" or result.failing_frame is None:
            continue
        joins = suites[result.suite].flag_joins
        rows = result.failing_frame.with_columns(_reason(result).alias("reason"),
                                                 pl.lit(result.check_id).alias("check"))
        for target in result.flag:
            mapping = joins[target]
            out[target].append(rows.select(*[pl.col(src).alias(dst) for dst, src in mapping.items()],
                                           "reason", "check"))
    return out


def _reasons_by_key(table: pl.DataFrame, key: list[str], findings: list[pl.DataFrame]) -> pl.DataFrame:
    """(key…, reason, check) for every row of `table` some finding matches, on the finding's columns."""
    parts = []
    for finding in findings:
        on = [c for c in finding.columns if c not in ("reason", "check")]
        columns = list(dict.fromkeys([*key, *on]))  # a join may use columns outside the key
        parts.append(table.select(columns).unique().join(finding.unique(), on=on, how="inner")
                     .select(*key, "reason", "check"))
    schema = {**{k: table.schema[k] for k in key}, "reason": pl.String, "check": pl.String}
    return pl.concat(parts, how="vertical_relaxed") if parts else pl.DataFrame(schema=schema)


def _offering_rollup(latest: pl.DataFrame, document_flags: pl.DataFrame) -> pl.DataFrame:
    """(offering_id, reason, check) for raises whose latest plan or detail document is flagged."""
    per_doc = document_flags.group_by("document_id").agg(pl.col("check").unique().sort())
    links = pl.concat([
        latest.select("offering_id", pl.col(col).alias("document_id")) for col in ("document_id", "detail_document_id")
        if col in latest.columns
    ]).drop_nulls().unique()
    return (
        links.join(per_doc, on="document_id", how="inner")
        .with_columns(pl.format("via {}: {}", "document_id", pl.col("check").list.join(", ")).alias("reason"))
        .explode("check")
        .select("offering_id", "reason", "check")
    )


def _with_flags(table: pl.DataFrame, key: list[str], reasons: pl.DataFrame) -> pl.DataFrame:
    per_row = (
        reasons.unique(["reason", *key])
        .group_by(key).agg(pl.col("reason").sort().str.join(SEPARATOR).alias("dq_reason"))
    )
    return (
        table.drop("dq_status", "dq_reason", strict=False)
        .join(per_row, on=key, how="left", maintain_order="left")
        .with_columns(pl.when(pl.col("dq_reason").is_null()).then(pl.lit("ok")).otherwise(pl.lit("warn"))
                      .alias("dq_status"))
    )


def apply_flags(tables: dict[str, pl.DataFrame], results: list[CheckResult],
                suites: dict[str, Suite]) -> tuple[dict[str, pl.DataFrame], dict[str, int]]:
    """Tables with dq_status and dq_reason on every row, and how many rows each flagged."""
    findings = _findings(results, suites)
    reasons = {name: _reasons_by_key(tables[name], key, findings[name])
               for name, key in PRIMARY_KEYS.items() if name in tables}
    if "offering_latest" in tables:
        # only what the document-level suites found: a raise's own failures are on it already
        document_flags = pl.concat([reasons[t].select("document_id", "check") for t in DOCUMENT_LEVEL if t in reasons]) \
            .filter(pl.col("check").str.split(".").list.first().is_in(DOCUMENT_LEVEL))
        rollup = _offering_rollup(tables["offering_latest"], document_flags)
        for name in OFFERING_LEVEL:
            if name in reasons:
                reasons[name] = pl.concat([reasons[name], rollup], how="vertical_relaxed")
    out = dict(tables)
    counts: dict[str, int] = {}
    for name, key in PRIMARY_KEYS.items():
        if name not in tables:
            continue
        out[name] = _with_flags(tables[name], key, reasons[name])
        counts[name] = int((out[name]["dq_status"] == "warn").sum())
    return out, counts
