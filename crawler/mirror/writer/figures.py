"""Amounts and dates printed the way filings print them, and never rounded on the way.

Every amount is held in 万元 as a Decimal with two places. Printing it in 元 or 亿元 must
give back exactly the same 万元 when read again, or the truth beside the filing would
not be the figure the filing shows: `print_amount` refuses any unit that would round.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

CENT = Decimal("0.01")
_TO_WAN = {"元": Decimal("0.0001"), "万元": Decimal("1"), "亿元": Decimal("10000")}
_CN_DIGIT = "〇一二三四五六七八九"
_CN_MONTH = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]


class FigureError(ValueError):
    """A figure cannot be printed as asked without changing it."""


def wan(value: float | int | str | Decimal | None) -> Decimal | None:
    """A reference figure (JSON number, 万元) as an exact Decimal with two places."""
    if value is None:
        return None
    exact = Decimal(str(value))
    if exact != exact.quantize(CENT):
        raise FigureError(f"{value} 万元 has more than two decimals")
    return exact.quantize(CENT)


def print_amount(amount_wan: Decimal, unit: str, max_places: int = 4) -> str:
    """`363,519.00` (万元), `3,635,190,000.00` (元) or `36.3519` (亿元): exact or an error."""
    if unit not in _TO_WAN:
        raise FigureError(f"unknown unit {unit}")
    value = amount_wan / _TO_WAN[unit]
    places = 2
    while value != value.quantize(Decimal(1).scaleb(-places)):
        places += 1
        if places > max_places:
            raise FigureError(f"{amount_wan} 万元 cannot be printed exactly in {unit}")
    return f"{value:,.{places}f}"


def read_back(printed: str, unit: str) -> Decimal:
    """What a reader gets from a printed amount, in 万元 (the check `print_amount` relies on)."""
    return (Decimal(printed.replace(",", "")) * _TO_WAN[unit]).quantize(CENT)


def inline(amount_wan: Decimal, unit: str) -> str:
    """An amount inside a sentence, with its unit: `363,519.00万元`, `8.00亿元`."""
    return f"{print_amount(amount_wan, unit)}{unit}"


def yuan_to_wan(printed_yuan: str) -> Decimal:
    """A total printed in 元 (e.g. `1,671,911,686.20`) as 万元, rounded half-up to the cent."""
    from decimal import ROUND_HALF_UP

    return (Decimal(printed_yuan.replace(",", "")) / 10000).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class DocDate:
    """A document's own date as far as it is known: a day, only a month, or nothing."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str | None) -> DocDate:
        if not text:
            return cls()
        parts = [int(p) for p in text.split("-")]
        return cls(*parts) if len(parts) in (2, 3) else cls()

    @property
    def known(self) -> bool:
        return self.year is not None

    @property
    def iso(self) -> str | None:
        if self.year is None:
            return None
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def cover(self) -> str | None:
        """`二〇二三年三月`, as covers print the month."""
        if self.year is None:
            return None
        return "".join(_CN_DIGIT[int(d)] for d in str(self.year)) + "年" + _CN_MONTH[self.month] + "月"

    @property
    def signature(self) -> str | None:
        """`2023年3月30日` under the board's name; None unless the day is known."""
        if self.day is None:
            return None
        return f"{self.year}年{self.month}月{self.day}日"
