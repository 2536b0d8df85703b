"""Synthetic filings: deterministic, fictional, internally consistent, shaped like the real
ones (shape.json), rendered in a layout the parser reads, and kept out of real data homes."""
from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

import pipeline.build as build_module
from crawler.mirror.render import render_pdf
from crawler.titles import classify_title
from pipeline.extract.pages import load_bytes
from pipeline.extract.pdf_text import extract_pdf_pages
from pipeline.normalise.taxonomy import load_taxonomy
from pipeline.parse import parse_document
from pipeline.synth import CODE_PATTERN
from pipeline.synth.documents import contract, documents
from pipeline.synth.generate import load_shape, load_vocabulary, offerings
from pipeline.synth.layout import blocks, money, running_head
from pipeline.synth.store import iter_records
from tests.conftest import starboard

SHAPE_SAMPLE = 2000


@pytest.fixture(scope="module")
def sample() -> list[Any]:
    return list(offerings(SHAPE_SAMPLE, seed=0))


def _d(value: float | None) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal(0)


# --- determinism and fiction ----------------------------------------------------------------

def test_same_seed_same_filings_and_smaller_runs_are_prefixes() -> None:
    six = list(iter_records(6, seed=3))
    assert six == list(iter_records(6, seed=3))
    four = list(iter_records(4, seed=3))
    assert six[: len(four)] == four
    assert list(iter_records(6, seed=4)) != six


def test_codes_and_ids_can_never_be_real_ones() -> None:
    for rec in iter_records(200, seed=0):
        code = rec["contract"]["company"]["code"]
        assert re.fullmatch(CODE_PATTERN, code) and re.fullmatch(r"Z\d{5}", code), code  # exchanges issue six digits
        assert rec["announcement_id"].startswith("SYN") and rec["source"] == "synth"
        assert rec["contract"]["synthetic"]["offering_id"] == rec["offering_id"]


# --- internal consistency --------------------------------------------------------------------

def test_every_table_adds_up_like_a_filing() -> None:
    for rec in iter_records(300, seed=1):
        c = rec["contract"]
        assert sum(_d(p["proceeds_wan"]) for p in c["projects"]) == _d(c["raise_total_wan"])
        assert classify_title(c["document"]["title"]).kind == c["document"]["kind"]
        for p in c["projects"]:
            if p["total_investment_wan"] is not None:
                assert _d(p["proceeds_wan"]) <= _d(p["total_investment_wan"]), p["name"]
            if p["budget"]:
                assert sum(_d(b["amount_wan"]) for b in p["budget"]) == _d(p["total_investment_wan"])
                spent = [_d(b["proceeds_wan"]) for b in p["budget"] if b["proceeds_wan"] is not None]
                if spent:
                    assert sum(spent) == _d(p["proceeds_wan"])


def test_revisions_only_ever_cut_and_are_labelled(sample: list[Any]) -> None:
    for off in sample[:500]:
        caps = [v.cap for v in off.versions]
        assert caps == sorted(caps, reverse=True)
        labels = [v.revision for v in off.versions]
        assert labels == [None, "修订稿", "二次修订稿"][: len(labels)]
        for f in documents(off):
            c = contract(f)
            assert c["document"]["revision"] == (None if f.kind == "adjustment" else f.version.revision)


# --- shape -----------------------------------------------------------------------------------

def _share(counter: Counter[str], key: str) -> float:
    return counter[key] / sum(counter.values())


def test_project_counts_and_offering_mix_follow_the_shape(sample: list[Any]) -> None:
    shape = load_shape()
    counts = Counter(str(len(off.versions[0].projects)) for off in sample)
    weights = shape["project_count"]["weights"]
    for k, w in weights.items():
        assert abs(_share(counts, k) - w / sum(weights.values())) < 0.03, (k, counts)
    mix = Counter(off.offering for off in sample)
    for k, w in shape["offering"]["weights"].items():
        assert abs(_share(mix, k) - w / sum(shape["offering"]["weights"].values())) < 0.03, (k, mix)


def test_amounts_and_working_capital_follow_the_shape(sample: list[Any]) -> None:
    shape = load_shape()
    specific = [float(off.versions[0].cap) for off in sample if off.offering == "specific_targets"]
    median = shape["raise_total"]["specific_targets"]["median"]
    assert 0.85 * median < statistics.median(specific) < 1.15 * median
    simplified = [float(off.versions[0].cap) for off in sample if off.offering == "simplified"]
    assert max(simplified) <= shape["raise_total"]["simplified"]["max"] + 1  # the 3亿元 ceiling
    wc_shares = []
    several = 0
    for off in sample:
        first = off.versions[0]
        if len(first.projects) >= 2:
            several += 1
            wc = [p for p in first.projects if p.is_working_capital]
            if wc:
                wc_shares.append(float(wc[0].proceeds / first.cap))
                assert first.projects[-1].is_working_capital  # listed last, as filings do
    assert abs(len(wc_shares) / several - shape["working_capital"]["probability_when_several_projects"]) < 0.04
    assert 0.2 < statistics.median(wc_shares) <= 0.31
    assert all(0.05 < s < 0.8 for s in wc_shares)


def test_revision_chains_follow_the_shape(sample: list[Any]) -> None:
    rev = load_shape()["revision"]
    revised = [off for off in sample if len(off.versions) > 1]
    assert abs(len(revised) / len(sample) - rev["probability"]) < 0.04
    cuts = [off.versions[1].cut / off.versions[0].cap for off in revised]
    assert abs(sum(1 for c in cuts if c > 0) / len(cuts) - rev["cut_probability"]) < 0.04
    assert max(cuts) <= Decimal(str(rev["large_cut"][1])) + Decimal("0.01")


def test_every_template_and_budget_item_means_what_it_declares() -> None:
    """The taxonomy (pipeline/taxonomy) must read each synthetic name as the type the
    generator meant, or the shape documented for types and categories would be false."""
    tax, vocab = load_taxonomy(), load_vocabulary()
    wrong = []
    for ptype, templates in vocab["projects"].items():
        for t in templates:
            assert t["type"] == ptype, t
            for products in vocab["products"].values():
                for product in products:
                    for _, city in vocab["places"]:
                        name = t["template"].format(product=product, city=city, capacity="10GW")
                        if tax.project_type(name) != t["type"]:
                            wrong.append((name, t["type"], tax.project_type(name)))
    assert not wrong, wrong[:10]
    for name in load_shape()["working_capital"]["names"]:
        assert tax.project_type(name) == "working_capital"
    for key, budget in vocab["budgets"].items():
        for item in budget["items"]:
            for label in [item["item"]] if isinstance(item["item"], str) else item["item"]:
                assert tax.budget_category(label) == item["category"], (key, label)


# --- rendering -------------------------------------------------------------------------------

def _core(c: dict[str, Any]) -> dict[str, Any]:
    """What a parse must get right; the code is left out (the parser reads six digits only)."""
    return {
        "company": {k: c["company"][k] for k in ("short_name", "full_name")},
        "document": {k: c["document"][k] for k in ("title", "kind", "revision", "date", "offering")},
        "raise_total_wan": c["raise_total_wan"],
        "projects": [
            {**{k: p[k] for k in ("seq", "name", "total_investment_wan", "proceeds_wan", "type",
                                  "construction_months", "location", "entity")},
             "budget": [{k: b[k] for k in ("item", "category", "amount_wan", "proceeds_wan")} for b in p["budget"]]}
            for p in c["projects"]
        ],
    }


def test_rendered_pdfs_print_every_figure_of_their_contract() -> None:
    for off in offerings(8, seed=5):
        for f in documents(off):
            pdf = render_pdf(blocks(f), running_head(f))
            assert render_pdf(blocks(f), running_head(f)) == pdf  # byte for byte
            text = re.sub(r"\s+", "", "".join("".join(p.lines) for p in extract_pdf_pages(pdf)))
            unit = f.layout["unit"]
            assert money(f.version.cap, unit) in text
            for p in f.version.projects:
                assert p.name in text and money(p.proceeds, unit) in text
                if f.kind == "sci_tech_statement":
                    for item in p.budget:
                        assert item.item in text and money(item.amount) in text
            assert f.company.code in text and "虚构" in text


def test_the_parser_reads_synthetic_pdfs_back_to_their_contracts() -> None:
    """The layout is the real one: the parser, never told about synthetic filings, recovers
    nearly all of them exactly. (The misses are parser findings, listed on failure.)"""
    total, misses = 0, []
    for off in offerings(30, seed=0):
        for f in documents(off):
            total += 1
            got = parse_document(load_bytes(render_pdf(blocks(f), running_head(f)), ".pdf"))
            if _core(got) != _core(contract(f)):
                misses.append(f.announcement_id)
    assert total > 80
    assert len(misses) / total <= 0.1, misses


# --- the command and the data home -----------------------------------------------------------

def _tables(home: Path) -> list[tuple]:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute("SELECT * FROM build_tables ORDER BY 1").fetchall()
    finally:
        con.close()


def test_synth_writes_a_home_that_build_runs_on(tmp_path: Path) -> None:
    """Enough documents for build's process pool (--workers 2), and the same tables from
    one process (--jobs, the older name of --workers)."""
    out = tmp_path / "synthetic"
    proc = starboard("synth", "--offerings", "6", "--pdf", "--out", str(out), "--workers", "1")
    assert "6 offerings" in proc.stdout
    lines = (out / "synth" / "filings.jsonl").read_text(encoding="utf-8").splitlines()
    manifest = json.loads((out / "synth" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["synthetic"] is True and manifest["filings"] == len(lines) == manifest["pdfs"]
    assert len(list((out / "raw" / "synth").glob("*.pdf"))) == len(lines) >= build_module.POOL_THRESHOLD
    built = starboard("build", "--workers", "2", home=out)
    assert f"{len(lines)} parsed now" in built.stdout and "blocked" not in built.stdout
    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    try:
        filings, codes = con.execute("SELECT count(*), list(DISTINCT code) FROM filings").fetchone()
        failed = con.execute("SELECT count(*) FROM filings WHERE parse_status = 'failed'").fetchone()[0]
    finally:
        con.close()
    assert filings == len(lines) and failed == 0
    assert all(re.fullmatch(CODE_PATTERN, code) for code in codes)
    pooled = _tables(out)
    again = starboard("build", "--full", "--jobs", "1", home=out)
    assert f"{len(lines)} parsed now" in again.stdout
    assert _tables(out) == pooled


def test_same_seed_same_pdfs(tmp_path: Path) -> None:
    hashes = []
    for name in ("a", "b"):
        starboard("synth", "-n", "2", "--seed", "9", "--pdf", "--out", str(tmp_path / name), "--workers", "2")
        con = duckdb.connect(str(tmp_path / name / "catalog.duckdb"), read_only=True)
        hashes.append(con.execute("SELECT list(sha256 ORDER BY announcement_id) FROM announcements").fetchone()[0])
        con.close()
    assert hashes[0] == hashes[1] and len(hashes[0]) >= 4


def test_synth_refuses_a_real_data_home_and_replaces_its_own_output(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "catalog.duckdb").write_bytes(b"")
    proc = starboard("synth", "-n", "2", "--out", str(real), check=False)
    assert proc.returncode == 2 and "never mixed" in proc.stderr
    assert sorted(p.name for p in real.iterdir()) == ["catalog.duckdb"]  # untouched
    too_many = starboard("synth", "-n", "100001", "--out", str(tmp_path / "big"), check=False)
    assert too_many.returncode == 2 and "Z + five digits" in too_many.stderr
    assert not (tmp_path / "big").exists()

    mine = tmp_path / "mine"
    starboard("synth", "-n", "3", "--pdf", "--out", str(mine), "--workers", "1")
    starboard("synth", "-n", "1", "--pdf", "--out", str(mine), "--workers", "1")
    lines = (mine / "synth" / "filings.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(list((mine / "raw" / "synth").glob("*.pdf"))) == len(lines)
    assert all(json.loads(line)["offering_id"] == "S0000000" for line in lines)
