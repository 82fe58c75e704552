"""The stable name of every figure a paper types, shared by the workbook writer (which gives
each input cell that name as an Excel defined name) and the importer (which reads figures
back from a workbook by those names): the round trip between the paper and finance.

A table cell is `table.row.column` (the ids of the paper, as its text references them:
`{budget_summary.total.net_1718}`); a named figure of `figures:` is `figure.name`.
Ids match ^[a-z][a-z0-9_]*$, so every name is a valid Excel and LibreOffice defined name.
"""

from __future__ import annotations

import re

FIGURE = "figure"
_ID = r"[a-z][a-z0-9_]*"
_CELL = re.compile(rf"^({_ID})\.({_ID})\.({_ID})$")
_FIGURE = re.compile(rf"^{FIGURE}\.({_ID})$")


def cell_name(table: str, row: str, column: str) -> str:
    return f"{table}.{row}.{column}"


def figure_name(name: str) -> str:
    return f"{FIGURE}.{name}"


def parse_name(name: str) -> tuple[str, ...] | None:
    """(table, row, column) for a cell's name, (name,) for a named figure's, None for any other
    (Excel compares names without case; ids are lower case, so the name is read lower-cased)."""
    lowered = name.lower()
    if match := _FIGURE.match(lowered):
        return (match.group(1),)
    if match := _CELL.match(lowered):
        return match.groups()
    return None
