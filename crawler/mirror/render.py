"""Render a fixture filing (a list of blocks) as a real PDF, the way filings are laid out.

Fixture filings are data (crawler/mirror/corpus/*.json); this module prints them the way
listed companies' PDFs look: A4, a running head and page number on every page after the
cover, `单位：万元` above ruled tables whose long cells wrap onto several lines, tables
that continue over a page break with the header repeated (or not), wide tables on
landscape pages with header cells merged over two or three rows (the 募集资金使用情况对照表
of use reports), and optionally a scanned page with no text layer. Output is byte-for-byte deterministic (reportlab
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

from reportlab.lib.pagesizes import A4, landscape
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
    landscape_pages: list[int] = field(default_factory=list)
    #: tables drawn from a grid with merged cells: {page, columns, header_rows, merged: [{text, colspan, rowspan}]}
    grid_tables: list[dict[str, Any]] = field(default_factory=list)


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
    w: float = PAGE_W  # this page's size: portrait A4, or landscape for wide tables
    h: float = PAGE_H

    @property
    def width(self) -> float:
        """The width text and tables may use on this page."""
        return self.w - 2 * MARGIN_X

    def new_page(self, bare: bool = False, wide: bool | None = None) -> None:
        """The next page; `wide` turns it landscape (True) or portrait (False), None keeps the size."""
        self._footer()
        if wide is not None:
            self.w, self.h = landscape(A4) if wide else A4
            self.c.setPageSize((self.w, self.h))
        self.c.showPage()
        self.page += 1
        self.y = self.h - MARGIN_TOP
        self.bare = bare
        if self.w > self.h:
            self.layout.landscape_pages.append(self.page)
        if self.running_head and not bare:
            self.c.setFont(FONT, 8.5)
            self.c.drawCentredString(self.w / 2, self.h - 40, self.running_head)
            self.c.line(MARGIN_X, self.h - 46, self.w - MARGIN_X, self.h - 46)

    def _footer(self) -> None:
        if self.page > 1 and not self.bare:
            self.c.setFont(FONT, 9)
            self.c.drawCentredString(self.w / 2, 36, str(self.page - 1))

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
    for block in blocks:
        kind = next(iter(block))
        value = block[kind]
        if kind == "page_break":
            # true: the next page; "landscape" / "portrait": the next page turned that way
            pen.new_page(wide=None if value is True else value == "landscape")
        elif kind in ("p", "h", "center", "right"):
            _paragraph(pen, str(value), kind, pen.width)
        elif kind == "gap":
            pen.y -= LEADING * float(value)
        elif kind == "table" and ("header_rows" in value or "top_rows" in value or _spans(value["rows"])):
            _grid_table(pen, value, pen.width)
        elif kind == "table":
            _table(pen, value, pen.width)
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
            pen.c.drawCentredString(pen.w / 2, pen.y, line)
        elif kind == "right":
            pen.c.drawRightString(pen.w - MARGIN_X, pen.y, line)
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
        pen.c.drawRightString(pen.w - MARGIN_X, pen.y, f"单位：{spec['unit']}")
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


def _spans(rows: list[list[Any]]) -> bool:
    return any(isinstance(cell, dict) for row in rows for cell in row)


@dataclass
class _Cell:
    text: str
    row: int
    col: int
    colspan: int = 1
    rowspan: int = 1


def _place(rows: list[list[Any]]) -> tuple[list[_Cell], int]:
    """Cells of a block of rows on the column grid: each cell takes the next column no cell
    above reaches down into; returns the cells and the number of columns."""
    taken: set[tuple[int, int]] = set()
    cells: list[_Cell] = []
    columns = 0
    for r, row in enumerate(rows):
        c = 0
        for raw in row:
            while (r, c) in taken:
                c += 1
            spec = raw if isinstance(raw, dict) else {"text": raw}
            cell = _Cell(str(spec.get("text", "")), r, c, int(spec.get("colspan", 1)), int(spec.get("rowspan", 1)))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            cells.append(cell)
            c += cell.colspan
        columns = max(columns, c, max((cc + 1 for rr, cc in taken if rr == r), default=0))
    return cells, columns


def _blocks(rows: list[list[Any]]) -> list[list[list[Any]]]:
    """Rows grouped so that a cell merged over several rows stays in one block."""
    out: list[list[list[Any]]] = []
    end = -1
    for i, row in enumerate(rows):
        reach = i + max((int(c.get("rowspan", 1)) if isinstance(c, dict) else 1 for c in row), default=1) - 1
        if i > end:
            out.append([])
        out[-1].append(row)
        end = max(end, reach)
    return out


def _grid_table(pen: _Pen, spec: dict[str, Any], width: float) -> None:
    """A table whose header (one to three rows) and rows may merge cells (`colspan`,
    `rowspan`), as use reports print their 对照表: an optional summary block on top
    (`top_rows`), the header as one block of rows drawn together and repeated after a page
    break, then the body a block at a time (rows joined by a merged cell stay together)."""
    size = float(spec.get("size") or CELL_SIZE)
    leading = size * CELL_LEADING / CELL_SIZE
    header_rows: list[list[Any]] = spec.get("header_rows") or [spec["header"]]
    rows: list[list[Any]] = spec["rows"]
    head_cells, columns = _place(header_rows)
    weights: list[float] = spec.get("widths") or [1.0] * columns
    if len(weights) != columns:
        raise ValueError(f"table has {columns} columns but {len(weights)} widths")
    col_w = [width * w / sum(weights) for w in weights]
    x0 = [MARGIN_X + sum(col_w[:i]) for i in range(columns + 1)]

    def wrapped(cell: _Cell) -> list[str]:
        return wrap(cell.text, x0[cell.col + cell.colspan] - x0[cell.col] - 2 * CELL_PAD, size)

    def heights(cells: list[_Cell], n_rows: int) -> list[float]:
        h = [leading + 2 * CELL_PAD] * n_rows
        for cell in sorted(cells, key=lambda c: c.rowspan):
            need = len(wrapped(cell)) * leading + 2 * CELL_PAD
            span = range(cell.row, cell.row + cell.rowspan)
            short = need - sum(h[i] for i in span)
            if short > 0:
                h[span[-1]] += short
        return h

    def draw(cells: list[_Cell], n_rows: int, header: bool) -> None:
        h = heights(cells, n_rows)
        top = pen.y
        tops = [top - sum(h[:i]) for i in range(n_rows + 1)]
        pen.c.setFont(FONT, size)
        for cell in cells:
            left, right = x0[cell.col], x0[cell.col + cell.colspan]
            y_top, y_bottom = tops[cell.row], tops[cell.row + cell.rowspan]
            pen.c.rect(left, y_bottom, right - left, y_top - y_bottom, stroke=1, fill=0)
            lines = wrapped(cell)
            if not header and len(lines) > 1:
                pen.layout.wrapped_cells.append({"page": pen.page, "text": cell.text, "lines": len(lines)})
            # merged cells centre their text vertically, as typesetters do
            slack = (y_top - y_bottom) - len(lines) * leading - 2 * CELL_PAD
            first = y_top - CELL_PAD - size - (slack / 2 if cell.rowspan > 1 else 0)
            for k, line in enumerate(lines):
                baseline = first - k * leading
                if _numeric(line):
                    pen.c.drawRightString(right - CELL_PAD, baseline, line)
                else:
                    pen.c.drawString(left + CELL_PAD, baseline, line)
        pen.y = tops[-1]

    if spec.get("unit"):
        pen.need(LEADING * 3)
        pen.c.setFont(FONT, 10)
        pen.c.drawRightString(pen.w - MARGIN_X, pen.y, f"单位：{spec['unit']}")
        pen.y -= LEADING
    pen.y += leading * 0.6
    head_height = sum(heights(head_cells, len(header_rows)))
    top = [(_place(block)[0], len(block)) for block in _blocks(spec.get("top_rows") or [])]
    body = [(_place(block)[0], len(block)) for block in _blocks(rows)]
    first_row = sum(heights(*body[0])) if body else 0.0
    pen.need(sum(sum(heights(*b)) for b in top) + head_height + first_row)
    pen.layout.grid_tables.append({
        "page": pen.page, "columns": columns, "header_rows": len(header_rows), "top_rows": len(spec.get("top_rows") or []),
        "merged": [{"text": c.text, "colspan": c.colspan, "rowspan": c.rowspan, "part": "header"}
                   for c in head_cells if c.colspan > 1 or c.rowspan > 1]
        + [{"text": c.text, "colspan": c.colspan, "rowspan": c.rowspan, "part": part}
           for part, blocks in (("top", top), ("body", body)) for cells, _ in blocks for c in cells
           if c.colspan > 1 or c.rowspan > 1],
    })
    for cells, n in top:
        draw(cells, n, header=True)
    draw(head_cells, len(header_rows), header=True)
    for cells, n in body:
        if pen.y - sum(heights(cells, n)) < MARGIN_BOTTOM:
            pen.new_page()
            pen.layout.table_breaks.append({"page": pen.page, "repeat_header": True,
                                            "header": [c.text for c in head_cells]})
            draw(head_cells, len(header_rows), header=True)
        draw(cells, n, header=False)
    pen.y -= LEADING * 0.8


def _numeric(text: str) -> bool:
    stripped = text.replace(",", "").replace(".", "").replace("%", "").replace("-", "")
    return stripped.isdigit()


def _scanned_page(pen: _Pen, caption: str, seed: int) -> None:
    """A page that is only a picture (a scan): it has no text layer at all."""
    from PIL import Image, ImageDraw

    pen.new_page(bare=True, wide=False if pen.w > pen.h else None)
    rng = random.Random(seed)
    img = Image.new("L", (620, 877), 250)
    draw = ImageDraw.Draw(img)
    for row in range(60, 820, 22):
        x = 60
        while x < 560:
            w = rng.randint(8, 40)
            draw.rectangle([x, row, x + w, row + 9], fill=rng.randint(40, 90))
            x += w + rng.randint(4, 10)
    pen.c.drawImage(ImageReader(img), 0, 0, width=pen.w, height=pen.h)
    pen.layout.scanned_pages.append(pen.page)
    pen.y = MARGIN_BOTTOM  # the next block starts a new page
    del caption  # what the scan shows is for the reader of the fixture, not the PDF
