"""Composing stage, a computed table's results: each row and cell with its value, formula and published figure."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from councilpapers.core.expressions import Formula
from councilpapers.core.numbers import Number
from councilpapers.load.schema.tables import Column, Table

NUMBER = (int, Decimal)


@dataclass
class CellResult:
    value: Number | None = None
    text: str | None = None
    formula: Formula | None = None
    published: Number | str | None = None  # as published: a figure, or the word of a band
    differs: bool = False  # the published figure prints otherwise, further off than the table's tolerance
    accepted: str | None = None  # why the paper may show the computed figure instead of the published one
    verbatim: bool = False  # text read from a file: printed as it is, not read as markup
    fill: str | None = None  # a band's cell fill, "#rrggbb"


@dataclass
class RowResult:
    id: str
    kind: str  # data, heading or total
    cells: dict[str, CellResult] = field(default_factory=dict)
    bold: bool = False  # a total row, or a row styled as one


@dataclass
class TableResult:
    table: Table
    rows: list[RowResult]

    def cell(self, row: str, column: str) -> CellResult | None:
        return next((r.cells.get(column) for r in self.rows if r.id == row), None)

    def column(self, column_id: str) -> Column | None:
        return next((c for c in self.table.columns if c.id == column_id), None)
