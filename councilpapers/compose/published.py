"""Composing stage, published figures: a table's figures (and the words of its score bands) as
published, compared with the computed ones (tolerance, acceptances with their reasons, and
whether each reason still cites both the published figure and the one the paper prints)."""

from __future__ import annotations

import re
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
    published: Number | str  # a figure, or a band's word
    computed: Number | str | None
    accepted: str | None = None
    within_tolerance: bool = False
    lapsed: str | None = None  # an acceptance whose reason no longer cites both figures
    uncited: tuple[str, ...] = ()  # what a lapsed reason does not cite: the figure now computed, the published

    def __str__(self) -> str:
        reason = f" (accepted: {self.accepted})" if self.accepted else ""
        if self.lapsed:
            reason = f" (no longer accepted: the reason does not cite {' nor '.join(self.uncited)}: {self.lapsed})"
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


def fmt(value: Number | str | None) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return value  # a band's word
    return f"{rounded(value, 6).normalize():,f}"  # half away from zero as everywhere; no trailing zeros


def declare_published(item: Located, path: Path_, row: TableRow, result: RowResult, problems: list[Problem]) -> None:
    """`published: {column: figure}`: the figure as published, for a computed cell only."""
    published = row.get("published")
    if published is None:
        published = {}
    elif not isinstance(published, dict):
        problems.append(item.source.problem(path + ("published",), "published is a mapping of column: figure"))
        published = {}
    bands = {c.id for c in item.table.columns if c.band is not None}
    for column, value in published.items():
        cell = result.cells.get(column)
        where = path + ("published", column)
        if cell is None:
            problems.append(item.source.problem(where, f"no column '{column}' in table {item.table.id}"))
        elif column in bands:
            if isinstance(value, str) and value.strip():
                cell.published = value
            else:
                problems.append(item.source.problem(where, f"expected a band's word, got {_describe(value)}"))
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


def differs(value: Number | str | None, published: Number | str | None, tolerance: Number, decimals: int) -> bool:
    """The published figure is further off the computed one than the table's tolerance, and the
    paper prints it otherwise (at the column's decimals); a band's word is not the computed one."""
    if published is None:
        return False
    if isinstance(published, str):
        return not _rounds_alike(value, published, decimals)
    if value is None:
        return True
    return abs(Decimal(value) - Decimal(published)) > Decimal(tolerance) and not _rounds_alike(
        value, published, decimals
    )


def uncited(cell: CellResult, decimals: int) -> tuple[str, ...]:
    """What an accepted difference's reason does not cite (nothing: the acceptance stands): the
    figure the paper prints, the published one, or both; the sign aside, a band's word as written."""
    if cell.accepted is None or cell.published is None:
        return ()
    computed = shown(cell)
    missing = []
    if not _cited(cell.accepted, computed):
        missing.append(f"{_printed(computed, decimals)}, which the paper now computes")
    if not _cited(cell.accepted, cell.published):
        missing.append(f"the published {_printed(cell.published, decimals)}")
    return tuple(missing)


def shown(cell: CellResult) -> Number | str | None:
    """What the paper prints to compare with the published figure: a band's word, or the figure."""
    return cell.text if isinstance(cell.published, str) else cell.value


def _cited(reason: str, value: Number | str | None) -> bool:
    if isinstance(value, str):
        return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", reason, re.IGNORECASE) is not None
    return cites(reason, value)


def _printed(value: Number | str | None, decimals: int) -> str:
    return fmt(value if value is None or isinstance(value, str) else rounded(value, decimals))


def disagreements(results: dict[str, TableResult], located: dict[str, Located]) -> list[Disagreement]:
    """Every published figure that differs from the computed one: beyond the table's
    tolerance (with its acceptance, if any), or within it."""
    out = []
    for item, index, row, column, cell in _cells(results, located):
        computed = shown(cell)
        if cell.published is None or _rounds_alike(computed, cell.published, column.decimals):
            continue  # printed as published
        line, _ = item.source.locate(item.path + ("rows", index, "published", column.id))
        missing = uncited(cell, column.decimals)
        out.append(
            Disagreement(
                display_path(item.source.file),
                line,
                item.table.id,
                row.id,
                column.id,
                cell.published,
                computed,
                None if missing else cell.accepted,
                not cell.differs,
                cell.accepted if missing else None,
                missing,
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


def _rounds_alike(value: Number | str | None, published: Number | str, decimals: int) -> bool:
    """The computed figure prints as the published one, in the column's decimals (a band's word
    as the published word, case aside)."""
    if isinstance(published, str):
        return isinstance(value, str) and value.casefold() == published.casefold()
    return isinstance(value, NUMBER) and rounded(value, decimals) == rounded(published, decimals)
