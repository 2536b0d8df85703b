"""Every layout fixture parsed to the full contract JSON its `.expected.json` states.

The fixtures in tests/fixtures/layouts/ are filings written for starboard (invented
companies and figures) in the layouts real exports produce: one cell per line, aligned
columns, `|` tables, tab-separated rows, HTML with rowspan/colspan, and PDFs rendered from
`.pdf.json` block specs (running heads, page breaks inside tables, a scanned page).
Everything but the version stamps is compared, so any change in what is read shows up.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crawler.mirror.render import render_pdf
from pipeline.extract.pages import load_bytes
from pipeline.normalise.taxonomy import load_taxonomy
from pipeline.parse import PARSER_VERSION, parse_document

LAYOUTS = Path(__file__).resolve().parent / "fixtures" / "layouts"
EXPECTED = sorted(LAYOUTS.glob("*.expected.json"))
VERSION_STAMPS = ("parser_version", "taxonomy_version")


def source_of(expected: Path) -> Path:
    stem = expected.name.removesuffix(".expected.json")
    return next(p for p in LAYOUTS.iterdir() if p.name.startswith(stem + ".") and not p.name.endswith(".expected.json"))


def fixture_bytes(source: Path) -> tuple[bytes, str]:
    """The file as the parser gets it: PDF fixtures are rendered from their block spec."""
    if source.name.endswith(".pdf.json"):
        spec = json.loads(source.read_text(encoding="utf-8"))
        return render_pdf(spec["blocks"], spec.get("running_head")), ".pdf"
    return source.read_bytes(), source.suffix.lower()


def parse_fixture(source: Path) -> dict[str, Any]:
    data, suffix = fixture_bytes(source)
    return parse_document(load_bytes(data, suffix))


@pytest.mark.parametrize("expected_path", EXPECTED, ids=[p.name.removesuffix(".expected.json") for p in EXPECTED])
def test_layout_fixture_parses_to_its_expected_json(expected_path: Path) -> None:
    got = parse_fixture(source_of(expected_path))
    assert got["parser_version"] == PARSER_VERSION
    assert got["taxonomy_version"] == load_taxonomy().version
    want = json.loads(expected_path.read_text(encoding="utf-8"))
    assert {k: v for k, v in got.items() if k not in VERSION_STAMPS} == want


def test_every_layout_fixture_has_an_expected_json() -> None:
    sources = {p.name.split(".")[0] for p in LAYOUTS.iterdir() if not p.name.endswith(".expected.json")}
    assert sources == {p.name.removesuffix(".expected.json") for p in EXPECTED}
    assert len(sources) >= 12


if __name__ == "__main__":  # pragma: no cover - regenerate after a deliberate change, then review the diff
    import sys

    for name in sys.argv[1:]:
        src = next(p for p in LAYOUTS.iterdir() if p.name.startswith(name + ".") and not p.name.endswith(".expected.json"))
        out = {k: v for k, v in parse_fixture(src).items() if k not in VERSION_STAMPS}
        (LAYOUTS / f"{name}.expected.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print("wrote", name)
