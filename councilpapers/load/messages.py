"""Loading stage: problems in an author's words (what was written, what was meant)."""

from __future__ import annotations

import datetime
import difflib
from decimal import Decimal
from typing import Any

from pydantic_core import ErrorDetails

from councilpapers.core.digits import other_digit
from councilpapers.load.schema.blocks import BLOCK_KINDS, FRONT_BLOCK_KINDS
from councilpapers.load.schema.fields import ALL_FIELD_NAMES
from councilpapers.load.schema.strict import SHEET_NAME
from councilpapers.load.yamlsource import Path_


def read_as(written: str, value: Any) -> str:
    """YAML read a word as something else: say so, and to put it in quotes."""
    what = "true or false" if isinstance(value, bool) else "a date"
    return f"expected text, got {written}, which YAML reads as {what}: put it in quotes ('{written}')"


def describe(value: Any) -> str:
    """An input value as an author wrote it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in value)
        return f"'{shown}'" if len(shown) < 60 else f"'{shown[:57]}…'"
    if isinstance(value, (int, float, Decimal)):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a mapping of fields"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return str(value)


def author_message(error: ErrorDetails, path: Path_) -> str:
    """A validation error in an author's words: what the field takes, and what was written."""
    kind = error["type"]
    for message in (_field_message, _type_message, _form_message, _kind_message):
        said = message(kind, error, path)
        if said is not None:
            return said
    return f"{error['msg']}, got {describe(error.get('input'))}"


def _field_message(kind: str, error: ErrorDetails, path: Path_) -> str | None:
    """A field missing, or one the model does not have."""
    if kind == "missing":
        return f"missing required field '{error['loc'][-1]}'"
    if kind == "extra_forbidden":
        name = path[-1] if path and isinstance(path[-1], str) else ""
        return f"unknown field '{name}'{did_you_mean(str(name), ALL_FIELD_NAMES)}"
    return None


def _type_message(kind: str, error: ErrorDetails, path: Path_) -> str | None:
    """A value of the wrong type: text, a number, a list, a mapping, a date, true or false."""
    value = error.get("input")
    if kind in ("string_type",):
        hint = " (put it in quotes)" if isinstance(value, (int, float, Decimal, datetime.date)) else ""
        return f"expected text, got {describe(value)}{hint}"
    if kind in ("int_type", "float_type", "int_from_float", "decimal_type", "is_instance_of"):
        other = other_digit(value) if isinstance(value, str) else None  # full-width, Arabic-Indic: named
        return f"expected a number, got {describe(value)}" + (
            f" ({other})" if other else " (write it without commas)" if isinstance(value, str) and "," in value else ""
        )
    if kind == "list_type":
        return f"expected a list, got {describe(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {describe(value)}"
    if kind in ("date_type", "date_from_datetime_parsing", "date_parsing"):
        return f"expected a date such as 2018-02-07, got {describe(value)}"
    if kind == "bool_type":
        return f"expected true or false, got {describe(value)}"
    return None


def _form_message(kind: str, error: ErrorDetails, path: Path_) -> str | None:
    """A value of the right type but not of the form allowed: a choice, a pattern, a length, a bound."""
    value, ctx = error.get("input"), error.get("ctx") or {}
    if kind == "placeholder":
        return str(error["msg"])
    if kind == "literal_error":
        return f"expected one of {ctx.get('expected')}, got {describe(value)}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern"))
        return f"{describe(value)} " + PATTERN_HINTS.get(pattern, f"does not have the form {pattern}")
    if kind == "too_short":
        return "must not be empty"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{error['msg'].lower()}, got {describe(value)}"
    return None


def _kind_message(kind: str, error: ErrorDetails, path: Path_) -> str | None:
    """A block, a front-sheet block or a list item that is none of the kinds allowed."""
    value = error.get("input")
    if kind == "block_kind":
        keys = list(value) if isinstance(value, dict) else []
        guess = next((did_you_mean(k, list(BLOCK_KINDS)) for k in keys if did_you_mean(k, list(BLOCK_KINDS))), "")
        return f"a block starts with one of: {', '.join(BLOCK_KINDS)}; got {describe(value)}{guess}"
    if kind == "front_block":
        return f"a paragraph (text) or a block ({', '.join(FRONT_BLOCK_KINDS)}); got {describe(value)}"
    if kind in ("union_type", "list_item"):
        return f"a list item is text, or {{text: ..., bullets: [...]}}; got {describe(value)}"
    return None


PATTERN_HINTS = {
    SHEET_NAME: "is not a sheet name: at most 31 characters, none of [ ] : * ? / \\, not starting or ending "
    "with an apostrophe or a space",
    r"^[a-z][a-z0-9_]*$": "is not a valid id: use lowercase letters, digits and _, starting with a letter",
    r"^([01][0-9]|2[0-3]):[0-5][0-9]$": 'is not a time: write it as "10:00" (24-hour clock, in quotes)',
    r"^[0-9]{1,3}[a-z]?$": 'is not an item number: write "5", or "5a" for a sub-item (in quotes)',
    r"^#[0-9a-fA-F]{6}$": "is not a colour: write it as #rrggbb",
    r"^[a-z]{2}(-[A-Z]{2})?$": "is not a language: write it as en-GB",
}


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, [c for c in choices if c != word], n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""
