"""Loading stage, part 3: figures from finance, read from CSV files and workbooks.

A table's rows (`rows_from:` among its rows), a named figure (`value_from:`) or any typed figure
(`figures_from:`, by the workbook's defined names `table.row.column` and `figure.<name>`, the
names the exported workbook gives its input cells) may be read from a `.csv` or `.xlsx` file in
the paper's folder. Values are checked as typed ones are (a number in a number column, exact
decimals, no floats), and every problem names the file, the sheet and the cell, on the line of
the YAML that asked for it. The writers never know: they receive the same Document either way.

Workbooks are opened with openpyxl read-only, cached values only (`data_only`), external links
left unread; nothing in a file is run. Files must lie inside the paper's folder and are
size-limited like YAML files.
"""

from __future__ import annotations

import csv
import datetime
import difflib
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from councilpapers.core.cellnames import cell_name, figure_name, parse_name
from councilpapers.core.errors import ContentError, Problem, display_path
from councilpapers.core.inline import Verbatim
from councilpapers.load.located import Located, tables_in
from councilpapers.load.messages import did_you_mean
from councilpapers.load.paper import LoadedPaper
from councilpapers.load.schema.paper import NamedFigure, ValueFrom
from councilpapers.load.schema.tables import RowsFrom
from councilpapers.load.validate import inside
from councilpapers.load.yamlsource import MAX_DIGITS, XML_ILLEGAL, Source, field_name, unprintable

MAX_IMPORT_BYTES = 10_000_000  # a CSV file or workbook: a finance workbook of a few sheets is well under 1 MB
MAX_UNZIPPED_BYTES = 200_000_000  # a workbook's parts once unzipped (a zip bomb is refused unread)
MAX_ROWS = 100_000  # rows read from one range
MAX_SIGNIFICANT = 15  # digits a figure typed in Excel can have; more is binary noise (0.30000000000000004)
SUFFIXES = (".csv", ".xlsx")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_RANGE = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7}):\$?([A-Za-z]{1,3})\$?([0-9]{1,7})?$")
_LETTERS = re.compile(r"^[A-Z]{1,3}$")
_TEXT_NUMBER = re.compile(r"^(\()?([-+−])?(\d{1,3}(?:,\d{3})+|\d+)?(\.\d+)?(\))?(%)?$")
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


@dataclass(frozen=True)
class Origin:
    """Where an imported figure was read: a file, its sheet (none for CSV) and a cell."""

    file: Path
    sheet: str | None
    cell: str

    def __str__(self) -> str:
        return f"{display_path(self.file)}: {self.sheet_and_cell()}"

    def sheet_and_cell(self) -> str:
        return f"sheet {self.sheet}, cell {self.cell}" if self.sheet is not None else f"cell {self.cell}"


@dataclass(frozen=True)
class Imported:
    """The paper's tables and named figures with every import read into them."""

    located: tuple[Located, ...]
    figures: dict[str, NamedFigure]
    origins: dict[str, Origin]  # a cell's or figure's name (cellnames) → where its value was read
    files: tuple[Path, ...]  # every file read
    problems: tuple[Problem, ...] = ()


class ImportFailure(Exception):
    """A problem with an imported file, in an author's words (located by the caller)."""


class Repeated(ImportFailure):
    """A problem many defined names share (a sorted row, a deleted row): reported once."""

    def __init__(self, message: str, key: object):
        super().__init__(message)
        self.key = key


@dataclass
class RowsSource(Source):
    """The source of one table whose rows an import expanded: a problem of the table's n-th row
    is placed where that row is written, or at the `rows_from:` that read it."""

    rows_path: tuple = ()
    written: tuple[tuple[int, bool], ...] = ()  # each row: (its index as written, whether imported)

    def original(self, path: tuple) -> tuple:
        n = len(self.rows_path)
        path = tuple(path)
        if path[:n] == self.rows_path and len(path) > n and isinstance(path[n], int) and path[n] < len(self.written):
            index, imported = self.written[path[n]]
            return self.rows_path + (index,) + (("rows_from",) if imported else path[n + 1 :])
        return path

    def locate(self, path: tuple) -> tuple[int, int]:
        return Source.locate(self, self.original(path))

    def problem(self, path: tuple, message: str) -> Problem:
        path = self.original(path)
        line, column = Source.locate(self, path)
        return Problem(self.file, line, column, field_name(path), message)


# ---- what a paper reads --------------------------------------------------------------------


def _rows_specs(loaded: LoadedPaper) -> Iterator[tuple[Located, int, RowsFrom]]:
    for item in tables_in(loaded):
        for index, row in enumerate(item.table.rows):
            spec = getattr(row, "rows_from", None)
            if isinstance(spec, RowsFrom):
                yield item, index, spec


def _safe_name(name: str) -> bool:
    """A relative path with no `..`: the file is then looked for inside the paper's folder."""
    posix, windows = PurePosixPath(name), PureWindowsPath(name)
    return (
        bool(name) and not (posix.is_absolute() or windows.is_absolute() or windows.drive) and ".." not in posix.parts
    )


# ---- reading every import of a paper -------------------------------------------------------


def read_imports(loaded: LoadedPaper) -> Imported:
    """The paper's tables and named figures with every import read in; problems listed, not raised."""
    reader = _Reader(loaded)
    try:
        located = [reader.rows(item) for item in tables_in(loaded)]
        figures = reader.named_figures()
        if loaded.paper.figures_from is not None:
            located, figures = reader.by_names(loaded.paper.figures_from, located, figures)
    finally:
        reader.close()
    return Imported(tuple(located), figures, reader.origins, tuple(reader.books), tuple(reader.problems))


class _Reader:
    def __init__(self, loaded: LoadedPaper):
        self.loaded, self.folder = loaded, loaded.source.file.parent
        self.books: dict[Path, _Book] = {}
        self.origins: dict[str, Origin] = {}
        self.problems: list[Problem] = []
        self.unreadable: set[str] = set()  # files named before that could not be read: reported once

    def close(self) -> None:
        for book in self.books.values():
            book.close()

    def book(self, name: str) -> _Book:
        """The file, checked (inside the folder, a .csv or .xlsx, not too large) and opened once;
        one that cannot be read is reported where it is first named, not again."""
        if name in self.unreadable:
            raise ImportFailure("")
        try:
            return self._open(name)
        except ImportFailure:
            self.unreadable.add(name)
            raise

    def _open(self, name: str) -> _Book:
        if not isinstance(name, str) or not _safe_name(name):
            raise ImportFailure(
                f"'{name}': an imported file lies in the paper's folder: write its name, "
                f"such as finance.xlsx (no .. and no absolute path)"
            )
        file = self.folder / name
        if file in self.books:
            return self.books[file]
        suffix = file.suffix.lower()
        if suffix not in SUFFIXES:
            hint = (
                " (save the workbook as an Excel Workbook, .xlsx)"
                if suffix in (".xls", ".xlsm", ".xlsb", ".ods")
                else ""
            )
            raise ImportFailure(f"'{name}': the toolkit reads .csv and .xlsx files{hint}")
        if file.is_symlink() and not inside(file, self.folder) or file.exists() and not inside(file, self.folder):
            raise ImportFailure(
                f"'{name}' is a link to a file outside {self.folder.name}/: the toolkit reads only files "
                f"inside the paper's folder; copy the file in instead"
            )
        if not file.is_file():
            raise ImportFailure(f"no file '{name}' in {self.folder.name}/")
        size = file.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise ImportFailure(
                f"{display_path(file)} is {size:,} bytes; an imported file holds at most {MAX_IMPORT_BYTES:,}: "
                "keep only the figures the paper needs in it"
            )
        book = _Csv(file) if suffix == ".csv" else _Workbook(file)
        self.books[file] = book
        return book

    def fail(self, source: Source, path: tuple, message: str) -> None:
        if message:  # empty: a file that cannot be read, reported where it was first named
            self.problems.append(source.problem(path, message))

    # ---- rows_from ----------------------------------------------------------------------

    def rows(self, item: Located) -> Located:
        """The table with each rows_from replaced by the rows it reads."""
        rows: list[dict] = []
        written: list[tuple[int, bool]] = []
        origins: list[dict[str, Origin]] = []
        expanded = False
        for index, row in enumerate(item.table.rows):
            spec = getattr(row, "rows_from", None)
            if not isinstance(spec, RowsFrom):
                rows.append(row)
                written.append((index, False))
                origins.append({})
                continue
            expanded = True
            path = item.path + ("rows", index, "rows_from")
            try:
                read = self._read_rows(item, spec)
            except ImportFailure as exc:
                self.fail(item.source, path, str(exc))
                continue
            rows.extend(r for r, _ in read)
            origins.extend(o for _, o in read)
            written.extend((index, True) for _ in read)
        if not expanded:
            return item
        self._check_ids(item, rows, written, origins)
        base = item.source
        rows_path = item.path + ("rows",)
        source = RowsSource(
            base.file,
            base.data,
            base.marks,
            base.problems,
            _moved_raw(base.raw, rows_path, written),
            base.lines,
            rows_path=rows_path,
            written=tuple(written),
        )
        return Located(item.table.model_copy(update={"rows": rows}), source, item.path)

    def _read_rows(self, item: Located, spec: RowsFrom) -> list[tuple[dict, dict[str, Origin]]]:
        """Each row read: its cells as a typed row holds them, and where each figure was read."""
        table = item.table
        columns = {c.id: c for c in table.columns}
        for name in list(spec.columns) + spec.optional:
            if name != "id" and name not in columns:
                where = "columns" if name in spec.columns else "optional"
                raise ImportFailure(
                    f"{where}: no column '{name}' in table {table.id}{did_you_mean(name, ['id', *columns])}"
                )
            if name in columns and columns[name].formula:
                raise ImportFailure(f"columns: '{name}' is computed by the table (formula: {columns[name].formula})")
            if name not in spec.columns:
                raise ImportFailure(f"optional: '{name}' is not read (it is not under columns:)")
        book = self.book(spec.file)
        sheet = book.sheet(spec.sheet)
        left, top, right, bottom = _parse_range(spec.range) if spec.range else (1, 1, None, None)
        grid = sheet.rows(top, bottom, left, right)
        if spec.range is None:
            while grid and all(_blank(v) for v in grid[0]):  # empty rows above the table
                grid, top = grid[1:], top + 1
        width = max((len(r) for r in grid), default=0) if right is None else right - left + 1
        grid = [r + [None] * (width - len(r)) for r in grid]
        where = f"{display_path(book.file)}: {sheet.name_in(book)}" + (f"range {spec.range}" if spec.range else "")
        if not grid or (spec.header and len(grid) < 2):
            below = " below its header row" if spec.header else ""
            raise ImportFailure(f"{where or 'the sheet'} holds no rows{below}".replace(": holds", ": the sheet holds"))
        places = self._columns(spec, grid[0] if spec.header else None, left, width, book, sheet, top)
        first = top + 1 if spec.header else top
        out, problems = [], []
        for offset, values in enumerate(grid[1:] if spec.header else grid):
            number = first + offset
            cells = {
                name: (values[c], sheet.formula(number, left + c) if values[c] is None else None)
                for name, c in places.items()
            }
            if all(_blank(value) and formula is None for value, formula in cells.values()):
                continue  # a blank row
            row: dict[str, Any] = {}
            origins: dict[str, Origin] = {}
            for name, (value, formula) in cells.items():
                origin = Origin(book.file, sheet.name, f"{_letters(left + places[name])}{number}")
                try:
                    read = _cell(value, formula, name, columns.get(name))
                    if read is None and name not in spec.optional:
                        need = (
                            ": a row needs its id" if name == "id" else f" (list '{name}' under optional: if it may be)"
                        )
                        raise ImportFailure(f"the cell is empty{need}")
                except ImportFailure as exc:
                    problems.append(f"{origin} ({name}): {exc}")
                    continue
                if read is not None:
                    row[name] = read
                    origins[name] = origin
            out.append((row, origins))
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise ImportFailure(problems[0] + more)
        if not out:
            raise ImportFailure(f"{where}: no rows of figures" if where else "no rows of figures")
        return out

    def _columns(
        self, spec: RowsFrom, header: list | None, left: int, width: int, book: _Book, sheet: _Sheet, top: int
    ) -> dict[str, int]:
        """Each field → the position of its column in the range (0 is the range's first)."""
        headers: dict[str, list[int]] = {}
        for position, value in enumerate(header or []):
            if not _blank(value):
                headers.setdefault(_normal(str(value)), []).append(position)
        places = {}
        at = f"{display_path(book.file)}: {sheet.name_in(book)}row {top}"
        for name, wanted in spec.columns.items():
            found = headers.get(_normal(wanted))
            if found and len(found) > 1:
                letters = " and ".join(_letters(left + p) for p in found)
                raise ImportFailure(
                    f"{at}: two columns are headed '{wanted}' ({letters}): name the one for '{name}' by its letter"
                )
            if found:
                places[name] = found[0]
            elif _LETTERS.match(wanted):
                position = _column_number(wanted) - left
                if not 0 <= position < width:
                    raise ImportFailure(f"columns: {name}: column {wanted} is outside the range read")
                places[name] = position
            elif header is None:
                raise ImportFailure(f"columns: {name}: with header: false, name a column by its letter, not '{wanted}'")
            else:
                shown = [" ".join(str(v).split()) for v in header if not _blank(v)]
                raise ImportFailure(
                    f"{at}: no column headed '{wanted}' for '{name}'{did_you_mean(wanted, shown)}; "
                    f"the headers are: {', '.join(shown) or 'none'}"
                )
        return places

    def _check_ids(
        self, item: Located, rows: list[dict], written: list[tuple[int, bool]], origins: list[dict[str, Origin]]
    ) -> None:
        """Every id once in the table, imported or typed; and where each imported figure came from."""
        seen: dict[str, tuple[int, bool]] = {}
        for row, (index, imported), read in zip(rows, written, origins, strict=True):
            row_id = row.get("id")
            if not isinstance(row_id, str):
                continue
            if row_id in seen and (imported or seen[row_id][1]):
                first, first_imported = seen[row_id]
                how = "read by the rows_from" if first_imported else "typed"
                line, _ = item.source.locate(item.path + ("rows", first))
                self.fail(
                    item.source,
                    item.path + ("rows", index, "rows_from" if imported else "id"),
                    f"row id '{row_id}' is used twice in table {item.table.id} (first {how} on line {line})",
                )
            seen.setdefault(row_id, (index, imported))
            for name, origin in read.items():
                self.origins[cell_name(item.table.id, row_id, name)] = origin

    # ---- value_from ---------------------------------------------------------------------

    def named_figures(self) -> dict[str, NamedFigure]:
        source = self.loaded.source
        out = {}
        for name, figure in self.loaded.paper.figures.items():
            spec = figure.value_from
            if spec is None:
                out[name] = figure
                continue
            path = ("figures", name, "value_from")
            if figure.value is not None or figure.formula is not None:
                self.fail(
                    source, ("figures", name), "a named figure has a value, a formula or value_from (one of them)"
                )
                continue
            try:
                value, origin = self._read_value(spec, figure.unit == "%", name)
            except ImportFailure as exc:
                self.fail(source, path, str(exc))
                continue
            self.origins[figure_name(name)] = origin
            out[name] = figure.model_copy(update={"value": value, "value_from": None})
        return out

    def _read_value(self, spec: ValueFrom, percent: bool, name: str) -> tuple[int | Decimal, Origin]:
        if (spec.cell is None) == (spec.name is None):
            raise ImportFailure("value_from reads a cell (cell: C7) or a defined name (name: ...), one of them")
        book = self.book(spec.file)
        if spec.name is not None:
            if spec.sheet is not None:
                raise ImportFailure("a defined name says its sheet: leave out sheet:")
            sheet, (row, column) = book.named_cell(spec.name)
        else:
            sheet, (row, column) = book.sheet(spec.sheet), _parse_cell(spec.cell or "")
        origin = Origin(book.file, sheet.name, f"{_letters(column)}{row}")
        try:
            value = _number(sheet.value(row, column), sheet.formula(row, column), percent)
        except ImportFailure as exc:
            raise ImportFailure(f"{origin} ({name}): {exc}") from None
        if value is None:
            raise ImportFailure(f"{origin} ({name}): the cell is empty")
        return value, origin

    # ---- figures_from: the workbook's defined names -------------------------------------------

    def by_names(
        self, name: str, located: list[Located], figures: dict[str, NamedFigure]
    ) -> tuple[list[Located], dict[str, NamedFigure]]:
        """Every defined name that names a figure of this paper gives that figure its value."""
        source, path = self.loaded.source, ("figures_from",)
        try:
            book = self.book(name)
            if not isinstance(book, _Workbook):
                raise ImportFailure(f"'{name}': figures_from reads a workbook's defined names: name an .xlsx file")
            names = book.names()
        except ImportFailure as exc:
            self.fail(source, path, str(exc))
            return located, figures
        tables: dict[str, Located] = {}
        for item in located:
            tables.setdefault(item.table.id, item)  # a second table of the same id is an error of its own
        changed: dict[str, list[dict]] = {}
        figures = dict(figures)
        reported: set[object] = set()  # problems many names share, reported once (a row, not each cell)
        for defined, parsed in names:
            prefix = f"{display_path(book.file)}: the name {defined}"
            try:
                sheet, (row, column) = book.named_cell(defined)
                origin = Origin(book.file, sheet.name, f"{_letters(column)}{row}")
                prefix += f" ({origin.sheet_and_cell()})"
                value, formula = sheet.value(row, column), sheet.formula(row, column)
                if len(parsed) == 1:
                    figures[parsed[0]] = self._figure_by_name(parsed[0], figures, value, formula, origin)
                else:
                    self._cell_by_name(parsed, tables, changed, value, formula, origin, sheet, row)
            except ImportFailure as exc:
                if isinstance(exc, Repeated):
                    if exc.key in reported:
                        continue
                    reported.add(exc.key)
                message = str(exc)
                shown = message if message.startswith(display_path(book.file)) else f"{prefix}: {message}"
                self.fail(source, path, shown)
        out = []
        for item in located:
            first = tables[item.table.id]
            rows = changed.get(item.table.id)
            replaced = item.table.model_copy(update={"rows": rows}) if rows is not None else item.table
            out.append(Located(replaced, item.source, item.path) if item is first else item)
        return out, figures

    def _figure_by_name(
        self, name: str, figures: dict[str, NamedFigure], value: Any, formula: str | None, origin: Origin
    ) -> NamedFigure:
        figure = figures.get(name)
        if figure is None:
            raise ImportFailure(f"no named figure '{name}' in paper.yaml{did_you_mean(name, sorted(figures))}")
        if figure.formula is not None:
            raise ImportFailure(f"the figure '{name}' is computed by the paper (formula: {figure.formula})")
        if figure_name(name) in self.origins:
            raise ImportFailure(f"the figure '{name}' is read from {self.origins[figure_name(name)]} already")
        number = _number(value, formula, figure.unit == "%")
        if number is None:
            raise ImportFailure("the cell is empty: type the figure in it")
        self.origins[figure_name(name)] = origin
        return figure.model_copy(update={"value": number})

    def _cell_by_name(
        self,
        parsed: tuple[str, ...],
        tables: dict[str, Located],
        changed: dict[str, list[dict]],
        value: Any,
        formula: str | None,
        origin: Origin,
        sheet: _Sheet,
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
        if name in self.origins:
            raise ImportFailure(f"the cell is read from {self.origins[name]} already (rows_from)")
        if column.type == "text":
            raise ImportFailure(f"'{column_id}' is a text column: figures_from reads figures only")
        if row.get("heading") is True or "sum" in row or "formula" in row or column.formula:
            raise ImportFailure(
                "the cell is computed by the paper (a total, a heading or a formula); it cannot be read"
            )
        typed = row.get(column_id)
        if isinstance(typed, str) and typed.strip().startswith("="):
            raise ImportFailure(f"the cell is computed by the paper ({typed.strip()}); it cannot be read")
        _same_row(row, item.table.columns, sheet.line(sheet_row), (sheet.name, sheet_row))
        number = _number(value, formula, column.percent)
        if number is None:
            if typed is not None:
                raise ImportFailure(f"the cell is empty, where the paper types {typed}: type the figure in it")
            return
        row[column_id] = number
        self.origins[name] = origin


def _same_row(row: dict, columns: list, cells: list[Any], where: tuple) -> None:
    """Refuse a named cell whose row no longer carries its row's words: the rows were sorted or
    moved, and the figure there belongs to another row. Every text cell of the row is compared
    (a category such as "People" is shared by several rows; its description is not); words
    that quote a figure ({…}) are compared around it, since the workbook prints the figure."""
    words = [row[c.id] for c in columns if c.type == "text" and isinstance(row.get(c.id), str)]
    words = [w for w in words if _label_key(w)]
    keys = [_label_key(cell) for cell in cells if isinstance(cell, str) and _label_key(cell)]
    if not words or not keys:
        return
    missing = next((w for w in words if not any(_written_as(w, key) for key in keys)), None)
    if missing is not None:
        label = missing
        texts = [cell for cell in cells if isinstance(cell, str) and _label_key(cell)]
        found = max(texts, key=lambda t: difflib.SequenceMatcher(None, _label_key(t), _label_key(missing)).ratio())
        raise Repeated(
            f"this row reads {_shown(found)}, not {_shown(label.rstrip('* '))}: the rows have been sorted or moved, "
            "and the names stay with their cells; put the rows back in the exported order (sort only a copy)",
            ("moved", *where),
        )


def _written_as(words: str, key: str) -> bool:
    """Whether a cell (as compared) holds the words, a quoted figure ({…}) standing for anything."""
    parts = [_label_key(part) for part in re.split(r"\{[^{}]*\}", words)]
    if len(parts) == 1:
        return parts[0] == key
    if not (key.startswith(parts[0]) and key.endswith(parts[-1])):
        return False
    at = len(parts[0])
    for part in parts[1:-1]:
        found = key.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return len(key) - len(parts[-1]) >= at


def _label_key(text: str) -> str:
    """A row label as compared: note markers ("*", "[note 2]"), spacing, punctuation and case aside."""
    return re.sub(r"[\W_]+", "", re.sub(r"\[note \d+\]", "", text).casefold())


def _moved_raw(raw: dict, rows_path: tuple, written: list[tuple[int, bool]]) -> dict:
    """A file's words-as-written, with each typed row of one table at its expanded position."""
    n = len(rows_path)
    moved = {path: value for path, value in raw.items() if path[:n] != rows_path}
    position = {index: expanded for expanded, (index, imported) in enumerate(written) if not imported}
    for path, value in raw.items():
        if path[:n] == rows_path and len(path) > n and path[n] in position:
            moved[rows_path + (position[path[n]],) + path[n + 1 :]] = value
    return moved


# ---- values --------------------------------------------------------------------------------


def _cell(value: Any, formula: str | None, name: str, column) -> Any:
    """An imported cell as the table engine takes a typed one: a row id, text, or a number."""
    if name == "id":
        text = _text(value, formula)
        if text is not None and not _ID.match(text):
            raise ImportFailure(f"'{text}' is not a valid row id: use lowercase letters, digits and _")
        return text
    if column.type == "text":
        text = _text(value, formula)
        return None if text is None else Verbatim(text)
    return _number(value, formula, column.percent)


def _uncached(formula: str | None) -> None:
    if formula is not None:
        raise ImportFailure(
            f"the cell holds the formula {formula[:40]} with no saved value: open the workbook in Excel or "
            "LibreOffice and save it, so that its values are stored with it"
        )


def _text(value: Any, formula: str | None) -> str | None:
    if value is None:
        _uncached(formula)
        return None
    if isinstance(value, bool) or isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        raise ImportFailure(f"expected text, got {_shown(value)}: format the cell as text")
    if isinstance(value, float):
        value = _decimal_of_float(value)
    text = " ".join(str(value).split())
    if illegal := XML_ILLEGAL.search(text):
        raise ImportFailure(f"the text holds the character U+{ord(illegal.group(0)):04X}, which documents cannot hold")
    return text or None


def _number(value: Any, formula: str | None, percent: bool) -> int | Decimal | None:
    """An exact figure: an int or a Decimal, never a float; None for an empty cell."""
    if value is None:
        _uncached(formula)
        return None
    if isinstance(value, bool) or isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        raise ImportFailure(f"expected a number, got {_shown(value)}")
    if isinstance(value, int):
        return _fits(value)
    if isinstance(value, float):
        return _fits(_decimal_of_float(value))
    if isinstance(value, Decimal):
        return _fits(value)
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


def _fits(value: int | Decimal) -> int | Decimal:
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
        if "," in text and re.fullmatch(r"[-+(]?[\d,]+(\.\d+)?\)?", text):
            hint = " (thousands are separated by commas in threes: 1,234,567)"
        raise ImportFailure(f"expected a number, got {_shown(written.strip())}{hint}")
    brackets, sign, whole, fraction, _, percent_sign = match.groups()
    if brackets and sign:
        raise ImportFailure(f"expected a number, got {_shown(written.strip())} (a sign and brackets)")
    if percent_sign and not percent:
        raise ImportFailure(f"expected a number, got {_shown(written.strip())} (% only in a percentage column)")
    number = Decimal((whole or "0").replace(",", "") + (fraction or ""))
    if brackets or sign in ("-", "−"):
        number = -number
    return _fits(int(number) if fraction is None else number)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"a date ({value.isoformat()[:10]})"
    if isinstance(value, (datetime.time, datetime.timedelta)):
        return f"a time ({value})"
    shown = str(value)
    return f"'{shown}'" if len(shown) <= 40 else f"'{shown[:37]}…'"


def _blank(value: Any) -> bool:
    return value is None or isinstance(value, str) and not value.strip()


def _normal(text: str) -> str:
    """A header as compared: spaces and line breaks collapsed, case ignored."""
    return " ".join(text.split()).casefold()


# ---- cells and ranges ----------------------------------------------------------------------


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _letters(number: int) -> str:
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out


MAX_COLUMN, MAX_ROW = 16_384, 1_048_576  # Excel's XFD and last row


def _parse_cell(text: str) -> tuple[int, int]:
    match = _CELL.match(text.strip())
    if not match or _column_number(match.group(1)) > MAX_COLUMN or not 0 < int(match.group(2)) <= MAX_ROW:
        raise ImportFailure(f"'{text}' is not a cell: write it as C7")
    return int(match.group(2)), _column_number(match.group(1))


def _parse_range(text: str) -> tuple[int, int, int, int | None]:
    """(left, top, right, bottom) of A2:D5; bottom None for A2:D (to the last row)."""
    match = _RANGE.match(text.strip())
    hint = "write it as A2:D5, or A2:D to read to the last row"
    if not match:
        raise ImportFailure(f"'{text}' is not a range: {hint}")
    left, top = _column_number(match.group(1)), int(match.group(2))
    right, bottom = _column_number(match.group(3)), int(match.group(4)) if match.group(4) else None
    if right > MAX_COLUMN or not 0 < top <= MAX_ROW or bottom is not None and not 0 < bottom <= MAX_ROW:
        raise ImportFailure(f"'{text}' is beyond a worksheet's last column or row: {hint}")
    if left > right or bottom is not None and top > bottom:
        raise ImportFailure(f"'{text}' runs backwards: write the top left cell first, {hint}")
    return left, top, right, bottom


# ---- files ---------------------------------------------------------------------------------


class _Sheet:
    """One sheet's cells (a CSV file is one sheet with no name), read once, as rows of values;
    its formulas read on demand (data_only reads a formula with no saved value as empty)."""

    def __init__(self, name: str | None, values: list, formulas: Any = None):
        self.name, self.grid, self._formulas = name, values, formulas
        self._formula_grid: list | None = None

    def name_in(self, book: _Book) -> str:
        return f"sheet {self.name}, " if self.name is not None else ""

    def rows(self, top: int, bottom: int | None, left: int, right: int | None) -> list[list[Any]]:
        """The cells of a range, row by row (a range past the last row holds fewer rows)."""
        rows = self.grid[top - 1 : bottom]
        if right is None:
            return [list(row[left - 1 :]) for row in rows]
        return [list(row[left - 1 : right]) + [None] * (right - left + 1 - len(row[left - 1 : right])) for row in rows]

    def line(self, row: int) -> list[Any]:
        """Every cell of one row."""
        return list(self.grid[row - 1]) if row <= len(self.grid) else []

    def value(self, row: int, column: int) -> Any:
        cells = self.grid[row - 1] if row <= len(self.grid) else ()
        return cells[column - 1] if column <= len(cells) else None

    def formula(self, row: int, column: int) -> str | None:
        if self._formulas is None:
            return None
        if self._formula_grid is None:
            self._formula_grid = self._formulas()
        grid: list = self._formula_grid or []
        cells = grid[row - 1] if row <= len(grid) else ()
        value = cells[column - 1] if column <= len(cells) else None
        return value if isinstance(value, str) and value.startswith("=") else None


class _Book:
    file: Path

    def sheet(self, name: str | None) -> _Sheet:
        raise NotImplementedError

    def named_cell(self, name: str) -> tuple[_Sheet, tuple[int, int]]:
        raise ImportFailure(f"{display_path(self.file)}: a CSV file has no defined names: read a cell (cell: C7)")

    def close(self) -> None:
        pass


class _Csv(_Book):
    """A CSV file: UTF-8 with or without a byte-order mark, commas, quoted fields; one grid."""

    def __init__(self, file: Path):
        self.file = file
        try:
            text = file.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFailure(
                f"{display_path(file)} is not UTF-8 text (byte {exc.start}): save it as CSV UTF-8"
            ) from None
        try:
            grid = [
                [v if v.strip() else None for v in row]
                for row in csv.reader(io.StringIO(text, newline=""), strict=True)
            ]
        except csv.Error as exc:
            raise ImportFailure(f"{display_path(file)}: not a CSV file that can be read: {exc}") from None
        if len(grid) > MAX_ROWS:
            raise ImportFailure(f"{display_path(file)} has more than {MAX_ROWS:,} rows")
        self._sheet = _Sheet(None, grid)

    def sheet(self, name: str | None) -> _Sheet:
        if name is not None:
            raise ImportFailure(f"{display_path(self.file)}: a CSV file has no sheets: leave out sheet:")
        return self._sheet


class _Workbook(_Book):
    """An .xlsx workbook, read-only: cached values only, no links followed, nothing run."""

    def __init__(self, file: Path):
        self.file = file
        try:
            with zipfile.ZipFile(file) as archive:
                unzipped = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError):
            raise ImportFailure(
                f"{display_path(file)} is not an .xlsx workbook (it cannot be opened as one): save it as .xlsx"
            ) from None
        if unzipped > MAX_UNZIPPED_BYTES:
            raise ImportFailure(
                f"{display_path(file)} unpacks to {unzipped:,} bytes; an imported workbook holds at most "
                f"{MAX_UNZIPPED_BYTES:,}: keep only the figures the paper needs in it"
            )
        self.values = self._open(data_only=True)
        self._formulas: Any = None
        self._sheets: dict[str, _Sheet] = {}

    def _open(self, data_only: bool) -> Any:
        import openpyxl

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl's notes on parts it does not read
                return openpyxl.load_workbook(
                    self.file, read_only=True, data_only=data_only, keep_vba=False, keep_links=False
                )
        except Exception as exc:  # a damaged or encrypted file: openpyxl raises many kinds
            raise ImportFailure(
                f"{display_path(self.file)}: the workbook cannot be read ({type(exc).__name__}: {exc}): "
                "open it in Excel or LibreOffice and save it as .xlsx"
            ) from None

    def close(self) -> None:
        for book in (self.values, self._formulas):
            if book is not None:
                book.close()

    def sheet(self, name: str | None) -> _Sheet:
        titles = self.values.sheetnames
        if name is None:
            if len(titles) != 1:
                raise ImportFailure(
                    f"{display_path(self.file)} has the sheets {', '.join(titles)}: say which with sheet:"
                )
            name = titles[0]
        if name not in titles:
            raise ImportFailure(
                f"{display_path(self.file)}: no sheet '{name}'{did_you_mean(name, titles)}; "
                f"its sheets are {', '.join(titles)}"
            )
        if name not in self._sheets:
            title = name
            self._sheets[name] = _Sheet(title, self._grid(self.values, title), lambda: self._formula_grid(title))
        return self._sheets[name]

    def _formula_grid(self, title: str) -> list:
        if self._formulas is None:
            self._formulas = self._open(data_only=False)
        return self._grid(self._formulas, title)

    def _grid(self, book: Any, title: str) -> list:
        sheet = book[title]
        sheet.reset_dimensions()  # the stored dimension may be missing or wrong: read what is there
        rows = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for values in sheet.iter_rows(values_only=True):
                rows.append(values)
                if len(rows) > MAX_ROWS:
                    raise ImportFailure(f"{display_path(self.file)}: sheet {title} has more than {MAX_ROWS:,} rows")
        return rows

    def names(self) -> list[tuple[str, tuple[str, ...]]]:
        """Every defined name (the workbook's, and each sheet's) that names a figure: parsed."""
        found = list(self.values.defined_names.keys())
        for sheet in self.values.worksheets:
            found += list(getattr(sheet, "defined_names", {}).keys())
        return [(name, parsed) for name in found if (parsed := parse_name(name)) is not None]

    def _defined(self, name: str) -> Any:
        wanted = name.lower()
        for names in [self.values.defined_names] + [getattr(s, "defined_names", {}) for s in self.values.worksheets]:
            for key, defined in names.items():
                if key.lower() == wanted:
                    return defined
        return None

    def named_cell(self, name: str) -> tuple[_Sheet, tuple[int, int]]:
        defined = self._defined(name)
        if defined is None:
            known = list(self.values.defined_names.keys())
            raise ImportFailure(f"{display_path(self.file)}: no defined name '{name}'{did_you_mean(name, known)}")
        try:
            destinations = list(defined.destinations) if defined.type == "RANGE" else []
        except Exception:  # a name holding a formula or a constant, not a cell
            destinations = []
        if "#REF!" in str(defined.attr_text):
            raise Repeated(
                f"{display_path(self.file)}: the name {name} (and any other on that sheet that reads #REF!) points at "
                f"a deleted cell ({defined.attr_text}): its row, column or sheet was deleted; undo the deletion, "
                "or export the workbook again and edit that",
                ("deleted", str(defined.attr_text)),
            )
        if len(destinations) != 1 or ":" in destinations[0][1]:
            raise ImportFailure(
                f"{display_path(self.file)}: the name {name} ({defined.attr_text}) does not name one cell"
            )
        title, reference = destinations[0]
        # openpyxl strips the quotes of 'Children''s Services'!C5 but keeps the doubled apostrophe
        return self.sheet(title.replace("''", "'")), _parse_cell(reference)


def raise_problems(loaded: LoadedPaper, imported: Imported) -> None:
    """Imports that failed stop the paper before its figures are computed (a missing file would
    otherwise be reported again by every total and sentence that uses its figures)."""
    if imported.problems:
        raise ContentError(list(loaded.problems) + list(imported.problems))
