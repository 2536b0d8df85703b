"""A filing as pages of text, whatever it came as (.pdf, .txt, .html).

Everything after this module works on `Page`s, so the table reader never needs to know
whether a row came from a PDF text layer, a text export or an HTML table.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path


class ExtractError(Exception):
    """The file cannot be read as a filing at all (corrupt, not a PDF, empty)."""


@dataclass
class Page:
    number: int  # 1-based
    lines: list[str]
    has_text: bool = True


@dataclass
class Document:
    pages: list[Page]
    sha256: str
    source_format: str  # pdf | txt | html
    html_title: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def pages_without_text(self) -> list[int]:
        return [p.number for p in self.pages if not p.has_text]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sniff_format(data: bytes, suffix: str) -> str:
    """Decide the format from the bytes first: a .pdf that is really an HTML error page is HTML."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered or b"<body" in lowered:
        return "html"
    if suffix in {".html", ".htm"}:
        return "html"
    return "pdf" if suffix == ".pdf" else "txt"


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ExtractError("text is neither UTF-8 nor GB18030")


def text_pages(text: str) -> list[Page]:
    """Plain text: form feeds separate pages, as `pdftotext` writes them."""
    chunks = text.replace("\r\n", "\n").replace("\r", "\n").split("\f")
    return [Page(number=i + 1, lines=chunk.split("\n")) for i, chunk in enumerate(chunks)]


def load_document(path: Path, cache_dir: Path | None = None) -> Document:
    """Read any supported file into pages. PDFs go through the sha256-keyed text cache."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return load_bytes(data, path.suffix.lower(), cache_dir)


def load_bytes(data: bytes, suffix: str, cache_dir: Path | None = None) -> Document:
    if not data.strip():
        raise ExtractError("file is empty")
    digest = sha256_bytes(data)
    fmt = sniff_format(data, suffix)
    if fmt == "pdf":
        from pipeline.extract.pdf_text import cached_pdf_pages

        return Document(pages=cached_pdf_pages(data, digest, cache_dir), sha256=digest, source_format="pdf")
    if suffix == ".pdf":
        # an HTML error page or other junk served where a PDF was expected
        raise ExtractError(f"not a PDF (starts with {data[:16]!r})")
    text = decode_text(data)
    if fmt == "html":
        from pipeline.extract.html_text import html_to_lines

        title, lines = html_to_lines(text)
        return Document(pages=[Page(number=1, lines=lines)], sha256=digest, source_format="html", html_title=title)
    return Document(pages=text_pages(text), sha256=digest, source_format="txt")
