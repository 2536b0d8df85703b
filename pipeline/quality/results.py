"""What a check run found, in a form that is written to results.json and read back.

A run's outcome is `blocked` when any blocking expectation failed (or could not be
evaluated), `warned` when only warnings failed, `passed` otherwise. Failing rows are kept
whole, as their key and the values the expectation read, so a reviewer can go from the
report straight to the row.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import polars as pl

RESULTS_VERSION = 1


def jsonable(value: Any) -> Any:
    """Values as JSON can hold them: dates as ISO text, decimals and numpy scalars as numbers."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if value == value else None  # NaN is missing
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    if hasattr(value, "item"):  # numpy / pandas scalars
        return jsonable(value.item())
    return str(value)


@dataclass
class CheckResult:
    check_id: str
    suite: str
    frame: str
    expectation_type: str
    severity: str  # blocking | warning
    description: str
    columns: list[str]
    kwargs: dict[str, Any]  # as evaluated: suite parameters filled in
    success: bool
    checked_rows: int
    failing_count: int
    key_columns: list[str]
    value_columns: list[str] = field(default_factory=list)  # what failing_values holds
    failing_keys: list[dict[str, Any]] = field(default_factory=list)
    failing_values: list[dict[str, Any]] = field(default_factory=list)
    flag: list[str] = field(default_factory=list)
    error: str | None = None
    #: the failing rows with every column of the checked frame (for flags); not serialised
    failing_frame: pl.DataFrame | None = field(default=None, repr=False, compare=False)

    @property
    def failing_percent(self) -> float | None:
        return 100.0 * self.failing_count / self.checked_rows if self.checked_rows else None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("failing_frame")
        return jsonable(data)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CheckResult:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "failing_frame"}
        return cls(**known)


@dataclass
class QualityRun:
    run_id: str
    run_kind: str  # build | check
    build_id: str | None
    started_at: datetime
    seconds: float
    gx_version: str
    suites_digest: str
    results: list[CheckResult]
    report_path: str  # relative to the data home
    flagged_rows: dict[str, int] | None = None  # table → rows flagged (build runs)

    def failed(self, severity: str) -> list[CheckResult]:
        return [r for r in self.results if not r.success and r.severity == severity]

    @property
    def blocked(self) -> bool:
        return bool(self.failed("blocking"))

    @property
    def outcome(self) -> str:
        return "blocked" if self.blocked else "warned" if self.failed("warning") else "passed"

    def to_json(self) -> dict[str, Any]:
        return {
            "results_version": RESULTS_VERSION, "run_id": self.run_id, "run_kind": self.run_kind,
            "build_id": self.build_id, "started_at": self.started_at.isoformat(timespec="seconds"),
            "seconds": self.seconds, "gx_version": self.gx_version, "suites_digest": self.suites_digest,
            "outcome": self.outcome, "report_path": self.report_path, "flagged_rows": self.flagged_rows,
            "results": [r.to_json() for r in self.results],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QualityRun:
        return cls(
            run_id=data["run_id"], run_kind=data["run_kind"], build_id=data.get("build_id"),
            started_at=datetime.fromisoformat(data["started_at"]), seconds=float(data["seconds"]),
            gx_version=data.get("gx_version", ""), suites_digest=data.get("suites_digest", ""),
            results=[CheckResult.from_json(r) for r in data.get("results", [])],
            report_path=data.get("report_path", ""), flagged_rows=data.get("flagged_rows"),
        )

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=1)
