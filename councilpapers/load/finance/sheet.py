"""Loading stage, figures from finance: one sheet's cells, as many as hold a value and no more.

A sheet is kept sparse, row → column → value, so that its size is the number of cells holding a
value (bounded, limits.py), whatever its width: a value in column XFD costs one cell, not 16,384.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# The cells holding a value, row → column → value (both from 1), as the file gives them: text from
# a CSV file; from a workbook, what openpyxl reads (str, int, float, bool, datetime), which ships no types.
Cells = dict[int, dict[int, Any]]


class Sheet:
    """One sheet's cells (a CSV file is one sheet with no name), read once; its formulas read on
    demand (data_only reads a formula with no saved value as empty)."""

    def __init__(self, name: str | None, values: Cells, formulas: Callable[[], Cells] | None = None) -> None:
        self.name, self.cells, self._formulas = name, values, formulas
        self._formula_cells: Cells | None = None
        self.last_row = max(values, default=0)

    def name_in(self, book: object) -> str:
        return f"sheet {self.name}, " if self.name is not None else ""

    def rows(self, top: int, bottom: int | None, left: int, right: int | None) -> list[dict[int, Any]]:
        """The cells of a range, row by row, each row {position in the range: value} (0 is its
        left column); a range past the last row holding a value stops there."""
        last = self.last_row if bottom is None else min(bottom, self.last_row)
        out: list[dict[int, Any]] = []
        for number in range(top, last + 1):
            cells = self.cells.get(number, {})
            out.append({c - left: v for c, v in cells.items() if c >= left and (right is None or c <= right)})
        return out

    def line(self, row: int) -> list[Any]:
        """Every value of one row, left to right."""
        return [value for _, value in sorted(self.cells.get(row, {}).items())]

    def value(self, row: int, column: int) -> Any:
        return self.cells.get(row, {}).get(column)

    def formula(self, row: int, column: int) -> str | None:
        if self._formulas is None:
            return None
        if self._formula_cells is None:
            self._formula_cells = self._formulas()
        value = self._formula_cells.get(row, {}).get(column)
        return value if isinstance(value, str) and value.startswith("=") else None
