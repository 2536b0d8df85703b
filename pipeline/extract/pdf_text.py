"""PDF → page text with PDFium, cached by sha256 so a rebuild never re-reads a PDF.

PDFium is fast (under a millisecond a page) and reads the CID fonts of Chinese filings
cleanly; it is not thread-safe, so parallel extraction uses processes, one document each.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.extract.pages import ExtractError, Page

EXTRACTOR = "pypdfium2"
#: bump when the way page text is produced changes; cached texts of other versions are ignored
EXTRACTOR_VERSION = 2
#: points per layout column: half a 9-point CJK glyph, so columns of a table line up
COLUMN_PT = 4.5
#: a page whose text is shorter than this, under a picture covering most of it, is a scan
SCAN_TEXT_CHARS = 80


def extract_pdf_pages(data: bytes) -> list[Page]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ExtractError(f"corrupt PDF: {exc}") from exc
    pages: list[Page] = []
    try:
        if len(pdf) == 0:
            raise ExtractError("PDF has no pages")
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                lines = layout_lines(textpage) if textpage.count_chars() else []
                chars = sum(len(ln.strip()) for ln in lines)
                scanned = chars < SCAN_TEXT_CHARS and _mostly_picture(page)
            finally:
                textpage.close()
                page.close()
            pages.append(Page(number=index + 1, lines=lines, has_text=chars > 0 and not scanned))
    except pdfium.PdfiumError as exc:
        raise ExtractError(f"corrupt PDF: {exc}") from exc
    finally:
        pdf.close()
    return pages


def layout_lines(textpage: pdfium.PdfTextPage) -> list[str]:
    """The page as lines with its columns kept: PDFium's text runs (one per table cell
    line) are grouped into lines by height and placed at their x position, so a cell
    that wraps onto a line of its own still sits under its column (as `pdftotext
    -layout` prints it). Runs with a wide gap between them are at least two spaces apart.
    A page where no line holds more than one run (prose) is taken as PDFium prints it."""
    boxes = [textpage.get_rect(i) for i in range(textpage.count_rects())]
    order = sorted(range(len(boxes)), key=lambda i: (-boxes[i][3], boxes[i][0]))
    rows: list[list[int]] = []
    for i in order:
        left, bottom, right, top = boxes[i]
        middle = (top + bottom) / 2
        if rows:
            first = boxes[rows[-1][0]]
            if first[1] <= middle <= first[3]:
                rows[-1].append(i)
                continue
        rows.append([i])
    if all(len(row) == 1 for row in rows):
        text = textpage.get_text_range()
        return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = []
    for row in rows:
        row.sort(key=lambda i: boxes[i][0])
        line = ""
        prev_right = None
        for i in row:
            left, bottom, right, top = boxes[i]
            text = textpage.get_text_bounded(left, bottom, right, top).replace("\r", "").replace("\n", " ").rstrip()
            if not text.strip():
                continue
            height = max(1.0, top - bottom)
            if prev_right is not None and left - prev_right < 0.4 * height:
                gap = " " if left - prev_right > 0.15 * height and not line.endswith(" ") else ""
                line += gap + text  # the same run of text
            else:
                target = int(round(left / COLUMN_PT))
                line += " " * max(2 if line else 0, target - len(line)) + text.lstrip()
            prev_right = right
        out.append(line.rstrip())
    return out


def _mostly_picture(page: pdfium.PdfPage) -> bool:
    width, height = page.get_size()
    area = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        area += max(0.0, right - left) * max(0.0, top - bottom)
    return area >= 0.5 * width * height


def cached_pdf_pages(data: bytes, digest: str, cache_dir: Path | None) -> list[Page]:
    cache_file = cache_dir / f"{digest}.json" if cache_dir else None
    if cache_file and cache_file.exists():
        try:
            cached = json.loads(cache_file.read_text(encoding="utf-8"))
            if cached.get("extractor") == EXTRACTOR and cached.get("version") == EXTRACTOR_VERSION:
                return [Page(p["number"], p["lines"], p["has_text"]) for p in cached["pages"]]
        except (OSError, ValueError, KeyError):
            pass  # unreadable cache: extract again and overwrite it
    pages = extract_pdf_pages(data)
    if cache_file:
        payload = {
            "extractor": EXTRACTOR,
            "version": EXTRACTOR_VERSION,
            "sha256": digest,
            "pages": [{"number": p.number, "lines": p.lines, "has_text": p.has_text} for p in pages],
        }
        write_atomic(cache_file, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    return pages


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
