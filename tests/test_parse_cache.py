"""Page text is cached by sha256 and extractor version: an unchanged PDF is never re-read,
a new extractor version re-reads it, and a broken cache file is replaced, not trusted."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.mirror.corpus import Fixture
from pipeline.extract import pdf_text
from pipeline.extract.pages import ExtractError, load_bytes, sha256_bytes


def _pdf(corpus: list[Fixture]) -> bytes:
    return next(f for f in corpus if f.spec["code"] == "688327").pdf


def test_second_load_reads_the_cache_not_the_pdf(tmp_path: Path, corpus: list[Fixture],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    data = _pdf(corpus)
    first = load_bytes(data, ".pdf", tmp_path)
    cache_file = tmp_path / f"{sha256_bytes(data)}.json"
    cached = json.loads(cache_file.read_text(encoding="utf-8"))
    assert cached["version"] == pdf_text.EXTRACTOR_VERSION and cached["sha256"] == sha256_bytes(data)

    def refuse(_: bytes) -> list:
        raise AssertionError("the PDF was read again")

    monkeypatch.setattr(pdf_text, "extract_pdf_pages", refuse)
    second = load_bytes(data, ".pdf", tmp_path)
    assert [p.lines for p in second.pages] == [p.lines for p in first.pages]


def test_other_extractor_version_or_broken_cache_is_re_extracted(tmp_path: Path, corpus: list[Fixture]) -> None:
    data = _pdf(corpus)
    load_bytes(data, ".pdf", tmp_path)
    cache_file = tmp_path / f"{sha256_bytes(data)}.json"
    stale = json.loads(cache_file.read_text(encoding="utf-8"))
    stale["version"] = pdf_text.EXTRACTOR_VERSION - 1
    stale["pages"] = [{"number": 1, "lines": ["stale text"], "has_text": True}]
    cache_file.write_text(json.dumps(stale), encoding="utf-8")
    doc = load_bytes(data, ".pdf", tmp_path)
    assert doc.pages[0].lines != ["stale text"]
    cache_file.write_text("{not json", encoding="utf-8")
    assert load_bytes(data, ".pdf", tmp_path).pages[0].lines == doc.pages[0].lines
    assert json.loads(cache_file.read_text(encoding="utf-8"))["version"] == pdf_text.EXTRACTOR_VERSION


def test_truncated_pdf_is_an_extract_error(corpus: list[Fixture]) -> None:
    with pytest.raises(ExtractError):
        load_bytes(_pdf(corpus)[:400], ".pdf")
