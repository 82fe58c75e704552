"""XLSX writer: the paper's tables as an accessible workbook with live formulas and their values."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from ...model import Document
from .. import register
from .formulas import cell_name
from .package import with_cached_values
from .plan import Plan, plan
from .sheets import build_workbook


@register(
    "xlsx",
    ".xlsx",
    "the tables as an accessible workbook, live formulas with their values",
    applies=lambda document: bool(document.tables()),
)
def write_xlsx(document: Document) -> bytes:
    layout = plan(document)
    buffer = io.BytesIO()
    build_workbook(document, layout).save(buffer)
    stamp = date.fromisoformat(document.date).timetuple()[:6]
    return with_cached_values(buffer.getvalue(), formula_values(layout), stamp)


def formula_values(layout: Plan) -> dict[str, dict[str, float | Decimal | int]]:
    """Sheet name → cell name → the computed value of every formula cell."""
    values: dict[str, dict[str, float | Decimal | int]] = {}
    for placed in layout.tables:
        for number, row in enumerate(placed.table.rows, start=placed.header_row + 1):
            for column, cell in enumerate(row.cells, start=1):
                if cell.formula is not None and cell.value is not None:
                    values.setdefault(placed.sheet, {})[cell_name(number, column)] = cell.value
    return values
