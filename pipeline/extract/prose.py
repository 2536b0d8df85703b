"""Facts that filings state in sentences rather than tables: construction periods and
project lists given in prose (…募集资金净额将用于A项目、B项目和补充流动资金。)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from pipeline.extract.lines import Line

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_CN_NUM = r"[零〇一二两三四五六七八九十半]{1,4}"
_PERIOD_WORD = r"(?:计划|预计|项目)?(?:建设期|建设周期|实施周期|实施期|研发周期|项目周期|建设期限|实施期限|开发周期|建设工期)"
_MONTHS = re.compile(
    rf"{_PERIOD_WORD}(?:预计|计划|拟定|拟|约|暂定)?(?:为|是|共|:|：)?(?:预计|约|共)?"
    rf"(\d+(?:\.\d+)?|{_CN_NUM})\s*(个月|年)"
)
_BARE = re.compile(rf"^(\d+(?:\.\d+)?|{_CN_NUM})\s*(个月|年)$")
_SPACE_NEAR_CJK = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_PROCEEDS_WORD = re.compile(r"募集资金|募资")
_USE_VERB = re.compile(r"(?:拟将|将全部|全部|全额|拟|将|主要|拟全部)?(?:用于|投资于|投入于|投入|投向)(?:以下|如下|下列)?(?:项目)?[:：]?")
_HARD_SPLIT = re.compile(r"、|，|,|;|；")
_SOFT_SPLIT = re.compile(r"以及|及|和|与")
#: how a bare name ends: …项目, 补充流动资金, 偿还银行贷款, optionally with a bracket after it
_NAME_END = re.compile(r"(?:项目|资金|贷款|借款)(?:[(（][^()（）]{1,20}[)）])?$")
_ETC = re.compile(r"等(?:项目|用途|募投项目|募集资金投资项目)?$")
#: words that stand for projects without naming one (上述募集资金投资项目, 各项目, …相关的项目)
_GENERIC = re.compile(r"^(?:上述|以下|下列|前述|该|本|各|各个|其他|相关|本次)?(?:募集资金)?(?:投资|建设)?项目$"
                      r"|募集资金投资项目|募投项目|的项目$|相关项目$")
_CLAUSE_SEPS = ("，", ",", ";", "；")
_OPEN_QUOTES = "“「『\""
_CLOSE_QUOTES = "”」』\""


def cn_number(text: str) -> Decimal | None:
    """一 → 1, 十八 → 18, 二十四 → 24, 三年半 handled by the caller; None if not a numeral."""
    if not text:
        return None
    if text == "半":
        return Decimal("0.5")
    if "十" in text:
        head, _, tail = text.partition("十")
        tens = _CN_DIGIT.get(head, None) if head else 1
        ones = _CN_DIGIT.get(tail, None) if tail else 0
        if tens is None or ones is None:
            return None
        return Decimal(tens * 10 + ones)
    if all(c in _CN_DIGIT for c in text) and len(text) == 1:
        return Decimal(_CN_DIGIT[text])
    return None


def _to_months(raw: str, unit: str, rest: str = "") -> int | None:
    number = cn_number(raw) if not raw[0].isdigit() else Decimal(raw)
    if number is None:
        return None
    if unit == "年":
        if rest.startswith("半"):
            number += Decimal("0.5")
        number *= 12
    return int(number) if number == number.to_integral_value() and number > 0 else None


def months_in(text: str) -> int | None:
    """The construction period a text states, in months (建设期为24个月 / 建设期3年 / 三年)."""
    compact = re.sub(r"\s+", "", text or "")
    if m := _BARE.match(compact):
        return _to_months(m.group(1), m.group(2))
    m = _MONTHS.search(compact)
    if not m:
        return None
    return _to_months(m.group(1), m.group(2), compact[m.end():m.end() + 1])


@dataclass
class ProseList:
    """The projects a use-of-proceeds sentence names, and whether it names them all."""

    names: list[tuple[str, Line]] = field(default_factory=list)
    partial: bool = False  # "…等项目", or uses described without a name


def prose_projects(lines: list[Line], after: int | None = None) -> ProseList:
    """Project names from the sentence that says what the proceeds are used for.

    The list is what follows the use verb (用于 / 投资于 / 投向 …): names in quotes (“…”,
    「…」) or bare names ending like one (…项目, 补充流动资金, …项目(二期)), set off by 、/，
    or by 和/及/以及/与 after a complete name. Lines are read joined, so a name broken
    over two lines is whole; quotes and brackets are respected, so a name holding
    parentheses or 和 stays one name. "…等项目" means the list names only some projects.
    """
    start = after or 0
    joined = ""
    owners: list[int] = []
    for idx in range(start, len(lines)):
        piece = _SPACE_NEAR_CJK.sub("", lines[idx].text.strip())  # `GEOVIS Online` keeps its space
        joined += piece
        owners.extend([idx] * len(piece))
    sentence_start = 0
    for end in [*(m.start() for m in re.finditer("。", joined)), len(joined)]:
        sentence = joined[sentence_start:end]
        offset = sentence_start
        sentence_start = end + 1
        money = [m.end() for m in _PROCEEDS_WORD.finditer(sentence)]
        if not money:
            continue
        depth = _depths(sentence)
        verbs = [m for m in _USE_VERB.finditer(sentence, money[0]) if depth[m.start()] == 0]
        for n, verb in enumerate(verbs):
            if not any(0 <= verb.start() - e <= 120 for e in money):
                continue  # a verb far from any mention of the proceeds is about something else
            stop = verbs[n + 1].start() if n + 1 < len(verbs) else len(sentence)
            found = _read_list(sentence[verb.end():stop], depth[verb.end():stop])
            if found.names:
                names = [(name, lines[owners[offset + verb.end() + pos]]) for name, pos in found.names]
                return ProseList(names, found.partial)
    return ProseList()


@dataclass
class _Found:
    names: list[tuple[str, int]]
    partial: bool


def _read_list(text: str, depth: list[int]) -> _Found:
    """The names in one list, each with where it starts in `text`.

    Items that describe a use without naming it (高端设备扩产、前沿技术研发) are passed
    over, and make the list partial when a name follows them; a comma after the names
    that is not followed by another name ends the list (…项目，以提升公司竞争力)."""
    names: list[tuple[str, int]] = []
    partial = described = False
    for part, at, sep in _split_list(text, depth, soft_always=False):
        pieces = [(part, at, sep)]
        if described and part[:1] not in _OPEN_QUOTES:
            # a list that describes uses: 及/和 part items, not words inside a name
            pieces = _split_list(part, depth[at:at + len(part)], soft_always=True, first_sep=sep)
            pieces = [(p, at + a, s) for p, a, s in pieces]
        for piece, start, before in pieces:
            bare = piece
            if (etc := _ETC.search(bare)) is not None:
                bare = bare[:etc.start()]
            name = _name_of(bare)
            if name is None:
                if names and before in _CLAUSE_SEPS:
                    return _Found(names, partial)
                if etc is not None:
                    return _Found(names, partial or bool(names))
                described = described or bool(bare)
                continue
            partial = partial or described
            names.append((name, start + (1 if piece[:1] in _OPEN_QUOTES else 0)))
            if etc is not None:
                return _Found(names, True)
    return _Found(names, partial)


def _name_of(part: str) -> str | None:
    """A list item as a project name, or None when it describes a use without naming it."""
    part = part.strip()
    if part[:1] in _OPEN_QUOTES:
        close = _CLOSE_QUOTES[_OPEN_QUOTES.index(part[0])]
        inner = part[1:part.find(close, 1)] if close in part[1:] else part[1:]
        inner = inner.strip()
        return inner if 2 <= len(inner) <= 80 and not _GENERIC.search(inner) else None
    part = re.sub(r"^(?:本次|公司)?(?:向特定对象发行)?(?:的)?", "", part)
    if not 3 <= len(part) <= 60 or "募集资金" in part or _GENERIC.search(part):
        return None
    return part if _NAME_END.search(part) else None


def _split_list(text: str, depth: list[int], soft_always: bool, first_sep: str = "") -> list[tuple[str, int, str]]:
    """Split a list on 、/，/; and, after a complete name (or always, in a list that
    describes uses), on 和/及/以及/与; never inside quotes or brackets. Each item comes
    with where it starts and the separator before it."""
    parts: list[tuple[str, int, str]] = []
    current, at, sep, i = "", 0, first_sep, 0
    while i < len(text):
        if depth[i] == 0:
            m = _HARD_SPLIT.match(text, i)
            if m is None and (soft_always or _closed_name(current)):
                m = _SOFT_SPLIT.match(text, i)
            if m is not None and current:
                parts.append((current, at, sep))
                current, at, sep, i = "", m.end(), m.group(0), m.end()
                continue
        current += text[i]
        i += 1
    parts.append((current, at, sep))
    return [p for p in parts if p[0]]


def _closed_name(text: str) -> bool:
    return bool(text) and (text[-1] in _CLOSE_QUOTES or bool(_NAME_END.search(text)))


def _depths(text: str) -> list[int]:
    """How deep inside quotes and brackets each character sits (a quote or bracket
    counts as inside); straight quotes open and close in turn."""
    out: list[int] = []
    depth = 0
    straight = False
    for ch in text:
        opens = ch in "“「『(（" or (ch == '"' and not straight)
        closes = ch in "”」』)）" or (ch == '"' and straight)
        if ch == '"':
            straight = not straight
        if opens:
            depth += 1
            out.append(depth)
        elif closes:
            out.append(max(depth, 1))
            depth = max(0, depth - 1)
        else:
            out.append(depth)
    return out
