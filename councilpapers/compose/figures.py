"""Composing stage, named figures: the `figures:` of paper.yaml, typed or computed from others.

A computed figure (`formula: part / whole * 100`) uses the same arithmetic as table cells:
names are other named figures or `table.row.column` cells, parsed and never executed. Its units
are arithmetic too (core/units.py): money in £m and £,000 converts to the figure's own unit, and
units that cannot meet (£m + FTE) are a problem.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from councilpapers.core import model as m
from councilpapers.core.errors import Problem
from councilpapers.core.expressions import (
    BinOp,
    CellRef,
    Conversion,
    ExpressionError,
    Name,
    Neg,
    Num,
    Term,
    apply,
    parse_expression,
    substitute,
)
from councilpapers.core.numbers import Number, typed_decimals
from councilpapers.core.units import PLAIN, Unit, UnitError, in_unit, unit_of
from councilpapers.load.messages import did_you_mean
from councilpapers.load.schema.paper import NamedFigure
from councilpapers.load.yamlsource import Path_, Source

CellValue = Callable[[str, str, str], Number | str]  # table, row, column → its figure, or why there is none
CellUnit = Callable[[str, str, str], Unit]  # table, row, column → the unit of its column


@dataclass(frozen=True)
class FigureValue:
    value: Number
    unit: str | None
    decimals: int
    percent: bool


@dataclass(frozen=True)
class NamedValue:
    """A named figure as composed: its value, how the paper prints it plainly, and the figures
    its formula uses (names or table.row.column; none for a typed figure)."""

    name: str
    value: FigureValue
    uses: tuple[str, ...] = ()

    @property
    def typed(self) -> bool:
        return not self.uses


def names_in(formula: str) -> list[str]:
    """The figures a formula uses, as written (a name or table.row.column); none if unreadable."""
    try:
        expression = parse_expression(formula)
    except ExpressionError:
        return []
    found: list[str] = []

    def walk(node: Term) -> None:
        if isinstance(node, Name):
            found.append(".".join(node.parts))
        elif isinstance(node, Neg):
            walk(node.operand)
        elif isinstance(node, BinOp):  # parsed: no cells or sums yet
            walk(node.left)
            walk(node.right)

    walk(expression)
    return found


class NamedFigures:
    """Values of the named figures; each problem is located at the figure in paper.yaml."""

    def __init__(
        self, figures: dict[str, NamedFigure], source: Source, cell_value: CellValue, cell_unit: CellUnit | None = None
    ):
        self.figures, self.source, self.cell_value = figures, source, cell_value
        self.cell_unit = cell_unit or (lambda table, row, column: PLAIN)
        self.problems: list[Problem] = []
        self._values: dict[str, Number | None] = {}
        self.formulas: dict[str, Term] = {}  # each computed figure's formula, in its unit (conversions written in)
        self._stack: list[str] = []
        for name in figures:
            self.value(name)

    def get(self, name: str) -> FigureValue | str:
        """The figure, or why there is none."""
        if name not in self.figures:
            return f"no named figure '{name}' in paper.yaml{did_you_mean(name, sorted(self.figures))}"
        figure, value = self.figures[name], self._values.get(name)
        if value is None:
            return f"the figure '{name}' has no value"
        decimals = figure.decimals if figure.decimals is not None else typed_decimals(figure.value)
        return FigureValue(value, figure.unit, decimals, figure.unit == "%")

    def value(self, name: str) -> Number | None:
        if name in self._values:
            return self._values[name]
        figure, path = self.figures[name], ("figures", name)
        if name in self._stack:
            self._problem(path, "circular reference: " + " → ".join(self._stack[self._stack.index(name) :] + [name]))
            return None
        self._stack.append(name)
        try:
            result = self._declared(figure, path)
        finally:
            self._stack.pop()
        self._values[name] = result
        return result

    def _declared(self, figure: NamedFigure, path: Path_) -> Number | None:
        if (figure.value is None) == (figure.formula is None):
            self._problem(path, "a named figure has a value, a formula or value_from (one of them)")
            return None
        if figure.value is not None:
            return figure.value
        try:
            parsed = parse_expression(figure.formula or "")
        except ExpressionError as exc:
            self._problem(path + ("formula",), str(exc))
            return None
        try:
            expression = in_unit(parsed, unit_of(figure.unit), self._unit)
        except UnitError as exc:
            self._problem(path + ("formula",), f"the formula {exc}")
            return None
        self.formulas[str(path[-1])] = expression  # the path ends with the figure's name
        value = self._eval(expression, path + ("formula",))
        if figure.decimals is None and value is not None and not isinstance(value, int):
            self._problem(path + ("decimals",), "a computed figure needs decimals: how many to print")
        return value

    def _eval(self, node: Term, path: Path_) -> Number | None:
        if isinstance(node, Num):
            return node.value
        if isinstance(node, Neg):
            inner = self._eval(node.operand, path)
            return None if inner is None else -inner
        if isinstance(node, Name):
            return self._name(node, path)
        assert isinstance(node, BinOp), node  # parsed, not resolved: no cells or sums yet
        left, right = self._eval(node.left, path), self._eval(node.right, path)
        if isinstance(node, Conversion) and left is None:
            return None
        if left is None or right is None:
            return None
        try:
            return apply(node.op, left, right)
        except ZeroDivisionError:
            self._problem(path, "division by zero")
            return None

    def _name(self, node: Name, path: Path_) -> Number | None:
        if len(node.parts) == 1:
            name = node.parts[0]
            if name not in self.figures:
                self._problem(path, f"no named figure '{name}'{did_you_mean(name, sorted(self.figures))}")
                return None
            return self.value(name)
        if len(node.parts) == 3:
            found = self.cell_value(*node.parts)
            if isinstance(found, str):
                self._problem(path, found)
                return None
            return found
        self._problem(path, f"'{'.'.join(node.parts)}': write a figure's name or table.row.column")
        return None

    def _unit(self, node: CellRef | Name) -> Unit:
        """The unit of a named figure, or of a table.row.column cell's column (a plain number where
        there is no such figure or cell: a problem of its own)."""
        parts = node.parts if isinstance(node, Name) else (node.table, node.row, node.column)
        if len(parts) == 1:
            figure = self.figures.get(parts[0])
            return unit_of(figure.unit) if figure is not None else PLAIN
        return self.cell_unit(*parts) if len(parts) == 3 else PLAIN

    def _problem(self, path: Path_, message: str) -> None:
        self.problems.append(self.source.problem(path, message))


def named_values(declared: dict[str, NamedFigure], named: NamedFigures) -> tuple[NamedValue, ...]:
    """Every named figure that has a value, with the names its formula uses."""
    out = []
    for name, figure in declared.items():
        found = named.get(name)
        if isinstance(found, FigureValue):
            out.append(NamedValue(name, found, tuple(names_in(figure.formula)) if figure.formula else ()))
    return tuple(out)


def model_figures(declared: dict[str, NamedFigure], named: NamedFigures) -> tuple[m.NamedFigure, ...]:
    """Each named figure with its value and, for a computed one, its formula (cells resolved)."""
    out = []
    for name, figure in declared.items():
        found = named.get(name)
        if isinstance(found, str):
            continue  # its problem is reported by NamedFigures
        formula = None
        if figure.formula is not None and name in named.formulas:
            formula = substitute(named.formulas[name], _cell_or_figure)
        out.append(m.NamedFigure(name, found.value, formula, found.unit, found.decimals, found.percent))
    return tuple(out)


def _cell_or_figure(name: Name) -> CellRef | Name:
    return CellRef(*name.parts) if len(name.parts) == 3 else name
