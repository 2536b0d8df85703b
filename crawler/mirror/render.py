"""Render a fixture filing (a list of blocks) as a real PDF, the way filings are laid out.

Fixture filings are data (crawler/mirror/corpus/*.json); this module prints them the way
listed companies' PDFs look: A4, a running head and page number on every page after the
cover, `单位：万元` above ruled tables whose long cells wrap onto several lines, tables
that continue over a page break with the header repeated (or not), and optionally a
scanned page with no text layer. Output is byte-for-byte deterministic (reportlab
`invariant`). `render` also reports what the layout did (which tables crossed a page,
which cells wrapped, which pages are scans), so tests can check that a fixture really
exercises the layout it claims to.
"""
from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"  # an Adobe CID font every PDF reader has: nothing to embed or ship
PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 72.0, 72.0, 72.0
BODY_SIZE, LEADING = 11.0, 18.0
CELL_SIZE, CELL_LEADING, CELL_PAD = 9.5, 13.0, 4.0

_registered = False


def _font() -> None:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True


#: closing punctuation never starts a line (Chinese typesetting hangs it at the line's end)
NO_LINE_START = set("。，、；：？！）」』”’》〕】%,.;:)")


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break text into lines no wider than `width` (CJK text breaks anywhere, but a
    closing punctuation mark stays at the end of the line before, as typesetters do)."""
    lines: list[str] = []
    current = ""

    def fits(candidate: str) -> bool:
        return pdfmetrics.stringWidth(candidate, FONT, size) <= width

    for token in _tokens(text):
        if token == "\n":
            lines.append(current)
            current = ""
            continue
        if current and token[0] not in NO_LINE_START and not fits(current + token):
            lines.append(current)
            current = ""
        if len(token) > 1 and not fits(current + token):
            for ch in token:  # a run wider than a whole line breaks where it must
                if current and ch not in NO_LINE_START and not fits(current + ch):
                    lines.append(current)
                    current = ""
                current += ch
        else:
            current += token
    lines.append(current)
    return lines


_LATIN_RUN = re.compile(r"[A-Za-z0-9.,%#\-]+|\n|.", re.DOTALL)


def _tokens(text: str) -> list[str]:
    """Chinese characters one by one; a number or Latin word as one unbreakable run
    (typesetters do not break `363,519.00` across lines)."""
    return _LATIN_RUN.findall(text)


@dataclass
class Layout:
    """What rendering did: pages, scanned pages, tables split by a page, wrapped cells."""

    pages: int = 0
    scanned_pages: list[int] = field(default_factory=list)
    table_breaks: list[dict[str, Any]] = field(default_factory=list)  # {page, repeat_header, header}
    wrapped_cells: list[dict[str, Any]] = field(default_factory=list)  # {page, text, lines}


@dataclass
class Rendered:
    pdf: bytes
    layout: Layout


@dataclass
class _Pen:
    c: canvas.Canvas
    running_head: str | None
    page: int = 1
    y: float = PAGE_H - MARGIN_TOP
    layout: Layout = field(default_factory=Layout)
    bare: bool = False  # a scanned page: no running head, no page number, no text at all

    def new_page(self, bare: bool = False) -> None:
        self._footer()
        self.c.showPage()
        self.page += 1
        self.y = PAGE_H - MARGIN_TOP
        self.bare = bare
        if self.running_head and not bare:
            self.c.setFont(FONT, 8.5)
            self.c.drawCentredString(PAGE_W / 2, PAGE_H - 40, self.running_head)
            self.c.line(MARGIN_X, PAGE_H - 46, PAGE_W - MARGIN_X, PAGE_H - 46)

    def _footer(self) -> None:
        if self.page > 1 and not self.bare:
            self.c.setFont(FONT, 9)
            self.c.drawCentredString(PAGE_W / 2, 36, str(self.page - 1))

    def need(self, height: float) -> None:
        if self.y - height < MARGIN_BOTTOM:
            self.new_page()

    def finish(self) -> None:
        self._footer()
        self.c.showPage()


def render_pdf(blocks: list[dict[str, Any]], running_head: str | None = None, seed: int = 0) -> bytes:
    return render(blocks, running_head, seed).pdf


def render(blocks: list[dict[str, Any]], running_head: str | None = None, seed: int = 0) -> Rendered:
    _font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle("")
    c.setAuthor("starboard fixture")
    pen = _Pen(c, running_head)
    width = PAGE_W - 2 * MARGIN_X
    for block in blocks:
        kind = next(iter(block))
        value = block[kind]
        if kind == "page_break":
            pen.new_page()
        elif kind in ("p", "h", "center", "right"):
            _paragraph(pen, str(value), kind, width)
        elif kind == "gap":
            pen.y -= LEADING * float(value)
        elif kind == "table":
            _table(pen, value, width)
        elif kind == "scan":
            _scanned_page(pen, str(value), seed)
        else:
            raise ValueError(f"unknown block {kind!r}")
    pen.finish()
    c.save()
    pen.layout.pages = pen.page
    return Rendered(buf.getvalue(), pen.layout)


def _paragraph(pen: _Pen, text: str, kind: str, width: float) -> None:
    size = 15.0 if kind == "h" else BODY_SIZE
    indent = 2 * size if kind == "p" else 0.0
    lines = wrap(text, width - indent, size)
    for n, line in enumerate(lines):
        pen.need(LEADING)
        pen.c.setFont(FONT, size)
        if kind in ("h", "center"):
            pen.c.drawCentredString(PAGE_W / 2, pen.y, line)
        elif kind == "right":
            pen.c.drawRightString(PAGE_W - MARGIN_X, pen.y, line)
        else:
            pen.c.drawString(MARGIN_X + (indent if n == 0 else 0), pen.y, line)
        pen.y -= LEADING * (1.3 if kind == "h" else 1)


def _table(pen: _Pen, spec: dict[str, Any], width: float) -> None:
    header: list[str] = spec["header"]
    rows: list[list[str]] = spec["rows"]
    weights: list[float] = spec.get("widths") or [1.0] * len(header)
    repeat = spec.get("repeat_header", True)
    break_after = spec.get("break_after")  # force the page to end after this many rows
    middle = spec.get("valign") == "middle"  # cells centred vertically in their row, as many filings set them
    col_w = [width * w / sum(weights) for w in weights]
    if spec.get("unit"):
        pen.need(LEADING * 3)
        pen.c.setFont(FONT, 10)
        pen.c.drawRightString(PAGE_W - MARGIN_X, pen.y, f"单位：{spec['unit']}")
        pen.y -= LEADING
    pen.y += CELL_LEADING * 0.6

    def draw_row(cells: list[str], is_header: bool = False) -> None:
        wrapped = [wrap(str(cell), w - 2 * CELL_PAD, CELL_SIZE) for cell, w in zip(cells, col_w, strict=True)]
        if not is_header:
            pen.layout.wrapped_cells.extend(
                {"page": pen.page, "text": str(cell), "lines": len(lines)}
                for cell, lines in zip(cells, wrapped, strict=True) if len(lines) > 1)
        height = max(len(w) for w in wrapped) * CELL_LEADING + 2 * CELL_PAD
        top = pen.y
        x = MARGIN_X
        pen.c.setFont(FONT, CELL_SIZE)
        for lines, w in zip(wrapped, col_w, strict=True):
            pen.c.rect(x, top - height, w, height, stroke=1, fill=0)
            shift = (height - 2 * CELL_PAD - len(lines) * CELL_LEADING) / 2 if middle else 0.0
            for k, line in enumerate(lines):
                baseline = top - CELL_PAD - CELL_SIZE - k * CELL_LEADING - shift
                if _numeric(line):
                    pen.c.drawRightString(x + w - CELL_PAD, baseline, line)
                else:
                    pen.c.drawString(x + CELL_PAD, baseline, line)
            x += w
        pen.y = top - height

    def row_height(cells: list[str]) -> float:
        return max(len(wrap(str(c), w - 2 * CELL_PAD, CELL_SIZE)) for c, w in zip(cells, col_w, strict=True)) * CELL_LEADING + 2 * CELL_PAD

    pen.need(row_height(header) + row_height(rows[0]) if rows else row_height(header))
    draw_row(header, is_header=True)
    for n, row in enumerate(rows):
        if pen.y - row_height(row) < MARGIN_BOTTOM or (break_after is not None and n == break_after):
            pen.new_page()
            pen.layout.table_breaks.append({"page": pen.page, "repeat_header": bool(repeat), "header": list(header)})
            if repeat:
                draw_row(header, is_header=True)
        draw_row(row)
    pen.y -= LEADING * 0.8


def _numeric(text: str) -> bool:
    stripped = text.replace(",", "").replace(".", "").replace("%", "").replace("-", "")
    return stripped.isdigit()


def _scanned_page(pen: _Pen, caption: str, seed: int) -> None:
    """A page that is only a picture (a scan): it has no text layer at all."""
    from PIL import Image, ImageDraw

    pen.new_page(bare=True)
    rng = random.Random(seed)
    img = Image.new("L", (620, 877), 250)
    draw = ImageDraw.Draw(img)
    for row in range(60, 820, 22):
        x = 60
        while x < 560:
            w = rng.randint(8, 40)
            draw.rectangle([x, row, x + w, row + 9], fill=rng.randint(40, 90))
            x += w + rng.randint(4, 10)
    pen.c.drawImage(ImageReader(img), 0, 0, width=PAGE_W, height=PAGE_H)
    pen.layout.scanned_pages.append(pen.page)
    pen.y = MARGIN_BOTTOM  # the next block starts a new page
    del caption  # what the scan shows is for the reader of the fixture, not the PDF
