"""How documents name a raise: `2022年度向特定对象发行A股股票`, `首次公开发行股票`,
`向不特定对象发行可转换公司债券`. The name as printed (white space removed) is the
`offering_hint` that later stages use to attach money, progress and changes to a plan."""
from __future__ import annotations

import re

from pipeline.extract.amounts import nfkc

_YEAR = r"(?:(?:19|20)\d{2}年(?:度)?)"
_NTH = r"(?:第[一二三四五六七八九十]次)"
_KIND = (
    r"(?:首次公开发行(?:人民币普通股)?(?:[(（]?A股[)）]?)?(?:股票)?"
    r"|以简易程序向特定对象发行(?:人民币普通股)?(?:[(（]?A股[)）]?)?(?:股票)?"
    r"|向特定对象发行(?:人民币普通股)?(?:[(（]?A股[)）]?)?(?:股票)?"
    r"|非公开发行(?:人民币普通股)?(?:[(（]?A股[)）]?)?(?:股票)?"
    r"|(?:向不特定对象|公开)?发行可转换公司债券"
    r"|境外发行全球存托凭证)"
)
OFFERING = re.compile(rf"{_YEAR}?{_NTH}?{_KIND}")


def compact(text: str) -> str:
    return re.sub(r"\s+", "", nfkc(text or ""))


def offering_names(text: str) -> list[str]:
    """Every raise the text names, in order (a name counted once)."""
    out: list[str] = []
    for m in OFFERING.finditer(compact(text)):
        name = m.group(0)
        if name and name not in out:
            out.append(name)
    return out


def offering_name(text: str) -> str | None:
    """The raise a heading or title names, or None. Where it names the same kind of raise
    more than once, the fullest name (with its year) is taken."""
    names = offering_names(text)
    if not names:
        return None
    return max(names, key=len) if len({_kind_of(n) for n in names}) == 1 else names[0]


def _kind_of(name: str) -> str:
    return re.sub(rf"^{_YEAR}?{_NTH}?", "", name)


def same_raise(a: str, b: str) -> bool:
    """Do two names stand for the same raise (one may lack the year the other prints)?"""
    if a == b:
        return True
    ka, kb = _kind_of(a), _kind_of(b)
    core = {ka.replace("A股", "").replace("人民币普通股", "").replace("股票", ""),
            kb.replace("A股", "").replace("人民币普通股", "").replace("股票", "")}
    if len(core) != 1:
        return False
    ya, yb = a[: len(a) - len(ka)], b[: len(b) - len(kb)]
    return not ya or not yb or ya[:4] == yb[:4]
