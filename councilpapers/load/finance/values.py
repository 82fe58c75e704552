"""Loading stage, figures from finance: a cell's value as a typed one (a row id, text, an exact figure)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

from councilpapers.core.digits import other_digit
from councilpapers.core.inline import Verbatim
from councilpapers.load.finance.failure import ImportFailure
from councilpapers.load.fonts import characters, missing_message
from councilpapers.load.schema.tables import Column
from councilpapers.load.text import long_word, long_word_message, refused_character, refused_message
from councilpapers.load.yamlsource import MAX_DIGITS, unprintable

MAX_SIGNIFICANT = 15  # digits a figure typed in Excel can have; more is binary noise (0.30000000000000004)
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TEXT_NUMBER = re.compile(r"^(\()?([-+−])?(\d{1,3}(?:,\d{3})+|\d+)?(\.\d+)?(\))?(%)?$", re.ASCII)  # 0-9 only
EXCEL_ERRORS = (
    "#NULL!",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#N/A",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
)


def cell_value(
    value: Any, formula: str | None, name: str, column: Column | None, family: str = ""
) -> str | int | Decimal | None:
    """An imported cell as the table engine takes a typed one: a row id, text, or a number.
    Text is checked as YAML text is (load/text.py), and against the house font `family`."""
    if name == "id":
        text = _text(value, formula, family)
        if text is not None and not _ID.match(text):
            raise ImportFailure(f"'{text}' is not a valid row id: use lowercase letters, digits and _")
        return text
    assert column is not None, name  # every field read but the id is a column (read_rows checks)
    if column.type == "text":
        text = _text(value, formula, family)
        return None if text is None else Verbatim(text)
    return number_value(value, formula, column.percent)


def _uncached(formula: str | None) -> None:
    if formula is not None:
        raise ImportFailure(
            f"the cell holds the formula {formula[:40]} with no saved value: open the workbook in Excel or "
            "LibreOffice and save it, so that its values are stored with it"
        )


def _text(value: Any, formula: str | None, family: str) -> str | None:
    if value is None:
        _uncached(formula)
        return None
    if isinstance(value, (bool, datetime.date, datetime.time, datetime.timedelta)):
        raise ImportFailure(f"expected text, got {shown(value)}: format the cell as text")
    if isinstance(value, float):
        value = _decimal_of_float(value)
    text = " ".join(str(value).split())
    if (bad := refused_character(text)) is not None:
        raise ImportFailure(refused_message(bad))
    if (word := long_word(text)) is not None:
        raise ImportFailure(long_word_message(word))  # it would take the PDF's layout minutes
    if family and (have := characters(family)):
        lacking = [c for c in dict.fromkeys(text) if ord(c) not in have]
        if lacking:
            raise ImportFailure(missing_message(lacking, family))
    return text or None


def number_value(value: Any, formula: str | None, percent: bool) -> int | Decimal | None:
    """An exact figure: an int or a Decimal, never a float; None for an empty cell."""
    if value is None:
        _uncached(formula)
        return None
    if isinstance(value, (bool, datetime.date, datetime.time, datetime.timedelta)):
        raise ImportFailure(f"expected a number, got {shown(value)}")
    if isinstance(value, int):
        return fits(value)
    if isinstance(value, float):
        return fits(_decimal_of_float(value))
    if isinstance(value, Decimal):
        return fits(value)
    return _text_number(str(value), percent)


def _decimal_of_float(value: float) -> int | Decimal:
    """A float read from a file as the decimal it was typed as, or refused: NaN, infinity, and
    values whose shortest form has more digits than a typed figure (binary rounding noise)."""
    if value != value or value in (float("inf"), float("-inf")):
        raise ImportFailure(f"the cell holds {value}, which is not a figure")
    exact = Decimal(str(value))
    digits = len(exact.as_tuple().digits)
    if digits > MAX_SIGNIFICANT and exact != exact.to_integral_value():
        raise ImportFailure(
            f"the cell holds {value}, which is not an exact figure (binary rounding noise): "
            "round it in the workbook, with =ROUND(…, 2) or by typing the figure"
        )
    if exact == exact.to_integral_value() and abs(exact) < 10**MAX_DIGITS:
        return int(exact)
    return exact


def fits(value: int | Decimal) -> int | Decimal:
    if (message := unprintable(value)) is not None:
        raise ImportFailure(message)
    return value


def _text_number(written: str, percent: bool) -> int | Decimal | None:
    """A number stored as text (every CSV cell): 1234, -220, 1,234 (thousands in threes),
    (220) for a negative, 87.1% in a percentage column; nothing else."""
    text = written.strip().replace("\u00a0", "")
    if not text:
        return None
    if text.upper() in EXCEL_ERRORS:
        raise ImportFailure(f"the cell shows the error {text.upper()}: mend its formula in the workbook")
    if text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        raise ImportFailure(f"the cell holds {written.strip()!r}, which is not a figure")
    match = _TEXT_NUMBER.match(text)
    if match is None or not (match.group(3) or match.group(4)) or bool(match.group(1)) != bool(match.group(5)):
        hint = " (write it without £)" if "£" in text else ""
        if "," in text and re.fullmatch(r"[-+(]?[\d,]+(\.\d+)?\)?", text, re.ASCII):
            hint = " (thousands are separated by commas in threes: 1,234,567)"
        if (other := other_digit(text)) is not None:
            hint = f" ({other})"
        raise ImportFailure(f"expected a number, got {shown(written.strip())}{hint}")
    brackets, sign, whole, fraction, _, percent_sign = match.groups()
    if brackets and sign:
        raise ImportFailure(f"expected a number, got {shown(written.strip())} (a sign and brackets)")
    if percent_sign and not percent:
        raise ImportFailure(f"expected a number, got {shown(written.strip())} (% only in a percentage column)")
    number = Decimal((whole or "0").replace(",", "") + (fraction or ""))
    if brackets or sign in ("-", "−"):
        number = -number
    return fits(int(number) if fraction is None else number)


def shown(value: Any) -> str:
    """A cell's value as an author sees it in the workbook."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"a date ({value.isoformat()[:10]})"
    if isinstance(value, (datetime.time, datetime.timedelta)):
        return f"a time ({value})"
    text = str(value)
    return f"'{text}'" if len(text) <= 40 else f"'{text[:37]}…'"


def blank(value: Any) -> bool:
    return value is None or isinstance(value, str) and not value.strip()


def normal_header(text: str) -> str:
    """A header as compared: spaces and line breaks collapsed, case ignored."""
    return " ".join(text.split()).casefold()
