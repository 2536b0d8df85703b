"""Text extraction speed: starboard's PDF page text (columns kept) against PDFium's raw page
text and pdfplumber's extract_text, in pages per second, on the bundled corpus and the
parser's PDF layout fixtures (rendered from their block specs).

Convention (HELPERS.md): CASES are parameter sets; measure(**case) does ONE run and returns
named figures; the bench harness repeats it in fresh processes.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pypdfium2 as pdfium

from crawler.mirror.corpus import load_corpus
from crawler.mirror.render import render_pdf
from pipeline.extract.pdf_text import extract_pdf_pages

LAYOUTS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "layouts"
CASES: list[dict] = [{"rounds": 20}]


def sample_pdfs() -> list[bytes]:
    pdfs = [f.pdf for f in load_corpus() if not f.spec.get("broken")]
    for spec_path in sorted(LAYOUTS.glob("*.pdf.json")):
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        pdfs.append(render_pdf(spec["blocks"], spec.get("running_head")))
    return pdfs


def _pdfium_raw(data: bytes) -> int:
    pdf = pdfium.PdfDocument(data)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def _pdfplumber(data: bytes) -> int:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def _rate(fn, pdfs: list[bytes], rounds: int) -> float:
    pages = 0
    start = time.perf_counter()
    for _ in range(rounds):
        for data in pdfs:
            pages += fn(data)
    return pages / (time.perf_counter() - start)


def measure(rounds: int = 20) -> dict[str, float]:
    pdfs = sample_pdfs()
    ours = _rate(lambda d: len(extract_pdf_pages(d)), pdfs, rounds)
    raw = _rate(_pdfium_raw, pdfs, rounds)
    plumber = _rate(_pdfplumber, pdfs, max(1, rounds // 10))
    return {
        "starboard_pages_per_s": round(ours, 1),
        "pdfium_raw_pages_per_s": round(raw, 1),
        "pdfplumber_pages_per_s": round(plumber, 1),
        "slowdown_vs_pdfium_raw": round(raw / ours, 2),
        "speedup_vs_pdfplumber": round(ours / plumber, 2),
    }


if __name__ == "__main__":
    print(json.dumps(measure(**CASES[0]), indent=1))
