"""How numbers are printed: amounts in 万元 with two decimals as filings print them."""
from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

DASH = "—"


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def wan(value: Any) -> str:
    """363519 -> '363,519.00' (万元, the unit every amount in the warehouse is held in)."""
    if _missing(value):
        return DASH
    return f"{Decimal(str(value)):,.2f}"


def signed_wan(value: Any) -> str:
    if _missing(value):
        return DASH
    text = wan(abs(Decimal(str(value))))
    return f"-{text}" if Decimal(str(value)) < 0 else f"+{text}"


def share(value: Any, digits: int = 1) -> str:
    """0.576 -> '57.6%'."""
    if _missing(value):
        return DASH
    return f"{float(value) * 100:.{digits}f}%"


def signed_share(value: Any, digits: int = 1) -> str:
    if _missing(value):
        return DASH
    text = f"{abs(float(value)) * 100:.{digits}f}%"
    return f"-{text}" if float(value) < 0 else f"+{text}"


def count(value: Any) -> str:
    if _missing(value):
        return DASH
    return f"{int(round(float(value))):,}"


def months(value: Any) -> str:
    if _missing(value):
        return DASH
    number = float(value)
    return f"{int(number)}" if number == int(number) else f"{number:.1f}"


def percentile(value: Any) -> str:
    """Share of peers below the focal (0..1) as a percentile rank: 0.5 -> 'P50'."""
    if _missing(value):
        return DASH
    return f"P{int(round(float(value) * 100))}"


FORMATTERS = {"wan": wan, "count": count, "share": share, "months": months, "signed_share": signed_share}


def metric_value(kind: str, value: Any) -> str:
    return FORMATTERS[kind](value)
