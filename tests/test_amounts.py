from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.amounts import parse_amount, parse_number, to_wan, unit_declared


def test_printed_styles() -> None:
    assert parse_amount("363,519.00") == Decimal("363519.00")
    assert parse_amount("人民币3,635,190,000.00元") == Decimal("363519.00")
    assert parse_amount("36.35亿元") == Decimal("363500.00")
    assert parse_amount("３６３，５１９．００") == Decimal("363519.00")  # full-width digits
    assert parse_amount("363, 519.00") == Decimal("363519.00")  # a space the text layer put in
    assert parse_amount("not a number") is None
    assert parse_number("—") is None


def test_units_declared() -> None:
    assert unit_declared("单位：万元") == "万元"
    assert unit_declared("金额单位：人民币元") == "元"
    assert unit_declared("投资总额（亿元）") == "亿元"
    assert unit_declared("项目名称") is None


def _print(value: Decimal, sep: bool, full_width: bool) -> str:
    text = f"{value:,.2f}" if sep else f"{value:.2f}"
    if full_width:
        text = text.translate(str.maketrans("0123456789,.", "０１２３４５６７８９，．"))
    return text


@given(
    cents=st.integers(min_value=0, max_value=10**13),
    unit=st.sampled_from(["元", "万元", "亿元"]),
    sep=st.booleans(),
    full_width=st.booleans(),
)
def test_round_trip_every_printed_style(cents: int, unit: str, sep: bool, full_width: bool) -> None:
    value = Decimal(cents) / 100
    printed = _print(value, sep, full_width) + unit
    assert parse_amount(printed) == to_wan(value, unit)
