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
INVENTED_CODE = re.compile(r"^68999\d$")
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


def real(corpus: list[Fixture]) -> list[Fixture]:
    return [f for f in corpus if f.spec["provenance"]["real_figures"]]


def test_every_reference_entry_is_a_filing_under_its_real_name(corpus: list[Fixture]) -> None:
    entries = load_entries()
    by_entry = defaultdict(list)
    for f in real(corpus):
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
    for f in real(corpus):
        if f.truth is None:
            continue
        entry = entries[f.spec["provenance"]["reference_entry"]]
        raised = f.truth["raise_total_wan"]
        if f.spec["form"] == "adjustment":
            assert raised in {float(e.raise_wan) for e in entries if e.code == entry.code}
        elif f.truth["document"]["kind"] in PLAN_KINDS:
            assert raised == float(entry.raise_wan), f.path.name
        else:  # documents about money raised state no cap
            assert raised is None, f.path.name
        if f.truth["document"]["kind"] == "issuance_result":  # the amount raised is the reference's
            assert f.truth["raise_actual"]["gross_wan"] == float(entry.raise_wan) == f.spec["actual"]["raise_total_wan"]
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
    assert {"元", "亿元", "万元"} <= {t.get("unit") for t in tables}
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
        assert row["note"] and row["stage"]
        if row["real_figures"]:
            assert row["source_url"] or "seed" in row["source_note"]
        else:  # an invented company says so, and has no source to point at
            assert INVENTED_CODE.match(row["code"]) and row["source_url"] is None and "INVENTED" in row["note"]
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


# -- documents that report on money raised (docs/contract-after-the-raise.md) ----------------------

AFTER_KINDS = {"issuance_result", "reallocation", "use_report", "use_change", "withdrawal"}


def truths_of(corpus: list[Fixture], kind: str) -> list[tuple[Fixture, dict]]:
    return [(f, f.truth) for f in corpus if f.truth is not None and f.truth["document"]["kind"] == kind]


def cell_text(cell: object) -> str:
    return cell["text"] if isinstance(cell, dict) else str(cell)


def test_invented_companies_cannot_be_taken_for_real(corpus: list[Fixture]) -> None:
    """Figures no public page gives are carried by invented companies only: codes no listed
    company has (68999x), names the reference never uses, marked real_figures: false."""
    entries = load_entries()
    real_codes, real_names = {e.code for e in entries}, {e.short_name for e in entries}
    invented = [f for f in corpus if not f.spec["provenance"]["real_figures"]]
    assert len({f.spec["code"] for f in invented}) >= 3
    for f in corpus:
        assert bool(INVENTED_CODE.match(f.spec["code"])) == (f in invented), f.path.name
    for f in invented:
        assert f.spec["code"] not in real_codes and f.spec["short_name"] not in real_names
        assert f.spec["provenance"]["source"] is None and "INVENTED" in f.spec["provenance"]["note"]
    # and the documents whose figures are not public exist only under invented names
    for kind in ("use_report",):
        assert {f.spec["code"] for f, _ in truths_of(corpus, kind)} <= {f.spec["code"] for f in invented}
    for f, t in truths_of(corpus, "use_change"):
        if any(c["kind"] == "delay" for c in t["changes"]):
            assert f in invented  # the dates of a delay are not in the reference


def test_every_kind_of_document_about_money_raised_is_present(corpus: list[Fixture]) -> None:
    truths = [t for f in corpus if (t := f.truth) is not None]
    assert AFTER_KINDS <= {t["document"]["kind"] for t in truths}
    changes = [c for t in truths for c in t["changes"]]
    assert {"reallocation", "delay", "change_of_use", "completion"} <= {c["kind"] for c in changes}
    assert any(c["kind"] == "completion" and c["to_working_capital"] and c["amount_wan"] for c in changes)
    assert sum(1 for _ in truths_of(corpus, "use_report")) >= 3
    # every document states every section of part 2 (null or [] where it carries none)
    for t in truths:
        assert {"raise_actual", "progress", "changes"} <= t.keys() and "period_end" in t["document"]
        kind = t["document"]["kind"]
        assert (t["raise_actual"] is not None) == (kind == "issuance_result")
        assert bool(t["progress"]) <= (kind == "use_report") and (t["document"]["period_end"] is not None) == (
            kind == "use_report")
        assert bool(t["changes"]) <= (kind in ("reallocation", "use_change"))
        if kind in AFTER_KINDS:
            assert t["raise_total_wan"] is None and t["projects"] == []


def test_raises_smaller_than_the_cap_are_re_allocated(corpus: list[Fixture]) -> None:
    """寒武纪 2022 and 芯原股份 2023 raised less than their caps (real figures, no per-project
    table: not public); the invented 澄岚芯材 prints the table, whose after-amounts add up
    to the net amount raised and whose before-amounts are the plan's."""
    entries = load_entries()
    notices = {f.spec["code"]: (f, t) for f, t in truths_of(corpus, "reallocation")}
    for code, year in (("688256", 2022), ("688521", 2023)):
        caps = [e.raise_wan for e in entries if (e.code, e.year) == (code, year) and e.stage != "实际募集"]
        [raised] = [e.raise_wan for e in entries if (e.code, e.year, e.stage) == (code, year, "实际募集")]
        assert raised < min(caps)
        f, t = notices[code]
        prose = "".join(b.get("p", "") for b in f.spec["blocks"])
        assert print_amount(min(caps), "万元") in prose and t["changes"] == []
    f, t = notices["689991"]
    [(_, result)] = [(g, u) for g, u in truths_of(corpus, "issuance_result") if g.spec["code"] == "689991"]
    [(_, plan)] = [(g, u) for g, u in truths_of(corpus, "plan") if g.spec["code"] == "689991"]
    after = sum(Decimal(str(c["committed_after_wan"])) for c in t["changes"])
    before = [c["committed_before_wan"] for c in t["changes"]]
    assert after == Decimal(str(result["raise_actual"]["net_wan"]))
    assert before == [p["proceeds_wan"] for p in plan["projects"]]
    assert result["raise_actual"]["gross_wan"] < plan["raise_total_wan"]


def _grid(f: Fixture) -> list[dict]:
    return [b["table"] for b in f.spec["blocks"] if "table" in b and "header_rows" in b["table"]]


def test_use_reports_print_the_wide_table_in_the_layouts_real_reports_use(corpus: list[Fixture]) -> None:
    reports = [f for f, _ in truths_of(corpus, "use_report")]
    grids = [g for f in reports for g in lay(f).grid_tables]
    # wide, across landscape pages
    assert all(g["columns"] >= 12 and g["page"] in lay(f).landscape_pages for f in reports for g in lay(f).grid_tables)
    # header cells merged over two rows and over three rows, and grouped under a spanning cell
    header = [m for g in grids for m in g["merged"] if m["part"] == "header"]
    assert {2, 3} <= {m["rowspan"] for m in header} and any(m["colspan"] >= 4 for m in header)
    assert {2, 3} <= {g["header_rows"] for g in grids}
    # the summary block above the header merges cells across rows too
    assert any(m["part"] == "top" and m["rowspan"] >= 2 for g in grids for m in g["merged"])
    # a 合计 per raise; IPO money and a refinancing in one report, one table after the other
    for f in reports:
        tables = _grid(f)
        assert all(any(cell_text(r[0]) == "合计" for r in tb["rows"]) for tb in tables)
        captions = [b["p"] for b in f.spec["blocks"] if "p" in b and b["p"].startswith("附表")]
        assert len(captions) == len(tables) == len(lay(f).grid_tables)
    both = [f for f in reports if len(_grid(f)) == 2]
    assert both and all("首次公开发行" in [b["p"] for b in f.spec["blocks"] if b.get("p", "").startswith("附表")][0]
                        for f in both)
    assert any(cell_text(r[0]).endswith("小计") for f in both for tb in _grid(f) for r in tb["rows"])
    # amounts in 万元 and in 元; no number is broken over two lines of a cell
    assert {"万元", "元"} <= {tb["unit"] for f in reports for tb in _grid(f)}
    numeric = re.compile(r"^-?[\d,]+\.\d{2}$")
    assert not [c for f in reports for c in lay(f).wrapped_cells if numeric.match(c["text"])]


def test_progress_truths_are_the_printed_rows_and_add_up(corpus: list[Fixture]) -> None:
    for f, t in truths_of(corpus, "use_report"):
        tables = _grid(f)
        by_raise = defaultdict(list)
        for row in t["progress"]:
            by_raise[row["offering_hint"]].append(row)
        assert len(by_raise) == len(tables)
        text = "\n".join(line for p in load_bytes(f.pdf, ".pdf").pages for line in p.lines)
        for rows, table in zip(by_raise.values(), tables, strict=True):
            unit = {"万元": Decimal(1), "元": Decimal("0.0001")}[table["unit"]]
            assert [r["seq"] for r in rows] == list(range(1, len(rows) + 1))
            printed = {cell_text(r[1] if cell_text(r[0]).isdigit() else r[0]): r for r in table["rows"]}
            for row in rows:
                cells = [cell_text(c) for c in printed[row["project"]]]
                amounts = [Decimal(c.replace(",", "")) * unit for c in cells if re.match(r"^-?[\d,]+\.\d{2}$", c)]
                assert Decimal(str(row["adjusted_wan"])) in amounts and Decimal(str(row["invested_to_date_wan"])) in amounts
                assert Decimal(str(row["invested_period_wan"])) in amounts
                assert f"{row['progress_pct']:.2f}" in cells and row["ready_date_text"] in cells
                pct = (Decimal(str(row["invested_to_date_wan"])) / Decimal(str(row["adjusted_wan"])) * 100)
                assert abs(pct - Decimal(str(row["progress_pct"]))) < Decimal("0.005")
                assert row["invested_to_date_wan"] <= row["adjusted_wan"]
                assert row["project"] in text.replace(" ", "")
            total = next(r for r in table["rows"] if cell_text(r[0]) == "合计")
            totals = [Decimal(cell_text(c).replace(",", "")) * unit for c in total
                      if re.match(r"^-?[\d,]+\.\d{2}$", cell_text(c))]
            assert sum(Decimal(str(r["invested_to_date_wan"])) for r in rows) in totals
            assert sum(Decimal(str(r["adjusted_wan"])) for r in rows) in totals


def test_a_raise_followed_from_plan_to_last_report(corpus: list[Fixture]) -> None:
    """The invented 澄岚芯材: plan → money raised → re-allocated → use reports → a delay → a
    completion; each later report agrees with the notices before it."""
    chain = sorted((f for f in corpus if f.spec["code"] == "689991"), key=lambda f: f.published)
    kinds = [f.truth["document"]["kind"] for f in chain]
    assert kinds[:3] == ["plan", "issuance_result", "reallocation"] and "withdrawal" not in kinds
    reports = [f.truth for f in chain if f.truth["document"]["kind"] == "use_report"]
    assert [r["document"]["period_end"] for r in reports] == ["2023-12-31", "2024-06-30", "2024-12-31"]
    spent = [{p["project"]: p["invested_to_date_wan"] for p in r["progress"]} for r in reports]
    assert all(later[k] >= earlier[k] for earlier, later in zip(spent, spent[1:], strict=False) for k in earlier)
    [delay] = [c for f in chain for c in f.truth["changes"] if c["kind"] == "delay"]
    before, after = (next(p for p in r["progress"] if p["project"] == delay["project"]) for r in (reports[1], reports[2]))
    assert (before["ready_date"], after["ready_date"]) == (delay["old_ready_date"], delay["new_ready_date"])
    [(notice, done)] = [(f, c) for f in chain for c in f.truth["changes"] if c["kind"] == "completion"]
    closed = next(p for p in reports[2]["progress"] if p["project"] == done["project"])
    [table] = [b["table"] for b in notice.spec["blocks"] if "table" in b]
    [row] = [[Decimal(c.replace(",", "")) for c in r[1:]] for r in table["rows"] if r[0] == done["project"]]
    committed, invested, interest, surplus = row  # the surplus is what was not spent, plus interest
    assert (float(committed), float(invested)) == (closed["committed_wan"], closed["invested_to_date_wan"])
    assert surplus == committed - invested + interest == Decimal(str(done["amount_wan"])) and done["to_working_capital"]
    withdrawn = [f for f in corpus if f.truth and f.truth["document"]["kind"] == "withdrawal"]
    assert {f.spec["code"] for f in withdrawn} >= {"689993", "688599"}
    assert all(f.truth["raise_actual"] is None and f.truth["changes"] == [] for f in withdrawn)


def test_real_changes_carry_the_reference_figures(corpus: list[Fixture]) -> None:
    """普源精电's change of use: the amounts before and after are the reference's, and the
    money moved is the difference (which is also the new project's total)."""
    [(f, t)] = [(f, t) for f, t in truths_of(corpus, "use_change") if f.spec["code"] == "688337"]
    [change] = t["changes"]
    assert (change["committed_before_wan"], change["committed_after_wan"], change["amount_wan"]) == (
        18000.0, 10936.0, 7064.0)
    note = load_entries()[f.spec["provenance"]["reference_entry"]].source_note
    assert "10,936.00" in note and "7,064.00" in note and change["new_project"] in note
