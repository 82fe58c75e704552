"""Loading stage, figures from finance: a CSV file or an .xlsx workbook read as sheets of cells."""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path
from typing import Any

from councilpapers.core.cellnames import parse_name
from councilpapers.core.errors import display_path
from councilpapers.load.finance.archive import check_workbook
from councilpapers.load.finance.cells import parse_cell
from councilpapers.load.finance.failure import ImportFailure, Repeated
from councilpapers.load.finance.limits import ADVICE, MAX_FIELDS, Tally, where
from councilpapers.load.finance.sheet import Cells, Sheet
from councilpapers.load.messages import did_you_mean

__all__ = ["Book", "CsvFile", "Sheet", "Workbook"]


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
            cells = _csv_cells(file, csv.reader(io.StringIO(text, newline=""), strict=True))
        except csv.Error as exc:
            raise ImportFailure(f"{display_path(file)}: not a CSV file that can be read: {exc}") from None
        self._sheet = Sheet(None, cells)

    def sheet(self, name: str | None) -> Sheet:
        if name is not None:
            raise ImportFailure(f"{display_path(self.file)}: a CSV file has no sheets: leave out sheet:")
        return self._sheet


class Workbook(Book):
    """An .xlsx workbook, read-only: cached values only, no links followed, nothing run."""

    def __init__(self, file: Path):
        self.file = file
        check_workbook(file)  # every part it unpacks to bounded before openpyxl reads any
        self.values = self._open(data_only=True)
        self._formulas: Any = None
        self._sheets: dict[str, Sheet] = {}
        self._index: dict[str, Any] | None = None

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
                raise ImportFailure(f"{display_path(self.file)} has the sheets {listed(titles)}: say which with sheet:")
            name = titles[0]
        if name not in titles:
            raise ImportFailure(
                f"{display_path(self.file)}: no sheet '{name}'{did_you_mean(name, titles)}; "
                f"its sheets are {listed(titles)}"
            )
        if name not in self._sheets:
            title = name
            cells = _workbook_cells(self.file, self.values, title)
            self._sheets[name] = Sheet(title, cells, lambda: self._formula_cells(title))
        return self._sheets[name]

    def _formula_cells(self, title: str) -> Cells:
        if self._formulas is None:
            self._formulas = self._open(data_only=False)
        return _workbook_cells(self.file, self._formulas, title)

    def names(self) -> list[tuple[str, tuple[str, ...]]]:
        """Every defined name (the workbook's, and each sheet's) that names a figure: parsed."""
        found = list(self.values.defined_names.keys())
        for sheet in self.values.worksheets:
            found += list(getattr(sheet, "defined_names", {}).keys())
        return [(name, parsed) for name in found if (parsed := parse_name(name)) is not None]

    def _defined(self, name: str) -> Any:
        """The defined name, its case aside (the workbook's first, then each sheet's): looked up
        in an index made once, since every name of the workbook may be looked up."""
        if self._index is None:
            self._index = {}
            for names in [self.values.defined_names] + [
                getattr(s, "defined_names", {}) for s in self.values.worksheets
            ]:
                for key, defined in names.items():
                    self._index.setdefault(key.lower(), defined)
        return self._index.get(name.lower())

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


def _csv_cells(file: Path, rows: Any) -> Cells:
    """A CSV file's cells holding a value (not blank), each counted against the limits."""
    tally, at = Tally(), where(file, None)
    cells: Cells = {}
    for number, row in enumerate(rows, 1):
        if len(row) > MAX_FIELDS:
            raise ImportFailure(
                f"{at}row {number}: {len(row):,} fields on one line; a CSV file has at most {MAX_FIELDS:,} "
                f"(as a sheet has columns A to XFD): {ADVICE}"
            )
        kept = {}
        for column, value in enumerate(row, 1):
            if value.strip():
                tally.count(at, number, column)
                kept[column] = value
        if kept:
            cells[number] = kept
    return cells


def _workbook_cells(file: Path, book: Any, title: str) -> Cells:
    """A sheet's cells holding a value, as its XML holds them (not padded to the sheet's width as
    openpyxl's rows are), each counted against the limits; the sheet's declared size is not read."""
    from openpyxl.worksheet._reader import WorkSheetParser  # the parser of openpyxl's own read-only rows

    sheet, tally, at = book[title], Tally(), where(file, title)
    cells: Cells = {}
    with warnings.catch_warnings(), sheet._get_source() as source:
        warnings.simplefilter("ignore")  # openpyxl's notes on parts it does not read
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=book.data_only,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        try:
            for number, row in parser.parse():
                kept = {}
                for cell in row:
                    if cell["value"] is not None:
                        tally.count(at, number, cell["column"])
                        kept[cell["column"]] = cell["value"]
                if kept:
                    cells.setdefault(number, {}).update(kept)
        except ImportFailure:
            raise
        except Exception as exc:  # damaged XML, a cell reference that is not one: openpyxl raises many kinds
            raise ImportFailure(
                f"{at}the sheet cannot be read ({type(exc).__name__}: {str(exc)[:200]}): "
                "open the workbook in Excel or LibreOffice and save it as .xlsx"
            ) from None
    return cells


def listed(names: list[str], most: int = 20) -> str:
    """Names for a message, the first `most` of them (a workbook may have a thousand sheets)."""
    shown = ", ".join(names[:most])
    return shown if len(names) <= most else f"{shown} and {len(names) - most:,} more"
