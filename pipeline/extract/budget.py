"""Which rows of a budget breakdown are its items, and which only add up rows below them.

Filings nest their budgets: 建设投资 = 工程费用 + 工程建设其他费用 + 预备费, 工程费用 =
建筑工程费 + 设备购置费 + …, numbered 1 / 1.1 / 1.2 or 一 / （一） or not at all. Only the
leaves are items: counting a sub-total as well would double the budget. The numbering
decides where it is printed; where it is not (or its leaves do not reach the 合计), the
arithmetic does: a row that equals the sum of the rows right under it is their sub-total,
and the reading whose leaves add up to the table's total wins.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

TOLERANCE = Decimal("0.01")
_MAX_STEPS = 50_000


class _Row(Protocol):
    seq: str | None
    name: str


def seq_style(seq: str | None) -> str | None:
    """The numbering style of a sequence mark: 一 / （一） / 1 / 1.1 / (1) / ① / a."""
    if not seq:
        return None
    s = seq.strip().rstrip("、.．")
    if re.fullmatch(r"[一二三四五六七八九十]{1,3}", s):
        return "cn"
    if re.fullmatch(r"[(（][一二三四五六七八九十]{1,3}[)）]", s):
        return "cn()"
    if re.fullmatch(r"\d{1,3}(?:\.\d{1,2})*", s):
        return f"ar{s.count('.') + 1}"
    if re.fullmatch(r"[(（]\d{1,2}[)）]|\d{1,2}[)）]", s):
        return "ar()"
    if re.fullmatch(r"[①-⑳]", s):
        return "circle"
    if re.fullmatch(r"[A-Ha-h][.、)）]?", s):
        return "latin"
    return None


def numbering_parents(rows: Sequence[_Row]) -> list[bool]:
    """A row is a parent when the next row is numbered one level deeper, or is a 其中 line."""
    order: list[str] = []
    levels: list[int | None] = []
    for row in rows:
        style = seq_style(row.seq)
        if style is None:
            levels.append(None)
            continue
        if style.startswith("ar") and style[2:].isdigit():
            # dotted numbers nest by their dots, whatever came first
            base = next((n for n, s in enumerate(order) if s.startswith("ar") and s[2:].isdigit()), None)
            if base is None:
                order.append("ar1")
                base = len(order) - 1
            levels.append(base + int(style[2:]) - 1)
            continue
        if style not in order:
            order.append(style)
        levels.append(order.index(style))
    parents = [False] * len(rows)
    for i in range(len(rows) - 1):
        here, nxt = levels[i], levels[i + 1]
        if here is not None and nxt is not None and nxt > here:
            parents[i] = True
        elif re.match(r"^\s*其中", rows[i + 1].name) and not re.match(r"^\s*其中", rows[i].name):
            parents[i] = True
    return parents


def _sum(amounts: Sequence[Decimal | None], keep: Sequence[bool]) -> Decimal | None:
    values = [a for a, k in zip(amounts, keep, strict=True) if k]
    if any(v is None for v in values):
        return None
    return sum(values, Decimal(0))


def leaf_rows(rows: Sequence[_Row], amounts: Sequence[Decimal | None], target: Decimal | None) -> list[bool]:
    """True for each row that is an item (a leaf), False for a sub-total."""
    parents = numbering_parents(rows)
    by_numbering = [not p for p in parents]
    if target is None:
        return by_numbering
    total = _sum(amounts, by_numbering)
    if total is not None and abs(total - target) <= TOLERANCE:
        return by_numbering
    found = _arithmetic(amounts, target)
    return found if found is not None else by_numbering


def _arithmetic(amounts: Sequence[Decimal | None], target: Decimal) -> list[bool] | None:
    """Search for the nesting whose leaves add up to the target; a row equal to the sum of
    two or more rows right under it is tried as their sub-total first."""
    n = len(amounts)
    steps = 0

    def siblings(i: int, remaining: Decimal, top: bool) -> tuple[int, frozenset[int]] | None:
        """Consume rows from i as siblings summing to `remaining`: (where they end, sub-totals)."""
        nonlocal steps
        steps += 1
        if steps > _MAX_STEPS:
            return None
        if abs(remaining) <= TOLERANCE and i > 0 and (not top or i == n):
            return i, frozenset()
        if i >= n or amounts[i] is None:
            return None
        amount = amounts[i]
        assert amount is not None
        children = siblings(i + 1, amount, False)
        if children is not None and children[0] - (i + 1) >= 2:
            rest = siblings(children[0], remaining - amount, top)
            if rest is not None:
                return rest[0], children[1] | rest[1] | {i}
        rest = siblings(i + 1, remaining - amount, top)
        if rest is not None:
            return rest
        return None

    found = siblings(0, target, True)
    if found is None:
        return None
    return [i not in found[1] for i in range(n)]
