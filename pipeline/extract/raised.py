"""What a raise actually brought in, as the documents after it state it in prose.

发行情况报告书, 上市公告书 and the notices after a raise say it in sentences of a fixed
shape: 募集资金总额为人民币1,671,911,686.20元，扣除发行费用…后，实际募集资金净额为…元；
上述资金已于2023年3月17日全部到位，…出具了验资报告; the shares and the price are in
发行数量 / 发行价格 lines or in the same sentence. Each figure is read where it is stated,
converted to 万元 (shares to a count of shares), and the line of the total is the evidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipeline.extract.amounts import NUMBER, parse_number, to_wan
from pipeline.extract.dates import dates_in
from pipeline.extract.lines import Line
from pipeline.extract.offering_names import offering_name, offering_names
from pipeline.extract.sentences import AMOUNT, join_lines

_GROSS = re.compile(
    r"(?:实际)?(?:募集资金总额|募集资金合计|募集资金总计|募集资金共计|共计?募集(?:资金)?(?:总额)?|募集资金总金额|发行总额|募集资金总规模)"
    rf"(?:[(（][^()（）]{{0,12}}[)）])?(?:为|是|共计|合计|总计|达)?[:：]?{AMOUNT}"
)
_NET = re.compile(
    rf"(?:实际)?募集资金(?:的)?净额(?:[(（][^()（）]{{0,12}}[)）])?(?:为|是|共计|合计)?[:：]?{AMOUNT}"
)
_SHARES = re.compile(
    r"(?:发行(?:的)?(?:股票)?(?:数量|股数|股份数量)|新增(?:股份)?|发行(?:人民币普通股|A股|新股)?(?:[(（]A股[)）])?(?:股票)?(?:共计)?)"
    rf"(?:总数)?(?:为|共|共计|合计)?[:：]?(?P<num>{NUMBER})\s?(?P<unit>万股|股)(?!票)"
)
_PRICE = re.compile(
    r"(?:每股(?:发行|认购)?|发行|认购)价(?:格)?(?:最终)?(?:确定)?(?:为|是)?[:：]?(?:每股)?(?:人民币)?"
    rf"(?P<num>{NUMBER})\s?元(?:/股|每股)?"
)
_DATE = r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日"
_ARRIVED = re.compile(rf"(?P<date>{_DATE})(?:止)?[,，]?(?:已)?(?:全部|全额|足额)?(?:到账|到位|划入|汇入|存入|划至|转入|划转至|缴存|缴入)")
_ARRIVED_LATE = re.compile(
    rf"(?P<date>{_DATE})(?:止)?[^。；]{{0,40}}?(?:(?:划转至|划入|汇入|转入|存入)[^。；]{{0,30}}?(?:专项账户|专户|公司|发行人)"
    r"|(?:已)?(?:全部|全额|足额)?(?:到账|到位)|(?:公司|发行人)(?:已)?(?:实际)?收到[^。；]{0,20}?(?:募集资金|认购款|款项))"
)
_VERIFIED = re.compile(r"验资|验证")


@dataclass
class RaiseActual:
    gross_wan: Decimal | None
    net_wan: Decimal | None
    received_date: str | None
    shares: int | None
    price_yuan: Decimal | None
    offering_hint: str | None
    line: Line
    text: str | None = None


def read_raise_actual(lines: list[Line], title: str | None, single: bool) -> RaiseActual | None:
    """The raise's actual figures. `single`: the document concerns one raise, so a second,
    different total is an earlier raise it recalls (the first one stated is taken); else a
    document stating totals of several raises gives none (its tables carry them)."""
    prose = join_lines(lines)
    text = prose.text
    grosses = [m for m in _GROSS.finditer(text) if _amount(m) is not None]
    if not grosses:
        return None
    if not single and len({_amount(m) for m in grosses}) > 1:
        return None
    gross = grosses[0]
    scope = _scope(text, gross.start())
    net = next((m for m in _NET.finditer(text, scope[0], scope[1])), None)
    shares = next((m for m in _SHARES.finditer(text, 0, scope[1])), None)
    price = next((m for m in _PRICE.finditer(text, 0, scope[1])), None)
    hint = offering_name(title or "") or _nearest_offering(text, gross.start())
    line = prose.line_at(gross.start("num"))
    return RaiseActual(
        gross_wan=_amount(gross),
        net_wan=_amount(net) if net else None,
        received_date=_received(text, scope),
        shares=_shares(shares),
        price_yuan=parse_number(price.group("num")) if price else None,
        offering_hint=hint,
        line=line,
    )


def _amount(m: re.Match[str] | None) -> Decimal | None:
    if m is None:
        return None
    value = parse_number(m.group("num"))
    return None if value is None else to_wan(value, m.group("unit"))


def _scope(text: str, at: int) -> tuple[int, int]:
    """The stretch of text about the raise whose total is at `at`: from it to the next
    total of another raise (or a few sentences on)."""
    following = _GROSS.search(text, at + 1)
    end = following.start() if following else len(text)
    return at, min(end, at + 1200)


def _received(text: str, scope: tuple[int, int]) -> str | None:
    """The day the money arrived: 于…到账/到位, the transfer into the company's account,
    else the date of the 验资 that confirmed it."""
    after, before = text[scope[0]:scope[1]], text[max(0, scope[0] - 400):scope[0]]
    for window in (after, before):  # said after the total, as a rule; else in the sentences before it
        m = _ARRIVED.search(window) or _ARRIVED_LATE.search(window)
        if m:
            found = dates_in(m.group("date"))
            return found[0] if found else None
    for sentence in re.split(r"[。；]", before + after):
        if _VERIFIED.search(sentence):
            found = [d for d in dates_in(sentence) if len(d) == 10]
            if found:
                return found[-1]
    return None


def _shares(m: re.Match[str] | None) -> int | None:
    if m is None:
        return None
    value = parse_number(m.group("num"))
    if value is None:
        return None
    count = value * 10000 if m.group("unit") == "万股" else value
    return int(count) if count == count.to_integral_value() else None


def _nearest_offering(text: str, at: int) -> str | None:
    """The raise named closest before the total (the heading or sentence it belongs to)."""
    before = offering_names(text[max(0, at - 600):at])
    if before:
        return before[-1]
    after = offering_names(text[at:at + 300])
    return after[0] if after else None
