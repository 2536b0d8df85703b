"""Pages → one clean stream of lines, with page furniture removed.

Real filings repeat a running header (company + document title) and a page number on every
page, and text exports drop them right into the middle of tables. Lines that repeat on
many pages, and bare page numbers at page edges, are furniture: they are removed here so
that a table continuing over a page break reads as one table.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from pipeline.extract.amounts import nfkc
from pipeline.extract.pages import Page

_MARKUP = re.compile(r"<[^>\n]{1,40}>|^\s*#{1,6}\s*|\*\*|__")
_SPACES = re.compile(r"[ \u3000\u00a0]+")
_GAP = re.compile(r"[ \u3000\u00a0]{2,}")  # a gap between aligned columns
#: page numbers that cannot be anything else, wherever a text export left them
_PAGE_MARK = re.compile(r"^(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页)$")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|\d{1,4}|[ivxlcIVXLC]{1,6})$"
)


@dataclass(frozen=True)
class Line:
    page: int
    text: str  # normalised: NFKC, markup removed, runs of spaces folded (tabs kept)
    raw: str  # as printed, trailing space removed; leading space kept (column positions)


def clean(text: str) -> str:
    """NFKC, markup gone, a gap of two or more spaces (aligned columns) made a tab."""
    text = _MARKUP.sub("", text)
    text = _GAP.sub("\t", text.strip(" \u3000\u00a0"))
    text = nfkc(text)
    text = _SPACES.sub(" ", text)
    return "\t".join(part.strip() for part in text.split("\t")).strip()


def cell_offsets(line: Line) -> list[int] | None:
    """Where each gap-separated cell of an aligned line starts (in characters), when the
    printed line splits into the same cells as its cleaned text."""
    raw = line.raw.expandtabs(8) if "\t" not in line.text or "\t" not in line.raw else None
    if raw is None:
        return None
    starts = [m.start() for m in re.finditer(r"\S+(?:[ \u3000\u00a0]\S+)*", raw)]
    return starts if len(starts) == len(line.text.split("\t")) else None


def page_lines(pages: list[Page]) -> list[Line]:
    """All non-empty lines in reading order, furniture removed."""
    per_page = [[Line(p.number, clean(raw), raw.rstrip()) for raw in p.lines] for p in pages]
    per_page = [[ln for ln in lines if ln.text and not _PAGE_MARK.match(ln.text)] for lines in per_page]
    furniture = _running_heads(per_page)
    out: list[Line] = []
    seen: set[Slot] = set()
    for lines in per_page:
        drop = set()
        for at, slot in _edge_slots(lines):
            if slot in furniture:
                if "\t" in slot[0] and slot not in seen:
                    seen.add(slot)  # a multi-cell line is kept where it first appears: it may open a table
                    continue
                drop.add(at)
        kept = [ln for at, ln in enumerate(lines) if at not in drop]
        # bare page numbers sit at the top or bottom edge of a page
        while kept and _PAGE_NUMBER.match(kept[-1].text) and len(pages) > 1:
            kept.pop()
        while kept and _PAGE_NUMBER.match(kept[0].text) and len(pages) > 1:
            kept.pop(0)
        out.extend(kept)
    return _drop_inline_furniture(out) if len(pages) == 1 else out


#: a line at a page edge: its text, the edge (top | bottom) and how far from it (0, 1)
Slot = tuple[str, str, int]
#: how many lines from the top or bottom of a page a running head or foot may sit
EDGE_LINES = 2


def _edge_slots(lines: list[Line]) -> list[tuple[int, Slot]]:
    """The lines at the top and bottom edges of a page with their slot, counted past bare
    page numbers (which may or may not be printed above a running head)."""
    body = [at for at, ln in enumerate(lines) if not _PAGE_NUMBER.match(ln.text)]
    slots = [(at, (lines[at].text, "top", n)) for n, at in enumerate(body[:EDGE_LINES])]
    slots += [(at, (lines[at].text, "bottom", n)) for n, at in enumerate(reversed(body[-EDGE_LINES:]))]
    return slots


def _running_heads(per_page: list[list[Line]]) -> set[Slot]:
    """Lines printed at the same place at the top or bottom of many pages (running heads
    and feet). A body line that happens to repeat, even at a page edge, is not furniture:
    furniture repeats at the same slot on most pages (at least three, or every page after
    the cover of a short filing). A line set in columns must be on nearly every page: a
    table header repeated after page breaks is not a running head. A running head repeats
    on the pages in between too: a line found only at the edges of the first and the last
    page is the company's name on the cover and under the signature, not furniture. Any
    page's edge line that is the cover's title run together is a running head too."""
    if len(per_page) < 2:
        return set()
    title = _title_block(per_page[0])
    heads = {slot for lines in per_page[1:] for _at, slot in _edge_slots(lines)
             if len(slot[0]) >= 12 and re.sub(r"\s+", "", slot[0]) in title}
    if len(per_page) < 3:
        return heads
    counts: Counter[Slot] = Counter()
    inner: set[Slot] = set()
    last = len(per_page) - 1
    for n, lines in enumerate(per_page):
        for _at, slot in _edge_slots(lines):
            counts[slot] += 1
            if 0 < n < last:
                inner.add(slot)
    after_cover = len(per_page) - 1

    def needed(text: str) -> int:
        share = FURNITURE_SHARE_CELLS if "\t" in text else FURNITURE_SHARE
        return min(after_cover, max(3, math.ceil(share * after_cover)))

    return heads | {slot for slot, n in counts.items()
                    if len(slot[0]) >= 6 and slot in inner and n >= needed(slot[0])}


def _title_block(cover: list[Line]) -> set[str]:
    """The cover's title as a running head prints it on one line: two or three consecutive
    cover lines run together (company name + document title). A filing of two pages has no
    repeats to count, but its second page may still open with that head."""
    compact = [re.sub(r"\s+", "", ln.text) for ln in cover]
    return {"".join(compact[i:i + n]) for n in (2, 3) for i in range(len(compact) - n + 1)}


#: the share of pages after the cover a running head or foot is printed on (at least; heads
#: that alternate between odd and even pages are on half of them)
FURNITURE_SHARE = 0.4
FURNITURE_SHARE_CELLS = 0.7


def _drop_inline_furniture(lines: list[Line]) -> list[Line]:
    """In single-page text exports, a running head repeated in the body marks a page break:
    drop it and a bare page number right next to it."""
    counts = Counter(ln.text for ln in lines)
    repeated = {
        text for text, n in counts.items()
        if n >= 2 and len(text) >= 12 and ("股份有限公司" in text or "有限公司" in text)
        and any(k in text for k in ("预案", "报告", "说明书", "说明", "公告"))
        and not text.endswith(("。", ";", ":", ","))
    }
    if not repeated:
        return lines
    out: list[Line] = []
    skip_next_number = False
    for i, ln in enumerate(lines):
        if ln.text in repeated and i > 3:
            if out and _PAGE_NUMBER.match(out[-1].text):
                out.pop()
            skip_next_number = True
            continue
        if skip_next_number and _PAGE_NUMBER.match(ln.text):
            skip_next_number = False
            continue
        skip_next_number = False
        out.append(ln)
    return out
