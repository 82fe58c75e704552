"""Number formats as council papers write them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from councilpapers.numbers import FormatError, prose_figure, table_number


@pytest.mark.parametrize("value, filters, unit, expected", [
    (103325, ["£m"], "£,000", "£103.325m"),
    (-300, ["abs", "£k"], "£,000", "£300k"),
    (-1500, ["abs", "£m:1"], "£,000", "£1.5m"),
    (-1000, ["abs", "£m:0"], "£,000", "£1m"),
    (518.57, ["£m:2"], "£m", "£518.57m"),
    (41610, ["£"], "£", "£41,610"),
    (1181, [], None, "1,181"),
    (87.1, ["%"], "%", "87.1%"),
])
def test_prose_formats(value, filters, unit, expected):
    assert prose_figure(value, unit, filters) == expected


def test_table_numbers():
    assert table_number(-503475) == "(503,475)"
    assert table_number(0, zero="-") == "-"
    assert table_number(5, decimals=1) == "5.0"
    assert table_number(None) == ""


def test_money_format_needs_money():
    with pytest.raises(FormatError):
        prose_figure(19, "FTE", ["£m"])


@given(st.integers(-10**9, 10**9))
def test_brackets_mean_negative_and_digits_survive(n):
    shown = table_number(n)
    assert shown.startswith("(") == (n < 0)
    assert int(shown.strip("()").replace(",", "")) == abs(n)
