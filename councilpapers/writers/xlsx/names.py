"""XLSX writer, names: header cells in words, units spelled out, and the Excel tables' names."""

from __future__ import annotations

import re

from councilpapers.core.model import Column

_CELL_LIKE = re.compile(r"^([A-Za-z]{1,3}\d+|[Rr]\d*([Cc]\d*)?|[Cc]\d*)$")
_UNITS = {"£,000": "£ thousands", "£000": "£ thousands", "£000s": "£ thousands", "£m": "£ millions"}
_UNIT_WORDS = {"fte": "full-time equivalent"}


def header_text(column: Column) -> str:
    """One header cell for the paper's header rows: '2018/19 Net Budget, subheader (£ thousands)'.
    An abbreviated header is written out ("Likelihood (L)"); a column the paper leaves without a
    header (row labels) is named by its id: an Excel table's headings must not be empty."""
    header = column.header or column.id.replace("_", " ").capitalize()
    if column.spelled:  # "Likelihood (L)"; "Risk score" for "Risk"
        word = column.header.strip()
        abbreviation = word.isalnum() and not re.search(rf"\b{re.escape(word)}\b", column.spelled, re.I)
        header = f"{column.spelled} ({column.header})" if abbreviation else column.spelled
    if column.group and column.group.casefold() not in header.casefold():
        header = f"{column.group} {header}"
    if column.subheader:
        header += f", {column.subheader}"
    return header + (f" ({unit_words(column.unit)})" if column.unit else "")


def unit_words(unit: str) -> str:
    """A unit as words a reader need not decode: £,000 → £ thousands, FTE → full-time equivalent."""
    return _UNITS.get(unit.replace(" ", ""), _UNIT_WORDS.get(unit.casefold(), unit))


def unique(names: list[str]) -> list[str]:
    """Excel table column names must differ (case-insensitively): repeat names get ' (2)'."""
    seen: set[str] = set()
    out = []
    for name in names:
        candidate, n = name, 1
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{name} ({n})"
        seen.add(candidate.casefold())
        out.append(candidate)
    return out


class Names:
    """Unique names for Excel tables (case-insensitively), cut to a length, numbered "_2" when they repeat."""

    def __init__(self, taken: set[str], limit: int):
        self.taken, self.limit = {t.casefold() for t in taken}, limit

    def take(self, name: str) -> str:
        candidate, n = name[: self.limit], 1
        while candidate.casefold() in self.taken:
            n += 1
            suffix = f"_{n}"
            candidate = f"{name[: self.limit - len(suffix)].rstrip()}{suffix}"
        self.taken.add(candidate.casefold())
        return candidate


def table_name(table_id: str) -> str:
    """An Excel table name from a table id: letters, digits, _ and ., not like a cell address."""
    name = re.sub(r"[^\w.]", "_", table_id)
    return name if name[:1].isalpha() and not _CELL_LIKE.match(name) else f"t_{name}"
