"""Composing stage, looking figures up: a named figure or a table's cell (table.row.column), as
prose and reconciliations name them, or why there is none."""

from __future__ import annotations

from councilpapers.compose.figures import NamedFigures
from councilpapers.compose.results import TableResult
from councilpapers.core.expressions import CellRef
from councilpapers.core.numbers import Number
from councilpapers.core.units import PLAIN, Unit, unit_of
from councilpapers.load.messages import did_you_mean
from councilpapers.load.schema.paper import NamedFigure
from councilpapers.load.yamlsource import Source

Found = tuple[Number, str | None, int, bool]  # value, unit, decimals, percent


class Lookup:
    """The paper's figures by name: its named figures (computed here) and its tables' cells."""

    def __init__(
        self,
        results: dict[str, TableResult],
        unreadable: set[CellRef],
        declared: dict[str, NamedFigure],
        source: Source,
    ):
        self.results, self.unreadable = results, unreadable
        self.named = NamedFigures(declared, source, self.cell_value, self.cell_unit)

    def figure(self, target: str) -> Found | str:
        """(value, unit, decimals, percent) of a figure, or why there is none."""
        parts = target.split(".")
        if len(parts) == 1:
            found = self.named.get(target)
            return found if isinstance(found, str) else (found.value, found.unit, found.decimals, found.percent)
        if len(parts) != 3:
            return "a figure is {table.row.column} or {name}"
        return self.cell(*parts)

    def cell_value(self, table_id: str, row_id: str, column_id: str) -> Number | str:
        found = self.cell(table_id, row_id, column_id)
        return found if isinstance(found, str) else found[0]

    def cell_unit(self, table_id: str, row_id: str, column_id: str) -> Unit:
        """The unit of a cell's column (a plain number where there is no such column)."""
        result = self.results.get(table_id)
        column = result.column(column_id) if result is not None else None
        return unit_of(column.unit, column.percent) if column is not None and column.type == "number" else PLAIN

    def cell(self, table_id: str, row_id: str, column_id: str) -> Found | str:
        result = self.results.get(table_id)
        if result is None:
            return f"no table '{table_id}'{did_you_mean(table_id, sorted(self.results))}"
        column = result.column(column_id)
        if not any(r.id == row_id for r in result.rows):
            return f"no row '{row_id}' in table {table_id}{did_you_mean(row_id, [r.id for r in result.rows])}"
        if column is None or column.type != "number" or column.band is not None:
            names = [c.id for c in result.table.columns if c.type == "number"]
            return f"no number column '{column_id}' in table {table_id}{did_you_mean(column_id, names)}"
        cell = result.cell(row_id, column_id)
        if CellRef(table_id, row_id, column_id) in self.unreadable:
            return "that cell's figure cannot be read (see its own problem)"
        if cell is None or cell.value is None:
            return "that cell is empty"
        return cell.value, column.unit, column.decimals, column.percent
