"""Loading stage, figures from finance: a named figure's `value_from:`, one cell of a file."""

from __future__ import annotations

from decimal import Decimal

from councilpapers.core.cellnames import figure_name
from councilpapers.load.finance.books import Books
from councilpapers.load.finance.cells import column_letters, parse_cell
from councilpapers.load.finance.failure import ImportFailure
from councilpapers.load.finance.reading import Origin, Reading
from councilpapers.load.finance.values import number_value
from councilpapers.load.schema.paper import NamedFigure, ValueFrom


def named_figures(reading: Reading) -> dict[str, NamedFigure]:
    source = reading.loaded.source
    out = {}
    for name, figure in reading.loaded.paper.figures.items():
        spec = figure.value_from
        if spec is None:
            out[name] = figure
            continue
        path = ("figures", name, "value_from")
        if figure.value is not None or figure.formula is not None:
            reading.fail(source, ("figures", name), "a named figure has a value, a formula or value_from (one of them)")
            continue
        try:
            value, origin = _read_value(reading.books, spec, figure.unit == "%", name)
        except ImportFailure as exc:
            reading.fail(source, path, str(exc))
            continue
        reading.origins[figure_name(name)] = origin
        out[name] = figure.model_copy(update={"value": value, "value_from": None})
    return out


def _read_value(books: Books, spec: ValueFrom, percent: bool, name: str) -> tuple[int | Decimal, Origin]:
    if (spec.cell is None) == (spec.name is None):
        raise ImportFailure("value_from reads a cell (cell: C7) or a defined name (name: ...), one of them")
    book = books.book(spec.file)
    if spec.name is not None:
        if spec.sheet is not None:
            raise ImportFailure("a defined name says its sheet: leave out sheet:")
        sheet, (row, column) = book.named_cell(spec.name)
    else:
        sheet, (row, column) = book.sheet(spec.sheet), parse_cell(spec.cell or "")
    origin = Origin(book.file, sheet.name, f"{column_letters(column)}{row}")
    try:
        value = number_value(sheet.value(row, column), sheet.formula(row, column), percent)
    except ImportFailure as exc:
        raise ImportFailure(f"{origin} ({name}): {exc}") from None
    if value is None:
        raise ImportFailure(f"{origin} ({name}): the cell is empty")
    return value, origin
