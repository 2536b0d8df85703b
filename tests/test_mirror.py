"""The mirror speaks cninfo's protocol: the crawler's tests are only as good as this."""
from __future__ import annotations

import json
import urllib.parse
import urllib.request

from crawler.mirror.corpus import Fixture


def post(url: str, form: dict[str, str]) -> dict:
    data = urllib.parse.urlencode(form).encode()
    req = urllib.request.Request(url + "/new/hisAnnouncement/query", data=data, headers={
        "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8", "X-Requested-With": "XMLHttpRequest"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


def test_query_answers_in_cninfo_shape(mirror: str, corpus: list[Fixture]) -> None:
    answer = post(mirror, {"pageNum": "1", "pageSize": "30", "column": "sse", "tabName": "fulltext",
                           "searchkey": "科技创新领域", "seDate": "2023-01-01~2023-12-31", "isHLtitle": "true"})
    assert {"totalRecordNum", "totalAnnouncement", "totalpages", "hasMore", "announcements"} <= answer.keys()
    assert answer["totalRecordNum"] == 1
    row = answer["announcements"][0]
    assert row["secCode"] == "688327" and row["announcementId"] == "1216247019"
    assert "<em>科技创新领域</em>" in row["announcementTitle"]
    assert row["adjunctUrl"] == "finalpage/2023-03-31/1216247019.PDF"
    assert row["announcementTime"] == 1680192000000  # 2023-03-31 00:00 Beijing, epoch ms


def test_empty_answer_is_null_not_empty_list(mirror: str) -> None:
    answer = post(mirror, {"pageNum": "1", "pageSize": "30", "column": "sse", "searchkey": "不存在的标题"})
    assert answer["announcements"] is None and answer["totalRecordNum"] == 0


def test_pagination_and_stock_filter(mirror: str, corpus: list[Fixture]) -> None:
    pages = [post(mirror, {"pageNum": "1", "pageSize": "2", "column": "sse"})]
    while pages[-1]["hasMore"]:
        pages.append(post(mirror, {"pageNum": str(len(pages) + 1), "pageSize": "2", "column": "sse"}))
    ids = [a["announcementId"] for p in pages for a in p["announcements"] or []]
    assert sorted(ids) == sorted(f.announcement_id for f in corpus)
    assert len(pages) == pages[0]["totalpages"] > 1 and pages[0]["totalRecordNum"] == len(corpus)
    wrong_org = post(mirror, {"pageNum": "1", "pageSize": "30", "column": "sse", "stock": "688327,9900000000"})
    assert wrong_org["announcements"] is None  # a guessed orgId gives an empty list, not an error


def test_pdf_is_served_at_the_adjunct_url(mirror: str, corpus: list[Fixture]) -> None:
    fixture = corpus[0]
    with urllib.request.urlopen(f"{mirror}/{fixture.adjunct_url}", timeout=10) as resp:
        body = resp.read()
    assert body == fixture.pdf and body.startswith(b"%PDF-")
