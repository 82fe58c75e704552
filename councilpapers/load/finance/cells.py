"""Loading stage, figures from finance: cells and ranges as Excel names them (C7, A2:D5, A2:D)."""

from __future__ import annotations

import re

from councilpapers.load.finance.failure import ImportFailure

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_RANGE = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7}):\$?([A-Za-z]{1,3})\$?([0-9]{1,7})?$")
COLUMN_LETTERS = re.compile(r"^[A-Z]{1,3}$")
MAX_COLUMN, MAX_ROW = 16_384, 1_048_576  # Excel's XFD and last row


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out


def parse_cell(text: str) -> tuple[int, int]:
    match = _CELL.match(text.strip())
    if not match or column_number(match.group(1)) > MAX_COLUMN or not 0 < int(match.group(2)) <= MAX_ROW:
        raise ImportFailure(f"'{text}' is not a cell: write it as C7")
    return int(match.group(2)), column_number(match.group(1))


def parse_range(text: str) -> tuple[int, int, int, int | None]:
    """(left, top, right, bottom) of A2:D5; bottom None for A2:D (to the last row)."""
    match = _RANGE.match(text.strip())
    hint = "write it as A2:D5, or A2:D to read to the last row"
    if not match:
        raise ImportFailure(f"'{text}' is not a range: {hint}")
    left, top = column_number(match.group(1)), int(match.group(2))
    right, bottom = column_number(match.group(3)), int(match.group(4)) if match.group(4) else None
    if right > MAX_COLUMN or not 0 < top <= MAX_ROW or bottom is not None and not 0 < bottom <= MAX_ROW:
        raise ImportFailure(f"'{text}' is beyond a worksheet's last column or row: {hint}")
    if left > right or bottom is not None and top > bottom:
        raise ImportFailure(f"'{text}' runs backwards: write the top left cell first, {hint}")
    return left, top, right, bottom
