"""The crawler against the local server: catalog and raw store after real crawls (both sources)."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

from crawler.mirror.corpus import Fixture
from crawler.mirror.filings import BEIJING, Filing
from crawler.mirror.server import Mirror
from crawler.mirror.synthetic import minimal_pdf
from crawler.settings import BASE
from crawler.spiders.cninfo import search_terms
from crawler.spiders.listing import follow_terms
from crawler.titles import classify_title
from tests.conftest import starboard
from tests.crawl_helpers import (
    announcements,
    assert_downloaded,
    crawl,
    file_hits,
    query,
    runs,
    serving,
    synthetic,
)


def _expected_states(corpus: list[Fixture]) -> dict[str, str]:
    """What the crawler should make of each bundled filing, from its title and planned breakage:
    titles no search term matches are never listed, unless a follow term matches a title of a
    followed company (one with a plan-family title the search terms list); unwanted titles,
    and post-raise titles of companies not followed, are skipped (or superseded, for a
    translation or summary of a listed full text); a broken download is failed."""
    def listed_by(f: Fixture, terms: list[str]) -> bool:
        return any(t in f.spec["title"] for t in terms)

    visible = [f for f in corpus if not f.spec.get("hidden_from_listing")]
    by_terms = [f for f in visible if listed_by(f, search_terms())]
    followed = {f.spec["code"] for f in by_terms if classify_title(f.spec["title"]).plan_family}
    listed = by_terms + [f for f in visible if f not in by_terms and f.spec["code"] in followed
                         and listed_by(f, follow_terms())]

    def state(f: Fixture) -> str:
        cls = classify_title(f.spec["title"])
        if not cls.wanted or (not cls.plan_family and f.spec["code"] not in followed):
            return "skipped"
        return "failed" if f.spec.get("broken") else "downloaded"

    return {f.announcement_id: state(f) for f in listed}


def test_crawl_downloads_every_filing_once(tmp_path: Path, corpus: list[Fixture]) -> None:
    expected = _expected_states(corpus)
    by_id = {f.announcement_id: f for f in corpus}
    with Mirror(corpus) as url:
        first = starboard("crawl", "--base-url", url, "--no-progress", home=tmp_path, check=False)
        cninfo = announcements(tmp_path, "cninfo")
        assert sorted(cninfo) == sorted(expected), first.stderr
        for ann_id, row in cninfo.items():
            want = expected[ann_id]
            assert row["sec_code"] == by_id[ann_id].spec["code"]
            if want == "skipped":
                assert row["state"] in ("skipped", "superseded") and row["attempts"] == 0 and row["path"] is None
                assert (row["state"] == "superseded") == (row["superseded_by"] is not None)
                continue
            assert row["attempts"] == 1
            if want == "failed":
                assert row["state"] == "failed" and row["reason"]
                assert (tmp_path / "raw" / "cninfo" / "rejected" / f"{ann_id}.bin").read_bytes() == by_id[ann_id].pdf
                continue
            stored = tmp_path / row["path"]
            assert row["state"] in ("downloaded", "superseded")  # superseded: a later re-upload replaced it
            assert stored == tmp_path / "raw" / "cninfo" / f"{ann_id}.pdf"
            assert stored.read_bytes() == by_id[ann_id].pdf
            assert row["sha256"] == hashlib.sha256(stored.read_bytes()).hexdigest()
            assert row["bytes"] == stored.stat().st_size and row["org_id"] == by_id[ann_id].spec["org_id"]
        # SSE lists the same filings: one document each, both URLs kept, no second download
        sse = announcements(tmp_path, "sse")
        held = {i for i, s in expected.items() if s == "downloaded"}
        assert len(sse) == len(expected)
        assert sorted(r["duplicate_of"] for r in sse.values() if r["state"] == "duplicate") == sorted(
            f"cninfo:{i}" for i in held)
        assert sum(r["state"] == "failed" for r in sse.values()) == sum(s == "failed" for s in expected.values())
        docs = query(tmp_path, "SELECT announcement_id, cninfo_url, sse_url FROM documents")
        assert len(docs) == sum(cninfo[i]["state"] == "downloaded" for i in held)
        assert all(d["cninfo_url"].endswith(".PDF") and "/disclosure/listedinfo/" in d["sse_url"] for d in docs)
        assert "cninfo run 1" in first.stdout and "sse run 2" in first.stdout

        second = starboard("crawl", "--base-url", url, "--no-progress", home=tmp_path, check=False)
    assert "downloaded 0" in second.stdout
    attempts = {i: r["attempts"] for i, r in announcements(tmp_path, "cninfo").items()}
    for ann_id, state in expected.items():  # nothing held is fetched again; failures are retried
        assert attempts[ann_id] == {"downloaded": 1, "failed": 2, "skipped": 0}[state]
    failed = sum(s == "failed" for s in expected.values())
    status = "partial" if failed else "ok"
    assert [(r["source"], r["status"], r["downloaded"], r["failed"]) for r in runs(tmp_path)] == [
        ("cninfo", status, len(held), failed), ("sse", status, 0, failed),
        ("cninfo", status, 0, failed), ("sse", status, 0, failed)]
    assert first.returncode == second.returncode == (4 if failed else 0)


def test_unreachable_source_fails_clearly(tmp_path: Path) -> None:
    proc = starboard("crawl", "--base-url", "http://127.0.0.1:9", "--no-progress", "--until", "2019-12-31",
                     home=tmp_path, check=False)
    assert proc.returncode == 1
    rows = runs(tmp_path)
    assert [(r["source"], r["status"], r["listing_complete"]) for r in rows] == [
        ("cninfo", "failed", False), ("sse", "failed", False)]
    assert all(r["errors"] for r in rows)  # every unreadable window is named


def test_sse_alone_pages_through_jsonp_with_referer(tmp_path: Path) -> None:
    filings = synthetic(80)
    with serving(filings) as mirror:
        proc = crawl(tmp_path, mirror.url, source="sse")
        hits = mirror.faults.requests("sse_query")
    assert proc.returncode == 0, proc.stderr
    assert_downloaded(tmp_path, filings, "sse")
    assert hits and all(h.headers.get("Referer", "").endswith("/disclosure/listedinfo/announcement/") for h in hits)
    assert any("3" in h.keys for h in hits)  # page 3 of 向特定对象发行 was asked for (and served, else a shortfall)
    [run] = runs(tmp_path)
    assert run["status"] == "ok" and run["listing_complete"] and run["shortfall"] == 0


def test_same_filing_on_both_sources_is_one_document(tmp_path: Path) -> None:
    filings = synthetic(30)
    for f in filings[:5]:
        f.on_cninfo = False  # only on SSE
    for f in filings[5:8]:
        f.on_sse = False  # only on cninfo
    with serving(filings) as mirror:
        proc = crawl(tmp_path, mirror.url, source="all")
    assert proc.returncode == 0, proc.stderr
    assert_downloaded(tmp_path, filings[5:], "cninfo")
    assert_downloaded(tmp_path, filings[:5], "sse")
    sse = announcements(tmp_path, "sse")
    dups = {k: r for k, r in sse.items() if r["state"] == "duplicate"}
    assert {r["duplicate_of"] for r in dups.values()} == {f"cninfo:{f.announcement_id}" for f in filings[8:]}
    downloaded = query(tmp_path, "SELECT count(*) AS n FROM announcements WHERE state = 'downloaded'")[0]["n"]
    assert downloaded == len(filings)  # what the build reads: one row per document
    both = query(tmp_path, "SELECT count(*) AS n FROM documents WHERE cninfo_url IS NOT NULL AND sse_url IS NOT NULL")
    assert both[0]["n"] == len(filings) - 8


def test_incremental_default_then_full(tmp_path: Path) -> None:
    filings = synthetic(20)
    with serving(filings) as mirror:
        crawl(tmp_path, mirror.url, check=True)
        crawl(tmp_path, mirror.url, "--until", "2023-01-31", window=False, check=True)
        crawl(tmp_path, mirror.url, "--full", "--until", "2023-01-31", window=False, check=True)
        fetched = file_hits(mirror)
    first, incremental, full = runs(tmp_path)
    assert (first["mode"], str(first["since"]), str(first["until"])) == ("range", "2023-01-01", "2023-01-31")
    assert (incremental["mode"], str(incremental["since"])) == ("incremental", "2023-01-24")  # 7-day lookback
    assert (full["mode"], str(full["since"])) == ("full", "2019-07-22")
    assert full["pages_listed"] > 0 and full["counts"]["already_held"] == len(filings)
    assert sorted(fetched) == sorted(f.announcement_id for f in filings)  # each file fetched once, ever


def test_only_wanted_titles_of_star_codes(tmp_path: Path) -> None:
    filings = synthetic(40, unwanted_every=4, main_board_every=5)
    with serving(filings) as mirror:
        proc = crawl(tmp_path, mirror.url, settings=('STARBOARD_TERMS=["向特定对象发行", "科技创新领域", '
                                                      '"可转换公司债券", "年度报告"]',))
    assert proc.returncode == 0, proc.stderr
    rows = announcements(tmp_path)
    star = [f for f in filings if f.code.startswith("68")]
    assert not [f for f in filings if not f.code.startswith("68") and f.announcement_id in rows]
    skipped = {k for k, r in rows.items() if r["state"] == "skipped"}
    unwanted = {f.announcement_id for f in star if "英文版" in f.title or "提示性" in f.title
                or "核查意见" in f.title or "年度报告" in f.title}
    assert skipped == unwanted and all(rows[k]["reason"].startswith("title not wanted") for k in skipped)
    assert {k for k, r in rows.items() if r["state"] == "downloaded"} == {f.announcement_id for f in star} - unwanted
    assert not (tmp_path / "raw" / "cninfo").exists() or all(
        (tmp_path / "raw" / "cninfo" / f"{k}.pdf").exists() is False for k in skipped)


def _filing(ident: str, title: str, day: int, code: str = "688901") -> Filing:
    return Filing(ident, code, "星链科技", "星链科技股份有限公司", "gssh0688901", title,
                  datetime(2023, 1, day, 20, 0, tzinfo=BEIJING), load_pdf=lambda: minimal_pdf(f"doc {ident}"))


def test_superseded_versions_point_to_their_replacement(tmp_path: Path) -> None:
    filings = [
        _filing("1300000001", "2023年度向特定对象发行A股股票预案", 5),
        _filing("1300000002", "2023年度向特定对象发行A股股票预案（英文版）", 6),
        _filing("1300000003", "2023年度向特定对象发行A股股票预案（更正后）", 9),
        _filing("1300000004", "2023年度向特定对象发行A股股票预案（修订稿）", 20),
        _filing("1300000005", "2023年度向特定对象发行A股股票募集说明书（申报稿）", 21),
        _filing("1300000006", "2023年度向特定对象发行A股股票募集说明书摘要", 21),
    ]
    with serving(filings) as mirror:
        proc = crawl(tmp_path, mirror.url, source="all")
    assert proc.returncode == 0, proc.stderr
    rows = announcements(tmp_path, "cninfo")
    states = {k: (r["state"], r["superseded_by"]) for k, r in rows.items()}
    assert states == {
        "1300000001": ("superseded", "cninfo:1300000003"),  # re-uploaded as 更正后
        "1300000002": ("superseded", "cninfo:1300000003"),  # English version of the plan
        "1300000003": ("downloaded", None),
        "1300000004": ("downloaded", None),  # a revision is a document of its own
        "1300000005": ("downloaded", None),
        "1300000006": ("superseded", "cninfo:1300000005"),  # summary of the prospectus
    }
    assert (tmp_path / rows["1300000001"]["path"]).read_bytes() == filings[0].pdf  # kept, not deleted


def test_code_filter_uses_org_id_from_the_stock_list(tmp_path: Path, corpus: list[Fixture]) -> None:
    with Mirror(corpus) as url:
        proc = starboard("crawl", "--base-url", url, "--source", "cninfo", "--code", "688327", "--no-progress",
                         home=tmp_path, check=False)
    assert proc.returncode == 0, proc.stderr
    rows = announcements(tmp_path)
    assert {r["sec_code"] for r in rows.values()} == {"688327"}  # a wrong orgId would list nothing
    stocks = query(tmp_path, "SELECT code, org_id FROM stocks ORDER BY code")
    assert {(s["code"], s["org_id"]) for s in stocks} == {(f.spec["code"], f.spec["org_id"]) for f in corpus}


def test_stock_list_is_refreshed_every_run(tmp_path: Path) -> None:
    filings = synthetic(5)
    with serving(filings) as mirror:
        crawl(tmp_path, mirror.url, check=True)
        filings[0].org_id = "9900123456"
        crawl(tmp_path, mirror.url, check=True)
    org = query(tmp_path, "SELECT org_id FROM stocks WHERE code = ?", [filings[0].code])
    assert org == [{"org_id": "9900123456"}]


def test_status_per_source(tmp_path: Path) -> None:
    filings = synthetic(12)
    with serving(filings) as mirror:
        mirror.faults.add("file", "status", match=filings[3].announcement_id, status=404, times=None)
        crawl(tmp_path, mirror.url, source="all")
    proc = starboard("status", home=tmp_path)
    assert "cninfo" in proc.stdout and "sse" in proc.stdout
    assert "last successful crawl: never" in proc.stdout  # cninfo's run was partial
    assert f"{filings[3].announcement_id} {filings[3].code} (attempts 1): download failed: HTTP 404" in proc.stdout
    report = json.loads(starboard("status", "--json", home=tmp_path).stdout)
    assert report["cninfo"]["documents"] == {"downloaded": 11, "failed": 1}
    assert report["sse"]["last_successful"] is None
    assert report["sse"]["documents"] == {"duplicate": 11, "failed": 1}  # neither site serves that one
    assert report["sse"]["recent_failures"][0]["reason"] == "download failed: HTTP 404"


def test_plain_progress_lines_and_polite_identity(tmp_path: Path) -> None:
    filings = synthetic(6)
    with serving(filings) as mirror:
        proc = starboard("crawl", "--base-url", mirror.url, "--source", "cninfo", *("--since", "2023-01-01"),
                         "--until", "2023-01-31", home=tmp_path)
        agents = {h.headers.get("User-Agent") for h in mirror.faults.log}
    assert "progress: cninfo" in proc.stderr and "\x1b[" not in proc.stderr  # plain lines, no live redraw
    assert agents == {BASE["USER_AGENT"]} and "starboard" in BASE["USER_AGENT"]
    assert BASE["CONCURRENT_REQUESTS_PER_DOMAIN"] <= 2 and BASE["AUTOTHROTTLE_ENABLED"]
    assert BASE["DOWNLOADER_MIDDLEWARES"]["crawler.middlewares.PoliteRetryMiddleware"]


def test_bad_arguments_exit_2(tmp_path: Path) -> None:
    for args in (["--source", "szse"], ["--since", "2023-13-01"], ["--full", "--since", "2023-01-01"],
                 ["--code", "600000"], ["--set", "NOVALUE"]):
        proc = starboard("crawl", *args, home=tmp_path, check=False)
        assert proc.returncode == 2, (args, proc.stderr)


def test_same_bytes_under_another_id_are_not_stored_twice(tmp_path: Path) -> None:
    first = _filing("1300000011", "2023年度向特定对象发行A股股票预案", 5)
    same = _filing("1300000012", "2023年度向特定对象发行A股股票方案的论证分析报告", 6)
    same.load_pdf = first.load_pdf  # a company posting one file twice under two titles
    with serving([first, same]) as mirror:
        proc = crawl(tmp_path, mirror.url)
    assert proc.returncode == 0, proc.stderr
    rows = announcements(tmp_path, "cninfo")
    [kept] = [r for r in rows.values() if r["state"] == "downloaded"]  # whichever arrived first
    [dup] = [r for r in rows.values() if r["state"] == "duplicate"]
    assert dup["duplicate_of"] == f"cninfo:{kept['announcement_id']}"
    assert dup["path"] == kept["path"] and dup["sha256"] == kept["sha256"]
    assert [p.name for p in (tmp_path / "raw" / "cninfo").glob("*.pdf")] == [f"{kept['announcement_id']}.pdf"]
    assert (tmp_path / kept["path"]).read_bytes() == first.pdf
