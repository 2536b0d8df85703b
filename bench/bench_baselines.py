"""Baselines, each measured beside starboard's own path in the same run and reported as a ratio (`speedup_x` = baseline time / starboard time): PDFium text extraction against pdfplumber's `extract_text` on every page; parsing from the sha256 text cache against re-extracting the PDF every time; `starboard build` with nothing new (every parse from the parse cache) against `starboard build --full` on the same home.

Inputs are the bundled corpus PDFs and synthetic filings (`starboard synth --pdf`, seed 0).
"""
from __future__ import annotations

import io
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import common

CASES: list[dict[str, Any]] = [
    {"what": "extract_vs_pdfplumber", "docs": 60},
    {"what": "cached_vs_reextract", "docs": 300},
    {"what": "incremental_vs_full_build", "offerings": 300},
]
QUICK_CASES: list[dict[str, Any]] = [
    {"what": "extract_vs_pdfplumber", "docs": 5},
    {"what": "cached_vs_reextract", "docs": 8},
    {"what": "incremental_vs_full_build", "offerings": 4},
]
SOURCE_OFFERINGS = 150  # enough synthetic PDFs (about 500) for the document cases


def _source(case: dict[str, Any]) -> Path:
    if case["what"] == "incremental_vs_full_build":
        return common.synth_home(case["offerings"])
    return common.synth_home(4 if common.quick() else SOURCE_OFFERINGS)


def setup(**case: Any) -> None:
    _source(case)


def measure(**case: Any) -> dict[str, float]:
    return {
        "extract_vs_pdfplumber": extract_vs_pdfplumber,
        "cached_vs_reextract": cached_vs_reextract,
        "incremental_vs_full_build": incremental_vs_full_build,
    }[case["what"]](case)


def _documents(case: dict[str, Any]) -> list[bytes]:
    corpus = common.corpus_pdfs()
    wanted = max(case["docs"] - len(corpus), 0)
    return corpus[: case["docs"]] + [p.read_bytes() for p in common.pdf_paths(_source(case), wanted)]


def extract_vs_pdfplumber(case: dict[str, Any]) -> dict[str, float]:
    import pdfplumber

    from pipeline.extract.pdf_text import extract_pdf_pages

    docs = _documents(case)
    started = time.perf_counter()
    pages = sum(len(extract_pdf_pages(data)) for data in docs)
    ours = time.perf_counter() - started
    started = time.perf_counter()
    plumber_pages = 0
    for data in docs:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.extract_text()
                plumber_pages += 1
    theirs = time.perf_counter() - started
    if plumber_pages != pages:
        raise RuntimeError(f"page counts differ: pypdfium2 {pages}, pdfplumber {plumber_pages}")
    return {
        "pages": pages,
        "pdfium_ms_per_page": ours / pages * 1000,
        "pdfplumber_ms_per_page": theirs / pages * 1000,
        "speedup_x": theirs / ours,
    }


def cached_vs_reextract(case: dict[str, Any]) -> dict[str, float]:
    from pipeline.extract.pages import load_document
    from pipeline.parse import parse_document

    corpus = common.corpus_pdfs()
    with tempfile.TemporaryDirectory(prefix="starboard-bench-") as tmp:
        folder = Path(tmp)
        paths = []
        for n, data in enumerate(corpus[: case["docs"]]):
            path = folder / f"corpus{n}.pdf"
            path.write_bytes(data)
            paths.append(path)
        paths += common.pdf_paths(_source(case), max(case["docs"] - len(paths), 0))
        cache = folder / "text"
        for path in paths:  # warm the cache: the steady state of every build after the first
            load_document(path, cache)
        started = time.perf_counter()
        for path in paths:
            parse_document(load_document(path, cache))
        cached = time.perf_counter() - started
        started = time.perf_counter()
        for path in paths:
            parse_document(load_document(path, None))
        fresh = time.perf_counter() - started
    return {
        "docs": len(paths),
        "cached_ms_per_doc": cached / len(paths) * 1000,
        "reextract_ms_per_doc": fresh / len(paths) * 1000,
        "speedup_x": fresh / cached,
    }


def incremental_vs_full_build(case: dict[str, Any]) -> dict[str, float]:
    """`starboard build --full` (every file extracted and parsed again, text and parse caches
    ignored) against `starboard build` right after it, when nothing is new: every parse
    comes from the parse cache (sha256 + parser + taxonomy versions), and normalising,
    checking and publishing still run in full."""
    home = common.fresh_home(_source(case))
    common.import_gx()  # paid once per process, by whichever build came first: not by either here
    try:
        common.warm_raw_files(home)
        started = time.perf_counter()
        full = common.run_build(home, full=True)
        full_s = time.perf_counter() - started
        started = time.perf_counter()
        again, stages = common.timed_build(home)
        again_s = time.perf_counter() - started
    finally:
        common.drop(home)
    if full.parsed_now != full.documents or again.parsed_now:
        raise RuntimeError(f"--full parsed {full.parsed_now} of {full.documents}, the next build {again.parsed_now}")
    return {
        "documents": float(full.documents),
        "full_build_s": full_s,
        "nothing_new_build_s": again_s,
        "nothing_new_check_s": stages["check_s"],
        "speedup_x": full_s / again_s,
    }
