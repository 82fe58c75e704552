"""Composing stage, tables: every table's rows and cells declared from what the author typed.

Every total, sub-total, difference, product and running figure is declared here, computed
once (evaluate.py), and the published figures are compared with the computed ones
(published.py). Writers receive values and formulas and compute nothing. A column's formula
applies on its total rows too (a ratio recomputed, not summed), unless the column is `summed`;
every formula is in its cell's unit (core/units.py); words on a scale are scored (scoring.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from councilpapers.compose.evaluate import Declared, Definition, Evaluator
from councilpapers.compose.published import declare_published, differs, shown
from councilpapers.compose.results import NUMBER, CellResult, RowResult, TableResult
from councilpapers.compose.scoring import Scales
from councilpapers.compose.totals import applies_formula, check_summed, summed_percentage
from councilpapers.core.digits import other_digit
from councilpapers.core.errors import Problem
from councilpapers.core.expressions import (
    CellRef,
    Expr,
    ExpressionError,
    Formula,
    Name,
    SumOf,
    parse_expression,
    substitute,
)
from councilpapers.core.inline import Verbatim
from councilpapers.core.units import PLAIN, Unit, UnitError, in_unit, unit_of
from councilpapers.load.located import Located
from councilpapers.load.messages import describe as _describe
from councilpapers.load.messages import did_you_mean, read_as
from councilpapers.load.schema.tables import Column, TableRow
from councilpapers.load.yamlsource import Path_

ROW_FIELDS = {"id", "heading", "sum", "formula", "published", "accepted", "style", "rows_from"}
Rule = Callable[[CellRef], Formula | None]  # a total row's declaration of the cell in each column


def _row_id(index: int, row: TableRow) -> str:
    """A row's id, or row1, row2 … by its position where it has none (or one that is not valid)."""
    written = row.get("id")
    if isinstance(written, str) and re.fullmatch("[a-z][a-z0-9_]*", written):  # as the schema's Id
        return written
    return f"row{index + 1}"


def _row_kind(row: TableRow) -> str:
    """A row is a heading, a total (sum or formula) or data."""
    if row.get("heading") is True:
        return "heading"
    if "sum" in row or "formula" in row:
        return "total"
    return "data"


class TableEngine:
    """Declares and evaluates every table of one paper; published.py checks their published figures."""

    def __init__(self, located: list[Located]):
        self.located: dict[str, Located] = {}
        self.unreadable: set[CellRef] = set()  # cells whose figure could not be read (each a problem)
        self.problems: list[Problem] = []
        self.defs: dict[CellRef, Definition] = {}
        self.results: dict[str, TableResult] = {}
        self.scales: dict[str, Scales] = {}
        for item in located:
            if item.table.id in self.located:
                self.problems.append(
                    item.source.problem(item.path + ("id",), f"a table with id '{item.table.id}' already exists")
                )
                continue
            self.located[item.table.id] = item

    # ---- declaring ----------------------------------------------------------------------

    def run(self) -> dict[str, TableResult]:
        for item in self.located.values():
            self._declare(item)
        evaluator = Evaluator(self.defs, self.problems)
        for item in self.located.values():
            self._evaluate(item, evaluator)
        self.problems = list(dict.fromkeys(self.problems))  # a formula several cells share: reported once
        return self.results

    def _declare(self, item: Located) -> None:
        table = item.table
        self._check_unique(list(enumerate(c.id for c in table.columns)), item, "columns", "column")
        self.scales[table.id] = Scales(item, self.problems)
        for index, column in enumerate(table.columns):
            if column.id in ROW_FIELDS:
                self.problems.append(
                    item.source.problem(
                        item.path + ("columns", index, "id"),
                        f"'{column.id}' names a row field ({', '.join(sorted(ROW_FIELDS))}): choose another column id",
                    )
                )
            check_summed(item, index, column, self.problems)
        row_ids = [(i, row["id"]) for i, row in enumerate(table.rows) if isinstance(row.get("id"), str)]
        self._check_unique(row_ids, item, "rows", "row")
        rows: list[RowResult] = []
        since: list[str] = []
        for index, row in enumerate(table.rows):
            result = self._declare_row(item, index, row, since)
            rows.append(result)
            if result.kind == "total":
                since = []
            elif result.kind == "data":
                since.append(result.id)
        self.results[table.id] = TableResult(table, rows)

    def _check_unique(self, ids: list[tuple[int, str]], item: Located, field_: str, what: str) -> None:
        """(position, id) pairs: a second use names the line of the first."""
        seen: dict[str, int] = {}
        for index, value in ids:
            if value in seen:
                first, _ = item.source.locate(item.path + (field_, seen[value], "id"))
                self.problems.append(
                    item.source.problem(
                        item.path + (field_, index, "id"), f"{what} id '{value}' is used twice (first on line {first})"
                    )
                )
            seen.setdefault(value, index)

    def _declare_row(self, item: Located, index: int, row: TableRow, since: list[str]) -> RowResult:
        path = item.path + ("rows", index)
        columns = {c.id: c for c in item.table.columns}
        for key in row:
            if key not in columns and key not in ROW_FIELDS:
                hint = did_you_mean(str(key), list(columns) + sorted(ROW_FIELDS))
                self.problems.append(
                    item.source.problem(path + (key,), f"unknown column '{key}' in table {item.table.id}{hint}")
                )
        row_id = _row_id(index, row)
        if row.get("id", row_id) != row_id:
            self.problems.append(
                item.source.problem(
                    path + ("id",), f"'{row['id']}' is not a valid id: use lowercase letters, digits and _"
                )
            )
        kind = _row_kind(row)
        if "sum" in row and "formula" in row:
            self.problems.append(item.source.problem(path + ("formula",), "a row has either sum or formula, not both"))
        style = row.get("style", "normal")
        if style not in ("normal", "total"):
            self.problems.append(
                item.source.problem(path + ("style",), f"style is 'total' or 'normal', got {_describe(style)}")
            )
        result = RowResult(row_id, kind, bold=kind == "total" or style == "total")
        rule = self._row_rule(item, path, row, since) if kind == "total" else None
        for column in item.table.columns:
            ref = CellRef(item.table.id, row_id, column.id)
            result.cells[column.id] = self._declare_cell(item, path, row, column, ref, kind, rule)
        declare_published(item, path, row, result, self.problems)
        return result

    def _row_rule(self, item: Located, path: Path_, row: TableRow, since: list[str]) -> Rule:
        """A function column → declaration for a total row."""
        table_id = item.table.id
        if "sum" in row:
            spec = row["sum"]
            if spec == "above":
                names = list(since)
                if not names:
                    self.problems.append(
                        item.source.problem(
                            path + ("sum",),
                            "sum: above has no data rows above it "
                            "(since the table's start or its last total) to add up",
                        )
                    )
            elif spec == "all":
                names = [
                    _row_id(i, r) for i, r in enumerate(item.table.rows) if r is not row and _row_kind(r) == "data"
                ]
            elif isinstance(spec, list) and all(isinstance(n, str) for n in spec):
                names = spec
                self._check_rows(item, path + ("sum",), names)
            else:
                self.problems.append(
                    item.source.problem(path + ("sum",), f"sum is 'above', 'all' or a list of row ids, got {spec!r}")
                )
                names = []
            return lambda ref: SumOf(tuple(CellRef(table_id, n, ref.column) for n in names))
        expr = self._parse(item, path + ("formula",), row["formula"])
        return lambda ref: self._resolve(expr, item, path + ("formula",), ref, names_rows=True)

    def _check_rows(self, item: Located, path: Path_, names: list[str]) -> None:
        known = {r.get("id") for r in item.table.rows}
        for name in names:
            if name not in known:
                self.problems.append(
                    item.source.problem(
                        path,
                        f"no row '{name}' in table {item.table.id}{did_you_mean(name, sorted(k for k in known if k))}",
                    )
                )

    def _declare_cell(
        self, item: Located, path: Path_, row: TableRow, column: Column, ref: CellRef, kind: str, rule: Rule | None
    ) -> CellResult:
        if kind == "heading" or column.type == "text":
            return self._text_cell(item, path, row, column)
        cell_path = path + (column.id,)
        if column.band is not None or column.scale is not None:
            return self.scales[item.table.id].cell(cell_path, row, column, ref, self.defs)
        declared: Declared = None
        if column.id in row:
            declared = self._declared_value(item, cell_path, row[column.id], ref)
        elif applies_formula(column, total=rule is not None):  # a ratio on a total row is recomputed
            where = item.path + ("columns", item.table.columns.index(column), "formula")
            declared = self._resolve(self._parse(item, where, column.formula), item, where, ref)
        elif rule is not None:
            declared = rule(ref)
            if isinstance(declared, SumOf) and summed_percentage(item, path, column, self.problems):
                declared = None
        self.defs[ref] = (declared, item.source, cell_path)
        if isinstance(declared, dict):
            return CellResult(text=declared["text"])
        return CellResult(formula=None if isinstance(declared, NUMBER) or declared is None else declared)

    def _text_cell(self, item: Located, path: Path_, row: TableRow, column: Column) -> CellResult:
        value = row.get(column.id)
        if value is None:
            return CellResult()
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
            where = path + (column.id,)
            written = item.source.raw.get(where)
            message = read_as(written, value) if written is not None else f"expected text, got {_describe(value)}"
            self.problems.append(item.source.problem(where, message))
            return CellResult()
        return CellResult(text=str(value), verbatim=isinstance(value, Verbatim))

    def _declared_value(self, item: Located, path: Path_, value: Any, ref: CellRef) -> Declared:
        if isinstance(value, bool):
            self.problems.append(item.source.problem(path, f"expected a number, got {_describe(value)}"))
            self.unreadable.add(ref)
            return None
        if isinstance(value, NUMBER) or value is None:
            return value
        if isinstance(value, str) and value.strip().startswith("="):
            return self._resolve(self._parse(item, path, value.strip()[1:]), item, path, ref)
        if isinstance(value, dict) and set(value) == {"text"} and isinstance(value["text"], str):
            return value
        hint = " (write it without commas)" if isinstance(value, str) and "," in value else ""
        if isinstance(value, str) and (other := other_digit(value)) is not None:
            hint = f" ({other})"  # full-width or Arabic-Indic digits: refused, the character named
        self.problems.append(item.source.problem(path, f"expected a number, got {_describe(value)}{hint}"))
        self.unreadable.add(ref)
        return None

    # ---- names and expressions -----------------------------------------------------------

    def _parse(self, item: Located, path: Path_, text: Any) -> Expr | None:
        if not isinstance(text, str):
            self.problems.append(item.source.problem(path, f"expected an expression, got {_describe(text)}"))
            return None
        try:
            return parse_expression(text)
        except ExpressionError as exc:
            self.problems.append(item.source.problem(path, str(exc)))
            return None

    def _resolve(
        self, expr: Expr | None, item: Located, path: Path_, at: CellRef, names_rows: bool = False
    ) -> Formula | None:
        """Names → references, for the cell `at`: a name of 1 part is a row (in a total row's
        formula) or a column (elsewhere) of that cell's table; 2 parts are row.column of it.
        A column's or a cell's formula gives its figure in the unit of `at`'s column, money
        converted (£m to £,000); units that do not fit are a problem. An expression that could
        not be read resolves to nothing."""
        if expr is None:
            return None

        def cell(name: Name) -> CellRef:
            parts = name.parts
            if len(parts) == 1:
                ref = CellRef(at.table, parts[0], at.column) if names_rows else CellRef(at.table, at.row, parts[0])
            elif len(parts) == 2:
                ref = CellRef(at.table, parts[0], parts[1])
            else:
                ref = CellRef(*parts)
            self._check_ref(ref, item, path)
            return ref

        resolved: Formula = substitute(expr, cell)  # type: ignore[assignment]  # every Name is now a CellRef
        if names_rows:
            return resolved  # a row's formula (`a / total`) works down its own column: one unit, nothing to convert
        try:
            return in_unit(resolved, self._unit(at), self._unit)  # type: ignore[return-value]  # cells stay cells
        except UnitError as exc:
            self.problems.append(item.source.problem(path, f"the formula {exc}"))
            return None

    def _unit(self, ref: CellRef | Name) -> Unit:
        """The unit of a cell's column (a plain number where there is no such cell: a problem of its own)."""
        target = self.located.get(ref.table) if isinstance(ref, CellRef) else None
        if target is None or not isinstance(ref, CellRef):
            return PLAIN
        column = next((c for c in target.table.columns if c.id == ref.column), None)
        return unit_of(column.unit, column.percent) if column is not None else PLAIN

    def _check_ref(self, ref: CellRef, item: Located, path: Path_) -> None:
        target = self.located.get(ref.table)
        if target is None:
            self.problems.append(
                item.source.problem(path, f"no table '{ref.table}'{did_you_mean(ref.table, sorted(self.located))}")
            )
            return
        rows = [str(r["id"]) for r in target.table.rows if r.get("id")]
        columns = [c.id for c in target.table.columns if c.type == "number" and c.band is None]
        if ref.row not in rows:
            self.problems.append(
                item.source.problem(path, f"no row '{ref.row}' in table {ref.table}{did_you_mean(ref.row, rows)}")
            )
        elif ref.column not in columns:
            self.problems.append(
                item.source.problem(
                    path, f"no number column '{ref.column}' in table {ref.table}{did_you_mean(ref.column, columns)}"
                )
            )

    # ---- evaluating ----------------------------------------------------------------------

    def _evaluate(self, item: Located, evaluator: Evaluator) -> None:
        table, scales = item.table, self.scales[item.table.id]
        for index, row in enumerate(self.results[table.id].rows):
            for column in table.columns:
                cell = row.cells[column.id]
                cell.value = evaluator.value(CellRef(table.id, row.id, column.id))
                if column.band is not None:
                    score = evaluator.value(CellRef(table.id, row.id, column.band))
                    band = scales.band(score, item.path + ("rows", index, column.id))
                    cell.text, cell.fill = (band.word, band.fill) if band else (None, None)
                cell.differs = differs(shown(cell), cell.published, table.tolerance, column.decimals)
