"""XLSX writer, sheet stage: the workbook with openpyxl, its own sheets and one sheet per table."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.utils import absolute_coordinate
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from councilpapers.core.errors import RenderError
from councilpapers.core.model import Document, Row
from councilpapers.writers.xlsx.checks import checks_sheet, figures_sheet
from councilpapers.writers.xlsx.cover import contents_sheet, cover_sheet, draft_mark, notes_sheet, properties
from councilpapers.writers.xlsx.formulas import cell_name, quoted
from councilpapers.writers.xlsx.package import Figure
from councilpapers.writers.xlsx.placed import CHECKS, CONTENTS, COVER, FIGURES, NOTES, ROLES, Placed
from councilpapers.writers.xlsx.plan import Plan
from councilpapers.writers.xlsx.styling import (
    BOLD,
    FIGURE,
    TEXT,
    finish,
    header_cell,
    mark_table,
    preamble,
    put_text,
    row_style,
    set_widths,
    shown,
)

# openpyxl ships no type information (no stubs, no py.typed): mypy reads its Workbook, Worksheet and Cell as Any.

Cached = dict[str, dict[str, Figure | str]]  # sheet → cell → the value of its formula


def build_workbook(document: Document, plan: Plan) -> tuple[Workbook, Cached]:
    """The workbook: Cover, Contents, Notes, one sheet per table in reading order, then the
    named figures and the checks; with the value of every formula it writes."""
    workbook, cached = Workbook(), {}
    properties(workbook, document)
    cover = workbook.active
    cover.title = COVER
    cover_sheet(cover, document)
    contents_sheet(workbook.create_sheet(CONTENTS), plan)
    notes_sheet(workbook.create_sheet(NOTES), plan)
    for placed in plan.tables:
        cached[placed.sheet] = table_sheet(workbook.create_sheet(placed.sheet), placed, plan)
    if document.figures:
        cached[FIGURES] = figures_sheet(workbook.create_sheet(FIGURES), plan)
    if document.checks:
        cached[CHECKS] = checks_sheet(workbook.create_sheet(CHECKS), plan)
    for name, (sheet, row, column) in plan.defined_names():
        reference = f"{quoted(sheet)}!{absolute_coordinate(cell_name(row, column))}"
        workbook.defined_names[name] = DefinedName(name, attr_text=reference)
    if document.marks:
        draft_mark(workbook, "\n".join(document.marks))
    return workbook, cached


def table_sheet(ws: Worksheet, placed: Placed, plan: Plan) -> dict[str, Figure | str]:
    """The data rows as one Excel table (the group of each heading row a column), then the totals
    as a second table below it; returns the value of each formula cell."""
    if not placed.table.rows:
        raise RenderError(f"the table '{placed.table.id}' has no rows: a spreadsheet table needs at least one")
    header = preamble(ws, placed.title, placed.intro)
    if header != placed.header_row:
        raise RenderError(
            f"the table '{placed.table.id}' was laid out from row {placed.header_row}, written from row {header}"
        )
    cached: dict[str, Figure | str] = {}
    headers = placed.headers()
    for column, text in enumerate(headers, start=1):
        header_cell(ws.cell(header, column), text)
    groups = placed.groups()
    for row in placed.data:
        _body_row(ws, row, placed, plan, groups, cached)
    mark_table(ws, placed.name, header, placed.data_last, placed.width)
    if placed.totals:
        count = len(placed.totals)
        title = f"Totals of the table above, as formulas ({count} row{'s' * (count > 1)})"
        put_text(ws.cell(placed.totals_title_row, 1), title).font = BOLD
        for column, text in enumerate(headers, start=1):
            header_cell(ws.cell(placed.totals_header_row, column), text)
        for row in placed.totals:
            _body_row(ws, row, placed, plan, groups, cached)
        mark_table(ws, placed.totals_name, placed.totals_header_row, placed.last_row, placed.width)
    set_widths(ws, _table_widths(ws, placed))
    finish(ws, placed.last_row, placed.table.landscape or placed.width > 6, header)
    return cached


def _body_row(
    ws: Worksheet, row: Row, placed: Placed, plan: Plan, groups: dict[str, str], cached: dict[str, Figure | str]
) -> None:
    if row.role not in ROLES:
        raise RenderError(f"the workbook has no way to show a table row of role '{row.role}'")
    number = placed.row_of(row)
    if placed.has_groups:
        row_style(put_text(ws.cell(number, 1), groups.get(row.id, "")), row.role).alignment = TEXT
    for index, column in enumerate(placed.table.columns):
        target = ws.cell(number, placed.column_of(index))
        written = plan.written(placed, row, index)
        if written.kind in ("formula", "number"):
            target.value = written.value
            target.number_format = written.number_format
            target.alignment = FIGURE
            if written.kind == "formula" and written.cached is not None:
                cached[target.coordinate] = written.cached
        else:
            put_text(target, str(written.value))
            target.alignment = FIGURE if column.numeric or written.kind == "symbol" else TEXT
        row_style(target, row.role)
        if (fill := row.cells[index].fill) is not None:  # a score's band
            target.fill = PatternFill("solid", fgColor=fill.lstrip("#").upper())
    if placed.has_notes_column:
        notes = " ".join(note.marker for note in placed.row_notes.get(row.id, []))
        row_style(put_text(ws.cell(number, placed.width), notes), row.role).alignment = TEXT


def _table_widths(ws: Worksheet, placed: Placed) -> list[float]:
    """Column widths from the longest text in each column, header words kept whole, capped."""
    widths: list[float] = []
    rows = [placed.row_of(row) for row in placed.data + placed.totals]  # not the totals' title and header
    for column_number, header in enumerate(placed.headers(), start=1):
        body = max((len(shown(ws.cell(number, column_number).value)) for number in rows), default=0)
        words = max((len(word) for word in header.split()), default=0)
        widths.append(min(max(body, words, min(len(header), 24), 8) + 2, 60))
    return widths
