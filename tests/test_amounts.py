from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.amounts import UNIT_TO_WAN, parse_amount, parse_number, to_wan, unit_declared


def test_printed_styles() -> None:
    assert parse_amount("363,519.00") == Decimal("363519.00")
    assert parse_amount("人民币3,635,190,000.00元") == Decimal("363519.00")
    assert parse_amount("36.35亿元") == Decimal("363500.00")
    assert parse_amount("３６３，５１９．００") == Decimal("363519.00")  # full-width digits
    assert parse_amount("363, 519.00") == Decimal("363519.00")  # a space the text layer put in
    assert parse_amount("363 519.00 万元") == Decimal("363519.00")  # spaces as thousands separators
    assert parse_amount("not a number") is None
    assert parse_number("—") is None


def test_units_declared() -> None:
    assert unit_declared("单位：万元") == "万元"
    assert unit_declared("金额单位：人民币元") == "元"
    assert unit_declared("投资总额（亿元）") == "亿元"
    assert unit_declared("项目名称") is None


FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


def _print(value: Decimal, sep: str, full_width: bool, places: int) -> str:
    text = f"{value:,.{places}f}".replace(",", sep)
    return text.translate(FULL_WIDTH) if full_width else text


@given(
    cents=st.integers(min_value=0, max_value=10**13),
    unit=st.sampled_from(sorted(UNIT_TO_WAN)),
    sep=st.sampled_from([",", "，", "", " ", "\u2009", ", "]),
    full_width=st.booleans(),
    prefix=st.sampled_from(["", "人民币", "人民币 "]),
    gap=st.sampled_from(["", " ", "\u3000"]),
    places=st.sampled_from([0, 2]),
)
def test_round_trip_every_printed_style(cents: int, unit: str, sep: str, full_width: bool, prefix: str,
                                        gap: str, places: int) -> None:
    value = (Decimal(cents) / 100).quantize(Decimal(1).scaleb(-places))
    printed = prefix + _print(value, sep, full_width, places) + gap + unit
    assert parse_amount(printed) == to_wan(value, unit)


@given(cents=st.integers(min_value=0, max_value=10**13), unit=st.sampled_from(sorted(UNIT_TO_WAN)))
def test_a_number_under_a_declared_unit(cents: int, unit: str) -> None:
    value = Decimal(cents) / 100
    assert parse_amount(f"{value:,.2f}", unit=unit) == to_wan(value, unit)
