"""Composing stage, published figures: a table's figures as published, compared with the computed
ones (tolerance, acceptances with their reasons, and whether each reason still cites the figure)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from councilpapers.compose.results import NUMBER, CellResult, RowResult, TableResult
from councilpapers.core.errors import Problem, display_path
from councilpapers.core.numbers import Number, cites, rounded
from councilpapers.load.located import Located
from councilpapers.load.messages import describe as _describe
from councilpapers.load.schema.tables import Column, TableRow
from councilpapers.load.yamlsource import Path_


@dataclass(frozen=True)
class Disagreement:
    """A published figure that the computed figure does not match: beyond the table's
    tolerance (accepted, with a reason, or not), or within it (information)."""

    file: str
    line: int
    table: str
    row: str
    column: str
    published: Number
    computed: Number | None
    accepted: str | None = None
    within_tolerance: bool = False
    lapsed: str | None = None  # an acceptance whose reason does not cite the computed figure now

    def __str__(self) -> str:
        reason = f" (accepted: {self.accepted})" if self.accepted else ""
        if self.lapsed:
            now = fmt(self.computed)
            reason = (
                f" (no longer accepted: the reason does not cite {now}, which the paper now computes: {self.lapsed})"
            )
        return (
            f"{self.file}:{self.line}: table {self.table}, row {self.row}, column {self.column}: "
            f"published {fmt(self.published)}, computed {fmt(self.computed)}{reason}"
        )

    def as_data(self) -> dict[str, str | int | bool | None]:
        return {
            "file": self.file,
            "line": self.line,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "published": fmt(self.published),
            "computed": fmt(self.computed),
            "accepted": self.accepted,
            "within_tolerance": self.within_tolerance,
            "lapsed": self.lapsed,
        }


def fmt(value: Number | None) -> str:
    if value is None:
        return "nothing"
    return f"{rounded(value, 6).normalize():,f}"  # half away from zero as everywhere; no trailing zeros


def declare_published(item: Located, path: Path_, row: TableRow, result: RowResult, problems: list[Problem]) -> None:
    """`published: {column: figure}`: the figure as published, for a computed cell only."""
    published = row.get("published")
    if published is None:
        published = {}
    elif not isinstance(published, dict):
        problems.append(item.source.problem(path + ("published",), "published is a mapping of column: figure"))
        published = {}
    for column, value in published.items():
        cell = result.cells.get(column)
        where = path + ("published", column)
        if cell is None:
            problems.append(item.source.problem(where, f"no column '{column}' in table {item.table.id}"))
        elif isinstance(value, bool) or not isinstance(value, NUMBER):
            problems.append(item.source.problem(where, f"expected a number, got {_describe(value)}"))
        elif cell.formula is None:
            problems.append(item.source.problem(where, "published is for computed figures; this figure is typed"))
        else:
            cell.published = value
    _declare_accepted(item, path, row, result, published, problems)


def _declare_accepted(
    item: Located, path: Path_, row: TableRow, result: RowResult, published: dict[str, Any], problems: list[Problem]
) -> None:
    """`accepted: {column: reason}`: the paper prints the computed figure, and says why."""
    accepted = row.get("accepted")
    if accepted is None:
        return
    if not isinstance(accepted, dict):
        problems.append(item.source.problem(path + ("accepted",), "accepted is a mapping of column: reason"))
        return
    for column, reason in accepted.items():
        where = path + ("accepted", column)
        if column not in published:
            problems.append(item.source.problem(where, f"nothing to accept: no published figure for '{column}'"))
        elif not isinstance(reason, str) or len(reason.strip()) < 10:
            problems.append(
                item.source.problem(where, "say why the published figure is not printed (a sentence that cites it)")
            )
        elif column in result.cells:  # a published figure for no column is a problem of its own
            result.cells[column].accepted = " ".join(reason.split())


def differs(value: Number | None, published: Number | None, tolerance: Number) -> bool:
    """The published figure is further off the computed one than the table's tolerance."""
    return published is not None and (value is None or abs(Decimal(value) - Decimal(published)) > Decimal(tolerance))


def disagreements(results: dict[str, TableResult], located: dict[str, Located]) -> list[Disagreement]:
    """Every published figure that differs from the computed one: beyond the table's
    tolerance (with its acceptance, if any), or within it."""
    out = []
    for item, index, row, column, cell in _cells(results, located):
        if cell.published is None or _rounds_alike(cell.value, cell.published, column.decimals):
            continue  # printed as published
        line, _ = item.source.locate(item.path + ("rows", index, "published", column.id))
        holds = cell.accepted is None or cites(cell.accepted, cell.value)
        out.append(
            Disagreement(
                display_path(item.source.file),
                line,
                item.table.id,
                row.id,
                column.id,
                cell.published,
                cell.value,
                cell.accepted if holds else None,
                not cell.differs,
                None if holds else cell.accepted,
            )
        )
    return out


def _cells(
    results: dict[str, TableResult], located: dict[str, Located]
) -> Iterator[tuple[Located, int, RowResult, Column, CellResult]]:
    """Every cell of every table in reading order, with its table as written and its row's position."""
    for table_id, result in results.items():
        for index, row in enumerate(result.rows):
            for column in result.table.columns:
                yield located[table_id], index, row, column, row.cells[column.id]


def _rounds_alike(value: Number | None, published: Number, decimals: int) -> bool:
    """The computed figure prints as the published one, in the column's decimals."""
    return value is not None and rounded(value, decimals) == rounded(published, decimals)
