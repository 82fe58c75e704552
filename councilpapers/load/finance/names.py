"""Loading stage, figures from finance: `figures_from:`, a workbook's defined names giving figures their values."""

from __future__ import annotations

from typing import Any

from councilpapers.core.cellnames import cell_name, figure_name
from councilpapers.core.errors import display_path
from councilpapers.load.finance.cells import column_letters
from councilpapers.load.finance.failure import ImportFailure, Repeated
from councilpapers.load.finance.files import Sheet, Workbook
from councilpapers.load.finance.matching import same_row
from councilpapers.load.finance.reading import Origin, Reading
from councilpapers.load.finance.values import number_value
from councilpapers.load.located import Located
from councilpapers.load.messages import did_you_mean
from councilpapers.load.schema.paper import NamedFigure
from councilpapers.load.schema.tables import TableRow


def by_names(
    reading: Reading, name: str, located: list[Located], figures: dict[str, NamedFigure]
) -> tuple[list[Located], dict[str, NamedFigure]]:
    """Every defined name that names a figure of this paper gives that figure its value."""
    source, path = reading.loaded.source, ("figures_from",)
    try:
        book = reading.books.book(name)
        if not isinstance(book, Workbook):
            raise ImportFailure(f"'{name}': figures_from reads a workbook's defined names: name an .xlsx file")
        names = book.names()
    except ImportFailure as exc:
        reading.fail(source, path, str(exc))
        return located, figures
    tables: dict[str, Located] = {}
    for item in located:
        tables.setdefault(item.table.id, item)  # a second table of the same id is an error of its own
    changed: dict[str, list[TableRow]] = {}
    figures = dict(figures)
    reported: set[object] = set()  # problems many names share, reported once (a row, not each cell)
    for defined, parsed in names:
        prefix = f"{display_path(book.file)}: the name {defined}"
        try:
            sheet, (row, column) = book.named_cell(defined)
            origin = Origin(book.file, sheet.name, f"{column_letters(column)}{row}")
            prefix += f" ({origin.sheet_and_cell()})"
            value, formula = sheet.value(row, column), sheet.formula(row, column)
            if len(parsed) == 1:
                figures[parsed[0]] = _figure_by_name(reading, parsed[0], figures, value, formula, origin)
            else:
                _cell_by_name(reading, parsed, tables, changed, value, formula, origin, sheet, row)
        except ImportFailure as exc:
            if isinstance(exc, Repeated):
                if exc.key in reported:
                    continue
                reported.add(exc.key)
            message = str(exc)
            shown = message if message.startswith(display_path(book.file)) else f"{prefix}: {message}"
            reading.fail(source, path, shown)
    out = []
    for item in located:
        first = tables[item.table.id]
        rows = changed.get(item.table.id)
        replaced = item.table.model_copy(update={"rows": rows}) if rows is not None else item.table
        out.append(Located(replaced, item.source, item.path) if item is first else item)
    return out, figures


def _figure_by_name(
    reading: Reading, name: str, figures: dict[str, NamedFigure], value: Any, formula: str | None, origin: Origin
) -> NamedFigure:
    figure = figures.get(name)
    if figure is None:
        raise ImportFailure(f"no named figure '{name}' in paper.yaml{did_you_mean(name, sorted(figures))}")
    if figure.formula is not None:
        raise ImportFailure(f"the figure '{name}' is computed by the paper (formula: {figure.formula})")
    if figure_name(name) in reading.origins:
        raise ImportFailure(f"the figure '{name}' is read from {reading.origins[figure_name(name)]} already")
    number = number_value(value, formula, figure.unit == "%")
    if number is None:
        raise ImportFailure("the cell is empty: type the figure in it")
    reading.origins[figure_name(name)] = origin
    return figure.model_copy(update={"value": number})


def _cell_by_name(
    reading: Reading,
    parsed: tuple[str, ...],
    tables: dict[str, Located],
    changed: dict[str, list[TableRow]],
    value: Any,
    formula: str | None,
    origin: Origin,
    sheet: Sheet,
    sheet_row: int,
) -> None:
    """One typed figure of a table from the cell its name points at, on the row that is still
    that figure's row (a sort in Excel moves the figures and leaves the names where they were)."""
    table_id, row_id, column_id = parsed
    item = tables.get(table_id)
    if item is None:
        raise ImportFailure(f"no table '{table_id}' in the paper{did_you_mean(table_id, sorted(tables))}")
    rows = changed.setdefault(table_id, [dict(r) for r in item.table.rows])
    ids = [str(r.get("id")) for r in rows if r.get("id")]
    position = next((i for i, r in enumerate(rows) if r.get("id") == row_id), None)
    if position is None:
        raise ImportFailure(f"no row '{row_id}' in table {table_id}{did_you_mean(row_id, ids)}")
    column = next((c for c in item.table.columns if c.id == column_id), None)
    if column is None:
        names = [c.id for c in item.table.columns]
        raise ImportFailure(f"no column '{column_id}' in table {table_id}{did_you_mean(column_id, names)}")
    row, name = rows[position], cell_name(*parsed)
    if name in reading.origins:
        raise ImportFailure(f"the cell is read from {reading.origins[name]} already (rows_from)")
    if column.type == "text":
        raise ImportFailure(f"'{column_id}' is a text column: figures_from reads figures only")
    if row.get("heading") is True or "sum" in row or "formula" in row or column.formula:
        raise ImportFailure("the cell is computed by the paper (a total, a heading or a formula); it cannot be read")
    typed = row.get(column_id)
    if isinstance(typed, str) and typed.strip().startswith("="):
        raise ImportFailure(f"the cell is computed by the paper ({typed.strip()}); it cannot be read")
    same_row(row, item.table.columns, sheet.line(sheet_row), (sheet.name, sheet_row))
    number = number_value(value, formula, column.percent)
    if number is None:
        if typed is not None:
            raise ImportFailure(f"the cell is empty, where the paper types {typed}: type the figure in it")
        return
    row[column_id] = number
    reading.origins[name] = origin
