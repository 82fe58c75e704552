"""Number formats as council papers write them: (503,475) in tables, £103.325m in prose."""

from __future__ import annotations

MONEY_UNITS = {"£": 1, "£,000": 1_000, "£'000": 1_000, "£000": 1_000, "£k": 1_000, "£m": 1_000_000}


class FormatError(ValueError):
    """A format that does not exist, or does not fit the figure."""


def grouped(value: float, decimals: int = 0) -> str:
    """1234.5 → '1,235' (decimals 0) or '1,234.5' (decimals 1); no sign."""
    return f"{abs(value):,.{decimals}f}"


def table_number(value: float | None, decimals: int = 0, percent: bool = False, zero: str | None = None) -> str:
    """A figure as a table shows it: thousands separators, negatives in brackets."""
    if value is None:
        return ""
    if round(value, decimals) == 0:
        value = 0.0
        if zero is not None:
            return zero
    text = grouped(value, decimals) + ("%" if percent else "")
    return f"({text})" if value < 0 else text


def prose_figure(value: float, unit: str | None, filters: list[str], default_decimals: int = 0,
                 percent: bool = False) -> str:
    """A figure in a sentence, after the filters written in `{ref|abs|£m}`."""
    formatter = None
    for spec in filters:
        name, _, arg = spec.partition(":")
        if name == "abs":
            value = abs(value)
        elif name == "neg":
            value = -value
        elif formatter is not None:
            raise FormatError(f"two formats '{formatter[0]}' and '{name}': write one")
        elif name in ("£m", "£k", "£", "n", "%"):
            formatter = (name, _decimals(arg, name))
        else:
            raise FormatError(f"unknown format '{spec}': use £m, £k, £, n, %, abs or neg")
    if formatter is None:
        return table_number(value, default_decimals, percent)
    return _format(value, unit, *formatter)


def _decimals(arg: str, name: str) -> int | None:
    if not arg:
        return None
    if not arg.isdigit() or int(arg) > 6:
        raise FormatError(f"'{name}:{arg}': the number after ':' is how many decimals (0 to 6)")
    return int(arg)


def _format(value: float, unit: str | None, name: str, decimals: int | None) -> str:
    sign = "-" if round(value, 6) < 0 else ""
    if name in ("£m", "£k", "£"):
        if unit not in MONEY_UNITS:
            raise FormatError(f"'{name}' needs a money figure (unit £, £,000 or £m), this one is in {unit or 'no unit'}")
        pounds = value * MONEY_UNITS[unit]
        scale, default, suffix = {"£m": (1e6, 3, "m"), "£k": (1e3, 0, "k"), "£": (1, 0, "")}[name]
        return f"{sign}£{grouped(pounds / scale, default if decimals is None else decimals)}{suffix}"
    if name == "%":
        return f"{sign}{grouped(value, 1 if decimals is None else decimals)}%"
    return f"{sign}{grouped(value, decimals or 0)}"
