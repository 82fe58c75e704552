"""Digits other than 0 to 9: Unicode counts full-width １ and Arabic-Indic ١ as digits (Python's
int() and Decimal() read them), but a figure is written with 0 to 9, so they are refused, named."""

from __future__ import annotations

import unicodedata


def other_digit(text: str) -> str | None:
    """Why `text` is not read as a figure when it holds a digit other than 0 to 9 (the first
    such character, by its Unicode name), or None when it holds none."""
    for character in text:
        if character.isdigit() and not "0" <= character <= "9":
            name = unicodedata.name(character, "a digit of another script")
            return (
                f"it holds U+{ord(character):04X} {name}, a digit of another script or form: "
                "type the figure with the digits 0 to 9"
            )
    return None
