"""XLSX writer, cell styles shared by every sheet: fonts, borders, Excel tables, widths, row heights, printing."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from councilpapers.writers.xlsx.formulas import cell_name, quoted

# openpyxl ships no type information (no stubs, no py.typed): mypy reads its Cell and Worksheet as Any.

FONT = Font(name="Arial", size=11)
TITLE = Font(name="Arial", size=14, bold=True)
BOLD = Font(name="Arial", size=11, bold=True)
LINK = Font(name="Arial", size=11, color="0563C1", underline="single")
TEXT = Alignment(wrap_text=True, vertical="top")
FIGURE = Alignment(horizontal="right", vertical="top")
LINE_HEIGHT, TITLE_HEIGHT = 15, 21  # points, for Arial 11 and 14
HEADER_BORDER = Border(bottom=Side(style="thin"))
TOTAL_BORDER = Border(top=Side(style="thin"))
DIFFERS, DIFFERS_FONT = PatternFill("solid", fgColor="FFC7CE"), Font(name="Arial", size=11, color="9C0006")
AGREES = PatternFill("solid", fgColor="C6EFCE")
STYLE = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)


def preamble(ws: Worksheet, title: str, intro: tuple[str, ...]) -> int:
    """The title in A1 and the lines under it; returns the row where the table starts."""
    put_text(ws.cell(1, 1), title).font = TITLE
    for number, line in enumerate(intro, start=2):
        put_text(ws.cell(number, 1), line).font = FONT
    return 2 + len(intro)


def header_cell(cell: Cell, text: str) -> None:
    put_text(cell, text)
    cell.font, cell.alignment, cell.border = BOLD, Alignment(wrap_text=True, vertical="bottom"), HEADER_BORDER


def mark_table(ws: Worksheet, name: str, header: int, last: int, width: int) -> None:
    ref = f"A{header}:{cell_name(last, width)}"
    ws.add_table(ExcelTable(displayName=name, ref=ref, tableStyleInfo=STYLE))


def set_widths(ws: Worksheet, widths: Iterable[float]) -> None:
    for number, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(number)].width = width


def put_text(cell: Cell, text: str) -> Cell:
    """Text as text: never read as a formula, control characters dropped."""
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text) if text else None
    if cell.value is not None:
        cell.data_type = "s"
    return cell


def simple_table(
    ws: Worksheet, header: int, names: tuple[str, ...], rows: Sequence[tuple[str, ...]], name: str
) -> None:
    for column, text in enumerate(names, start=1):
        header_cell(ws.cell(header, column), text)
    for number, values in enumerate(rows, start=header + 1):
        for column, text in enumerate(values, start=1):
            cell = put_text(ws.cell(number, column), text)
            cell.alignment, cell.font = TEXT, FONT
    mark_table(ws, name, header, header + len(rows), len(names))


def sheet_link(cell: Cell) -> None:
    """The cell's text is a sheet name: make it a link to that sheet's A1."""
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{quoted(cell.value)}!A1", display=cell.value)
    cell.font = LINK


def row_style(cell: Cell, role: str) -> Cell:
    cell.font = FONT
    if role in ("heading", "total"):
        cell.font = BOLD
    if role == "total":
        cell.border = TOTAL_BORDER
    return cell


def shown(value: object) -> str:
    if isinstance(value, str) and value.startswith("="):
        return "(000,000)"  # a computed figure: room for a typical total
    return f"({value:,})" if isinstance(value, (int, float)) else str(value or "")


def finish(ws: Worksheet, last: int, landscape: bool, titles: int | None = None) -> None:
    """Row heights for wrapped text, and printing: A4, one page wide, header row repeated."""
    for number in range(1, last + 1):
        ws.row_dimensions[number].height = _row_height(ws, number)
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if titles:
        ws.print_title_rows = f"{titles}:{titles}"


def _row_height(ws: Worksheet, number: int) -> float:
    """Enough height for the most lines any wrapped cell of the row needs (viewers do not fit rows)."""
    lines = 1
    for cell in ws[number]:
        if cell.value is None or not cell.alignment.wrap_text:
            continue
        width = ws.column_dimensions[cell.column_letter].width or 10
        lines = max(lines, _wrapped_lines(shown(cell.value), width))
    return TITLE_HEIGHT if number == 1 else lines * LINE_HEIGHT


def _wrapped_lines(text: str, width: float) -> int:
    """How many lines the text takes in a column `width` characters wide (a little generous)."""
    per_line = max(int(width * 1.2) - 1, 4)
    return sum(max(len(textwrap.wrap(part, per_line)), 1) for part in text.split("\n"))
