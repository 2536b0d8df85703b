"""Parsing speed: filings per second from cached page text (the nightly rebuild's path),
and a cached parse (text cache hit) against re-extracting the PDF, on the bundled corpus
plus the parser's layout fixtures (text, HTML and rendered PDFs).

Convention (HELPERS.md): CASES are parameter sets; measure(**case) does ONE run and returns
named figures; the bench harness repeats it in fresh processes.
"""
from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from crawler.mirror.corpus import load_corpus
from crawler.mirror.render import render_pdf
from pipeline.extract import tables
from pipeline.extract.pages import Document, load_bytes
from pipeline.normalise.taxonomy import load_taxonomy
from pipeline.parse import parse_document

LAYOUTS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "layouts"
CASES: list[dict] = [{"rounds": 30}]


def sample_files() -> list[tuple[bytes, str]]:
    files = [(f.pdf, ".pdf") for f in load_corpus() if not f.spec.get("broken")]
    for path in sorted(LAYOUTS.iterdir()):
        if path.name.endswith(".expected.json"):
            continue
        if path.name.endswith(".pdf.json"):
            spec = json.loads(path.read_text(encoding="utf-8"))
            files.append((render_pdf(spec["blocks"], spec.get("running_head")), ".pdf"))
        else:
            files.append((path.read_bytes(), path.suffix))
    return files


def _cold() -> None:
    tables.classify_cell.cache_clear()
    tables._is_header_text.cache_clear()


def measure(rounds: int = 30) -> dict[str, float]:
    files = sample_files()
    taxonomy = load_taxonomy()
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        docs: list[Document] = [load_bytes(data, suffix, cache) for data, suffix in files]  # warms the cache
        start = time.perf_counter()
        for _ in range(rounds):
            _cold()  # no credit for having read the same cells in the previous round
            for doc in docs:
                parse_document(doc, taxonomy)
        from_text = rounds * len(docs) / (time.perf_counter() - start)

        pdfs = [(d, s) for d, s in files if s == ".pdf"]
        start = time.perf_counter()
        for _ in range(rounds):
            _cold()
            for data, suffix in pdfs:
                parse_document(load_bytes(data, suffix, cache), taxonomy)
        cached = rounds * len(pdfs) / (time.perf_counter() - start)
        start = time.perf_counter()
        for _ in range(rounds):
            _cold()
            for data, suffix in pdfs:
                parse_document(load_bytes(data, suffix, None), taxonomy)
        extracted = rounds * len(pdfs) / (time.perf_counter() - start)
    return {
        "filings": float(len(docs)),
        "parse_from_text_filings_per_s": round(from_text, 1),
        "pdf_cached_text_filings_per_s": round(cached, 1),
        "pdf_reextract_filings_per_s": round(extracted, 1),
        "cache_speedup": round(cached / extracted, 2),
    }


if __name__ == "__main__":
    print(json.dumps(measure(**CASES[0]), indent=1))
