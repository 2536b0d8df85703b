"""One document, however many times it was seen: cross-source duplicates and superseded versions.

The same filing is posted on cninfo and on SSE under different ids, titles that differ in
the company-name prefix and punctuation, and its own URL on each; it is one document
(code + normalised title + date). A company also re-uploads a notice under the same
title (更正后/撤回后重发) and posts English versions and summaries beside the full text:
the latest Chinese full text wins and the others are kept, marked superseded, with a
pointer to the one that replaced them. Distinct revisions (修订稿, 注册稿, …) are distinct
documents and all stay current.

`resolve` is a pure function over catalog rows, so the catalog's states can be recomputed
after any run (or after a killed one) and always come out the same.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from crawler.titles import HIGHLIGHT, classify_title

#: a re-upload of the same title this many days after the first is the same document
REUPLOAD_DAYS = 60
#: an English version or summary this many days from its full text belongs to it
VARIANT_DAYS = 30
SOURCE_RANK = {"cninfo": 0, "sse": 1}

DOWNLOADED, DUPLICATE, SUPERSEDED, SKIPPED, FAILED = "downloaded", "duplicate", "superseded", "skipped", "failed"
HELD_STATES = {DOWNLOADED, DUPLICATE, SUPERSEDED}

_COMPANY_PREFIX = re.compile(r"^(?P<name>.{2,40}?(?:股份有限公司|有限责任公司|有限公司))")
_CODE_PREFIX = re.compile(r"^(?:证券代码)?\d{6}")
_NOT_WORD = re.compile(r"[^\w]|_", re.UNICODE)
_REUPLOAD_MARK = re.compile(r"更正后|更新后|更正版|更新版|修正版|更新稿|重新披露|重新发布|更正|更新")
_VARIANT_MARK = re.compile(r"英文版|英文|englishversion|english|摘要")
#: stages of one document: a summary or translation names its stage loosely, so variants match without it
_STAGE_MARK = re.compile(r"[一二三四五]?次?修订稿|修订版|申报稿|注册稿|上会稿|草案")


def match_title(title: str, sec_name: str = "") -> str:
    """The title as both sites would agree on it: no company prefix, no punctuation or spaces."""
    text = unicodedata.normalize("NFKC", HIGHLIGHT.sub("", title or "")).lower()
    text = re.sub(r"\s+", "", text)
    text = _CODE_PREFIX.sub("", text).lstrip(":：-")
    prefix = _COMPANY_PREFIX.match(text)
    if prefix and "关于" not in prefix.group("name"):
        text = text[prefix.end():]
    name = unicodedata.normalize("NFKC", sec_name or "").lower().replace(" ", "")
    if name and text.startswith(name):
        text = text[len(name):]
    return _NOT_WORD.sub("", text)


def doc_key(code: str, title: str, sec_name: str, published: date | datetime | None) -> str:
    day = published.date() if isinstance(published, datetime) else published
    return f"{code}|{day.isoformat() if day else ''}|{match_title(title, sec_name)}"


def pointer(source: str, announcement_id: str) -> str:
    return f"{source}:{announcement_id}"


@dataclass(frozen=True)
class Resolution:
    state: str
    duplicate_of: str | None = None
    superseded_by: str | None = None


def _day(row: Mapping[str, Any]) -> date:
    value = row.get("published_at")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.min


def _order(row: Mapping[str, Any]) -> tuple[Any, ...]:
    ident = str(row["announcement_id"])
    return (_day(row), len(ident), ident)


def _rank(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """Which copy stands for a document: one holding its own file (not a twin's), cninfo's, the first seen."""
    own_file = str(row.get("path") or "").endswith(f"/{row['announcement_id']}.pdf")
    return (not own_file, SOURCE_RANK.get(row["source"], 9), row.get("first_seen") or datetime.max,
            str(row["announcement_id"]))


def _owners(rows: list[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """doc_key -> the row whose file stands for that document. The same bytes filed as two
    documents (one PDF posted under two titles) are one file: the later key points at the first."""
    by_key: dict[str, Mapping[str, Any]] = {}
    for row in rows:
        if not row.get("path") or row.get("state") not in HELD_STATES:
            continue
        best = by_key.get(row["doc_key"])
        if best is None or _rank(row) < _rank(best):
            by_key[row["doc_key"]] = row
    by_sha: dict[str, Mapping[str, Any]] = {}
    for key, row in sorted(by_key.items(), key=lambda kv: _rank(kv[1])):
        sha = row.get("sha256")
        if sha and sha in by_sha:
            by_key[key] = by_sha[sha]
        elif sha:
            by_sha[sha] = row
    return by_key


def _reupload_winners(owners: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """pointer(owner) -> pointer(the latest re-upload of the same title), for the replaced ones."""
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for row in owners:
        base = _REUPLOAD_MARK.sub("", match_title(row.get("title") or "", row.get("sec_name") or ""))
        groups[(row.get("sec_code") or "", base)].append(row)
    replaced: dict[str, str] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=_order)
        clusters: list[list[Mapping[str, Any]]] = [[group[0]]]
        for row in group[1:]:
            if (_day(row) - _day(clusters[-1][-1])).days > REUPLOAD_DAYS:
                clusters.append([row])
            else:
                clusters[-1].append(row)
        for cluster in clusters:
            winner = pointer(cluster[-1]["source"], cluster[-1]["announcement_id"])
            for row in cluster[:-1]:
                replaced[pointer(row["source"], row["announcement_id"])] = winner
    return replaced


def _variant_target(row: Mapping[str, Any], current: list[Mapping[str, Any]]) -> str | None:
    def loose(title: str, name: str) -> str:
        return _STAGE_MARK.sub("", _REUPLOAD_MARK.sub("", _VARIANT_MARK.sub("", match_title(title, name))))

    base = loose(row.get("title") or "", row.get("sec_name") or "")
    candidates = []
    for owner in current:
        if owner.get("sec_code") != row.get("sec_code"):
            continue
        owner_base = loose(owner.get("title") or "", owner.get("sec_name") or "")
        gap = abs((_day(owner) - _day(row)).days)
        if owner_base == base and gap <= VARIANT_DAYS:
            candidates.append((gap, owner))
    if not candidates:
        return None
    candidates.sort(key=lambda c: _order(c[1]), reverse=True)  # latest first among equals
    best = min(candidates, key=lambda c: c[0])[1]
    return pointer(best["source"], best["announcement_id"])


def resolve(rows: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], Resolution]:
    """The state every row should have, given everything the catalog holds.

    Rows need: source, announcement_id, sec_code, sec_name, title, published_at, state,
    path, sha256, first_seen, doc_key. Rows whose state this does not decide (listed, failed
    without a held twin, skipped titles that belong to nothing) are left out.
    """
    rows = list(rows)
    owners = _owners(rows)
    owner_ptr = {key: pointer(r["source"], r["announcement_id"]) for key, r in owners.items()}
    unique = list({pointer(r["source"], r["announcement_id"]): r for r in owners.values()}.values())
    replaced = _reupload_winners(unique)

    def final(ptr: str) -> str:
        seen = set()
        while ptr in replaced and ptr not in seen:
            seen.add(ptr)
            ptr = replaced[ptr]
        return ptr

    out: dict[tuple[str, str], Resolution] = {}
    current = [r for r in unique if pointer(r["source"], r["announcement_id"]) not in replaced]
    for row in rows:
        key = (row["source"], str(row["announcement_id"]))
        me = pointer(*key)
        state = row.get("state")
        owner = owner_ptr.get(row.get("doc_key") or "")
        if owner == me:
            out[key] = Resolution(SUPERSEDED, superseded_by=final(me)) if me in replaced else Resolution(DOWNLOADED)
        elif owner is not None and state in (HELD_STATES | {FAILED, "listed"}):
            out[key] = Resolution(DUPLICATE, duplicate_of=owner)
        elif state == SKIPPED or (state == SUPERSEDED and not row.get("path")):
            skip = classify_title(row.get("title") or "").skip
            target = _variant_target(row, current) if skip in ("english", "summary") else None
            out[key] = Resolution(SUPERSEDED, superseded_by=target) if target else Resolution(SKIPPED)
    return out
