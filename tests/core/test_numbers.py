"""Number formats as council papers write them, rounded half away from zero as finance does."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilpapers.core.numbers import (
    FormatError,
    exact,
    grouped,
    prose_figure,
    rounded,
    signed,
    table_number,
    typed_decimals,
)


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


# ---- each format's digits, edges and messages -------------------------------------------------


@pytest.mark.parametrize(
    "value, filters, unit, decimals, percent, expected",
    [
        (D("-2.5"), ["neg"], None, 0, False, "3"),  # neg turns the sign, then the figure rounds
        (1500, ["neg", "£m"], "£,000", 0, False, "-£1.500m"),
        (-1500, ["neg", "abs", "£k"], "£,000", 0, False, "£1,500k"),
        (D("12.25"), ["%"], None, 2, True, "12.25%"),  # a percent column with no unit
        (D("12.25"), ["%"], "%", 2, False, "12.25%"),  # a % unit is a percentage too
        (D("12.25"), [], None, 1, True, "12.3%"),
        (D("-0.25"), ["%:1"], "%", 0, False, "-0.3%"),
        (D("1.2345675"), ["n:6"], "count", 0, False, "1.234568"),
        (D("0.5"), ["£k:0"], "£k", 3, False, "£1k"),  # the format's decimals win over the figure's own
        (D("1234567.5"), ["£"], "£", 0, False, "£1,234,568"),
        (D("1234.5"), ["£k"], "£k", 1, False, "£1,234.5k"),  # its own unit keeps its own decimals
        (1234500, ["£k"], "£", 2, False, "£1,235k"),  # another unit takes the format's (0 for £k)
        (D("0.0005"), ["£m"], "£m", 4, False, "£0.0005m"),
        (500, ["£m"], "£", 0, False, "£0.001m"),  # £ to £m: three decimals
    ],
)
def test_each_format_at_its_edges(value, filters, unit, decimals, percent, expected):
    assert prose_figure(value, unit, filters, decimals, percent) == expected


def test_a_figure_without_a_format_prints_as_the_table_does_with_no_decimals_unless_given():
    assert prose_figure(D("2.5"), None, []) == "3"
    assert prose_figure(D("-1234.5"), "£,000", []) == "(1,235)"
    assert prose_figure(D("0.25"), "%", [], 1, True) == "0.3%"


@pytest.mark.parametrize(
    "filters, unit, percent, message",
    [
        (["£m"], "FTE", False, "'£m' needs a money figure (unit £, £,000, £'000 or £m), this one is in FTE"),
        (["£k"], None, False, "'£k' needs a money figure (unit £, £,000, £'000 or £m), this one is in no unit"),
        (
            ["%"],
            "£,000",
            False,
            "'%' needs a percentage (unit %), this figure is in £,000: compute the percentage as a figure of its own",
        ),
        (
            ["%"],
            None,
            False,
            "'%' needs a percentage (unit %), this figure is in no unit: compute the percentage as a figure of its own",
        ),
        (["n"], "£m", False, "'n' is for counts; this figure is in £m: use £m, £k or £"),
        (["n"], "%", False, "'n' is for counts; this figure is a percentage: use %"),
        (["n"], None, True, "'n' is for counts; this figure is a percentage: use %"),
        (["£m", "£k"], "£m", False, "two formats '£m' and '£k': write one"),
        (["%", "n"], "%", False, "two formats '%' and 'n': write one"),
        (["£x"], "£m", False, "unknown format '£x': use £m, £k, £, n, %, abs or neg"),
        (["£m:7"], "£m", False, "'£m:7': the number after ':' is how many decimals (0 to 6)"),
        (["%:x"], "%", False, "'%:x': the number after ':' is how many decimals (0 to 6)"),
        (["n:-1"], None, False, "'n:-1': the number after ':' is how many decimals (0 to 6)"),
    ],
)
def test_each_format_error_says_what_to_write(filters, unit, percent, message):
    with pytest.raises(FormatError) as caught:
        prose_figure(D("264.8"), unit, filters, 0, percent)
    assert str(caught.value) == message


def test_six_decimals_is_the_most_a_format_may_ask_for():
    assert prose_figure(D("1.23456789"), "£m", ["£m:6"]) == "£1.234568m"
    assert prose_figure(D("1.5"), "£m", ["£m:0"]) == "£2m"


@pytest.mark.parametrize(
    "value, decimals",
    [(D("10.160"), 3), (D("2.99"), 2), (D("18"), 0), (18, 0), (D("1E+2"), 0), (D("0.5"), 1), (D("NaN"), 0), (2.5, 0)],
)
def test_typed_decimals(value, decimals):
    assert typed_decimals(value) == decimals


def test_rounded_is_exact_and_never_negative_zero():
    assert str(rounded(D("-0.4"), 0)) == "0"
    assert str(rounded(D("-0.004"), 2)) == "0.00"
    assert str(rounded(D("1.005"), 2)) == "1.01"
    assert str(rounded(2, 1)) == "2.0"
    assert str(rounded(D("-1.5"), 0)) == "-2"
    assert str(rounded(0.1, 3)) == "0.100"  # a float (never expected) by its shortest decimal text
    assert exact(0.1) == D("0.1") and exact(7) == D(7) and exact(D("0.10")).as_tuple().exponent == -2


def test_grouped_has_no_sign():
    assert grouped(D("-1234.5"), 0) == "1,235"
    assert grouped(D("1234.25"), 1) == "1,234.3"
    assert signed(D("-0.4"), 0, "0") == "0" and signed(D("-0.5"), 0, "1") == "-1"


def test_a_reason_cites_a_figure_as_printed_sign_and_separators_aside():
    from councilpapers.core.numbers import cites

    reason = "The published total (10,463) is not the sum, which the paper prints instead (11,945)."
    assert cites(reason, -11945) and cites(reason, D("11945.4")) and cites(reason, 10463)
    assert not cites(reason, 11946) and not cites(reason, 1945) and not cites(reason, 11)
    assert cites("from the rates the projection is 610.", D("609.873239"))
    assert cites("£1.5m a year", D("1.46")) and not cites("£1.5m a year", D("1.44"))
    assert cites("2.99% of it", D("2.99")) and not cites("2.99% of it", D("2.9"))
    assert not cites("for 2017/18 and 2018/19", 18) and not cites("for 2017/18", 2017)  # years, not figures
    assert not cites("1,2345 is no figure", 1234) and cites("as 30,143 and 30,142.", 30142)
    assert cites("any reason", None)  # nothing computed: nothing to cite
    assert not cites("no figures at all", 0)
