"""Run the suites with Great Expectations 1.x over in-memory frames, offline.

One ephemeral context per run (nothing is written to disk, no store, no Data Docs site),
a pandas data source with one dataframe asset per frame and a whole-dataframe batch
definition, and `batch.validate(suite)` (GX's SQL path through duckdb-engine is avoided:
it fails silently on recent DuckDB). Usage statistics are switched off before GX is
imported, whatever the environment says; GX 1.x makes no other network call.

Failing rows come back by position: each frame is given a `_row` column that GX reports as
the unexpected index, and the key and values of those rows are read from the Polars frame,
typed as they are in the warehouse.
"""
from __future__ import annotations

import logging
import os
from typing import Any

import polars as pl

from pipeline.quality.results import CheckResult, jsonable
from pipeline.quality.suites import Suite

os.environ["GX_ANALYTICS_ENABLED"] = "false"

ROW = "_row"


def gx_version() -> str:
    import great_expectations as gx

    return str(gx.__version__)


def to_pandas(frame: pl.DataFrame, columns: list[str]) -> Any:
    """The columns a suite reads, in types GX's pandas engine compares natively."""
    present = [c for c in columns if c in frame.columns]
    casts = []
    for name in present:
        dtype = frame.schema[name]
        if isinstance(dtype, pl.Decimal):
            casts.append(pl.col(name).cast(pl.Float64))
        elif dtype == pl.Date or isinstance(dtype, pl.Datetime):
            casts.append(pl.col(name).cast(pl.Datetime("ns")))
        else:
            casts.append(pl.col(name))
    return frame.select(pl.int_range(pl.len(), dtype=pl.Int64).alias(ROW), *casts).to_pandas()


def _error(exception_info: Any) -> str | None:
    """The message of an exception GX caught while evaluating an expectation, if any."""
    if not isinstance(exception_info, dict):
        return None
    if exception_info.get("raised_exception"):
        return str(exception_info.get("exception_message") or "the expectation raised an exception")
    for value in exception_info.values():
        found = _error(value)
        if found:
            return found
    return None


def _context() -> Any:
    """An in-memory context: no stores on disk, no Data Docs site, no analytics, no progress bars."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def validate(suites: list[Suite], frames: dict[str, pl.DataFrame],
             parameters: dict[str, Any]) -> tuple[list[CheckResult], dict[str, dict[str, Any]]]:
    """(one result per expectation, GX's own validation result per suite as JSON)."""
    import great_expectations as gx

    context = _context()
    source = context.data_sources.add_pandas("starboard")
    results: list[CheckResult] = []
    raw: dict[str, dict[str, Any]] = {}
    for suite in suites:
        frame = frames[suite.frame]
        batch = (
            source.add_dataframe_asset(suite.name)
            .add_batch_definition_whole_dataframe("whole")
            .get_batch(batch_parameters={"dataframe": to_pandas(frame, suite.columns)})
        )
        spec = {k: v for k, v in suite.spec.items() if k in ("name", "expectations", "meta")}
        gx_suite = context.suites.add(gx.ExpectationSuite(**spec))
        validation = batch.validate(
            gx_suite, expectation_parameters=parameters,
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [ROW],
                           "return_unexpected_index_query": False},
        )
        raw[suite.name] = jsonable(validation.to_json_dict())
        by_check = {r.expectation_config.meta.get("check"): r for r in validation.results}
        indexed = frame.with_row_index(ROW)
        for check in suite.checks:
            outcome = by_check.get(check.check_id)
            if outcome is None:
                results.append(_missing(check, suite))
                continue
            result = outcome.result or {}
            rows = sorted({int(i[ROW]) for i in result.get("unexpected_index_list") or [] if ROW in i})
            failing = indexed.filter(pl.col(ROW).is_in(rows)).drop(ROW) if rows else None
            shown = [c for c in [*check.columns, *check.show] if c not in suite.key and c in frame.columns]
            kwargs = {k: v for k, v in outcome.expectation_config.kwargs.items() if k != "batch_id"}
            error = _error(outcome.exception_info)
            results.append(CheckResult(
                check_id=check.check_id, suite=suite.name, frame=suite.frame,
                expectation_type=check.expectation_type, severity=check.severity,
                description=check.description, columns=check.columns, kwargs=jsonable(kwargs),
                success=bool(outcome.success) and error is None,
                checked_rows=int(result.get("element_count") or frame.height),
                failing_count=int(result.get("unexpected_count") or len(rows)),
                key_columns=list(suite.key), value_columns=shown,
                failing_keys=jsonable(failing.select(suite.key).to_dicts()) if failing is not None else [],
                failing_values=_values(failing, shown),
                flag=list(check.flag), error=error, failing_frame=failing,
            ))
    return results, raw


def _values(failing: pl.DataFrame | None, columns: list[str]) -> list[dict[str, Any]]:
    """The values read on each failing row, one object per row (empty when it reads only the key)."""
    if failing is None:
        return []
    return jsonable(failing.select(columns).to_dicts()) if columns else [{} for _ in range(failing.height)]


def _missing(check: Any, suite: Suite) -> CheckResult:
    return CheckResult(
        check_id=check.check_id, suite=suite.name, frame=suite.frame, expectation_type=check.expectation_type,
        severity=check.severity, description=check.description, columns=check.columns, kwargs=check.kwargs,
        success=False, checked_rows=0, failing_count=0, key_columns=list(suite.key), flag=list(check.flag),
        error="GX returned no result for this expectation",
    )
