"""Which raise a document after the raise names: its year, its offering type, or the IPO.

Use reports, issuance reports and notices name the raise they speak about
(`2022年度向特定对象发行A股股票`, `首次公开发行股票`, `向不特定对象发行可转换公司债券`). The
offering type and the IPO are read with the title classifier the crawler and parser share
(crawler/title_rules.csv: its `offering` rules, and its `skip,ipo` rule for 首次公开发行), so a
raise is named the same way wherever it is read. Each distinct text is classified once.
"""
from __future__ import annotations

import polars as pl

from pipeline.normalise.frames import plan_year

#: a year anywhere in an offering hint (`2020年第一次非公开发行股票` names 2020)
HINT_YEAR = r"((?:19|20)\d{2})\s*年"
#: the title classifier's skip reason for IPO documents (crawler/title_rules.csv)
IPO_SKIP = "ipo"
HINTS = {"hint_year": pl.Int32, "hint_type": pl.String, "is_ipo": pl.Boolean}


def _classified(texts: list[str]) -> pl.DataFrame:
    from crawler.titles import classify_title

    classes = [(text, classify_title(text)) for text in texts]
    rows = [(text, cls.offering, cls.skip == IPO_SKIP) for text, cls in classes]
    return pl.DataFrame(rows, schema={"_text": pl.String, "hint_type": pl.String, "is_ipo": pl.Boolean},
                        orient="row")


def with_hints(frame: pl.DataFrame, hint: str, title: str | None = None) -> pl.DataFrame:
    """Add hint_year, hint_type and is_ipo, read from the `hint` column, else from `title`.

    A hint is the raise's own name, so any year in it counts; a title names its raise only in
    the form plan titles use (`2023年度向特定对象发行…`), so `2024年半年度募集资金…` names none.
    """
    text = pl.col(hint) if title is None else pl.coalesce(pl.col(hint), pl.col(title))
    year = pl.col(hint).str.normalize("NFKC").str.extract(HINT_YEAR, 1).cast(pl.Int32, strict=False)
    if title is not None:
        year = pl.when(pl.col(hint).is_not_null()).then(year).otherwise(plan_year(pl.col(title)))
    frame = frame.with_columns(text.alias("_text"), year.alias("hint_year"))
    distinct = frame.get_column("_text").drop_nulls().unique().sort().to_list()
    return (
        frame.join(_classified(distinct), on="_text", how="left", maintain_order="left")
        .with_columns(pl.col("is_ipo").fill_null(False))
        .drop("_text")
    )
