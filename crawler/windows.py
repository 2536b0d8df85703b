"""Date windows and their reconciliation: how a listing proves it is complete.

cninfo stops paging after about 100 pages without saying so. A window whose reported
total would need more pages than the cap is split in two (by date) until every window
can be paged to its end; when a window's pages are in, the distinct rows received are
compared with the total the site reported. A window that still falls short after a
re-list is a recorded shortfall, never a silent gap.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta


def initial_windows(since: date, until: date, days: int = 366) -> list[tuple[date, date]]:
    """Consecutive inclusive windows of at most `days` days covering since..until."""
    out = []
    start = since
    while start <= until:
        end = min(until, start + timedelta(days=days - 1))
        out.append((start, end))
        start = end + timedelta(days=1)
    return out


def split(start: date, end: date) -> tuple[tuple[date, date], tuple[date, date]] | None:
    """Two halves of an inclusive window, or None for a single day (cannot split by date)."""
    if start >= end:
        return None
    middle = start + timedelta(days=(end - start).days // 2)
    return (start, middle), (middle + timedelta(days=1), end)


def pages_needed(total: int, page_size: int) -> int:
    return math.ceil(total / page_size) if total > 0 else 0


def over_cap(total: int, page_size: int, page_cap: int) -> bool:
    return pages_needed(total, page_size) > page_cap


@dataclass
class Window:
    """One (search term, date range) listing and what has come back for it so far."""

    term: str
    start: date
    end: date
    code: str = ""  # one company's listing, or "" for all
    stage: str = "plan"  # plan: the plan documents by search term; follow: one followed company's later documents
    total: int = 0
    pages: int = 0
    pending: set[int] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    failed_pages: dict[int, str] = field(default_factory=dict)
    relists: int = 0
    finished: bool = False
    note: str | None = None  # why the window cannot be complete even when every page came back

    @property
    def key(self) -> tuple[str, str, str, date, date]:
        return (self.stage, self.term, self.code, self.start, self.end)

    @property
    def label(self) -> str:
        who = f" {self.code}" if self.code else ""
        stage = " (follow)" if self.stage != "plan" else ""
        return f"{self.term or '(any title)'}{who}{stage} {self.start}~{self.end}"

    def expect(self, total: int, pages: int) -> None:
        self.total = max(self.total, total)
        self.pages = pages
        self.pending = set(range(1, pages + 1))

    @property
    def done(self) -> bool:
        return not self.pending

    @property
    def shortfall(self) -> int:
        return max(0, self.total - len(self.ids))

    def reason(self) -> str | None:
        """Why this window is incomplete, or None when it reconciles."""
        parts = []
        if self.note:
            parts.append(self.note)
        if self.failed_pages:
            listed = ", ".join(f"p{p}: {r}" for p, r in sorted(self.failed_pages.items())[:3])
            parts.append(f"{len(self.failed_pages)} page(s) unreadable ({listed})")
        if self.shortfall:
            parts.append(f"received {len(self.ids)} of {self.total} rows reported")
        return "; ".join(parts) or None
