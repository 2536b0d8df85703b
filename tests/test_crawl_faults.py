"""Every fault the real sites show, each in its own test, asserted on the catalog and raw store.

The server (127.0.0.1) is told to misbehave; the crawl runs as the real CLI in a
subprocess; afterwards the exact set of stored ids, their bytes, the failed rows and their
reasons, and the run rows are checked, and where the fault was transient, that the
crawl recovered without losing or duplicating anything.
"""
from __future__ import annotations

from pathlib import Path

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

#: 60 synthetic filings → 向特定对象发行 lists 45 rows: cninfo pages of 30 (p1, p2), SSE of 25
N = 60


def _page_hits(mirror, endpoint: str, page: str) -> list:  # noqa: ANN001 - test helper
    return [h for h in mirror.faults.requests(endpoint) if page in h.keys]


# -- listing faults --------------------------------------------------------------------------------

def test_listing_5xx_is_retried(tmp_path: Path) -> None:
    filings = synthetic(N)
    with serving(filings) as mirror:
        mirror.faults.add("cninfo_query", "status", match="2", status=502, times=2)
        proc = crawl(tmp_path, mirror.url)
        hits = _page_hits(mirror, "cninfo_query", "2")
    assert proc.returncode == 0, proc.stderr
    assert [h.fault for h in hits] == ["status", "status", None]
    assert_downloaded(tmp_path, filings)


def test_listing_that_stays_broken_is_a_recorded_shortfall_then_completed(tmp_path: Path) -> None:
    filings = synthetic(N)
    with serving(filings) as mirror:
        mirror.faults.add("cninfo_query", "status", match="2", status=500, times=None)
        proc = crawl(tmp_path, mirror.url)
        assert proc.returncode == 4, proc.stderr  # partial
        [run] = runs(tmp_path)
        assert run["status"] == "partial" and not run["listing_complete"] and run["shortfall"] > 0
        assert any("向特定对象发行" in e and "HTTP 500" in e for e in run["errors"])
        short = query(tmp_path, "SELECT term, expected, received, status FROM listing_windows WHERE status = 'short'")
        assert [(s["term"], s["expected"], s["received"]) for s in short] == [("向特定对象发行", 45, 30)]
        mirror.faults.clear()
        again = crawl(tmp_path, mirror.url, window=False)  # incremental: restarts where it was incomplete
    assert again.returncode == 0, again.stderr
    assert str(runs(tmp_path)[1]["since"]) == "2019-07-22"  # no complete listing yet, so from the start
    assert_downloaded(tmp_path, filings)


def test_malformed_json_is_asked_again(tmp_path: Path) -> None:
    filings = synthetic(N)
    with serving(filings) as mirror:
        mirror.faults.add("cninfo_query", "malformed", match="2", times=1)
        proc = crawl(tmp_path, mirror.url)
        hits = _page_hits(mirror, "cninfo_query", "2")
    assert proc.returncode == 0, proc.stderr
    assert [h.fault for h in hits] == ["malformed", None]
    assert runs(tmp_path)[0]["counts"]["pages_reasked"] == 1
    assert_downloaded(tmp_path, filings)


def test_html_error_page_instead_of_json_is_asked_again(tmp_path: Path) -> None:
    filings = synthetic(N)
    with serving(filings) as mirror:
        mirror.faults.add("sse_query", "html", match="2", times=1)
        proc = crawl(tmp_path, mirror.url, source="sse")
    assert proc.returncode == 0, proc.stderr
    assert_downloaded(tmp_path, filings, "sse")


def test_jsonp_wrapped_json_is_read(tmp_path: Path) -> None:
    filings = synthetic(N)
    with serving(filings) as mirror:
        mirror.faults.add("cninfo_query", "jsonp", times=None)
        proc = crawl(tmp_path, mirror.url)
        wrapped = [h for h in mirror.faults.requests("cninfo_query") if h.fault == "jsonp"]
    assert proc.returncode == 0, proc.stderr
    assert len(wrapped) >= 4 and runs(tmp_path)[0]["counts"].get("pages_reasked", 0) == 0
    assert_downloaded(tmp_path, filings)


def test_empty_page_in_the_middle_is_asked_again(tmp_path: Path) -> None:
    filings = synthetic(N)
    with serving(filings) as mirror:
        mirror.faults.add("sse_query", "empty_page", match="2", times=1)
        proc = crawl(tmp_path, mirror.url, source="sse")
    assert proc.returncode == 0, proc.stderr
    assert_downloaded(tmp_path, filings, "sse")


def test_empty_page_that_stays_empty_is_a_shortfall(tmp_path: Path) -> None:
    filings = synthetic(N)
    with serving(filings) as mirror:
        mirror.faults.add("sse_query", "empty_page", match="2", times=None)
        proc = crawl(tmp_path, mirror.url, source="sse")
    assert proc.returncode == 4
    [run] = runs(tmp_path)
    assert any("empty page 2 of 2" in e for e in run["errors"]) and not run["listing_complete"]
    held = {k for k, r in announcements(tmp_path).items() if r["state"] == "downloaded"}
    assert len(held) == N - 20  # every row that did arrive is kept; only page 2's 20 rows are missing


def test_duplicates_across_pages_are_one_row(tmp_path: Path) -> None:
    filings = synthetic(N)
    with serving(filings) as mirror:
        mirror.faults.add("cninfo_query", "duplicate_rows", match="2", times=None)
        proc = crawl(tmp_path, mirror.url)
    assert proc.returncode == 0, proc.stderr
    assert runs(tmp_path)[0]["counts"]["repeats"] >= 2
    rows = query(tmp_path, "SELECT announcement_id, count(*) AS n FROM announcements GROUP BY 1 HAVING n > 1")
    assert rows == []
    assert_downloaded(tmp_path, filings)


def test_rows_shifted_between_pages_are_caught_by_reconciliation(tmp_path: Path) -> None:
    filings = synthetic(N)
    with serving(filings) as mirror:
        mirror.faults.add("cninfo_query", "shift_rows", match="2", times=1)  # one row falls between pages
        proc = crawl(tmp_path, mirror.url)
    assert proc.returncode == 0, proc.stderr
    [run] = runs(tmp_path)
    assert run["counts"]["windows_relisted"] == 1 and run["listing_complete"]
    assert_downloaded(tmp_path, filings)


def test_silent_page_cap_is_avoided_by_splitting_windows(tmp_path: Path) -> None:
    filings = synthetic(N)
    with serving(filings, page_cap=1) as mirror:  # pages past the first come back empty, silently
        proc = crawl(tmp_path, mirror.url, settings=("STARBOARD_PAGE_CAP=1",))
    assert proc.returncode == 0, proc.stderr
    [run] = runs(tmp_path)
    assert run["counts"]["windows_split"] >= 1 and run["listing_complete"]
    windows = query(tmp_path, "SELECT expected, received, pages FROM listing_windows WHERE status = 'complete'")
    assert all(w["pages"] <= 1 and w["expected"] == w["received"] for w in windows)
    assert_downloaded(tmp_path, filings)


def test_silent_page_cap_that_was_not_expected_is_reported_not_hidden(tmp_path: Path) -> None:
    filings = synthetic(N)
    with serving(filings, page_cap=1) as mirror:  # the site caps at 1 page; the crawler thinks 100
        proc = crawl(tmp_path, mirror.url)
    assert proc.returncode == 4
    [run] = runs(tmp_path)
    assert run["shortfall"] == 15 and any("received 30 of 45" in e or "empty page" in e for e in run["errors"])


def test_stock_list_broken_falls_back_to_the_last_refresh(tmp_path: Path) -> None:
    filings = synthetic(10)
    with serving(filings) as mirror:
        crawl(tmp_path, mirror.url, check=True)
        mirror.faults.add("stock_list", "malformed", times=None)
        proc = crawl(tmp_path, mirror.url, "--code", filings[2].code)
    assert proc.returncode == 4  # recorded as an error, but the listing went on with the known orgId
    last = runs(tmp_path)[-1]
    assert any("stock list unavailable" in e for e in last["errors"]) and last["listing_complete"]
    assert last["counts"]["already_held"] == 1


# -- file faults -----------------------------------------------------------------------------------

def test_file_5xx_is_retried(tmp_path: Path) -> None:
    filings = synthetic(10)
    target = filings[4].announcement_id
    with serving(filings) as mirror:
        mirror.faults.add("cninfo_file", "status", match=target, status=503, times=1)
        proc = crawl(tmp_path, mirror.url)
        hits = file_hits(mirror)
    assert proc.returncode == 0, proc.stderr
    assert hits.count(target) == 2
    assert_downloaded(tmp_path, filings)


def test_retry_after_is_honoured(tmp_path: Path) -> None:
    filings = synthetic(4)
    target = filings[1].announcement_id
    with serving(filings) as mirror:
        mirror.faults.add("cninfo_file", "status", match=target, status=429, retry_after="2", times=1)
        proc = crawl(tmp_path, mirror.url)
        hits = mirror.faults.requests("cninfo_file", target)
    assert proc.returncode == 0, proc.stderr
    assert [h.fault for h in hits] == ["status", None]
    assert hits[1].at - hits[0].at >= 1.9  # waited as asked (the test server's cap is 5 s)
    assert_downloaded(tmp_path, filings)


def test_failed_file_is_recorded_and_retried_next_run(tmp_path: Path) -> None:
    filings = synthetic(10)
    target = filings[6].announcement_id
    with serving(filings) as mirror:
        mirror.faults.add("cninfo_file", "status", match=target, status=503, times=None)
        first = crawl(tmp_path, mirror.url)
        row = announcements(tmp_path)[target]
        assert first.returncode == 4
        assert (row["state"], row["reason"], row["attempts"]) == ("failed", "download failed: HTTP 503", 1)
        assert not (tmp_path / "raw" / "cninfo" / f"{target}.pdf").exists()
        mirror.faults.clear()
        second = crawl(tmp_path, mirror.url, "--since", "2023-01-30", window=False)  # window no longer covers it
    assert second.returncode == 0, second.stderr
    assert runs(tmp_path)[1]["counts"]["retried"] == 1
    row = announcements(tmp_path)[target]
    assert (row["state"], row["reason"], row["attempts"]) == ("downloaded", None, 2)
    assert_downloaded(tmp_path, filings)


def test_attempts_are_capped(tmp_path: Path) -> None:
    filings = synthetic(5)
    target = filings[0].announcement_id
    with serving(filings) as mirror:
        mirror.faults.add("cninfo_file", "status", match=target, status=404, times=None)
        for _ in range(3):
            crawl(tmp_path, mirror.url, "--max-attempts", "2")
        hits = file_hits(mirror)
    assert hits.count(target) == 2
    row = announcements(tmp_path)[target]
    assert (row["state"], row["attempts"]) == ("failed", 2)
    assert runs(tmp_path)[2]["counts"]["gave_up"] == 1


def test_timeout_is_retried_then_recorded(tmp_path: Path) -> None:
    filings = synthetic(6)
    once, always = filings[1].announcement_id, filings[2].announcement_id
    with serving(filings) as mirror:
        mirror.faults.add("cninfo_file", "timeout", match=once, seconds=3, times=1)
        mirror.faults.add("cninfo_file", "timeout", match=always, seconds=3, times=None)
        proc = crawl(tmp_path, mirror.url, settings=("DOWNLOAD_TIMEOUT=1", "RETRY_TIMES=1"))
    assert proc.returncode == 4
    rows = announcements(tmp_path)
    assert rows[once]["state"] == "downloaded"
    assert rows[always]["state"] == "failed" and rows[always]["reason"].startswith("download failed: timed out")


def test_connection_reset_is_retried_then_recorded(tmp_path: Path) -> None:
    filings = synthetic(6)
    once, always = filings[3].announcement_id, filings[4].announcement_id
    with serving(filings) as mirror:
        mirror.faults.add("cninfo_file", "reset", match=once, times=1)
        mirror.faults.add("cninfo_file", "reset", match=always, times=None)
        proc = crawl(tmp_path, mirror.url)
    assert proc.returncode == 4
    rows = announcements(tmp_path)
    assert rows[once]["state"] == "downloaded"
    assert rows[always]["state"] == "failed" and "download failed" in rows[always]["reason"]
    assert "connection" in rows[always]["reason"].lower()


def test_truncated_body_is_never_stored(tmp_path: Path) -> None:
    filings = synthetic(6)
    target = filings[5].announcement_id
    with serving(filings) as mirror:
        mirror.faults.add("cninfo_file", "truncate", match=target, times=None)
        proc = crawl(tmp_path, mirror.url)
    assert proc.returncode == 4
    row = announcements(tmp_path)[target]
    assert row["state"] == "failed" and row["path"] is None
    assert "ResponseDataLoss" in row["reason"] or "truncated" in row["reason"]
    assert not (tmp_path / "raw" / "cninfo" / f"{target}.pdf").exists()
    assert_downloaded(tmp_path, [f for f in filings if f.announcement_id != target])


def test_html_instead_of_pdf_is_rejected_and_kept_aside(tmp_path: Path) -> None:
    filings = synthetic(6)
    target = filings[0].announcement_id
    with serving(filings) as mirror:
        mirror.faults.add("cninfo_file", "html", match=target, times=None)
        proc = crawl(tmp_path, mirror.url)
    assert proc.returncode == 4
    row = announcements(tmp_path)[target]
    assert row["state"] == "failed" and row["reason"].startswith("an HTML page where a PDF was expected")
    assert not (tmp_path / "raw" / "cninfo" / f"{target}.pdf").exists()
    assert (tmp_path / "raw" / "cninfo" / "rejected" / f"{target}.bin").read_bytes().startswith(b"<!DOCTYPE html>")


def test_foreign_file_host_is_refused(tmp_path: Path) -> None:
    filings = synthetic(6)
    target = filings[2].announcement_id
    with serving(filings) as mirror:
        mirror.faults.add("cninfo_query", "foreign_host", match=target, times=None)
        proc = crawl(tmp_path, mirror.url)
    assert proc.returncode == 4
    row = announcements(tmp_path)[target]
    assert row["state"] == "failed" and row["reason"].startswith("refused: file host files.example.net")
    assert row["url"].startswith("http://files.example.net/") and row["path"] is None


def test_oversize_file_is_refused(tmp_path: Path) -> None:
    filings = synthetic(4)
    target = filings[3].announcement_id
    with serving(filings) as mirror:
        mirror.faults.add("cninfo_file", "oversize", match=target, size=3 * 1024 * 1024, times=None)
        proc = crawl(tmp_path, mirror.url, "--max-file-mb", "1")
    assert proc.returncode == 4
    row = announcements(tmp_path)[target]
    assert row["state"] == "failed" and "size cap" in row["reason"]
    assert not (tmp_path / "raw" / "cninfo" / f"{target}.pdf").exists()
    assert_downloaded(tmp_path, filings[:3])


def test_a_file_one_source_cannot_serve_comes_from_the_other(tmp_path: Path) -> None:
    filings = synthetic(8)
    target = filings[5]
    with serving(filings) as mirror:
        mirror.faults.add("cninfo_file", "status", match=target.announcement_id, status=404, times=None)
        proc = crawl(tmp_path, mirror.url, source="all")
    assert proc.returncode == 4  # cninfo's run had a failure, recorded
    cninfo, sse = announcements(tmp_path, "cninfo"), announcements(tmp_path, "sse")
    assert sse[target.sse_id]["state"] == "downloaded"
    assert (tmp_path / sse[target.sse_id]["path"]).read_bytes() == target.pdf
    assert cninfo[target.announcement_id]["state"] == "duplicate"
    assert cninfo[target.announcement_id]["duplicate_of"] == f"sse:{target.sse_id}"
    assert query(tmp_path, "SELECT count(*) AS n FROM announcements WHERE state = 'downloaded'")[0]["n"] == 8
