"""XLSX writer, layout stage: which sheet, row and column each table, cell and note goes to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...errors import RenderError
from ...expressions import CellRef, SumOf
from ...model import Appendix, Cell, Column, Document, Heading, ItemList, Paragraph, Quote, Row, Table, plain
from ...numbers import table_number
from .formulas import formula_text

COVER, CONTENTS, NOTES = "Cover", "Contents", "Notes"
ROLES = ("data", "heading", "total")
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\']")
_CELL_LIKE = re.compile(r"^([A-Za-z]{1,3}\d+|[Rr]\d*([Cc]\d*)?|[Cc]\d*)$")


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
    """One table on its own sheet: title above, then the header row and the body."""

    table: Table
    sheet: str
    name: str  # the Excel table's displayName
    location: str  # where the table is in the paper
    title: str = ""
    intro: tuple[str, ...] = ()
    row_notes: dict[str, list[Note]] = field(default_factory=dict)

    @property
    def header_row(self) -> int:
        return 2 + len(self.intro)  # the title is row 1

    @property
    def has_notes_column(self) -> bool:
        return bool(self.row_notes)

    @property
    def width(self) -> int:
        return len(self.table.columns) + self.has_notes_column

    @property
    def last_row(self) -> int:
        return self.header_row + len(self.table.rows)

    def headers(self) -> list[str]:
        return unique([header_text(c) for c in self.table.columns] + ["Notes"] * self.has_notes_column)


@dataclass
class Plan:
    document: Document
    tables: list[Placed]
    notes: list[Note]
    places: dict[tuple[str, str, str], tuple[str, int, int]]

    def address(self, ref: CellRef) -> tuple[str, int, int]:
        try:
            return self.places[(ref.table, ref.row, ref.column)]
        except KeyError:
            raise RenderError(f"a formula refers to {ref}, a cell that is not in the workbook") from None

    def formula(self, cell: Cell, sheet: str) -> str:
        return "=" + formula_text(cell.formula, sheet, self.address)


def plan(document: Document) -> Plan:
    """Lay out every table of the document, one per sheet, in reading order, with their notes."""
    locations = table_locations(document)
    sheets, names = Names({COVER, CONTENTS, NOTES, "History"}, 31), Names({"contents", "notes"}, 255)
    tables = [
        Placed(t, sheets.take(_SHEET_UNSAFE.sub("_", t.id)), names.take(table_name(t.id)), locations.get(t.id, ""))
        for t in document.tables()
    ]
    for placed in tables:
        placed.intro = _intro(placed)
    places = {
        (p.table.id, row.id, column.id): (p.sheet, p.header_row + 1 + r, c + 1)
        for p in tables
        for r, row in enumerate(p.table.rows)
        for c, column in enumerate(p.table.columns)
    }
    result = Plan(document, tables, [], places)
    for placed in tables:
        _notes_for(result, placed)
    return result


def _notes_for(plan: Plan, placed: Placed) -> None:
    table = placed.table
    markers = [_add_note(plan, plain(note), placed.sheet).marker for note in table.notes]
    for row in table.rows:
        for column, cell in zip(table.columns, row.cells):
            if cell.differs:
                note = _add_note(plan, differs_text(plan, placed, row, column, cell), placed.sheet)
                placed.row_notes.setdefault(row.id, []).append(note)
    placed.title = " ".join([table.caption] + markers)


def _add_note(plan: Plan, text: str, sheet: str) -> Note:
    plan.notes.append(Note(len(plan.notes) + 1, text, sheet))
    return plan.notes[-1]


def differs_text(plan: Plan, placed: Placed, row: Row, column: Column, cell: Cell) -> str:
    """The note for a published figure that disagrees with the computed one."""
    published = table_number(cell.published, column.decimals, column.percent)
    computed = plain(cell.inlines) or "no figure"
    label = plain(row.cells[0].inlines) or row.id
    how = "from the rows above" if _sums_rows_above(placed, row, column, cell) else "by the formula"
    formula = f" ({plan.formula(cell, placed.sheet)})" if cell.formula is not None else ""
    return (
        f"{label}, {header_text(column)}. The published paper shows {published}; "
        f"computed {how}{formula}, the figure is {computed}."
    )


def _sums_rows_above(placed: Placed, row: Row, column: Column, cell: Cell) -> bool:
    if not isinstance(cell.formula, SumOf):
        return False
    above = {r.id for r in placed.table.rows[: placed.table.rows.index(row)]}
    return all(
        ref.table == placed.table.id and ref.column == column.id and ref.row in above for ref in cell.formula.cells
    )


def _intro(placed: Placed) -> tuple[str, ...]:
    table, lines = placed.table, ["This worksheet contains one table."]
    differs = any(cell.differs for row in table.rows for cell in row.cells)
    if table.notes or differs:
        lines[0] += " Some cells refer to notes, which are on the Notes sheet."
    if differs:
        lines.append(
            "Where the published paper shows a different total, this table shows the computed one "
            "and a note in the Notes column gives the published figure."
        )
    if any(cell.formula is not None for row in table.rows for cell in row.cells):
        lines.append(
            "Totals and other computed figures are formulas, so they follow any change to the figures they use."
        )
    if any((cell.value or 0) < 0 for row in table.rows for cell in row.cells):
        lines.append("Negative figures are shown in brackets.")
    if placed.location:
        lines.append(f"Source: {placed.location}.")
    return tuple(lines)


def header_text(column: Column) -> str:
    """One header cell for the paper's header rows: 'Group: Header, subheader (unit)'. A column
    the paper leaves without a header (row labels) is named by its id: an Excel table's
    headings must not be empty."""
    header = column.header or column.id.replace("_", " ").capitalize()
    text = f"{column.group}: {header}" if column.group else header
    if column.subheader:
        text += f", {column.subheader}"
    return text + (f" ({column.unit})" if column.unit else "")


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
    """Unique names (case-insensitively), cut to a length, numbered when they repeat."""

    def __init__(self, taken: set[str], limit: int):
        self.taken, self.limit = {t.casefold() for t in taken}, limit

    def take(self, name: str) -> str:
        candidate, n = name[: self.limit], 1
        while candidate.casefold() in self.taken:
            n += 1
            candidate = f"{name[: self.limit - len(str(n)) - 1]}_{n}"
        self.taken.add(candidate.casefold())
        return candidate


def table_name(table_id: str) -> str:
    """An Excel table name from a table id: letters, digits, _ and ., not like a cell address."""
    name = re.sub(r"[^\w.]", "_", table_id)
    return name if name[:1].isalpha() and not _CELL_LIKE.match(name) else f"t_{name}"


# ---- where each table is in the paper ----------------------------------------------------


def table_locations(document: Document) -> dict[str, str]:
    """Table id → 'Section 5.0 …, paragraph 5.1' or the appendix (and its part) holding it."""
    found: dict[str, str] = {}
    for section in document.sections:
        _locate(section.blocks, f"Section {section.number} {section.title}", found, [None])
    for appendix in document.appendices:
        _locate_appendix(appendix, "", found)
    return found


def _locate_appendix(appendix: Appendix, parent: str, found: dict[str, str]) -> None:
    where = f"{appendix.title} ({parent})" if parent else appendix.title
    _locate(appendix.blocks, where, found, [None])
    for part in appendix.parts:
        _locate_appendix(part, appendix.title, found)


def _locate(blocks, where: str, found: dict[str, str], last: list) -> None:
    for block in blocks:
        if isinstance(block, Table):
            found[block.id] = where + (f", after paragraph {last[0]}" if last[0] else "")
        elif isinstance(block, Paragraph):
            last[0] = block.number or last[0]
            inside = where + (f", paragraph {block.number}" if block.number else "")
            _locate(block.children, inside, found, [None])
        elif not isinstance(block, (Heading, ItemList, Quote)):
            raise RenderError(f"the workbook has no way to show a block of kind '{block.kind}'")
