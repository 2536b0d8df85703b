"""Who filed it, what it is, when, and the cap it states: the document-level facts."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from crawler.titles import classify_title, normalise_title
from pipeline.extract.amounts import NUMBER, parse_number, to_wan
from pipeline.extract.lines import Line

_CODE = re.compile(r"(?:证券|股票|公司)代码\s*[:：]?\s*(\d{6})")
_SHORT = re.compile(r"(?:证券|股票|公司)简称\s*[:：]?\s*([^\s:：,，;；|]{2,12})")
_FULL = re.compile(r"^(?:[^\s,，。:：]{0,4}[:：])?\s*([\u4e00-\u9fa5A-Za-z0-9()（）·]{2,40}?(?:股份有限公司|有限责任公司|集团有限公司|有限公司))")
_FULL_SIGN = re.compile(r"([\u4e00-\u9fa5A-Za-z0-9()（）·]{2,40}?(?:股份有限公司|有限公司))\s*董事会")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_MONTH = re.compile(r"^([〇零○O一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月$")
_UNIT = r"(亿元|千万元|百万元|万元|千元|元)"
# "募集资金总额不超过人民币363,519.00万元" and the ways filings vary it
_CAP = re.compile(
    r"(?P<lead>募集资金(?:总额|总金额|金额|规模|数额)?|募资(?:总额)?|调整为|(?:可转换公司债券|可转债)(?:发行)?(?:总额|规模)|发行总额|发行规模)"
    r"(?:[(（][^()（）]{1,16}[)）])?(?:预计|拟|将|由|合计|共计)?(?:为|是)?(?:不超过|不超过人民币|上限为|不高于|合计不超过|最高不超过|以内)"
    r"(?:人民币)?"
    rf"(?P<num>{NUMBER})(?P<unit>{_UNIT[1:-1]})"
)
_AFTER_MARK = re.compile(r"调整后[:：]?|变更后[:：]?|修订后[:：]?")
_BEFORE_MARK = re.compile(r"调整前[:：]?|变更前[:：]?|修订前[:：]?")


@dataclass
class Cap:
    amount_wan: Decimal
    line: Line
    text: str


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def find_company(lines: list[Line]) -> dict[str, str | None]:
    head = lines[:80]
    code = short = full = None
    for ln in head:
        if code is None and (m := _CODE.search(ln.text)):
            code = m.group(1)
        if short is None and (m := _SHORT.search(ln.text)):
            short = m.group(1)
    for ln in head[:40]:
        if (m := _FULL.match(compact(ln.text))) and "证券" not in m.group(1):
            full = m.group(1)
            break
    if full is None:
        for ln in reversed(lines[-30:]):
            if m := _FULL_SIGN.search(compact(ln.text)):
                full = m.group(1)
                break
    return {"code": code, "short_name": short, "full_name": full}


_REVISION_LINE = re.compile(r"^[(（][^()（）]{0,6}(?:稿|版|后)[)）]$")
_TITLE_END = ("说明", "预案", "报告", "公告", "说明书", "稿)", "稿）", "版)", "版）")
#: how any document's title ends, known kind or not (上市公告书, 发行情况报告书, …的公告)
_ANY_TITLE_END = ("说明", "预案", "报告", "公告", "书")
_REVISION_TAIL = re.compile(r"[(（][^()（）]{0,6}(?:稿|版|后)[)）]$")
_DOCUMENT_WORD = re.compile(r"发行|公告|报告|说明|募集|上市|股票|债券|存托凭证|调整|变更|资金")


def find_title(lines: list[Line], html_title: str | None) -> tuple[str | None, Line | None]:
    """The title: the first line near the top that ends like a title and names a known kind,
    extended upwards over the fragments a wrapped title left on the lines above it. A
    document of no known kind (上市公告书, 发行结果公告) still has a title: failing a known
    one, the first heading near the top that reads as a document's title."""
    head = lines[:60]
    for j, ln in enumerate(head):
        text = normalise_title(_title_part(ln.text))
        if len(text) > 70 or "。" in text or not text.endswith(_TITLE_END):
            continue
        joined, start = _wrapped_title(head, j, text)
        if classify_title(joined).kind != "other":
            return _strip_company(joined), head[start]
    if html_title and classify_title(html_title).kind != "other":
        return _strip_company(normalise_title(html_title)), None
    for j, ln in enumerate(head[:20]):
        text = normalise_title(ln.text)
        if not _REVISION_TAIL.sub("", text).endswith(_ANY_TITLE_END):
            continue
        joined, start = _wrapped_title(head, j, text)
        if _any_title(joined):
            return _strip_company(joined), head[start]
    return None, None


def _wrapped_title(head: list[Line], j: int, text: str) -> tuple[str, int]:
    """The title ending on line j, with the lines of it printed above and a revision mark
    printed under it ("(修订稿)" on a line of its own)."""
    start = j
    while start > 0 and _title_fragment(head[start - 1].text) and j - start < 2:
        start -= 1
    joined = normalise_title("".join(x.text for x in head[start:j]) + text)
    if j + 1 < len(head) and _REVISION_LINE.match(normalise_title(head[j + 1].text)):
        joined += normalise_title(head[j + 1].text)
    return joined, start


def _any_title(text: str) -> bool:
    """A heading that reads as a document's title: it ends like one (a revision mark
    aside), names a document or an offering, and is no sentence, address or label."""
    bare = _REVISION_TAIL.sub("", text)
    return (
        6 <= len(text) <= 60
        and bare.endswith(_ANY_TITLE_END)
        and not re.search(r"[。，,；;：:、]", text)
        and bool(_DOCUMENT_WORD.search(bare))
        and not re.search(r"代码|简称|编号", text)
    )


def _title_part(text: str) -> str:
    """A title line as printed, without what a web page put after it ("… 下载公告"): the
    shortest run of its space-separated pieces that already ends like a title."""
    pieces = text.split()
    for n in range(1, len(pieces)):
        head = "".join(pieces[:n])
        if normalise_title(head).endswith(_TITLE_END) and classify_title(head).kind != "other":
            return head
    return text


def _title_fragment(text: str) -> bool:
    """A line that reads as the first half of a wrapped title, not a name, address or date."""
    t = normalise_title(text)
    return (
        0 < len(t) <= 40
        and not t.endswith(("公司", ")", "）", "。", "日", "月"))
        and not t.startswith(("(", "（", "证券", "股票"))
        and not re.search(r"代码|简称|编号", t)
        and bool(re.search(r"发行|股票|债券|关于|年度|募集", t))
    )


def _strip_company(title: str) -> str:
    title = re.sub(r"^[^:：]{2,12}[:：]", "", title)  # "芯原股份:" prefixes on reposts
    m = re.match(r"^.{2,40}?(?:股份有限公司|有限公司)(?=关于|\d{4}年)", title)
    return title[m.end():] if m else title


def find_date(lines: list[Line]) -> str | None:
    """The signature date at the end, else the month printed on the cover (YYYY-MM)."""
    for ln in reversed(lines[-15:]):
        matches = list(_DATE.finditer(compact(ln.text)))
        if matches:
            y, m, d = (int(x) for x in matches[-1].groups())
            if 1990 < y < 2100 and 1 <= m <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{m:02d}-{d:02d}"
    for ln in lines[:60]:
        if m := _CN_MONTH.match(compact(ln.text)):
            year = int("".join(str(_CN_DIGITS[c]) for c in m.group(1)))
            return f"{year:04d}-{_cn_number(m.group(2)):02d}"
    return None


_SIGNER = re.compile(r"(?:董事会|有限公司|股份公司|（盖章）|\(盖章\))$")


def find_signature_date(lines: list[Line]) -> str | None:
    """The date under the signature (…董事会 / 2024年4月26日), wherever it is printed: a
    report followed by appended tables (附表) is signed above them."""
    for i in range(len(lines) - 1, 0, -1):
        text = compact(lines[i].text)
        m = _DATE.fullmatch(text)
        if m is None:
            continue
        if any(_SIGNER.search(compact(lines[k].text)) for k in range(max(0, i - 2), i)):
            y, mo, d = (int(x) for x in m.groups())
            if 1990 < y < 2100 and 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _cn_number(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS[text[1]]
    if text.endswith("十"):
        return _CN_DIGITS[text[0]] * 10
    if "十" in text:
        a, b = text.split("十")
        return _CN_DIGITS[a] * 10 + _CN_DIGITS[b]
    return _CN_DIGITS[text]


def find_offering(title: str | None, lines: list[Line]) -> str | None:
    if title and (offering := classify_title(title).offering):
        return offering
    # the body names the offering where the title is silent; the title rules are tried
    # in their order, so a GDR (境外发行全球存托凭证) is `other` only when it is none of the three
    return classify_title(" ".join(ln.text for ln in lines[:200])).offering


def after_adjustment_start(lines: list[Line]) -> int | None:
    """Index of the first line of the 调整后 part, when the document prints before and after."""
    seen_before = False
    for i, ln in enumerate(lines):
        text = compact(ln.text)
        if _BEFORE_MARK.match(text):
            seen_before = True
        elif _AFTER_MARK.match(text) and seen_before:
            return i
    return None


def find_caps(lines: list[Line]) -> list[Cap]:
    """Every cap stated, in order. Sentences wrap over lines, so lines are read joined."""
    joined = ""
    owners: list[int] = []
    for idx, ln in enumerate(lines):
        piece = compact(ln.text)
        joined += piece
        owners.extend([idx] * len(piece))
    caps = []
    for m in _CAP.finditer(joined):
        value = parse_number(m.group("num"))
        if value is None:
            continue
        line = lines[owners[m.start("num")]]
        caps.append(Cap(to_wan(value, m.group("unit")), line, m.group(0)))
    return caps


def choose_cap(caps: list[Cap], after_start: int | None, lines: list[Line]) -> Cap | None:
    """The cap of this version: the one stated after an adjustment, else the first one."""
    if not caps:
        return None
    adjusted = [c for c in caps if c.text.startswith("调整为")]
    if after_start is not None:
        index = {id(ln): i for i, ln in enumerate(lines)}
        after = [c for c in caps if index.get(id(c.line), -1) >= after_start]
        if after:
            return after[0]
    if adjusted:
        return adjusted[-1]
    return caps[0]
