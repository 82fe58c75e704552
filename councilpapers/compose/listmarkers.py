"""Composing stage, list markers: "(iv)", "b)", "3." as the house style writes them."""

from __future__ import annotations

from councilpapers.core.placeholders import fill

_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def roman(number: int) -> str:
    """14 → 'xiv'."""
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def alpha(number: int) -> str:
    """1 → 'a', 26 → 'z', 27 → 'aa' (as Word and CSS count)."""
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def marker(pattern: str, style: str, number: int) -> str:
    """The marker of item `number` of a list: the pattern with {n} in the list's style."""
    if style == "bullet" or not pattern:
        return ""
    shown = {"roman": roman, "alpha": alpha}.get(style, str)(number)
    return fill(pattern, {"n": shown})
