"""Amounts in 万元 (10,000 CNY) as DECIMAL(18,2), with the unit and digits the filing printed.

The parse contract already states every amount in 万元. What it does not carry is how the
filing printed it, which an analyst checking a number needs: this module finds, in the
evidence line an amount was read from, the printed number that converts to it, and so
recovers the printed unit (元, 万元, 亿元, …) and digits. Lines that do not contain the
number (a table exported one cell per line) leave both unknown (null), never guessed.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import polars as pl

DECIMAL = pl.Decimal(18, 2)
#: printed unit → 万元 per unit, in the order a tie is resolved (a zero matches every unit)
UNIT_TO_WAN: dict[str, Decimal] = {
    "万元": Decimal("1"),
    "元": Decimal("0.0001"),
    "亿元": Decimal("10000"),
    "千元": Decimal("0.1"),
    "百万元": Decimal("100"),
    "千万元": Decimal("1000"),
}
#: digits as filings print them: thousands separators, decimals (after NFKC, so full-width is ASCII)
NUMBER = r"\d{1,3}(?:,\s?\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
#: half a cent of a 万元: the parser rounds half-up to the cent, so a printed number converts
#: to the stated amount within this
TOLERANCE = 0.005 + 1e-9


def to_wan(value: Decimal, unit: str) -> Decimal:
    """A printed value in `unit`, in 万元 rounded half-up to the cent (the contract's rule)."""
    try:
        factor = UNIT_TO_WAN[unit]
    except KeyError:
        raise ValueError(f"unknown unit {unit!r}; known: {', '.join(UNIT_TO_WAN)}") from None
    return (value * factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def to_decimal(amount_wan: pl.Expr) -> pl.Expr:
    """A contract amount (a JSON number in 万元) as DECIMAL(18,2), rounded to the cent."""
    return amount_wan.cast(pl.Float64).round(2).cast(DECIMAL)


def printed_to_wan(text: pl.Expr, unit: pl.Expr) -> pl.Expr:
    """Printed digits in a printed unit → 万元 as DECIMAL(18,2): the inverse of `attach_printed`."""
    value = text.str.normalize("NFKC").str.replace_all(r"[,\s]", "").cast(pl.Decimal(38, 6), strict=False)
    factor = unit.replace_strict({u: str(f) for u, f in UNIT_TO_WAN.items()}, default=None,
                                 return_dtype=pl.String).cast(pl.Decimal(38, 6))
    return (value * factor).cast(pl.Float64).round(2).cast(DECIMAL)


def _unit_of(value: pl.Expr, amount: pl.Expr) -> pl.Expr:
    chain = pl.when(pl.lit(False)).then(pl.lit(None, dtype=pl.String))
    for unit, factor in UNIT_TO_WAN.items():
        chain = chain.when((value * float(factor) - amount).abs() <= TOLERANCE).then(pl.lit(unit))
    return chain.otherwise(pl.lit(None, dtype=pl.String))


def attach_printed(frame: pl.DataFrame, text: str, amount: str, prefix: str) -> pl.DataFrame:
    """Add `<prefix>_unit` and `<prefix>_text`: the printed unit and digits of `amount`.

    `text` is the evidence: a string column, or a struct column with a `text` field.
    """
    column = pl.col(text)
    if isinstance(frame.schema[text], pl.Struct):
        column = column.struct.field("text")
    unit_col, text_col = f"{prefix}_unit", f"{prefix}_text"
    indexed = frame.with_row_index("_row")
    found = (
        indexed.select("_row", column.alias("_t"), pl.col(amount).cast(pl.Float64).alias("_a"))
        .drop_nulls()
        .with_columns(pl.col("_t").str.normalize("NFKC").str.extract_all(NUMBER).alias("_num"))
        .explode("_num")
        .drop_nulls("_num")
        .with_columns(pl.int_range(pl.len()).over("_row").alias("_pos"))
        .with_columns(pl.col("_num").str.replace_all(r"[,\s]", "").cast(pl.Float64, strict=False).alias("_v"))
        .with_columns(_unit_of(pl.col("_v"), pl.col("_a")).alias(unit_col))
        .drop_nulls(unit_col)
        .with_columns(
            pl.col(unit_col).replace_strict({u: i for i, u in enumerate(UNIT_TO_WAN)}, return_dtype=pl.Int32)
            .alias("_pref")
        )
        .sort("_row", "_pref", "_pos")
        .unique("_row", keep="first", maintain_order=True)
        .select("_row", unit_col, pl.col("_num").alias(text_col))
    )
    return indexed.join(found, on="_row", how="left").sort("_row").drop("_row")
