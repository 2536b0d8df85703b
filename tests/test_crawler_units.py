"""Pure parts of the crawler: answers, windows, document identity, backoff, progress, raw store."""
from __future__ import annotations

from datetime import date, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest

from crawler import raw_store
from crawler.answers import BrokenAnswer, cninfo_page, load_json, sse_page
from crawler.documents import doc_key, match_title, resolve
from crawler.middlewares import backoff_seconds, retry_after_seconds
from crawler.progress import eta_seconds, progress_line
from crawler.settings import parse_override, source_urls
from crawler.spiders.cninfo import beijing_time, star_stocks
from crawler.spiders.listing import file_url
from crawler.spiders.sse import sse_id
from crawler.windows import Window, initial_windows, over_cap, pages_needed, split

# -- answers ---------------------------------------------------------------------------------------


def test_jsonp_and_plain_json_read_alike() -> None:
    assert load_json('jsonpCallback123({"a": [1, "x)"]});') == load_json('{"a": [1, "x)"]}') == {"a": [1, "x)"]}


@pytest.mark.parametrize(("text", "reason"), [
    ("", "empty answer"),
    ("<!DOCTYPE html><html>busy</html>", "an HTML page"),
    ('{"totalRecordNum": 3, "announcements": [', "malformed JSON"),
    ('{"totalRecordNum": 3}', "without announcements"),
    ('{"announcements": []}', "without totalRecordNum"),
    ('{"totalRecordNum": "many", "announcements": []}', "not a number"),
    ('{"totalRecordNum": 1, "announcements": {"a": 1}}', "not a list"),
])
def test_broken_cninfo_answers_are_told_apart(text: str, reason: str) -> None:
    with pytest.raises(BrokenAnswer, match=reason):
        cninfo_page(text)


def test_empty_cninfo_answer_is_null_with_zero() -> None:
    page = cninfo_page('{"totalRecordNum": 0, "totalAnnouncement": 0, "announcements": null, "hasMore": false}')
    assert (page.total, page.rows) == (0, [])


def test_sse_rows_from_result_or_page_help_data() -> None:
    assert sse_page('cb({"pageHelp": {"total": 1, "data": [{"URL": "/a.pdf"}]}, "result": null})').rows == [{"URL": "/a.pdf"}]
    with pytest.raises(BrokenAnswer, match="pageHelp"):
        sse_page('cb({"result": []})')


# -- windows ---------------------------------------------------------------------------------------

def test_windows_cover_the_range_without_gaps() -> None:
    parts = initial_windows(date(2019, 7, 22), date(2021, 1, 5), days=366)
    assert parts[0][0] == date(2019, 7, 22) and parts[-1][1] == date(2021, 1, 5)
    assert all((b[0] - a[1]).days == 1 for a, b in zip(parts, parts[1:], strict=False))


def test_split_halves_and_stops_at_one_day() -> None:
    assert split(date(2023, 1, 1), date(2023, 1, 4)) == ((date(2023, 1, 1), date(2023, 1, 2)), (date(2023, 1, 3), date(2023, 1, 4)))
    assert split(date(2023, 1, 1), date(2023, 1, 1)) is None
    assert pages_needed(61, 30) == 3 and pages_needed(0, 30) == 0
    assert over_cap(3001, 30, 100) and not over_cap(3000, 30, 100)


def test_window_reconciliation() -> None:
    w = Window("预案", date(2023, 1, 1), date(2023, 1, 31))
    w.expect(total=3, pages=1)
    w.ids |= {"1", "2"}
    w.pending.clear()
    assert w.shortfall == 1 and w.reason() == "received 2 of 3 rows reported"
    w.ids.add("3")
    assert w.reason() is None


# -- document identity -----------------------------------------------------------------------------

@pytest.mark.parametrize("title", [
    "云从科技集团股份有限公司关于本次募集资金投向属于科技创新领域的说明",
    "云从科技：关于本次募集资金投向属于科技创新领域的说明",
    "关于本次募集资金投向属于<em>科技创新领域</em>的说明",
    "688327 云从科技 关于本次募集资金投向属于科技创新领域的说明",
])
def test_titles_of_both_sites_match(title: str) -> None:
    assert match_title(title, "云从科技") == match_title("关于本次募集资金投向属于科技创新领域的说明")


def test_doc_key_separates_days_and_codes() -> None:
    a = doc_key("688327", "预案（修订稿）", "", datetime(2023, 3, 31, 20))
    assert a == doc_key("688327", "预案(修订稿)", "", date(2023, 3, 31))
    assert a != doc_key("688327", "预案（修订稿）", "", date(2023, 4, 1))
    assert a != doc_key("688328", "预案（修订稿）", "", date(2023, 3, 31))


def _row(source: str, ident: str, title: str, day: int, state: str = "downloaded", path: str | None = "p",
         first_seen: int = 0) -> dict:
    published = datetime(2023, 3, day)
    return {"source": source, "announcement_id": ident, "sec_code": "688001", "sec_name": "", "title": title,
            "published_at": published, "state": state, "path": path, "first_seen": datetime(2024, 1, 1, 0, first_seen),
            "doc_key": doc_key("688001", title, "", published)}


def test_resolve_duplicates_prefer_cninfo_and_take_over_failed_rows() -> None:
    rows = [_row("sse", "688001_X", "星科股份有限公司2023年度向特定对象发行A股股票预案", 1, first_seen=0),
            _row("cninfo", "1", "2023年度向特定对象发行A股股票预案", 1, first_seen=5),
            _row("cninfo", "2", "关于本次募集资金投向属于科技创新领域的说明", 1, state="failed", path=None),
            _row("sse", "688001_Y", "关于本次募集资金投向属于科技创新领域的说明", 1)]
    out = resolve(rows)
    assert out[("cninfo", "1")].state == "downloaded"
    assert out[("sse", "688001_X")] .duplicate_of == "cninfo:1"
    assert out[("cninfo", "2")].state == "duplicate" and out[("cninfo", "2")].duplicate_of == "sse:688001_Y"


def test_resolve_reuploads_far_apart_are_separate_raises() -> None:
    rows = [_row("cninfo", "1", "关于本次募集资金投向属于科技创新领域的说明", 1),
            _row("cninfo", "2", "关于本次募集资金投向属于科技创新领域的说明", 1)]
    rows[1]["published_at"] = datetime(2024, 3, 1)
    rows[1]["doc_key"] = doc_key("688001", rows[1]["title"], "", rows[1]["published_at"])
    assert {k: v.state for k, v in resolve(rows).items()} == {("cninfo", "1"): "downloaded", ("cninfo", "2"): "downloaded"}


def test_resolve_english_version_without_its_chinese_text_stays_skipped() -> None:
    rows = [_row("cninfo", "9", "2023年度向特定对象发行A股股票预案（英文版）", 1, state="skipped", path=None)]
    assert resolve(rows)[("cninfo", "9")].state == "skipped"


# -- politeness ------------------------------------------------------------------------------------

def test_retry_after_as_seconds_or_http_date() -> None:
    assert retry_after_seconds(b"120") == 120.0
    when = datetime(2030, 1, 1, 0, 0, 30).astimezone()
    assert retry_after_seconds(format_datetime(when, usegmt=False), now=when.timestamp() - 30) == pytest.approx(30)
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff_seconds(n, 2.0, 10.0) for n in range(5)] == [2.0, 4.0, 8.0, 10.0, 10.0]


def test_base_url_replaces_every_host_of_a_source() -> None:
    assert set(source_urls("sse", "http://127.0.0.1:8800/").values()) == {"http://127.0.0.1:8800"}
    assert source_urls("cninfo", None)["static"] == "http://static.cninfo.com.cn"
    assert parse_override("RETRY_TIMES=3") == ("RETRY_TIMES", 3)
    assert parse_override("USER_AGENT=me") == ("USER_AGENT", "me")


def test_file_urls_keep_foreign_hosts_visible() -> None:
    assert file_url("http://static.cninfo.com.cn", "finalpage/2023-03-31/1.PDF") == "http://static.cninfo.com.cn/finalpage/2023-03-31/1.PDF"
    assert file_url("https://static.sse.com.cn", "http://evil.example/x.pdf") == "http://evil.example/x.pdf"
    assert file_url("https://static.sse.com.cn", "//evil.example/x.pdf") == "https://evil.example/x.pdf"


def test_source_row_fields() -> None:
    assert beijing_time(1680192000000) == datetime(2023, 3, 31)
    assert beijing_time("bad") is None
    assert sse_id("/disclosure/listedinfo/announcement/c/new/2023-03-31/688327_20230331_ABCD.pdf") == "688327_20230331_ABCD"
    assert sse_id("", "12345") == "12345" and sse_id("/x/../../etc/pass wd.pdf") == "pass_wd"
    rows = star_stocks('{"stockList": [{"code": "688327", "orgId": "gssh0688327"}, {"code": "600000", "orgId": "x"}]}')
    assert [r["code"] for r in rows] == ["688327"]


def test_progress_line_and_eta() -> None:
    line = progress_line("cninfo", {"pages_planned": 10, "pages_listed": 5, "queued": 10, "fetched": 5,
                                    "downloaded": 4, "failed": 1}, elapsed=10.0)
    assert "pages 5/10" in line and "files 5/10" in line and "failed 1" in line and "ETA 0:10" in line
    assert eta_seconds(0, 10, 5.0) is None and eta_seconds(10, 10, 5.0) == 0.0


# -- raw store -------------------------------------------------------------------------------------

def test_adopt_only_whole_files(tmp_path: Path) -> None:
    from crawler.mirror.synthetic import minimal_pdf

    body = minimal_pdf("x")
    raw_store.store(tmp_path, "cninfo", "1", body)
    (tmp_path / "cninfo" / "2.pdf").write_bytes(body[: len(body) // 2])
    (tmp_path / "cninfo" / ".3.abc.part").write_bytes(body)
    assert raw_store.adopt(tmp_path, "cninfo", "1")[1] == raw_store.sha256(body)
    assert raw_store.adopt(tmp_path, "cninfo", "2") is None and raw_store.adopt(tmp_path, "cninfo", "9") is None
    assert raw_store.remove_partials(tmp_path) == 1 and not (tmp_path / "cninfo" / ".3.abc.part").exists()
    with pytest.raises(raw_store.BadFile, match="truncated"):
        raw_store.check_pdf(body, listed_bytes=50 * 1024)
    with pytest.raises(ValueError):
        raw_store.raw_path(tmp_path, "cninfo", "../etc/passwd")
