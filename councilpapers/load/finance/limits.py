"""Loading stage, figures from finance: how much work one imported file may make the reader do.

A small file can unpack large (a workbook is a zip of XML; a cell in column XFD makes a sheet
16,384 columns wide; a CSV file of ten megabytes holds five million cells). Every limit below is
checked before the work it bounds, or while it is done, and refused with the file, the sheet
and the cell (or the workbook's part) named, in seconds; docs/authoring.md lists them. Each is
far above what a paper's figures need: a finance workbook of a few sheets is well under 1 MB,
with a few thousand cells.
"""

from __future__ import annotations

from pathlib import Path

from councilpapers.core.errors import display_path
from councilpapers.load.finance.cells import column_letters
from councilpapers.load.finance.failure import ImportFailure

MAX_IMPORT_BYTES = 10_000_000  # a CSV file or a workbook, on disk
MAX_UNZIPPED_BYTES = 100_000_000  # every part of a workbook, unzipped
MAX_PARTS = 10_000  # the files in a workbook's zip (a workbook with pictures and charts has hundreds)
MAX_SHEETS = 1_000  # sheets of a workbook (openpyxl scans each as it opens the file)
MAX_SHEET_BYTES = 50_000_000  # one sheet's part (its XML), unzipped
MAX_SHEET_ELEMENTS = 500_000  # one sheet's cells as its XML holds them, empty (formatted) ones too
MAX_UNDECLARED = (
    250_000  # cells of the sheets that do not declare their size, together (openpyxl reads them all to open the file)
)
MAX_STRINGS_BYTES = 20_000_000  # the workbook's shared strings, unzipped
MAX_STRINGS = 100_000  # shared strings: every distinct text of the workbook's cells
MAX_PART_BYTES = 10_000_000  # any other part openpyxl reads (styles, the list of sheets and names)
MAX_PART_ELEMENTS = 100_000  # the XML elements of such a part
MAX_CELLS = 250_000  # cells holding a value read from one file, over the sheets read
MAX_ROWS = 100_000  # the last row holding a value (what is used, not what the file declares)
MAX_COLUMNS = 1_000  # the last column holding a value: ALL
MAX_FIELDS = 16_384  # fields on one line of a CSV file, empty ones too (Excel's XFD)

ADVICE = "keep only the figures the paper needs in it (copy them into a file of their own)"


class Tally:
    """What one file has made the reader do so far: its cells holding a value, over the sheets
    read, each inside the rows and columns a sheet may use."""

    def __init__(self) -> None:
        self.cells = 0

    def count(self, where: str, row: int, column: int) -> None:
        """One more cell holding a value, at (row, column) of the sheet `where` names
        ("finance.xlsx: sheet Budget, "): refused beyond the limits, with the cell named."""
        self.cells += 1
        if column > MAX_COLUMNS:
            raise ImportFailure(
                f"{where}cell {column_letters(column)}{row}: a value in column {column_letters(column)}; "
                f"an imported sheet's values lie in columns A to {column_letters(MAX_COLUMNS)} "
                f"(the first {MAX_COLUMNS:,}): delete what lies beyond, or {ADVICE}"
            )
        if row > MAX_ROWS:
            raise ImportFailure(
                f"{where}cell {column_letters(column)}{row}: a value on row {row:,}; an imported sheet's values "
                f"lie in its first {MAX_ROWS:,} rows: delete what lies below, or {ADVICE}"
            )
        if self.cells > MAX_CELLS:
            raise ImportFailure(
                f"{where}cell {column_letters(column)}{row}: more than {MAX_CELLS:,} cells hold a value; "
                f"an imported file is read to at most {MAX_CELLS:,}: {ADVICE}"
            )


def where(file: Path, sheet: str | None) -> str:
    """The start of a located message: "content/p/finance.xlsx: sheet Budget, " (no sheet: CSV)."""
    return f"{display_path(file)}: sheet {sheet}, " if sheet is not None else f"{display_path(file)}: "
