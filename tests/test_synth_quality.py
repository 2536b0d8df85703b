"""Synthetic homes pass the data-quality gate honestly: only a home synth marked accepts
synthetic codes (Z + five digits) and synth:// URLs, every other check stays as written, and
the same catalog without the marker is blocked as any real home would block it."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.build import build
from pipeline.home import DataHome
from pipeline.quality.check import QualityBlocked
from pipeline.quality.suites import Suite, SuiteError, load_suites
from pipeline.quality.synthetic import ALSO_ACCEPTED, for_home, widen
from pipeline.synth import CODE_PATTERN, MARKER, URL_SCHEME
from pipeline.synth.store import write_synth

WIDENED = set(ALSO_ACCEPTED)


@pytest.fixture(scope="module")
def synth_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "home"
    write_synth(out, 3, seed=2, pdf=True, workers=1)
    return out


@pytest.fixture
def home(synth_source: Path, tmp_path: Path) -> DataHome:
    shutil.copytree(synth_source, tmp_path / "home")
    return DataHome(tmp_path / "home")


def catalog_sql(home: DataHome, sql: str) -> list[tuple]:
    con = duckdb.connect(str(home.catalog))
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def blocked_checks(home: DataHome) -> list[str]:
    with pytest.raises(QualityBlocked) as info:
        build(home, jobs=1)
    assert not home.warehouse.exists()  # nothing was published
    return sorted(r.check_id for r in info.value.run.failed("blocking"))


def test_a_synthetic_home_publishes_with_its_codes_and_urls_checked(home: DataHome) -> None:
    codes, urls = zip(*catalog_sql(home, "SELECT sec_code, url FROM announcements"), strict=True)
    assert all(re.fullmatch(CODE_PATTERN, c) for c in codes)
    assert all(u.startswith(URL_SCHEME) for u in urls)
    run = build(home, jobs=1).quality
    assert run is not None and not run.blocked
    by_id = {r.check_id: r for r in run.results}
    for check_id in WIDENED:
        result = by_id[check_id]
        assert result.success and result.checked_rows > 0, check_id
        assert "synthetic data home" in result.description  # the report says the rule applied
    assert not [r.check_id for r in run.failed("warning") if r.check_id == "documents.code_is_star_market"]


def test_without_the_marker_the_same_catalog_is_blocked(home: DataHome) -> None:
    (home.root / MARKER).unlink()
    assert blocked_checks(home) == ["catalog.code_is_star_market", "catalog.url_on_allowed_host"]


def test_a_synthetic_home_still_blocks_codes_and_urls_that_are_neither(home: DataHome) -> None:
    first, second = [r[0] for r in catalog_sql(home, "SELECT announcement_id FROM announcements ORDER BY 1 LIMIT 2")]
    catalog_sql(home, f"UPDATE announcements SET sec_code = '600519' WHERE announcement_id = '{first}'")
    catalog_sql(home, f"UPDATE announcements SET url = 'https://example.com/a.pdf' WHERE announcement_id = '{second}'")
    assert blocked_checks(home) == ["catalog.code_is_star_market", "catalog.url_on_allowed_host"]


def test_only_the_named_checks_change_and_only_in_a_marked_home(tmp_path: Path) -> None:
    suites = load_suites()
    assert for_home(suites, tmp_path) is suites
    (tmp_path / MARKER).write_text("synthetic\n", encoding="utf-8")
    widened = for_home(suites, tmp_path)
    before = {c.check_id: c for s in suites for c in s.checks}
    after = {c.check_id: c for s in widened for c in s.checks}
    assert before.keys() == after.keys()
    changed = {k for k in before if before[k] != after[k]}
    assert changed == WIDENED
    for check_id in changed:
        assert after[check_id].severity == before[check_id].severity
    real = {"catalog.code_is_star_market": "688327", "documents.code_is_star_market": "689009",
            "catalog.url_on_allowed_host": "http://static.cninfo.com.cn/finalpage/2023-03-30/1216233451.PDF"}
    synthetic = {"catalog.code_is_star_market": "Z00042", "documents.code_is_star_market": "Z99999",
                 "catalog.url_on_allowed_host": "synth://seed-0/SYN000000000"}
    for check_id in changed:
        regex = after[check_id].kwargs["regex"]
        assert re.match(regex, real[check_id]) and re.match(before[check_id].kwargs["regex"], real[check_id])
        assert re.match(regex, synthetic[check_id]) and not re.match(before[check_id].kwargs["regex"], synthetic[check_id])
    code = after["catalog.code_is_star_market"].kwargs["regex"]
    assert not re.match(code, "600519") and not re.match(code, "Z000421") and not re.match(code, "Y00042")
    url = after["catalog.url_on_allowed_host"].kwargs["regex"]
    assert not re.match(url, "https://example.com/synth://x") and not re.match(url, "file:///etc/passwd")
    spec_regex = {e["meta"]["check"]: e["kwargs"].get("regex") for s in widened for e in s.spec["expectations"]}
    assert spec_regex["catalog.code_is_star_market"] == code  # what GX evaluates is what the report shows


def test_a_stale_rule_is_an_error_not_a_silent_pass() -> None:
    catalog: Suite = next(s for s in load_suites() if s.name == "catalog")
    renamed = [c for c in catalog.checks if c.check_id != "catalog.code_is_star_market"]
    stale = Suite(catalog.name, catalog.frame, catalog.key, catalog.about, catalog.flag_joins, tuple(renamed),
                  catalog.spec)
    with pytest.raises(SuiteError, match="code_is_star_market"):
        widen([stale])
