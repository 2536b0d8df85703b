"""Amounts: 万元 as DECIMAL(18,2), and the printed unit and digits recovered beside them."""
from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from pipeline.normalise.units import attach_printed, printed_to_wan, to_decimal, to_wan


@pytest.mark.parametrize(("value", "unit", "wan"), [
    ("3635190000.00", "元", "363519.00"),
    ("363519.00", "万元", "363519.00"),
    ("36.3519", "亿元", "363519.00"),
    ("1234.5", "千元", "123.45"),
    ("12.345", "百万元", "1234.50"),
    ("125", "元", "0.01"),  # 0.0125 万元: half-up to the cent, as the parser rounds
    ("124", "元", "0.01"),
    ("149", "元", "0.01"),
    ("150", "元", "0.02"),
])
def test_printed_units_convert_to_wan(value: str, unit: str, wan: str) -> None:
    assert to_wan(Decimal(value), unit) == Decimal(wan)


def test_an_unknown_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown unit '美元'"):
        to_wan(Decimal("1"), "美元")


def test_contract_numbers_become_exact_decimals() -> None:
    got = pl.DataFrame({"a": [0.29, 79768.57, 363519.0, 1e10 / 3, None]}).select(to_decimal(pl.col("a")))
    assert got.dtypes == [pl.Decimal(18, 2)]
    assert got["a"].to_list() == [Decimal("0.29"), Decimal("79768.57"), Decimal("363519.00"),
                                  Decimal("3333333333.33"), None]


EVIDENCE = [
    ("本次募集资金总额不超过人民币10,000,000,000.00元（含本数）", 1000000.00, "元", "10,000,000,000.00"),
    ("1\t云从“行业精灵”大模型研发项目\t363,519.00\t363,519.00", 363519.00, "万元", "363,519.00"),
    ("募集资金总额不超过 36.35 亿元", 363500.00, "亿元", "36.35"),
    ("研发设备购置费　２０９，４００．００", 209400.00, "万元", "209,400.00"),  # full-width digits
    ("场地费\t554,400\t千元", 55440.00, "千元", "554,400"),
    ("2\t铺底流动资金\t3,000.00\t12.5%", 3000.00, "万元", "3,000.00"),
    ("1", 26598.00, None, None),  # a table exported one cell per line: the number is elsewhere
]


def test_the_printed_unit_and_digits_are_found_in_the_evidence() -> None:
    frame = pl.DataFrame({
        "evidence": [{"page": 1, "text": t} for t, *_ in EVIDENCE] + [None],
        "amount": [a for _, a, *_ in EVIDENCE] + [5.0],
    })
    got = attach_printed(frame, "evidence", "amount", "x")
    assert got.columns == ["evidence", "amount", "x_unit", "x_text"]
    assert got.select("x_unit", "x_text").rows() == [(u, d) for *_, u, d in EVIDENCE] + [(None, None)]
    back = got.select(printed_to_wan(pl.col("x_text"), pl.col("x_unit")))["x_text"].to_list()
    assert back[:-2] == [Decimal(f"{a:.2f}") for _, a, *_ in EVIDENCE[:-1]]
