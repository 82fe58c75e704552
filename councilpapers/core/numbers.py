"""Number formats as council papers write them: (503,475) in tables, £103.325m in prose.

Money is exact: every figure is a `Decimal` (or int) from the YAML number to the printed
text, rounded half away from zero as finance and Excel do (2.5 → 3, -2.5 → -3), and a
figure that rounds to zero prints as zero, never as -0.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

MONEY_UNITS = {"£": 1, "£,000": 1_000, "£'000": 1_000, "£000": 1_000, "£000's": 1_000, "£k": 1_000, "£m": 1_000_000}
PERCENT_UNITS = {"%"}
# Each prose money format: (pounds per unit, suffix, decimals when the figure is in another unit).
MONEY_FORMATS = {"£m": (1_000_000, "m", 3), "£k": (1_000, "k", 0), "£": (1, "", 0)}

Number = Decimal | int


class FormatError(ValueError):
    """A format that does not exist, or does not fit the figure."""


def exact(value: Number | float) -> Decimal:
    """Any figure as a Decimal; a float (never expected) by its shortest decimal text."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(value))


def rounded(value: Number | float, decimals: int) -> Decimal:
    """Half away from zero to `decimals` places; a negative that rounds to zero is zero."""
    result = exact(value).quantize(Decimal(10) ** -decimals, rounding=ROUND_HALF_UP)
    return abs(result) if result == 0 else result


def typed_decimals(value: Number | None) -> int:
    """How many decimals a figure was written with: 10.160 → 3, 2.99 → 2, 18 → 0."""
    if isinstance(value, Decimal) and value.is_finite():
        return max(0, -int(value.as_tuple().exponent))
    return 0


def grouped(value: Number, decimals: int) -> str:
    """1234.5 → '1,235' (decimals 0) or '1,234.5' (decimals 1); no sign."""
    return f"{abs(rounded(value, decimals)):,.{decimals}f}"


def signed(value: Number, decimals: int, text: str) -> str:
    """`text` with a minus sign where the figure, rounded, is negative."""
    return f"-{text}" if rounded(value, decimals) < 0 else text


def table_number(value: Number | None, decimals: int = 0, percent: bool = False, zero: str | None = None) -> str:
    """A figure as a table shows it: thousands separators, negatives in brackets."""
    if value is None:
        return ""
    shown = rounded(value, decimals)
    if shown == 0 and zero is not None:
        return zero
    text = grouped(shown, decimals) + ("%" if percent else "")
    return f"({text})" if shown < 0 else text


def prose_figure(value: Number, unit: str | None, filters: list[str], decimals: int = 0, percent: bool = False) -> str:
    """A figure in a sentence, after the filters written in `{ref|abs|£m}`.

    `decimals` is the figure's own precision (a column's decimals, or as the figure was
    typed): a format in the figure's own unit keeps it unless the format says otherwise.
    """
    formatter = None
    for spec in filters:
        name, _, arg = spec.partition(":")
        if name == "abs":
            value = abs(exact(value))  # as a Decimal: mypy cannot take abs() of Decimal | int
        elif name == "neg":
            value = -exact(value)
        elif formatter is not None:
            raise FormatError(f"two formats '{formatter[0]}' and '{name}': write one")
        elif name in ("£m", "£k", "£", "n", "%"):
            formatter = (name, _decimals(arg, name))
        else:
            raise FormatError(f"unknown format '{spec}': use £m, £k, £, n, %, abs or neg")
    if formatter is None:
        return table_number(value, decimals, percent)
    return _format(value, unit, percent, decimals, *formatter)


def _decimals(arg: str, name: str) -> int | None:
    if not arg:
        return None
    if not arg.isdigit() or int(arg) > 6:
        raise FormatError(f"'{name}:{arg}': the number after ':' is how many decimals (0 to 6)")
    return int(arg)


def _format(value: Number, unit: str | None, percent: bool, own: int, name: str, decimals: int | None) -> str:
    is_percent = percent or unit in PERCENT_UNITS
    if name in MONEY_FORMATS:
        if unit not in MONEY_UNITS:
            raise FormatError(
                f"'{name}' needs a money figure (unit £, £,000, £'000 or £m), this one is in {unit or 'no unit'}"
            )
        scale, suffix, other = MONEY_FORMATS[name]
        same_unit = MONEY_UNITS[unit] == scale
        places = decimals if decimals is not None else own if same_unit else other
        amount = exact(value) * MONEY_UNITS[unit] / scale
        return signed(amount, places, f"£{grouped(amount, places)}{suffix}")
    if name == "%":
        if not is_percent:
            raise FormatError(
                f"'%' needs a percentage (unit %), this figure is in {unit or 'no unit'}: "
                "compute the percentage as a figure of its own"
            )
        places = own if decimals is None else decimals
        return signed(value, places, f"{grouped(value, places)}%")
    if is_percent:
        raise FormatError("'n' is for counts; this figure is a percentage: use %")
    if unit in MONEY_UNITS:
        raise FormatError(f"'n' is for counts; this figure is in {unit}: use £m, £k or £")
    places = own if decimals is None else decimals
    return signed(value, places, grouped(value, places))


# A figure as a reason quotes it: 11,945 or 2.99 or 1.5 (in £1.5m); not a year of 2017/18, nor
# part of a longer number.
_CITED = re.compile(r"(?<![\w.,/])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d/]|[.,]\d)")


def cites(reason: str, value: Number | None) -> bool:
    """Whether a reason quotes the figure, sign aside, to the decimals it is quoted with: an
    acceptance ("…prints instead (11,945)") holds only while the figures it cites are the paper's."""
    if value is None:
        return True
    for token in _CITED.findall(reason):
        written = Decimal(token.replace(",", ""))
        decimals = len(token.split(".")[1]) if "." in token else 0
        if rounded(abs(exact(value)), decimals) == written:
            return True
    return False
