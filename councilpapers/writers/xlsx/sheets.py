"""XLSX writer, sheet stage: the cover, contents, notes and table sheets with openpyxl."""

from __future__ import annotations

import textwrap
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ...errors import RenderError
from ...model import Document, FieldLines, Link, Paragraph, Row, plain
from .formulas import cell_name, number_format, quoted
from .plan import CONTENTS, COVER, NOTES, ROLES, Placed, Plan

FONT = Font(name="Arial", size=11)
TITLE = Font(name="Arial", size=14, bold=True)
BOLD = Font(name="Arial", size=11, bold=True)
LINK = Font(name="Arial", size=11, color="0563C1", underline="single")
TEXT = Alignment(wrap_text=True, vertical="top")
FIGURE = Alignment(horizontal="right", vertical="top")
LINE_HEIGHT, TITLE_HEIGHT = 15, 21  # points, for Arial 11 and 14
HEADER_BORDER = Border(bottom=Side(style="thin"))
TOTAL_BORDER = Border(top=Side(style="thin"))
STYLE = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)


def build_workbook(document: Document, plan: Plan) -> Workbook:
    """The workbook: Cover, Contents, Notes, then one sheet per table in reading order."""
    workbook = Workbook()
    _properties(workbook, document)
    cover = workbook.active
    cover.title = COVER
    cover_sheet(cover, document)
    contents_sheet(workbook.create_sheet(CONTENTS), plan)
    notes_sheet(workbook.create_sheet(NOTES), plan)
    for placed in plan.tables:
        table_sheet(workbook.create_sheet(placed.sheet), placed, plan)
    if document.draft:
        draft_mark(workbook, document.draft)
    return workbook


def draft_mark(workbook: Workbook, mark: str) -> None:
    """A draft's mark on every printed page of every sheet."""
    for ws in workbook.worksheets:
        for header in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
            header.left.text, header.left.font = mark, "-,Bold"


def _properties(workbook: Workbook, document: Document) -> None:
    props = workbook.properties
    props.title, props.language, props.creator = document.title, document.language, document.author
    props.subject = f"{document.report_type}: tables and figures, with their formulas"
    props.keywords = f"{document.council}; {document.report_type}; tables"
    props.created = props.modified = datetime.fromisoformat(document.date)


# ---- cover, contents, notes --------------------------------------------------------------


def cover_sheet(ws: Worksheet, document: Document) -> None:
    lines: list[tuple[str, str | None]] = [
        (document.title, "title"),
        *([(document.draft, "heading")] if document.draft else []),
        ("The tables of the paper, one per sheet, with every total as a live formula.", None),
        ("Source paper", "heading"),
        (f"{document.report_type}: {document.title}", None),
        (document.council, None),
        *_front_lines(document),
        ("About this workbook", "heading"),
        ("The Contents sheet links to every table; notes marked [note n] are on the Notes sheet.", None),
    ]
    for number, (text, kind) in enumerate(lines, start=1):
        _cover_line(ws.cell(number, 1), text, kind)
    _widths(ws, (100,))
    _finish(ws, len(lines), landscape=False)


def _front_lines(document: Document) -> list[tuple[str, str | None]]:
    """The front sheet's one-line fields ("Report to: …") and its contacts, in the style's words."""
    lines: list[tuple[str, str | None]] = []
    for field in document.front.fields:
        if field.display == "line":
            lines.extend((f"{field.label} {plain(b.inlines)}", None) for b in field.blocks if isinstance(b, Paragraph))
        elif field.key == "contact_officers":
            lines.append((field.label, "heading"))
            lines.extend(_contact_lines(field.blocks))
    return lines


def _contact_lines(blocks) -> list[tuple[str, str | None]]:
    """Each labelled line of each contact on a line of its own; an address as a mailto link."""
    lines: list[tuple[str, str | None]] = []
    for block in blocks:
        pairs = block.lines if isinstance(block, FieldLines) else (("", block.inlines),)
        for label, value in pairs:
            link = next((piece for piece in value if isinstance(piece, Link)), None)
            text = f"{label} {plain(value)}".strip()
            lines.append((text, f"link:{link.target}" if link else None))
    return lines


def _cover_line(cell, text: str, kind: str | None) -> None:
    _text(cell, text)
    cell.alignment, cell.font = TEXT, FONT
    if kind == "title":
        cell.font = TITLE
    elif kind == "heading":
        cell.font = BOLD
    elif kind and kind.startswith("link:"):
        cell.hyperlink, cell.font = kind[5:], LINK


def contents_sheet(ws: Worksheet, plan: Plan) -> None:
    intro = ("This worksheet contains one table. Select a sheet name to go to that sheet.",)
    rows = [(p.sheet, p.title, p.location) for p in plan.tables]
    rows.append((NOTES, "Notes used in this workbook", "This workbook"))
    header = _preamble(ws, "Contents", intro)
    _simple_table(ws, header, ("Sheet name", "Table title", "Where it is in the paper"), rows, "contents")
    for number in range(header + 1, header + 1 + len(rows)):
        _link(ws.cell(number, 1))
    _widths(ws, (24, 70, 50))
    _finish(ws, header + len(rows), landscape=True, titles=header)


def notes_sheet(ws: Worksheet, plan: Plan) -> None:
    intro = ("This worksheet contains one table. Table titles and Notes columns refer to these notes as [note n].",)
    rows = [(n.marker, n.text, n.sheet) for n in plan.notes] or [("", "This workbook has no notes.", "")]
    header = _preamble(ws, "Notes", intro)
    _simple_table(ws, header, ("Note number", "Note text", "Sheet"), rows, "notes")
    for number in range(header + 1, header + 1 + len(plan.notes)):
        _link(ws.cell(number, 3))
    _widths(ws, (14, 90, 24))
    _finish(ws, header + len(rows), landscape=True, titles=header)


def _simple_table(ws: Worksheet, header: int, names: tuple[str, ...], rows: list[tuple], name: str) -> None:
    for column, text in enumerate(names, start=1):
        _header_cell(ws.cell(header, column), text)
    for number, values in enumerate(rows, start=header + 1):
        for column, text in enumerate(values, start=1):
            cell = _text(ws.cell(number, column), text)
            cell.alignment, cell.font = TEXT, FONT
    _mark_table(ws, name, header, header + len(rows), len(names))


def _link(cell) -> None:
    """The cell's text is a sheet name: make it a link to that sheet's A1."""
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{quoted(cell.value)}!A1", display=cell.value)
    cell.font = LINK


# ---- table sheets ------------------------------------------------------------------------


def table_sheet(ws: Worksheet, placed: Placed, plan: Plan) -> None:
    if not placed.table.rows:
        raise RenderError(f"the table '{placed.table.id}' has no rows: a spreadsheet table needs at least one")
    header = _preamble(ws, placed.title, placed.intro)
    if header != placed.header_row:
        raise RenderError(
            f"the table '{placed.table.id}' was laid out from row {placed.header_row}, written from row {header}"
        )
    for column, text in enumerate(placed.headers(), start=1):
        _header_cell(ws.cell(header, column), text)
    zero = placed.table.zero
    for number, row in enumerate(placed.table.rows, start=header + 1):
        _body_row(ws, number, row, placed, plan, zero)
    _mark_table(ws, placed.name, header, placed.last_row, placed.width)
    _widths(ws, _table_widths(ws, placed))
    _finish(ws, placed.last_row, placed.table.landscape or placed.width > 6, header)


def _body_row(ws: Worksheet, number: int, row: Row, placed: Placed, plan: Plan, zero: str | None) -> None:
    if row.role not in ROLES:
        raise RenderError(f"the workbook has no way to show a table row of role '{row.role}'")
    for column_number, (column, cell) in enumerate(zip(placed.table.columns, row.cells), start=1):
        target = ws.cell(number, column_number)
        if cell.formula is not None:
            target.value = plan.formula(cell, placed.sheet)
        elif cell.value is not None:
            target.value = cell.value
        else:
            _text(target, plain(cell.inlines))
        target.number_format = number_format(column, zero) if column.numeric else "General"
        target.alignment = FIGURE if column.numeric else TEXT
        _row_style(target, row.role)
    if placed.has_notes_column:
        notes = " ".join(note.marker for note in placed.row_notes.get(row.id, []))
        _row_style(_text(ws.cell(number, placed.width), notes), row.role).alignment = TEXT


def _row_style(cell, role: str):
    cell.font = FONT
    if role in ("heading", "total"):
        cell.font = BOLD
    if role == "total":
        cell.border = TOTAL_BORDER
    return cell


def _table_widths(ws: Worksheet, placed: Placed) -> list[float]:
    """Column widths from the longest text in each column, header words kept whole, capped."""
    widths: list[float] = []
    for column_number, header in enumerate(placed.headers(), start=1):
        cells = ws.iter_rows(
            min_row=placed.header_row + 1,
            max_row=placed.last_row,
            min_col=column_number,
            max_col=column_number,
            values_only=True,
        )
        body = max((len(_shown(value)) for (value,) in cells), default=0)
        words = max((len(word) for word in header.split()), default=0)
        widths.append(min(max(body, words, min(len(header), 24), 8) + 2, 60))
    return widths


def _shown(value) -> str:
    if isinstance(value, str) and value.startswith("="):
        return "(000,000)"  # a computed figure: room for a typical total
    return f"({value:,})" if isinstance(value, (int, float)) else str(value or "")


def _finish(ws: Worksheet, last: int, landscape: bool, titles: int | None = None) -> None:
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
        lines = max(lines, _wrapped_lines(_shown(cell.value), width))
    return TITLE_HEIGHT if number == 1 else lines * LINE_HEIGHT


def _wrapped_lines(text: str, width: float) -> int:
    """How many lines the text takes in a column `width` characters wide (a little generous)."""
    per_line = max(int(width * 1.2) - 1, 4)
    return sum(max(len(textwrap.wrap(part, per_line)), 1) for part in text.split("\n"))


# ---- shared pieces -----------------------------------------------------------------------


def _preamble(ws: Worksheet, title: str, intro: tuple[str, ...]) -> int:
    """The title in A1 and the lines under it; returns the row where the table starts."""
    _text(ws.cell(1, 1), title).font = TITLE
    for number, line in enumerate(intro, start=2):
        _text(ws.cell(number, 1), line).font = FONT
    return 2 + len(intro)


def _header_cell(cell, text: str) -> None:
    _text(cell, text)
    cell.font, cell.alignment, cell.border = BOLD, Alignment(wrap_text=True, vertical="bottom"), HEADER_BORDER


def _mark_table(ws: Worksheet, name: str, header: int, last: int, width: int) -> None:
    ref = f"A{header}:{cell_name(last, width)}"
    ws.add_table(ExcelTable(displayName=name, ref=ref, tableStyleInfo=STYLE))


def _widths(ws: Worksheet, widths) -> None:
    for number, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(number)].width = width


def _text(cell, text: str):
    """Text as text: never read as a formula, control characters dropped."""
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text) if text else None
    if cell.value is not None:
        cell.data_type = "s"
    return cell
