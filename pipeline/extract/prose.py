"""Facts that filings state in sentences rather than tables: construction periods and
project lists given in prose (…募集资金净额将用于A项目、B项目和补充流动资金。)."""
from __future__ import annotations

import re
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
_PROSE_LIST = re.compile(
    r"募集资金(?:总额|净额)?[^。]{0,80}?(?:全部|全额|拟|将|主要)?(?:用于|投资于|投入|投向)(?:以下|如下)?(?:项目)?[:：]?(?P<list>[^。:：]{4,400}?)(?:。|$)"
)
_SPLIT = re.compile(r"、|，|,|;|；|以及|及|和|与")
_PROJECT_END = ("项目", "资金", "贷款", "借款")


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


def prose_projects(lines: list[Line], after: int | None = None) -> list[tuple[str, Line]]:
    """Project names from the sentence that says what the proceeds are used for."""
    start = after or 0
    joined = ""
    owners: list[int] = []
    for idx in range(start, len(lines)):
        piece = re.sub(r"\s+", "", lines[idx].text)
        joined += piece
        owners.extend([idx] * len(piece))
    for m in _PROSE_LIST.finditer(joined):
        names: list[tuple[str, Line]] = []
        offset = m.start("list")
        for part in _split_keep_quotes(m.group("list")):
            name = part.strip().strip("“”\"'「」")
            name = re.sub(r"^(?:本次)?(?:向特定对象发行)?(?:的)?", "", name)
            pos = joined.find(part, offset)
            if pos >= 0:
                offset = pos + len(part)
            if name.endswith(_PROJECT_END) and 3 <= len(name) <= 60 and "募集资金" not in name[:-2]:
                names.append((name, lines[owners[max(pos, 0)]]))
        if names:
            return names
    return []


def _split_keep_quotes(text: str) -> list[str]:
    """Split a list on 、/和/及 but never inside “quoted names”."""
    parts: list[str] = []
    depth = 0
    current = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "“「":
            depth += 1
        elif ch in "”」":
            depth = max(0, depth - 1)
        if depth == 0:
            m = _SPLIT.match(text, i)
            if m and current.endswith(_PROJECT_END + ("”",)):
                parts.append(current)
                current = ""
                i = m.end()
                continue
        current += ch
        i += 1
    if current:
        parts.append(current)
    return parts
