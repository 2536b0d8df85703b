"""The mirror speaks cninfo's protocol: the crawler's tests are only as good as this."""
from __future__ import annotations

import json
import urllib.error
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
    expected = [f for f in corpus if "科技创新领域" in f.spec["title"] and f.published.year == 2023
                and not f.spec.get("hidden_from_listing")]
    assert answer["totalRecordNum"] == len(expected) >= 1
    [row] = [a for a in answer["announcements"] if a["announcementId"] == "1216247019"]
    assert row["secCode"] == "688327" and row["announcementId"] == "1216247019"
    assert "<em>科技创新领域</em>" in row["announcementTitle"]
    assert row["adjunctUrl"] == "finalpage/2023-03-31/1216247019.PDF"
    assert row["announcementTime"] == 1680192000000  # 2023-03-31 00:00 Beijing, epoch ms


def test_empty_answer_is_null_not_empty_list(mirror: str) -> None:
    answer = post(mirror, {"pageNum": "1", "pageSize": "30", "column": "sse", "searchkey": "不存在的标题"})
    assert answer["announcements"] is None and answer["totalRecordNum"] == 0


def test_pagination_and_stock_filter(mirror: str, corpus: list[Fixture]) -> None:
    pages, page = [], 1
    while True:
        answer = post(mirror, {"pageNum": str(page), "pageSize": "2", "column": "sse"})
        pages.append(answer)
        if not answer["hasMore"]:
            break
        page += 1
    ids = [a["announcementId"] for p in pages for a in p["announcements"] or []]
    assert sorted(ids) == sorted(f.announcement_id for f in corpus if not f.spec.get("hidden_from_listing"))
    assert len(pages) == pages[0]["totalpages"] >= 2
    wrong_org = post(mirror, {"pageNum": "1", "pageSize": "30", "column": "sse", "stock": "688327,9900000000"})
    assert wrong_org["announcements"] is None  # a guessed orgId gives an empty list, not an error


def test_pdf_is_served_at_the_adjunct_url(mirror: str, corpus: list[Fixture]) -> None:
    fixture = corpus[0]
    with urllib.request.urlopen(f"{mirror}/{fixture.adjunct_url}", timeout=10) as resp:
        body = resp.read()
    assert body == fixture.pdf and body.startswith(b"%PDF-")


# -- SSE ------------------------------------------------------------------------------------------

def sse_get(url: str, params: dict[str, str], referer: str | None = "https://www.sse.com.cn/disclosure/") -> tuple[int, str]:
    headers = {"Referer": referer} if referer else {}
    req = urllib.request.Request(url + "/security/stock/queryCompanyBulletin.do?" + urllib.parse.urlencode(params),
                                 headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def sse_params(page: int, begin: int | None = None, **extra: str) -> dict[str, str]:
    b = str(page if begin is None else begin)
    return {"jsonCallBack": "jsonpCallback77", "isPagination": "true", "productId": "", "keyWord": "",
            "securityType": "0101,120100,020100,020200,120200", "reportType": "ALL", "beginDate": "2023-01-01",
            "endDate": "2023-12-31", "pageHelp.pageSize": "25", "pageHelp.pageNo": str(page),
            "pageHelp.beginPage": b, "pageHelp.endPage": b, "pageHelp.cacheSize": "1", **extra}


def test_sse_answers_jsonp_and_refuses_without_referer() -> None:
    from crawler.answers import sse_page
    from crawler.mirror.server import Mirror
    from crawler.mirror.synthetic import synthetic_filings

    filings = synthetic_filings(30)
    with Mirror(filings) as url:
        status, text = sse_get(url, sse_params(1))
        refused, page = sse_get(url, sse_params(1), referer=None)
    assert status == 200 and text.startswith("jsonpCallback77(") and text.endswith(")")
    payload = json.loads(text[len("jsonpCallback77("):-1])
    assert payload["pageHelp"]["total"] == 30 and payload["pageHelp"]["pageCount"] == 2
    row = payload["result"][0]
    assert {"SECURITY_CODE", "SECURITY_NAME", "TITLE", "SSEDATE", "URL", "BULLETIN_TYPE", "BULLETIN_YEAR"} <= row.keys()
    assert row["URL"].startswith("/disclosure/listedinfo/announcement/c/new/2023-")
    assert row["TITLE"].startswith("星") and "股份有限公司" in row["TITLE"]  # full name before the title
    assert sse_page(text).rows == payload["pageHelp"]["data"]
    assert refused == 403 and "<html" in page


def test_sse_paging_quirk_begin_and_end_page_must_equal_page_no() -> None:
    from crawler.mirror.server import Mirror
    from crawler.mirror.synthetic import synthetic_filings

    with Mirror(synthetic_filings(30)) as url:
        _, right = sse_get(url, sse_params(2))
        _, wrong = sse_get(url, sse_params(2, begin=1))
        _, first = sse_get(url, sse_params(1))
    rows = lambda text: json.loads(text[text.index("(") + 1:-1])["result"]  # noqa: E731
    assert len(rows(right)) == 5 and rows(wrong) == rows(first) and rows(right) != rows(first)


def test_cninfo_silent_page_cap() -> None:
    from crawler.mirror.server import Mirror
    from crawler.mirror.synthetic import synthetic_filings

    with Mirror(synthetic_filings(70), page_cap=2) as url:
        third = post(url, {"pageNum": "3", "pageSize": "30", "column": "sse"})
        second = post(url, {"pageNum": "2", "pageSize": "30", "column": "sse"})
    assert third["totalRecordNum"] == 70 and third["announcements"] is None and third["hasMore"] is False
    assert second["hasMore"] is False and len(second["announcements"]) == 30  # no hint that a page is missing
