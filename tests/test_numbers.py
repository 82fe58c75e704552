"""Number formats as council papers write them, rounded half away from zero as finance does."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilpapers.numbers import FormatError, prose_figure, table_number


@pytest.mark.parametrize(
    "value, filters, unit, decimals, expected",
    [
        (103325, ["£m"], "£,000", 0, "£103.325m"),
        (-300, ["abs", "£k"], "£,000", 0, "£300k"),
        (-1500, ["abs", "£m:1"], "£,000", 0, "£1.5m"),
        (-1000, ["abs", "£m:0"], "£,000", 0, "£1m"),
        (D("518.57"), ["£m:2"], "£m", 2, "£518.57m"),
        (41610, ["£"], "£", 0, "£41,610"),
        (1181, [], None, 0, "1,181"),
        (D("87.1"), ["%"], "%", 1, "87.1%"),
        # a figure prints at the precision it was typed, in its own unit
        (D("10.160"), ["£m"], "£m", 3, "£10.160m"),
        (D("1.8"), ["£m"], "£m", 1, "£1.8m"),
        (3, ["£m"], "£m", 0, "£3m"),
        (D("2.99"), ["%"], "%", 2, "2.99%"),
        (D("2.99"), [], "%", 2, "2.99%"),
        (D("18.5"), ["n"], "count", 1, "18.5"),
    ],
)
def test_prose_formats(value, filters, unit, decimals, expected):
    assert prose_figure(value, unit, filters, decimals, unit == "%") == expected


@pytest.mark.parametrize(
    "value, filters, unit, expected",
    [
        # halfway cases round away from zero at every format and decimals setting
        (D("2.5"), [], None, "3"),
        (D("-2.5"), [], None, "(3)"),
        (D("0.5"), ["n"], "count", "1"),
        (2500, ["£k"], "£", "£3k"),
        (-2500, ["£k"], "£", "-£3k"),
        (D("1.25"), ["£m:1"], "£m", "£1.3m"),
        (D("-1.25"), ["£m:1"], "£m", "-£1.3m"),
        (1250, ["£m:2"], "£,000", "£1.25m"),
        (1245, ["£m:2"], "£,000", "£1.25m"),
        (D("1.0005"), ["£m:3"], "£m", "£1.001m"),
        (D("0.125"), ["%:2"], "%", "0.13%"),
        (D("12.5"), ["%:0"], "%", "13%"),
        (D("2.675"), ["n:2"], "count", "2.68"),
        # a negative figure that rounds to zero prints as zero
        (D("-0.0004"), ["£m:3"], "£m", "£0.000m"),
        (D("-0.4"), [], None, "0"),
    ],
)
def test_rounding_is_half_away_from_zero(value, filters, unit, expected):
    assert prose_figure(value, unit, filters, 0, unit == "%") == expected


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        (D("2.5"), 0, "3"),
        (D("-2.5"), 0, "(3)"),
        (D("0.05"), 1, "0.1"),
        (D("-0.05"), 1, "(0.1)"),
        (D("1234.5"), 0, "1,235"),
        (D("-0.4"), 0, "0"),
        (D("-0.004"), 2, "0.00"),
    ],
)
def test_table_numbers_round_half_away_from_zero(value, decimals, expected):
    assert table_number(value, decimals) == expected


def test_table_numbers():
    assert table_number(-503475) == "(503,475)"
    assert table_number(0, zero="-") == "-"
    assert table_number(D("-0.2"), zero="-") == "-"
    assert table_number(5, decimals=1) == "5.0"
    assert table_number(None) == ""


@pytest.mark.parametrize(
    "filters, unit, message",
    [
        (["£m"], "FTE", "'£m' needs a money figure"),
        (["%"], "£,000", "'%' needs a percentage"),
        (["%"], "count", "'%' needs a percentage"),
        (["n"], "£m", "'n' is for counts"),
        (["£m", "£k"], "£m", "two formats"),
        (["£x"], "£m", "unknown format"),
    ],
)
def test_a_format_that_does_not_fit_the_figure_is_an_error(filters, unit, message):
    with pytest.raises(FormatError, match=message):
        prose_figure(D("264.8"), unit, filters)


@given(st.integers(-(10**9), 10**9))
def test_brackets_mean_negative_and_digits_survive(n):
    shown = table_number(n)
    assert shown.startswith("(") == (n < 0)
    assert int(shown.strip("()").replace(",", "")) == abs(n)


@given(st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False, allow_infinity=False))
def test_one_decimal_is_the_nearest_tenth_with_ties_away_from_zero(value):
    shown = table_number(value, 1)
    number = D(shown.strip("()").replace(",", "")) * (-1 if shown.startswith("(") else 1)
    assert abs(number - value) <= D("0.05")
    if abs(number - value) == D("0.05"):
        assert abs(number) > abs(value)
