"""Reading the query APIs' answers: JSON or JSONP in, a checked listing page out.

Both sites answer JSON, SSE wraps it in `callback(...)` when asked, and either may send
an HTML error page, a truncated body or JSON without the expected keys. These pure
functions tell "nothing was published" (an empty page) apart from "the answer was broken"
(BrokenAnswer, whose message is the reason recorded for the window).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

_JSONP = re.compile(r"^\s*[A-Za-z_$][\w$.]*\s*\(\s*(?P<body>.*?)\s*\)\s*;?\s*$", re.DOTALL)


class BrokenAnswer(ValueError):
    """The query API answered something that is not a listing page."""


@dataclass(frozen=True)
class ListingPage:
    total: int  # rows the site says the whole query holds
    rows: list[dict[str, Any]]  # this page's rows ([] when the site says the page is empty)


def load_json(text: str) -> Any:
    """JSON, or JSON wrapped as JSONP (`jsonpCallback123({...})`)."""
    stripped = text.strip().lstrip("\ufeff")
    if not stripped:
        raise BrokenAnswer("empty answer")
    if stripped[0] in "{[":
        candidate = stripped
    else:
        match = _JSONP.match(stripped)
        if match is None:
            head = stripped[:60].replace("\n", " ")
            kind = "an HTML page" if stripped.lower().startswith(("<!doctype", "<html")) else "not JSON"
            raise BrokenAnswer(f"{kind} where JSON was expected (starts {head!r})")
        candidate = match.group("body")
    try:
        return json.loads(candidate)
    except ValueError as exc:
        raise BrokenAnswer(f"malformed JSON: {exc}") from None


def _count(value: Any, key: str) -> int:
    if isinstance(value, bool) or value is None:
        raise BrokenAnswer(f"{key} missing")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise BrokenAnswer(f"{key} is not a number: {value!r}") from None
    if number < 0:
        raise BrokenAnswer(f"{key} is negative: {number}")
    return number


def _rows(value: Any, key: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        raise BrokenAnswer(f"{key} is not a list of rows")
    return value


def cninfo_page(text: str) -> ListingPage:
    """cninfo: `totalRecordNum` (or `totalAnnouncement`) and `announcements` (null when empty)."""
    data = load_json(text)
    if not isinstance(data, dict) or "announcements" not in data:
        raise BrokenAnswer("JSON without announcements")
    key = "totalRecordNum" if "totalRecordNum" in data else "totalAnnouncement"
    if key not in data:
        raise BrokenAnswer("JSON without totalRecordNum/totalAnnouncement")
    return ListingPage(_count(data[key], key), _rows(data["announcements"], "announcements"))


def sse_page(text: str) -> ListingPage:
    """SSE: `pageHelp.total` and `result` (older answers carry the rows in `pageHelp.data`)."""
    data = load_json(text)
    if not isinstance(data, dict) or not isinstance(data.get("pageHelp"), dict):
        raise BrokenAnswer("JSON without pageHelp")
    help_ = data["pageHelp"]
    rows = data.get("result")
    if rows is None:
        rows = help_.get("data")
    return ListingPage(_count(help_.get("total"), "pageHelp.total"), _rows(rows, "result"))
