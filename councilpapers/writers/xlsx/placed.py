"""XLSX writer, placement: where one table goes on its own sheet, row by row and column by column."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from councilpapers.core.model import WORKBOOK_SHEETS, Row, Table, plain
from councilpapers.writers.xlsx.names import header_text, unique

COVER, CONTENTS, NOTES, FIGURES, CHECKS = WORKBOOK_SHEETS[:5]
ROLES = ("data", "heading", "total")
NOT_AVAILABLE, NOT_APPLICABLE = "[x]", "[z]"
GROUP_HEADER = "Group"
FIGURES_HEADER = 3  # the Figures and Checks sheets: title, one line, then the table's header row

Place = tuple[str, int, int]  # sheet, row, column (1-based)


@dataclass
class Note:
    number: int
    text: str
    sheet: str

    @property
    def marker(self) -> str:
        return f"[note {self.number}]"


@dataclass
class Placed:
    """One table on its own sheet: title and notes about it, then an Excel table of its data rows
    (the group a heading row opens becomes a column), then its totals in a table of their own."""

    table: Table
    sheet: str
    name: str  # the Excel table's displayName
    location: str  # where the table is in the paper
    title: str = ""
    intro: tuple[str, ...] = ()
    row_notes: dict[str, list[Note]] = field(default_factory=dict)
    stars: dict[str, Note] = field(default_factory=dict)  # "*" → the note the paper marks with it
    totals_name: str = ""  # the Excel table of its totals

    @cached_property
    def data(self) -> list[Row]:
        rows = [r for r in self.table.rows if r.role == "data"]
        return rows or [r for r in self.table.rows if r.role == "total"]

    @cached_property
    def totals(self) -> list[Row]:
        return [r for r in self.table.rows if r.role == "total" and r not in self.data]

    @property
    def has_groups(self) -> bool:
        return any(r.role == "heading" for r in self.table.rows)

    @property
    def has_notes_column(self) -> bool:
        return bool(self.row_notes)

    @property
    def width(self) -> int:
        return self.has_groups + len(self.table.columns) + self.has_notes_column

    @property
    def header_row(self) -> int:
        return 2 + len(self.intro)  # the title is row 1

    @property
    def data_last(self) -> int:
        return self.header_row + len(self.data)

    @property
    def totals_title_row(self) -> int:
        return self.data_last + 2  # after one empty row

    @property
    def totals_header_row(self) -> int:
        return self.totals_title_row + 1

    @property
    def last_row(self) -> int:
        return self.totals_header_row + len(self.totals) if self.totals else self.data_last

    def column_of(self, index: int) -> int:
        """The worksheet column of the model's column `index` (0-based)."""
        return 1 + self.has_groups + index

    def row_of(self, row: Row) -> int:
        return self._rows[row.id]

    @cached_property
    def _rows(self) -> dict[str, int]:
        """Row id → worksheet row (the intro above the table must be final when this is first read)."""
        rows = {row.id: self.header_row + 1 + n for n, row in enumerate(self.data)}
        rows.update({row.id: self.totals_header_row + 1 + n for n, row in enumerate(self.totals)})
        return rows

    def headers(self) -> list[str]:
        names = [GROUP_HEADER] * self.has_groups + [self.marked(header_text(c)) for c in self.table.columns]
        return unique(names + ["Notes"] * self.has_notes_column)

    def marked(self, text: str) -> str:
        """The paper's "Social Workers*" as "Social Workers [note 5]"."""
        match = re.search(r"\s*(\*+)$", text)
        if match and match.group(1) in self.stars:
            return f"{text[: match.start()]} {self.stars[match.group(1)].marker}"
        return text

    def groups(self) -> dict[str, str]:
        """Row id → the label of the heading row above it ("Income:" → "Income"), [z] before the first."""
        found, current = {}, NOT_APPLICABLE
        for row in self.table.rows:
            if row.role == "heading":
                label = next((plain(c.inlines) for c in row.cells if plain(c.inlines)), row.id)
                current = self.marked(label.strip().rstrip(":").strip()) or NOT_APPLICABLE
            else:
                found[row.id] = current if row.role == "data" else NOT_APPLICABLE
        return found

    @cached_property
    def repeated(self) -> dict[tuple[str, int], str]:
        """(row id, column) → the grouped label a data row shares with the rows above it."""
        found: dict[tuple[str, int], str] = {}
        for index, column in enumerate(self.table.columns):
            if not column.grouped:
                continue
            current = ""
            outer = [i for i, c in enumerate(self.table.columns[:index]) if c.grouped]
            for row in self.table.rows:
                text = plain(row.cells[index].inlines)
                if row.role != "data" or any(plain(row.cells[i].inlines) for i in outer):
                    current = ""  # a new group of the columns to its left starts a new group here too
                if row.role != "data":
                    continue
                if text:
                    current = text
                elif current:
                    found[(row.id, index)] = current
        return found
