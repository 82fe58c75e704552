"""Loading stage, figures from finance: a CSV file or an .xlsx workbook read as sheets of cells."""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from councilpapers.core.cellnames import parse_name
from councilpapers.core.errors import display_path
from councilpapers.load.finance.cells import parse_cell
from councilpapers.load.finance.failure import ImportFailure, Repeated
from councilpapers.load.messages import did_you_mean

MAX_UNZIPPED_BYTES = 200_000_000  # a workbook's parts once unzipped (a zip bomb is refused unread)
MAX_ROWS = 100_000  # rows read from one range

# A sheet's cells row by row, each as its file gives it: text or None from a CSV file; from a workbook,
# what openpyxl reads (str, int, float, bool, datetime, None), which ships no types.
Grid = list[Sequence[Any]]


class Sheet:
    """One sheet's cells (a CSV file is one sheet with no name), read once, as rows of values;
    its formulas read on demand (data_only reads a formula with no saved value as empty)."""

    def __init__(self, name: str | None, values: Grid, formulas: Callable[[], Grid] | None = None) -> None:
        self.name, self.grid, self._formulas = name, values, formulas
        self._formula_grid: Grid | None = None

    def name_in(self, book: Book) -> str:
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
        grid: Grid = self._formula_grid or []
        cells = grid[row - 1] if row <= len(grid) else ()
        value = cells[column - 1] if column <= len(cells) else None
        return value if isinstance(value, str) and value.startswith("=") else None


class Book:
    file: Path

    def sheet(self, name: str | None) -> Sheet:
        raise NotImplementedError

    def named_cell(self, name: str) -> tuple[Sheet, tuple[int, int]]:
        raise ImportFailure(f"{display_path(self.file)}: a CSV file has no defined names: read a cell (cell: C7)")

    def close(self) -> None:
        pass


class CsvFile(Book):
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
            grid: Grid = [
                [v if v.strip() else None for v in row]
                for row in csv.reader(io.StringIO(text, newline=""), strict=True)
            ]
        except csv.Error as exc:
            raise ImportFailure(f"{display_path(file)}: not a CSV file that can be read: {exc}") from None
        if len(grid) > MAX_ROWS:
            raise ImportFailure(f"{display_path(file)} has more than {MAX_ROWS:,} rows")
        self._sheet = Sheet(None, grid)

    def sheet(self, name: str | None) -> Sheet:
        if name is not None:
            raise ImportFailure(f"{display_path(self.file)}: a CSV file has no sheets: leave out sheet:")
        return self._sheet


class Workbook(Book):
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
        self._sheets: dict[str, Sheet] = {}

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

    def sheet(self, name: str | None) -> Sheet:
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
            self._sheets[name] = Sheet(title, self._grid(self.values, title), lambda: self._formula_grid(title))
        return self._sheets[name]

    def _formula_grid(self, title: str) -> Grid:
        if self._formulas is None:
            self._formulas = self._open(data_only=False)
        return self._grid(self._formulas, title)

    def _grid(self, book: Any, title: str) -> Grid:
        sheet = book[title]
        sheet.reset_dimensions()  # the stored dimension may be missing or wrong: read what is there
        rows: Grid = []
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

    def named_cell(self, name: str) -> tuple[Sheet, tuple[int, int]]:
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
        return self.sheet(title.replace("''", "'")), parse_cell(reference)
