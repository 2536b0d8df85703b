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

from pipeline.extract.pages import ExtractError, Page

EXTRACTOR = "pypdfium2"
#: bump when the way page text is produced changes; cached texts of other versions are ignored
EXTRACTOR_VERSION = 1


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
                text = textpage.get_text_range() if textpage.count_chars() else ""
            finally:
                textpage.close()
                page.close()
            lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            pages.append(Page(number=index + 1, lines=lines, has_text=bool(text.strip())))
    except pdfium.PdfiumError as exc:
        raise ExtractError(f"corrupt PDF: {exc}") from exc
    finally:
        pdf.close()
    return pages


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
