"""Loading stage, figures from finance: the range a `rows_from:` names, read as rows of a table's cells."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from councilpapers.core.errors import display_path
from councilpapers.load.finance.books import Books
from councilpapers.load.finance.cells import COLUMN_LETTERS, column_letters, column_number, parse_range
from councilpapers.load.finance.failure import ImportFailure
from councilpapers.load.finance.files import Book, Sheet, listed
from councilpapers.load.finance.reading import Origin
from councilpapers.load.finance.values import blank, cell_value, normal_header
from councilpapers.load.located import Located
from councilpapers.load.messages import did_you_mean
from councilpapers.load.schema.tables import Column, RowsFrom, TableRow


def read_rows(
    books: Books, item: Located, spec: RowsFrom, family: str = ""
) -> list[tuple[TableRow, dict[str, Origin]]]:
    """Each row read: its cells as a typed row holds them, and where each figure was read; its
    text checked against the house font `family` (none: not checked)."""
    columns = {c.id: c for c in item.table.columns}
    _check_fields(spec, item.table.id, columns)
    book = books.book(spec.file)
    sheet = book.sheet(spec.sheet)
    grid, left, top, width = _range_grid(spec, sheet)
    where = f"{display_path(book.file)}: {sheet.name_in(book)}" + (f"range {spec.range}" if spec.range else "")
    if not grid or (spec.header and len(grid) < 2):
        below = " below its header row" if spec.header else ""
        raise ImportFailure(f"{where or 'the sheet'} holds no rows{below}".replace(": holds", ": the sheet holds"))
    header = [grid[0].get(p) for p in range(max(grid[0], default=-1) + 1)] if spec.header else None
    layout = _Layout(book, sheet, left, _columns(spec, header, left, width, book, sheet, top), family)
    first = top + 1 if spec.header else top
    out: list[tuple[TableRow, dict[str, Origin]]] = []
    problems: list[str] = []
    for offset, values in enumerate(grid[1:] if spec.header else grid):
        read = _read_row(layout, first + offset, values, spec, columns, problems)
        if read is not None:
            out.append(read)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ImportFailure(problems[0] + more)
    if not out:
        raise ImportFailure(f"{where}: no rows of figures" if where else "no rows of figures")
    return out


def _check_fields(spec: RowsFrom, table_id: str, columns: dict[str, Column]) -> None:
    """Every field read is a column of the table (or its id), typed, not computed; optional ones read."""
    for name in list(spec.columns) + spec.optional:
        if name != "id" and name not in columns:
            where = "columns" if name in spec.columns else "optional"
            raise ImportFailure(
                f"{where}: no column '{name}' in table {table_id}{did_you_mean(name, ['id', *columns])}"
            )
        if name in columns and columns[name].formula:
            raise ImportFailure(f"columns: '{name}' is computed by the table (formula: {columns[name].formula})")
        if name not in spec.columns:
            raise ImportFailure(f"optional: '{name}' is not read (it is not under columns:)")


def _range_grid(spec: RowsFrom, sheet: Sheet) -> tuple[list[dict[int, Any]], int, int, int]:
    """The range's cells, each row {position in the range: value} (without a range: from the
    first row not empty), with its left column, its top row and its width: the range's, or
    without a right column, to the last column holding a value."""
    left, top, right, bottom = parse_range(spec.range) if spec.range else (1, 1, None, None)
    grid = sheet.rows(top, bottom, left, right)
    if spec.range is None:
        while grid and all(blank(v) for v in grid[0].values()):  # empty rows above the table
            grid, top = grid[1:], top + 1
    width = max((max(r, default=-1) + 1 for r in grid), default=0) if right is None else right - left + 1
    return grid, left, top, width


@dataclass(frozen=True)
class _Layout:
    """Where a range's fields lie: its file and sheet, its first column, each field's column in it."""

    book: Book
    sheet: Sheet
    left: int
    places: dict[str, int]
    family: str  # the house font the text is checked against


def _read_row(
    layout: _Layout,
    number: int,
    values: dict[int, Any],
    spec: RowsFrom,
    columns: dict[str, Column],
    problems: list[str],
) -> tuple[TableRow, dict[str, Origin]] | None:
    """One row of the sheet as a table's row and where each figure was read; None for a blank row.
    A cell that cannot be read adds a problem to `problems`."""
    sheet, left = layout.sheet, layout.left
    cells = {
        name: (values.get(c), sheet.formula(number, left + c) if values.get(c) is None else None)
        for name, c in layout.places.items()
    }
    if all(blank(value) and formula is None for value, formula in cells.values()):
        return None  # a blank row
    row: dict[str, Any] = {}
    origins: dict[str, Origin] = {}
    for name, (value, formula) in cells.items():
        origin = Origin(layout.book.file, sheet.name, f"{column_letters(left + layout.places[name])}{number}")
        try:
            read = _field(value, formula, name, columns.get(name), spec, layout.family)
        except ImportFailure as exc:
            problems.append(f"{origin} ({name}): {exc}")
            continue
        if read is not None:
            row[name] = read
            origins[name] = origin
    return row, origins


def _field(value: Any, formula: str | None, name: str, column: Column | None, spec: RowsFrom, family: str) -> Any:
    """One cell as its field holds it; empty only where the field is optional."""
    read = cell_value(value, formula, name, column, family)
    if read is None and name not in spec.optional:
        need = ": a row needs its id" if name == "id" else f" (list '{name}' under optional: if it may be)"
        raise ImportFailure(f"the cell is empty{need}")
    return read


def _columns(
    spec: RowsFrom, header: list[Any] | None, left: int, width: int, book: Book, sheet: Sheet, top: int
) -> dict[str, int]:
    """Each field → the position of its column in the range (0 is the range's first)."""
    headers: dict[str, list[int]] = {}
    for position, value in enumerate(header or []):
        if not blank(value):
            headers.setdefault(normal_header(str(value)), []).append(position)
    places = {}
    at = f"{display_path(book.file)}: {sheet.name_in(book)}row {top}"
    for name, wanted in spec.columns.items():
        found = headers.get(normal_header(wanted))
        if found and len(found) > 1:
            letters = " and ".join(column_letters(left + p) for p in found)
            raise ImportFailure(
                f"{at}: two columns are headed '{wanted}' ({letters}): name the one for '{name}' by its letter"
            )
        if found:
            places[name] = found[0]
        elif COLUMN_LETTERS.match(wanted):
            position = column_number(wanted) - left
            if not 0 <= position < width:
                raise ImportFailure(f"columns: {name}: column {wanted} is outside the range read")
            places[name] = position
        elif header is None:
            raise ImportFailure(f"columns: {name}: with header: false, name a column by its letter, not '{wanted}'")
        else:
            shown = [" ".join(str(v).split()) for v in header if not blank(v)]
            raise ImportFailure(
                f"{at}: no column headed '{wanted}' for '{name}'{did_you_mean(wanted, shown)}; "
                f"the headers are: {listed(shown) or 'none'}"
            )
    return places
