"""The bundled corpus: up to date with its generator, real, varied, and as hard as promised.

The parser's side (every filing parses to its truth) is tests/test_parse.py; here the
corpus itself is checked: that `make corpus` would not change it, that it carries the
reference's figures under the reference's names, and that the layouts it claims to
exercise are really in the PDFs (read back from the renderer's layout and from PDFium).
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from decimal import Decimal
from functools import cache

import pytest

from crawler.mirror import build_corpus
from crawler.mirror.corpus import CORPUS_DIR, PROVENANCE_COLUMNS, Fixture, provenance_rows
from crawler.mirror.render import Layout, render
from crawler.mirror.writer.figures import DocDate, FigureError, print_amount, read_back, wan
from crawler.mirror.writer.reference import load_entries
from crawler.raw_store import BadFile, check_pdf
from crawler.titles import normalise_title
from pipeline.extract.pages import ExtractError, load_bytes

STAR_CODE = re.compile(r"^68[89]\d{3}$")
AI_AND_SOFTWARE = {"ai", "ai_large_model", "software"}
PLAN_KINDS = {"sci_tech_statement", "plan", "demonstration", "feasibility", "prospectus", "adjustment"}


@cache
def layout(fixture_path: str) -> Layout:
    spec = json.loads((CORPUS_DIR / fixture_path).read_text(encoding="utf-8"))
    return render(spec["blocks"], spec.get("running_head"), seed=int(spec["code"])).layout


def lay(f: Fixture) -> Layout:
    return layout(f.path.name)


def test_corpus_is_what_the_generator_writes(tmp_path) -> None:
    files = build_corpus.build()
    assert build_corpus.stale_files(CORPUS_DIR, files) == [], "run `make corpus` and commit the result"
    # and the generator is deterministic: a second run writes the same bytes
    build_corpus.write(tmp_path, files)
    assert build_corpus.stale_files(tmp_path, build_corpus.build()) == []


def test_size_and_spread(corpus: list[Fixture]) -> None:
    codes = {f.spec["code"] for f in corpus}
    assert len(corpus) >= 30 and len(codes) >= 20 and "688327" in codes
    ai_software = [f for f in corpus if AI_AND_SOFTWARE & set(f.spec["provenance"]["themes"])]
    assert len(ai_software) >= 8 and len({f.spec["code"] for f in ai_software}) >= 5


def test_every_reference_entry_is_a_filing_under_its_real_name(corpus: list[Fixture]) -> None:
    entries = load_entries()
    by_entry = defaultdict(list)
    for f in corpus:
        by_entry[f.spec["provenance"]["reference_entry"]].append(f)
    assert sorted(by_entry) == list(range(len(entries)))
    for index, fixtures in by_entry.items():
        entry = entries[index]
        for f in fixtures:
            assert (f.spec["code"], f.spec["short_name"]) == (entry.code, entry.short_name)
            assert f.spec["stage"] == entry.stage and f.spec["provenance"]["source"] == entry.source_url
            assert STAR_CODE.match(f.spec["code"]) and f.spec["provenance"]["real_figures"] is True


def test_truths_carry_the_reference_figures(corpus: list[Fixture]) -> None:
    """Caps and project amounts in the truths are the reference's, to the cent."""
    entries = load_entries()
    for f in corpus:
        if f.truth is None:
            continue
        entry = entries[f.spec["provenance"]["reference_entry"]]
        raised = f.truth["raise_total_wan"]
        if f.spec["form"] == "adjustment":
            assert raised in {float(e.raise_wan) for e in entries if e.code == entry.code}
        elif f.truth["document"]["kind"] in PLAN_KINDS:
            assert raised == float(entry.raise_wan), f.path.name
        else:  # money actually raised: no cap; the amount raised is in the spec
            assert raised is None and f.spec["actual"]["raise_total_wan"] == float(entry.raise_wan)
        known = {p.name.replace(" ", ""): p for p in entry.projects}
        names = [p["name"].replace(" ", "") for p in f.truth["projects"]]
        tables = [b["table"]["rows"] for b in f.spec["blocks"] if "table" in b]
        if any([r[1].replace(" ", "") for r in rows if r[0] != "合计"] == names for rows in tables if names):
            assert names == list(known)  # a printed project table lists every project of the reference
            for project in f.truth["projects"]:
                fact = known[project["name"].replace(" ", "")]
                assert project["total_investment_wan"] == (None if fact.total_wan is None else float(fact.total_wan))
                single = len(entry.projects) == 1 and fact.proceeds_wan is None
                expected = entry.raise_wan if single else fact.proceeds_wan
                assert project["proceeds_wan"] == float(expected)
                assert [(b["item"], b["amount_wan"]) for b in project["budget"]] == [
                    (item, float(amount)) for item, amount in fact.budget]
            assert sum(Decimal(str(p["proceeds_wan"])) for p in f.truth["projects"]) == Decimal(str(raised))
            continue
        # projects named in prose: each name is printed, each figure is null or the reference's
        prose = "".join(b.get("p", "") for b in f.spec["blocks"]).replace(" ", "")
        for project in f.truth["projects"]:
            name = project["name"].replace(" ", "")
            assert name in prose, (f.path.name, name)
            fact = known.get(name)
            for field, value in (("total_investment_wan", fact and fact.total_wan), ("proceeds_wan", fact and fact.proceeds_wan)):
                assert project[field] in (None, None if value is None else float(value)), (f.path.name, name, field)
            assert project["budget"] == []


def test_titles_and_listing_fields(corpus: list[Fixture]) -> None:
    ids = [f.announcement_id for f in corpus]
    assert len(ids) == len(set(ids)) and all(i.isdigit() and len(i) == 10 for i in ids)
    for f in corpus:
        assert {"announcement_id", "code", "published", "title", "org_id"} <= f.spec.keys()
        assert f.published.utcoffset().total_seconds() == 8 * 3600
        if f.truth is not None:
            assert f.truth["document"]["title"] == normalise_title(f.spec["title"])
        invented = "announcement id invented" in f.spec["provenance"]["note"]
        assert invented == f.announcement_id.startswith("9")  # real cninfo ids start with 1


def test_formats_the_parser_must_handle_are_all_present(corpus: list[Fixture]) -> None:
    truths = [(f, f.truth) for f in corpus if f.truth is not None]
    tables = [b["table"] for f in corpus for b in f.spec["blocks"] if "table" in b]
    # several projects with a 合计 row, a working-capital line, a budget breakdown
    assert sum(1 for _, t in truths if len(t["projects"]) >= 2) >= 5
    assert any(r[0] == "合计" for t in tables if len(t["rows"]) >= 4 for r in t["rows"])
    assert any(p["type"] == "working_capital" for _, t in truths for p in t["projects"])
    assert any(p["budget"] for _, t in truths for p in t["projects"])
    # amounts printed in 元 and in 亿元, in tables and in sentences
    assert {"元", "亿元", "万元"} <= {t["unit"] for t in tables}
    prose = " ".join(b["p"] for f in corpus for b in f.spec["blocks"] if "p" in b)
    assert re.search(r"不超过人民币[\d,]+\.\d{2}元", prose) and re.search(r"不超过人民币[\d.]+亿元", prose)
    # tables over a page break, with and without the header repeated; wrapped names
    breaks = [b for f in corpus for b in lay(f).table_breaks]
    assert {b["repeat_header"] for b in breaks} == {True, False}
    assert any(c["lines"] >= 2 and c["text"].endswith("项目") for f in corpus for c in lay(f).wrapped_cells)
    # revisions of one offering that cut the raise: several companies
    cuts = set()
    by_code = defaultdict(list)
    for f, t in truths:
        if t["document"]["kind"] in PLAN_KINDS and t["raise_total_wan"] is not None:
            by_code[f.spec["code"]].append((f.published, t["raise_total_wan"], t["document"]["revision"]))
    for code, versions in by_code.items():
        versions.sort(key=lambda v: v[0])
        if any(later[2] and later[1] < earlier[1] for earlier, later in zip(versions, versions[1:], strict=False)):
            cuts.add(code)
    assert {"688327", "688568", "688707"} <= cuts and len(cuts) >= 4
    # an adjustment notice, and documents of money actually raised
    assert any(t["document"]["kind"] == "adjustment" for _, t in truths)
    assert sum(1 for f in corpus if "actual" in f.spec) >= 10


def test_a_page_without_text_layer(corpus: list[Fixture]) -> None:
    scanned = [f for f in corpus if lay(f).scanned_pages]
    assert scanned
    for f in scanned:
        doc = load_bytes(f.pdf, ".pdf")
        assert doc.pages_without_text == lay(f).scanned_pages
        assert f.truth["document"]["pages_without_text"] == lay(f).scanned_pages
        assert all(p.has_text for p in doc.pages if p.number not in lay(f).scanned_pages)


@pytest.mark.parametrize("kind", ["truncated", "html"])
def test_broken_downloads_are_refused_and_have_no_truth(corpus: list[Fixture], kind: str) -> None:
    broken = [f for f in corpus if f.spec.get("broken") == kind]
    assert broken
    for f in broken:
        assert f.truth is None
        with pytest.raises(BadFile):
            check_pdf(f.pdf)
        with pytest.raises(ExtractError):
            load_bytes(f.pdf, ".pdf")


def test_provenance_rows_list_every_source(corpus: list[Fixture]) -> None:
    rows = provenance_rows(corpus)
    assert len(rows) == len(corpus) and all(tuple(r) == PROVENANCE_COLUMNS for r in rows)
    for row in rows:
        assert row["real_figures"] and row["note"] and row["stage"]
        assert row["source_url"] or "seed" in row["source_note"]
    assert {r["source_url"] for r in rows if r["source_url"]} >= {
        e.source_url for e in load_entries() if e.source_url}


def test_amounts_are_printed_exactly_or_not_at_all() -> None:
    assert print_amount(wan(363519.0), "亿元") == "36.3519"
    assert print_amount(wan(185200.0), "亿元") == "18.52"
    assert print_amount(wan(231167.62), "元") == "2,311,676,200.00"
    assert read_back(print_amount(wan(231167.62), "元"), "元") == wan(231167.62)
    with pytest.raises(FigureError):
        print_amount(wan(180815.69), "亿元")  # 18.081569 亿元 would need six places
    with pytest.raises(FigureError):
        wan(1.005)


def test_document_dates_keep_their_precision() -> None:
    assert DocDate.parse("2023-03-30").signature == "2023年3月30日"
    assert DocDate.parse("2023-02").cover == "二〇二三年二月" and DocDate.parse("2023-02").signature is None
    assert DocDate.parse(None).iso is None and DocDate.parse(None).cover is None
