"""The follow stage: documents that report on money already raised, collected only for the
companies the crawler follows, with the same completeness, fault and resume rules as plans.

星链科技 (688901) has a plan, so it is followed: its issuance report, use reports, delay,
completion, change-of-use and withdrawal notices are collected. 云栖微电 (688902) has no plan
anywhere in the catalog: its listing announcement is seen (a search term matches it) and
skipped, its use report is never asked for. All companies and figures are invented.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from crawler.mirror.filings import BEIJING, Filing
from crawler.mirror.server import Mirror
from crawler.mirror.synthetic import minimal_pdf
from crawler.titles import classify_title
from tests.conftest import starboard
from tests.crawl_helpers import announcements, crawl, file_hits, query, runs, serving

FOLLOWED, STRANGER, LATECOMER = "688901", "688902", "688903"
NAMES = {FOLLOWED: "星链科技", STRANGER: "云栖微电", LATECOMER: "澜舟数智"}


def _filing(ident: str, code: str, title: str, month: int, day: int, year: int = 2023) -> Filing:
    name = NAMES[code]
    return Filing(ident, code, name, f"{name}股份有限公司", f"gssh0{code}", title,
                  datetime(year, month, day, 18, 0, tzinfo=BEIJING), load_pdf=lambda: minimal_pdf(f"doc {ident}"))


def _chain() -> list[Filing]:
    return [
        _filing("1300100001", FOLLOWED, "2023年度向特定对象发行A股股票预案", 1, 5),
        _filing("1300100002", FOLLOWED, "2023年度向特定对象发行A股股票发行情况报告书", 1, 12),
        _filing("1300100003", FOLLOWED, "关于调整募集资金投资项目拟投入募集资金金额的公告", 1, 13),
        _filing("1300100004", FOLLOWED, "关于2023年半年度募集资金存放与实际使用情况的专项报告", 1, 16),
        _filing("1300100005", FOLLOWED, "关于部分募投项目延期的公告", 1, 17),
        _filing("1300100006", FOLLOWED, "关于部分募投项目结项并将节余募集资金永久补充流动资金的公告", 1, 18),
        _filing("1300100007", FOLLOWED, "关于变更部分募集资金投资项目的公告", 1, 19),
        _filing("1300100008", FOLLOWED, "关于终止2022年度向特定对象发行A股股票事项并撤回申请文件的公告", 1, 20),
        # unwanted beside them: the sponsor's opinion, a cash-management notice, the English version
        _filing("1300100009", FOLLOWED, "中信证券股份有限公司关于星链科技股份有限公司部分募投项目延期的核查意见", 1, 17),
        _filing("1300100010", FOLLOWED, "关于使用部分暂时闲置募集资金进行现金管理的公告", 1, 21),
        _filing("1300100011", FOLLOWED, "2023年度向特定对象发行A股股票发行情况报告书（英文版）", 1, 12),
        # a company without a plan
        _filing("1300200001", STRANGER, "2022年度向特定对象发行A股股票上市公告书", 1, 9),
        _filing("1300200002", STRANGER, "关于2023年半年度募集资金存放与实际使用情况的专项报告", 1, 16),
    ]


POST_RAISE = {f"13001000{n:02d}" for n in range(2, 9)}


def _follow_windows(home: Path, run_id: int | None = None) -> list[dict]:
    sql = "SELECT * FROM listing_windows WHERE stage = 'follow'" + (" AND run_id = ?" if run_id else "")
    return query(home, sql + " ORDER BY run_id, code, term", [run_id] if run_id else [])


def test_post_raise_documents_only_for_followed_companies_and_a_second_run_fetches_nothing(tmp_path: Path) -> None:
    filings = _chain()
    with serving(filings) as mirror:
        first = crawl(tmp_path, mirror.url, source="all")
        rows = announcements(tmp_path, "cninfo")
        fetched_after_first = sorted(file_hits(mirror))
        second = crawl(tmp_path, mirror.url, source="all")
        fetched_after_second = sorted(file_hits(mirror))
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    downloaded = {k for k, r in rows.items() if r["state"] == "downloaded"}
    assert downloaded == {"1300100001"} | POST_RAISE
    # the catalog records what each one is
    assert {rows[k]["kind"] for k in POST_RAISE} == {"issuance_result", "reallocation", "use_report", "use_change",
                                                     "withdrawal"}
    assert all(rows[k]["kind"] == classify_title(rows[k]["title"]).kind for k in rows)
    # unwanted titles of the followed company are skipped (the translation is superseded by its full text)
    assert rows["1300100009"]["state"] == "skipped" and "intermediary_opinion" in rows["1300100009"]["reason"]
    assert rows["1300100010"]["state"] == "skipped"
    assert (rows["1300100011"]["state"], rows["1300100011"]["superseded_by"]) == ("superseded", "cninfo:1300100002")
    # the company without a plan: its listing announcement was seen and skipped, its use report never listed
    assert rows["1300200001"]["state"] == "skipped" and rows["1300200001"]["reason"].startswith("company not followed")
    assert "1300200002" not in rows
    assert not {"1300200001", "1300200002"} & set(fetched_after_first)
    # per-company listings for the followed company only, every one reconciled
    follow = _follow_windows(tmp_path, runs(tmp_path)[0]["run_id"])
    assert {w["code"] for w in follow} == {FOLLOWED}
    assert {w["term"] for w in follow} == {"发行", "募集资金", "募投", "验资"}
    assert all(w["status"] == "complete" and w["received"] == w["expected"] for w in follow)
    # SSE lists the same documents: second copies, nothing downloaded twice
    sse = announcements(tmp_path, "sse")
    assert sum(r["state"] == "duplicate" for r in sse.values()) == len(downloaded)
    # the second run fetches nothing new
    assert fetched_after_second == fetched_after_first and fetched_after_first == sorted(downloaded)
    assert [(r["source"], r["downloaded"], r["failed"]) for r in runs(tmp_path)] == [
        ("cninfo", len(downloaded), 0), ("sse", 0, 0), ("cninfo", 0, 0), ("sse", 0, 0)]
    assert runs(tmp_path)[2]["counts"]["followed"] == 1


def test_a_failed_post_raise_file_is_a_failed_row_retried_by_the_next_run(tmp_path: Path) -> None:
    filings = _chain()
    use_report = next(f for f in filings if f.announcement_id == "1300100004")
    with serving(filings) as mirror:
        mirror.faults.add("file", "status", match="1300100004", status=503, times=None)
        mirror.faults.add("file", "status", match=use_report.sse_id, status=503, times=None)
        first = crawl(tmp_path, mirror.url, source="all")
        failed = announcements(tmp_path, "cninfo")["1300100004"]
        mirror.faults.clear()
        second = crawl(tmp_path, mirror.url, source="all")
    assert first.returncode == 4, first.stderr  # partial: a file failed
    assert failed["state"] == "failed" and failed["reason"] == "download failed: HTTP 503"
    assert failed["kind"] == "use_report"
    assert second.returncode == 0, second.stderr
    row = announcements(tmp_path, "cninfo")["1300100004"]
    assert (row["state"], row["attempts"]) == ("downloaded", 2)
    assert (tmp_path / row["path"]).read_bytes() == use_report.pdf


def test_a_short_follow_listing_is_an_error_and_the_company_is_listed_again_from_its_start(tmp_path: Path) -> None:
    filings = _chain()
    with serving(filings) as mirror:
        # the delay notice is only on the 募投 listing of 星链科技: that listing stays broken
        mirror.faults.add("cninfo_query", "status", match="1300100005", status=500, times=None)
        first = crawl(tmp_path, mirror.url)
        after_first = announcements(tmp_path, "cninfo")
        mirror.faults.clear()
        second = crawl(tmp_path, mirror.url, window=False)  # incremental
        third = crawl(tmp_path, mirror.url, window=False)
    assert first.returncode == 4, first.stderr
    [run1, run2, run3] = runs(tmp_path)
    assert run1["status"] == "partial" and not run1["listing_complete"]
    assert any("募投 688901 (follow)" in e and "HTTP 500" in e for e in run1["errors"])
    short = [w for w in _follow_windows(tmp_path, run1["run_id"]) if w["status"] == "short"]
    assert [(w["code"], w["term"]) for w in short] == [(FOLLOWED, "募投")]
    assert "1300100005" not in after_first and after_first["1300100006"]["state"] == "downloaded"
    assert second.returncode == 0, second.stderr
    assert announcements(tmp_path, "cninfo")["1300100005"]["state"] == "downloaded"
    # no complete follow listing of 星链科技 before run 2: it is listed from the STAR market's opening
    assert {str(w["start_date"]) for w in _follow_windows(tmp_path, run2["run_id"])} == {"2019-07-22"}
    # then from where run 2 ended, minus the lookback
    until = run2["until"]
    assert {(w["start_date"] - until).days for w in _follow_windows(tmp_path, run3["run_id"])} == {-7}
    assert third.returncode == 0 and run3["downloaded"] == 0


def test_a_company_that_files_a_plan_later_is_followed_back_to_its_earlier_documents(tmp_path: Path) -> None:
    early = [
        _filing("1300300001", LATECOMER, "2021年度向特定对象发行A股股票上市公告书", 6, 10, 2021),
        _filing("1300300002", LATECOMER, "关于2022年半年度募集资金存放与实际使用情况的专项报告", 8, 20, 2022),
    ]
    yesterday = datetime.now(BEIJING) - timedelta(days=1)
    plan = _filing("1300300003", LATECOMER, f"{yesterday.year}年度向特定对象发行A股股票预案", yesterday.month,
                   yesterday.day, yesterday.year)
    mirror = Mirror(early)
    with mirror as url:
        first = starboard("crawl", "--base-url", url, "--source", "cninfo", "--no-progress", home=tmp_path,
                          check=False)
        before = announcements(tmp_path, "cninfo")
        _ = plan.pdf  # the plan is published
        mirror.httpd.filings.append(plan)
        mirror.httpd.by_adjunct[plan.adjunct_url] = plan
        second = starboard("crawl", "--base-url", url, "--source", "cninfo", "--no-progress", home=tmp_path,
                           check=False)
    assert first.returncode == 0 and second.returncode == 0, second.stderr
    assert before["1300300001"]["state"] == "skipped" and "1300300002" not in before
    after = announcements(tmp_path, "cninfo")
    assert {k: r["state"] for k, r in after.items()} == {k: "downloaded" for k in ("1300300001", "1300300002",
                                                                                    "1300300003")}
    assert after["1300300001"]["attempts"] == 1  # the row skipped by run 1 is the one fetched now
    [_, run2] = runs(tmp_path)
    assert run2["mode"] == "incremental" and str(run2["since"]) > "2022-08-20"  # the plan listing is recent …
    assert {str(w["start_date"]) for w in _follow_windows(tmp_path, run2["run_id"])} == {"2019-07-22"}  # … its follows not


def test_code_option_follows_a_company_without_a_plan(tmp_path: Path) -> None:
    filings = _chain()
    with serving(filings) as mirror:
        proc = crawl(tmp_path, mirror.url, "--code", STRANGER, source="sse")
    assert proc.returncode == 0, proc.stderr
    rows = announcements(tmp_path, "sse")
    assert {r["sec_code"] for r in rows.values()} == {STRANGER}
    assert {r["state"] for r in rows.values()} == {"downloaded"} and len(rows) == 2
    assert {w["code"] for w in _follow_windows(tmp_path)} == {STRANGER}


def test_a_follow_listing_over_the_page_cap_is_split_and_reconciled(tmp_path: Path) -> None:
    filings = [_filing("1300100001", FOLLOWED, "2023年度向特定对象发行A股股票预案", 1, 3)]
    filings += [_filing(f"13001010{n:02d}", FOLLOWED, f"关于第{n}期募集资金存放与实际使用情况的专项报告", 1 + n // 28,
                        1 + n % 28) for n in range(40)]
    with serving(filings, page_cap=1) as mirror:
        proc = crawl(tmp_path, mirror.url, "--until", "2023-02-28", window=False,
                     settings=("STARBOARD_FOLLOW_TERMS=[\"募集资金\"]", "STARBOARD_PAGE_CAP=1"))
    assert proc.returncode == 0, proc.stderr
    windows = _follow_windows(tmp_path)
    assert any(w["status"] == "split" for w in windows)
    assert all(w["status"] in ("complete", "split") for w in windows)
    rows = announcements(tmp_path, "cninfo")
    assert sum(r["state"] == "downloaded" for r in rows.values()) == 41
