"""XLSX writer, wording: each table sheet's title, the lines above its table and the notes it refers to."""

from __future__ import annotations

import re

from councilpapers.core.expressions import CellRef, Name, SumOf, Term, cell_refs
from councilpapers.core.model import Cell, Column, Row, plain
from councilpapers.core.numbers import table_number
from councilpapers.writers.xlsx.formulas import formula_text
from councilpapers.writers.xlsx.names import header_text
from councilpapers.writers.xlsx.placed import GROUP_HEADER, Note, Placed

_STARS = re.compile(r"^(\*+)\s*(.*)$", re.S)


def describe(placed: Placed, notes: list[Note], draft: str | None) -> None:
    """The table's notes (added to `notes`), its title and the lines above it."""
    _notes_for(notes, placed)
    placed.intro = _intro(placed, draft)
    placed.intro = (_contains(placed),) + placed.intro[1:]  # the rows it names follow from the intro's length


def _notes_for(notes: list[Note], placed: Placed) -> None:
    table, markers = placed.table, []
    texts = [plain(note) for note in table.notes]
    used = "\n".join([plain(c.inlines) for r in table.rows for c in r.cells] + [header_text(c) for c in table.columns])
    for text in texts:
        star = _STARS.match(text)
        if star and re.search(re.escape(star.group(1)) + r"(\s|$)", used) and star.group(1) not in placed.stars:
            placed.stars[star.group(1)] = _add_note(notes, star.group(2), placed.sheet)
        else:
            markers.append(_add_note(notes, text, placed.sheet).marker)
    for row in table.rows:
        for column, cell in zip(table.columns, row.cells):
            if cell.differs:
                note = _add_note(notes, differs_text(placed, row, column, cell), placed.sheet)
                placed.row_notes.setdefault(row.id, []).append(note)
    placed.title = " ".join([table.caption] + markers)


def _add_note(notes: list[Note], text: str, sheet: str) -> Note:
    notes.append(Note(len(notes) + 1, text, sheet))
    return notes[-1]


def differs_text(placed: Placed, row: Row, column: Column, cell: Cell) -> str:
    """The note for a published figure (or a score's band) that disagrees with the computed one."""
    computed = plain(cell.inlines) or "no figure"
    label = plain(row.cells[0].inlines) or row.id
    if isinstance(cell.published, str):
        return (
            f"{label}, {header_text(column)}. The published paper shows {cell.published}; "
            f"from the row's score, the band is {computed}."
        )
    published = table_number(cell.published, column.decimals, column.percent)
    how = "from the rows above" if _sums_rows_above(placed, row, column, cell) else "by the formula"
    formula = ""
    if cell.formula is not None and how == "by the formula":
        formula = f" ({_formula_words(cell.formula, placed.table.id)})"
    return (
        f"{label}, {header_text(column)}. The published paper shows {published}; "
        f"computed {how}{formula}, the figure is {computed}."
    )


def _formula_words(formula: Term, table: str) -> str:
    """The formula in the paper's own names: row.column, or table.row.column for another table."""

    def words(ref: CellRef | Name) -> str:
        if isinstance(ref, Name):
            return ".".join(ref.parts)
        return f"{ref.row}.{ref.column}" if ref.table == table else str(ref)

    return formula_text(formula, "", lambda ref: ("", 0, 0), None, words)


def _sums_rows_above(placed: Placed, row: Row, column: Column, cell: Cell) -> bool:
    if not isinstance(cell.formula, SumOf):
        return False
    above = {r.id for r in placed.table.rows[: placed.table.rows.index(row)]}
    return all(
        ref.table == placed.table.id and ref.column == column.id and ref.row in above for ref in cell.formula.cells
    )


def _intro(placed: Placed, draft: str | None = None) -> tuple[str, ...]:
    """The lines above the table; the first stands in for `_contains`, which names rows that
    depend on how many lines there are."""
    table, lines = placed.table, ["This worksheet contains one table of data."]
    differs = any(cell.differs for row in table.rows for cell in row.cells)
    if placed.has_groups:
        lines.append(
            f"The {GROUP_HEADER} column gives the sub-heading the paper prints above each row, "
            "so each row can be sorted and filtered on its own."
        )
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
    if _picks_rows(placed):
        lines.append(
            "Some totals add up particular rows by their place: sort a copy of this sheet, "
            "or undo the sort, before reading them."
        )
    empty = any(
        c.value is None and c.formula is None and not plain(c.inlines)
        for row in table.rows
        if row.role != "heading"
        for c in row.cells
    )
    if empty or placed.has_groups:
        lines.append(
            "[x] marks a figure the paper does not give; [z] a cell that does not apply (see the Cover sheet)."
        )
    if placed.location:
        lines.append(f"Source: {placed.location}.")
    if draft:
        lines.append(f"{draft}: a draft, whose figures may still change.")  # on screen, not only in print
    return tuple(lines)


def _contains(placed: Placed) -> str:
    """The sheet's first line: what tables it holds and on which rows (placed.intro in place)."""
    table = placed.table
    line = "This worksheet contains one table of data."
    if placed.totals:
        line = (
            f"This worksheet contains two tables: the data (rows {placed.header_row} to {placed.data_last}) "
            f"and, below it, its totals (rows {placed.totals_header_row} to {placed.last_row})."
        )
    if table.notes or any(cell.differs for row in table.rows for cell in row.cells):
        line += " Some cells refer to notes, which are on the Notes sheet."
    return line


def _picks_rows(placed: Placed) -> bool:
    """Whether a formula refers to particular data rows of its own table from another row: a
    sort moves those rows and not the references (a total of every data row is safe)."""
    data = {row.id for row in placed.data}
    for row in placed.table.rows:
        for cell in row.cells:
            formula = cell.formula
            if formula is None:
                continue
            if isinstance(formula, SumOf) and {ref.row for ref in formula.cells} == data:
                continue
            if any(
                ref.table == placed.table.id and ref.row in data and ref.row != row.id for ref in cell_refs(formula)
            ):
                return True
    return False
