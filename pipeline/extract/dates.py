"""Dates as documents about raised money print them, read to ISO form.

A 对照表 cell says `2025年12月`, `2025-12-31`, `2025.12`, `2025年12月（已结项）` or `不适用`;
a notice says the money arrived `于2023年3月17日`. Only what is printed is returned: a
month stays a month (YYYY-MM), a year or a quarter alone is no date (None), never guessed.
"""
from __future__ import annotations

import re

from pipeline.extract.amounts import nfkc

_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:"
    r"年\s*(?P<m1>\d{1,2})\s*月(?:\s*(?P<d1>\d{1,2})\s*[日号])?"
    r"|(?P<sep>[-./])(?P<m2>\d{1,2})(?!\d)(?:(?P=sep)(?P<d2>\d{1,2})(?!\d))?)"
)
#: a cell that is a date and nothing else (maybe with a note in brackets)
_WHOLE_TAIL = re.compile(r"^\s*[末底]?\s*(?:[(（][^()（）]{0,20}[)）])?$")
_LATER = re.compile(r"延期至|调整至|调整为|延长至|变更为|变更至|推迟至|延至")


def _iso(m: re.Match[str]) -> str | None:
    year = int(m.group("y"))
    month = int(m.group("m1") or m.group("m2"))
    day = m.group("d1") or m.group("d2")
    if not 1 <= month <= 12:
        return None
    if day is not None and 1 <= int(day) <= 31:
        return f"{year:04d}-{month:02d}-{int(day):02d}"
    return f"{year:04d}-{month:02d}"


def dates_in(text: str) -> list[str]:
    """Every date printed in `text`, in order, as YYYY-MM-DD or YYYY-MM."""
    out = []
    for m in _DATE.finditer(nfkc(text)):
        iso = _iso(m)
        if iso is not None:
            out.append(iso)
    return out


def cell_date(text: str | None) -> str | None:
    """The date a table cell states: the first one, or the one a change moved it to
    (原2024年12月，延期至2025年12月). None for 不适用, —, 已完成, a bare year."""
    if not text:
        return None
    found = dates_in(text)
    if not found:
        return None
    later = _LATER.search(nfkc(text))
    if later is not None and len(found) > 1:
        after = dates_in(nfkc(text)[later.end():])
        if after:
            return after[0]
    return found[0]


def is_date_cell(text: str) -> bool:
    """A cell that holds a date and nothing more: a value, not a header label."""
    compact = re.sub(r"\s+", "", nfkc(text))
    m = _DATE.match(compact)
    return m is not None and bool(_WHOLE_TAIL.match(compact[m.end():]))
