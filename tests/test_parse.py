"""The parser against filings with known answers: the bundled corpus (as the PDFs the mirror
serves) and text fixtures in the layouts real text exports have."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crawler.mirror.corpus import Fixture, load_corpus
from pipeline.extract.pages import ExtractError, load_bytes
from pipeline.parse import parse_document, parse_file
from tests.conftest import FIXTURES, starboard


def strip_to_truth(got: Any, truth: Any) -> Any:
    """Keep only what the truth states, so the comparison is exact on those fields."""
    if isinstance(truth, dict):
        return {k: strip_to_truth(got.get(k) if isinstance(got, dict) else None, v) for k, v in truth.items()}
    if isinstance(truth, list) and all(isinstance(t, dict) for t in truth):
        got = got if isinstance(got, list) else []
        return [strip_to_truth(g, t) for g, t in zip(got, truth, strict=False)] + ([] if len(got) == len(truth) else [f"{len(got)} items"])
    return got


CORPUS = [f for f in load_corpus() if f.truth is not None]


@pytest.mark.parametrize("fixture", CORPUS, ids=[f.path.stem for f in CORPUS])
def test_bundled_filing_matches_its_truth(fixture: Fixture) -> None:
    got = parse_document(load_bytes(fixture.pdf, ".pdf"))
    assert strip_to_truth(got, fixture.truth) == fixture.truth


TEXT_FIXTURES = sorted(p for p in FIXTURES.glob("*.truth.json"))


@pytest.mark.parametrize("truth_path", TEXT_FIXTURES, ids=[p.name.split(".")[0] for p in TEXT_FIXTURES])
def test_text_fixture_matches_its_truth(truth_path: Path) -> None:
    source = next(p for p in truth_path.parent.glob(truth_path.name.split(".")[0] + ".*") if not p.name.endswith(".json"))
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    got = parse_file(source)
    assert strip_to_truth(got, truth) == truth


def test_evidence_points_at_the_printed_row(corpus: list[Fixture]) -> None:
    yuncong = next(f for f in corpus if f.announcement_id == "1216247019")
    got = parse_document(load_bytes(yuncong.pdf, ".pdf"))
    project = got["projects"][0]
    assert project["evidence"]["page"] == 2
    assert "363,519.00" in project["evidence"]["text"]
    assert [b["evidence"]["text"].split()[0] for b in project["budget"]] == [
        "场地购置及装修费", "研发设备购置费", "人力资源成本", "其他费用"]


def test_html_error_page_instead_of_pdf_is_refused() -> None:
    with pytest.raises(ExtractError, match="not a PDF"):
        load_bytes(b"<html><body>502 Bad Gateway</body></html>", ".pdf")


def test_cli_parse_exit_codes(tmp_path: Path, corpus: list[Fixture]) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(corpus[0].pdf[:300])
    proc = starboard("parse", str(broken), "--json", check=False)
    assert proc.returncode == 2
    assert proc.stderr.strip() and len(proc.stderr.strip().splitlines()) == 1
    good = tmp_path / "good.pdf"
    good.write_bytes(next(f for f in corpus if f.announcement_id == "1216247019").pdf)
    result = json.loads(starboard("parse", str(good), "--json").stdout)
    assert result["raise_total_wan"] == 363519.00
