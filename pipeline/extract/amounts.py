"""Amounts and units as filings print them, converted to 万元 (10,000 CNY).

Filings print `363,519.00` under `单位：万元`, inline `人民币3,635,190,000.00元`, or
`36.35亿元`, sometimes with full-width digits or stray spaces inside the number. Every
amount leaves this module as a Decimal in 万元 rounded to 2 places, so nothing downstream
has to know how it was printed.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

#: how many 万元 one printed unit is worth
UNIT_TO_WAN: dict[str, Decimal] = {
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "万元": Decimal("1"),
    "百万元": Decimal("100"),
    "千万元": Decimal("1000"),
    "亿元": Decimal("10000"),
}
CENT = Decimal("0.01")

# digits with optional thousands separators (comma, full-width comma, thin space) and decimals
NUMBER = r"\d{1,3}(?:(?:[,，]\s?|[ \u2009\u00a0])\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER_RE = re.compile(rf"^(?:{NUMBER})$")
_UNIT_LINE = re.compile(r"(?:单位|金额单位|币种)[:：]?\s*(?:人民币)?\s*(亿元|千万元|百万元|万元|千元|元)")
_UNIT_IN_HEADER = re.compile(r"[(（]\s*(?:单位[:：]?\s*)?(?:人民币)?\s*(亿元|千万元|百万元|万元|千元|元)\s*[)）]")
DASHES = {"-", "--", "—", "——", "–", "/", "不适用", "无"}


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def parse_number(text: str) -> Decimal | None:
    """A printed number as a Decimal, or None when the text is not a number."""
    cleaned = nfkc(text).strip().replace("，", ",")
    cleaned = re.sub(r"(?<=\d)\s+(?=[\d,.])|(?<=[,.])\s+(?=\d)", "", cleaned)
    if not _NUMBER_RE.match(cleaned):
        return None
    try:
        return Decimal(cleaned.replace(",", ""))
    except InvalidOperation:
        return None


def to_wan(value: Decimal, unit: str) -> Decimal:
    """Convert a value printed in `unit` to 万元, rounded half-up to the cent of a 万元."""
    factor = UNIT_TO_WAN.get(unit)
    if factor is None:
        raise ValueError(f"unknown unit {unit!r}")
    return (value * factor).quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(text: str, unit: str = "万元") -> Decimal | None:
    """Parse `text` (a number, optionally followed by its own unit) into 万元."""
    s = nfkc(text).strip()
    match = re.match(rf"^(?:人民币)?\s*({NUMBER})\s*(亿元|千万元|百万元|万元|千元|元)?$", s)
    if not match:
        return None
    value = parse_number(match.group(1))
    if value is None:
        return None
    return to_wan(value, match.group(2) or unit)


def unit_declared(text: str) -> str | None:
    """The unit a line declares for the table below or the column it heads, if any."""
    s = nfkc(text)
    match = _UNIT_LINE.search(s) or _UNIT_IN_HEADER.search(s)
    return match.group(1) if match else None


def format_wan(value: Decimal | None) -> float | None:
    return None if value is None else float(value.quantize(CENT))
