"""The taxonomy files: what they classify, that both engines agree, and that they cover the corpus."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from crawler.mirror.corpus import CORPUS_DIR
from crawler.titles import RULES_FILE
from pipeline.normalise.classify import all_rules, first_rule
from pipeline.normalise.peers import BUDGET_CATEGORIES, PROJECT_TYPES
from pipeline.normalise.taxonomy import TAXONOMY_DIR, TaxonomyError, load_taxonomy, normalise_key_expr
from pipeline.parse import parse_file
from tests.conftest import FIXTURES

CASES = list(csv.DictReader((FIXTURES / "warehouse" / "taxonomy_cases.csv").open(encoding="utf-8")))
#: names a loose keyword would tag wrongly: 智能制造 is automation, not AI
NOT_THEMED = [
    ("锂离子电池充放电设备智能制造建设项目", "ai"),
    ("金属增材制造大规模智能生产基地项目", "ai"),
    ("SAIC汽车零部件生产线项目", "ai"),
    ("研发和工艺测试平台建设项目", "software"),
]


def _polars(field: str, texts: list[str]) -> list:
    frame = pl.DataFrame({"text": texts}).select(normalise_key_expr(pl.col("text")).alias("text"))
    if field == "theme":
        return frame.select(all_rules(load_taxonomy(), field, pl.col("text")).alias("t"))["t"].to_list()
    value, position = first_rule(load_taxonomy(), field, pl.col("text"))
    return frame.select(value.alias("v"), position.alias("p")).rows()


@pytest.mark.parametrize("field", ["budget_category", "project_type", "theme"])
def test_names_are_classified_as_a_person_would(field: str) -> None:
    cases = [c for c in CASES if c["field"] == field]
    tax = load_taxonomy()
    assert len(cases) >= 10
    if field == "theme":
        got = [c["expected"] in tax.themes(c["text"]) for c in cases]
    else:
        got = [tax.first(field, c["text"]) == (c["expected"], True) for c in cases]
    assert [c["text"] for c, ok in zip(cases, got, strict=True) if not ok] == []


@pytest.mark.parametrize("field", ["budget_category", "project_type", "theme"])
def test_python_and_polars_classify_alike(field: str) -> None:
    tax = load_taxonomy()
    texts = [c["text"] for c in CASES] + [t for t, _ in NOT_THEMED] + ["", "无法归类的名称"]
    polars = _polars(field, texts)
    if field == "theme":
        assert polars == [tax.themes(t) for t in texts]
    else:
        assert [v for v, _ in polars] == [tax.first(field, t)[0] for t in texts]
        assert [p is not None for _, p in polars] == [tax.first(field, t)[1] for t in texts]


def test_loose_keywords_do_not_tag_themes() -> None:
    tax = load_taxonomy()
    assert [(name, theme) for name, theme in NOT_THEMED if theme in tax.themes(name)] == []


def _corpus_names() -> tuple[list[str], list[str]]:
    projects, items = [], []
    for path in sorted(CORPUS_DIR.glob("*.truth.json")):
        for p in json.loads(path.read_text(encoding="utf-8")).get("projects", []):
            projects.append(p["name"])
            items.extend(b["item"] for b in p.get("budget", []))
    for path in sorted((FIXTURES / "warehouse" / "chain").glob("*.txt")):
        for p in parse_file(path)["projects"]:
            projects.append(p["name"])
            items.extend(b["item"] for b in p["budget"])
    return projects, items


def test_the_bundled_corpus_is_fully_classified() -> None:
    tax = load_taxonomy()
    projects, items = _corpus_names()
    assert len(projects) >= 10 and len(items) >= 8
    assert [n for n in projects if not tax.first("project_type", n)[1]] == []
    assert [i for i in items if not tax.first("budget_category", i)[1]] == []


def test_every_value_is_declared_and_peer_metrics_has_a_column_for_it() -> None:
    tax = load_taxonomy()
    for field in ("project_type", "budget_category", "theme"):
        declared = set(tax.value_list(field))
        assert {r.value for r in tax.rules[field]} <= declared
    assert tuple(tax.value_list("budget_category")) == BUDGET_CATEGORIES
    assert tuple(tax.value_list("project_type")) == PROJECT_TYPES


def test_document_order_ranks_every_revision_and_kind_the_title_rules_know() -> None:
    order = {(f, v) for f, v, _, _ in load_taxonomy().document_order}
    rules = list(csv.DictReader(RULES_FILE.open(encoding="utf-8")))
    assert {("revision", r["value"]) for r in rules if r["field"] == "revision"} <= order
    assert {("kind", r["value"]) for r in rules if r["field"] == "kind"} | {("kind", "other")} <= order


def test_a_pattern_only_python_understands_is_refused_with_its_row(tmp_path: Path) -> None:
    copy = tmp_path / "taxonomy"
    shutil.copytree(TAXONOMY_DIR, copy)
    with (copy / "budget_categories.csv").open("a", encoding="utf-8") as fh:
        fh.write("software,数据(?!中心),look-ahead is not in Rust regex\n")
    rows = len((copy / "budget_categories.csv").read_text(encoding="utf-8").splitlines()) - 1
    with pytest.raises(TaxonomyError, match=rf"budget_categories.csv row {rows}: pattern '数据\(\?!中心\)'"):
        load_taxonomy(copy)
