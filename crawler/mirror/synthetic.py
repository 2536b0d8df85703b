"""Synthetic filings for crawler tests and benchmarks: many rows, cheap PDFs.

The bundled corpus holds a few dozen carefully written filings; paging, window splitting
and throughput need hundreds or thousands. These are invented companies' announcements
with real-looking titles and a minimal but valid one-page PDF each (distinct bytes, so
distinct sha256), spread over consecutive days.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from crawler.mirror.filings import BEIJING, Filing

#: title shapes seen on the sites; {year} is the raise's year
WANTED_TITLES = (
    "关于本次募集资金投向属于科技创新领域的说明",
    "{year}年度向特定对象发行A股股票预案",
    "{year}年度向特定对象发行A股股票募集资金使用的可行性分析报告",
    "{year}年度向特定对象发行A股股票方案的论证分析报告",
    "{year}年度以简易程序向特定对象发行股票预案",
    "向不特定对象发行可转换公司债券预案",
    "{year}年度向特定对象发行A股股票募集说明书（申报稿）",
    "关于调整{year}年度向特定对象发行A股股票方案的公告",
)
UNWANTED_TITLES = (
    "{year}年度向特定对象发行A股股票预案（英文版）",
    "关于{year}年度向特定对象发行A股股票预案披露的提示性公告",
    "中信建投证券股份有限公司关于本次募集资金投向属于科技创新领域的核查意见",
    "{year}年年度报告",
)


def minimal_pdf(text: str) -> bytes:
    """A small, valid one-page PDF whose content stream carries `text` (ASCII)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def synthetic_filings(n: int, start: datetime | None = None, per_day: int = 7, unwanted_every: int = 0,
                      main_board_every: int = 0, id_base: int = 1300000000) -> list[Filing]:
    """`n` filings of distinct invented STAR companies, `per_day` a day from `start`.

    `unwanted_every=k` makes every k-th title one the crawler should skip; `main_board_every=k`
    gives every k-th filing a main-board code (600xxx), which a STAR crawl must ignore.
    """
    start = start or datetime(2023, 1, 2, 18, 0, tzinfo=BEIJING)
    filings = []
    for i in range(n):
        unwanted = bool(unwanted_every) and i % unwanted_every == unwanted_every - 1
        shapes = UNWANTED_TITLES if unwanted else WANTED_TITLES
        published = start + timedelta(days=i // per_day, minutes=i % per_day)
        main_board = bool(main_board_every) and i % main_board_every == main_board_every - 1
        code = f"{600000 + i % 4000:06d}" if main_board else f"{688000 + i % 1000:06d}" if i < 1000 else f"{689000 + i % 1000:06d}"
        name = f"星{i:04d}科技"
        ident = str(id_base + i)
        title = shapes[i % len(shapes)].format(year=published.year)
        filings.append(Filing(
            announcement_id=ident, code=code, short_name=name, full_name=f"{name}股份有限公司",
            org_id=f"gssh0{code}" if i % 3 else "9900" + hashlib.sha1(code.encode()).hexdigest()[:6],
            title=title, published=published, load_pdf=lambda ident=ident: minimal_pdf(f"starboard synthetic {ident}"),
        ))
    return filings
