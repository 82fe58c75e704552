"""XLSX writer, layout stage: which sheet, row and column each table, cell and named figure goes
to, and what each cell holds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import overload

from councilpapers.core import cellnames
from councilpapers.core.errors import RenderError
from councilpapers.core.expressions import BinOp, CellRef, Name, Neg, Num, SumOf, Term
from councilpapers.core.locations import table_locations
from councilpapers.core.model import Column, Document, Row, Table, plain
from councilpapers.core.numbers import Number
from councilpapers.writers.xlsx.formulas import formula_text, number_format, reference
from councilpapers.writers.xlsx.names import Names, table_name
from councilpapers.writers.xlsx.placed import (
    FIGURES,
    FIGURES_HEADER,
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    Note,
    Place,
    Placed,
)
from councilpapers.writers.xlsx.wording import describe

_NUMBER_TEXT = re.compile(r"^(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?)(%?)$")
BINARY_DECIMALS = 9


@dataclass(frozen=True)
class Written:
    """What one workbook cell holds: a formula, a number (with its format), text or a symbol."""

    kind: str  # formula, number, text or symbol
    value: str | Decimal | int
    number_format: str = "General"
    cached: Decimal | int | None = None  # a formula's value, as the paper computed it


@dataclass
class Plan:
    document: Document
    tables: list[Placed]
    notes: list[Note]
    places: dict[tuple[str, str, str], Place]
    figures: dict[str, Place] = field(default_factory=dict)  # named figure → its cell on the Figures sheet
    symbols: set[Place] = field(default_factory=set)  # cells that hold [x] or [z] instead of a figure
    fractions: set[Place] = field(default_factory=set)  # percentages, held as fractions (87.1% as 0.871)
    values: dict[tuple[str, str, str], Number | None] = field(default_factory=dict)  # each cell's exact value

    def address(self, ref: CellRef | Name) -> Place:
        try:
            if isinstance(ref, Name):
                return self.figures[".".join(ref.parts)]
            return self.places[(ref.table, ref.row, ref.column)]
        except KeyError:
            raise RenderError(f"a formula refers to {ref}, a cell that is not in the workbook") from None

    def formula(self, formula: Term, sheet: str, percent: bool = False) -> str:
        """The formula for a cell on `sheet`; one that computes a percentage gives its fraction.
        Arithmetic that binary floating point cannot do exactly (a division, figures with
        decimals) is rounded to 9 decimals, so that a spreadsheet shows the digits the paper
        prints: LibreOffice shows 362.795 computed as 362.79499999999996 as 362.79."""
        text = formula_text(formula, sheet, self.address, self.symbols.__contains__, None, self.fractions.__contains__)
        if not self._exact_in_binary(formula):
            text = f"ROUND({text},{BINARY_DECIMALS})"
        return f"=({text})/100" if percent else "=" + text

    def _exact_in_binary(self, node: Term) -> bool:
        """Whether a spreadsheet computes the formula without rounding: whole numbers added,
        subtracted and multiplied."""
        if isinstance(node, Num):
            return _whole(node.value)
        if isinstance(node, CellRef):
            return _whole(self.values.get((node.table, node.row, node.column)))
        if isinstance(node, Name):
            return _whole(self.values.get((FIGURES, ".".join(node.parts), "")))
        if isinstance(node, SumOf):
            return all(self._exact_in_binary(ref) for ref in node.cells)
        if isinstance(node, Neg):
            return self._exact_in_binary(node.operand)
        if isinstance(node, BinOp):
            return node.op != "/" and self._exact_in_binary(node.left) and self._exact_in_binary(node.right)
        return False

    def reference(self, target: str, sheet: str) -> str:
        """A reconciliation's figure (table.row.column or a figure's name) as a reference from `sheet`."""
        parts = tuple(target.split("."))
        place = self.address(CellRef(*parts) if len(parts) == 3 else Name(parts))
        return reference(place, sheet) + (
            "*100" if place in self.fractions else ""
        )  # a percentage as the paper prints it

    def written(self, placed: Placed, row: Row, index: int) -> Written:
        """What the workbook writes for the model's cell `index` of `row`."""
        column, cell = placed.table.columns[index], row.cells[index]
        if cell.formula is not None:
            text = self.formula(cell.formula, placed.sheet, column.percent)
            return Written("formula", text, _format(column, placed), fraction(cell.value, column.percent))
        if cell.value is not None:
            return Written("number", fraction(cell.value, column.percent), _format(column, placed))
        text = plain(cell.inlines) or placed.repeated.get((row.id, index), "")
        if not column.numeric and (number := number_in_text(text)):
            return Written("number", *number)
        if text:
            return Written("text", placed.marked(text))
        return Written("symbol", _symbol(placed, row, index))

    def defined_names(self) -> list[tuple[str, Place]]:
        """The stable name of every typed figure (cellnames), with the cell that holds it."""
        found = []
        for placed in self.tables:
            for row in placed.data + placed.totals:
                for index, (column, cell) in enumerate(zip(placed.table.columns, row.cells)):
                    if column.numeric and cell.value is not None and cell.formula is None:
                        place = (placed.sheet, placed.row_of(row), placed.column_of(index))
                        found.append((cellnames.cell_name(placed.table.id, row.id, column.id), place))
        for figure in self.document.figures:
            if figure.formula is None and figure.id in self.figures:
                found.append((cellnames.figure_name(figure.id), self.figures[figure.id]))
        return found


@overload
def fraction(value: Number, percent: bool) -> Number: ...
@overload
def fraction(value: None, percent: bool) -> None: ...
def fraction(value: Number | None, percent: bool) -> Number | None:
    """A percentage as the fraction a spreadsheet holds (87.1 → 0.871); other figures as they are."""
    return value / Decimal(100) if percent and value is not None else value


def _format(column: Column, placed: Placed) -> str:
    return number_format(column, placed.table.zero) if column.numeric else "General"


def _symbol(placed: Placed, row: Row, index: int) -> str:
    """[z] for an empty cell of a total or of a computed column; [x] for a figure or text the paper does not give."""
    if row.role != "data":
        return NOT_APPLICABLE
    computed = any(r.cells[index].formula is not None for r in placed.table.rows if r.role == "data")
    return NOT_APPLICABLE if computed else NOT_AVAILABLE


def number_in_text(text: str) -> tuple[Decimal, str] | None:
    """A text cell that is a number ("981", "87.1%") as the number and its format (87.1% → 0.871, 0.0%)."""
    match = _NUMBER_TEXT.match(text.strip())
    if not match:
        return None
    value = Decimal(match.group(1).replace(",", ""))
    decimals = "." + "0" * len(match.group(2)) if match.group(2) else ""
    if match.group(3):
        return value / 100, f"0{decimals}%"
    return value, ("#,##0" if "," in match.group(1) else "0") + decimals


def plan(document: Document) -> Plan:
    """Lay out every table of the document, one per sheet (the sheet the Document names), in
    reading order, with their notes."""
    result = Plan(document, _placed_tables(document), [], {})
    for placed in result.tables:
        describe(placed, result.notes, document.draft)
    for placed in result.tables:
        _place_cells(result, placed)
    if document.figures:
        result.figures = {f.id: (FIGURES, FIGURES_HEADER + 1 + n, 2) for n, f in enumerate(document.figures)}
        result.fractions |= {result.figures[f.id] for f in document.figures if f.percent}
        result.values |= {(FIGURES, f.id, ""): f.value for f in document.figures}
    return result


def _placed_tables(document: Document) -> list[Placed]:
    """Each table on the sheet the Document names for it, with the names of its Excel tables."""
    locations = table_locations(document)
    names = Names({"contents", "notes", "figures", "checks"}, 255)
    tables = [Placed(t, _sheet(t), names.take(table_name(t.id)), locations.get(t.id, "")) for t in document.tables()]
    for placed in tables:
        if placed.totals:
            placed.totals_name = names.take(f"{placed.name}_totals")
    return tables


def _sheet(table: Table) -> str:
    if not table.sheet:
        raise RenderError(f"the table '{table.id}' has no sheet name: compose() names every table's sheet")
    return table.sheet


def _place_cells(plan: Plan, placed: Placed) -> None:
    """Where each cell of the table is, its value, and which cells hold a symbol or a fraction
    (the intro above the table is final by now)."""
    for row in placed.data + placed.totals:
        for index, column in enumerate(placed.table.columns):
            key, cell = (placed.table.id, row.id, column.id), row.cells[index]
            plan.places[key] = place = (placed.sheet, placed.row_of(row), placed.column_of(index))
            plan.values[key] = cell.value
            blank = cell.formula is None and cell.value is None and not plain(cell.inlines)
            if blank and (row.id, index) not in placed.repeated:
                plan.symbols.add(place)
            if column.percent and column.numeric:
                plan.fractions.add(place)


def _whole(value: Number | None) -> bool:
    """An empty cell (0), or a whole number a double holds exactly."""
    return value is None or (value == int(value) and -(2**53) < value < 2**53) if not isinstance(value, str) else False
