"""Thresholds the after-the-raise views and checks apply, read from thresholds.csv.

They are choices, not code: the file is published as the `analysis_thresholds` table, the
views read them from there, and the data-quality suites take them as parameters, so one
edit of the file moves every place that applies them.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import polars as pl

THRESHOLDS_FILE = Path(__file__).with_name("thresholds.csv")
REQUIRED = ("spend_gap_behind", "overspend_allowance")


class ThresholdError(ValueError):
    """thresholds.csv is malformed: the message names the row."""


@lru_cache(maxsize=2)
def load_thresholds(path: Path = THRESHOLDS_FILE) -> dict[str, tuple[float, str]]:
    """name → (value, note)."""
    out: dict[str, tuple[float, str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            try:
                out[row["name"]] = (float(row["value"]), row.get("note") or "")
            except (KeyError, TypeError, ValueError):
                raise ThresholdError(f"{path.name} line {n}: needs a name and a numeric value") from None
    missing = [name for name in REQUIRED if name not in out]
    if missing:
        raise ThresholdError(f"{path.name}: missing {', '.join(missing)}")
    return out


def threshold(name: str) -> float:
    return load_thresholds()[name][0]


def thresholds_frame() -> pl.DataFrame:
    rows = [(name, value, note) for name, (value, note) in sorted(load_thresholds().items())]
    return pl.DataFrame(rows, schema={"name": pl.String, "value": pl.Float64, "note": pl.String}, orient="row")
