"""XLSX writer, sheet stage: the cover, contents, notes and table sheets with openpyxl."""

from __future__ import annotations

import textwrap
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import absolute_coordinate, get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from councilpapers.core.errors import RenderError
from councilpapers.core.model import Document, FieldLines, Link, Paragraph, Row, plain
from councilpapers.writers.xlsx.formulas import cell_name, figure_format, quoted
from councilpapers.writers.xlsx.package import Figure
from councilpapers.writers.xlsx.plan import (
    CHECKS,
    CONTENTS,
    COVER,
    FIGURES,
    FIGURES_HEADER,
    NOT_APPLICABLE,
    NOTES,
    ROLES,
    SYMBOLS,
    Placed,
    Plan,
    fraction,
    header_text,
    unit_words,
)

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


Cached = dict[str, dict[str, Figure | str]]  # sheet → cell → the value of its formula


def build_workbook(document: Document, plan: Plan) -> tuple[Workbook, Cached]:
    """The workbook: Cover, Contents, Notes, one sheet per table in reading order, then the
    named figures and the checks; with the value of every formula it writes."""
    workbook, cached = Workbook(), {}
    _properties(workbook, document)
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
    if document.draft:
        draft_mark(workbook, document.draft)
    return workbook, cached


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
    tables = bool(document.tables())
    what = "The tables of the paper, one per sheet, with every total as a live formula."
    if not tables:
        what = "The named figures of the paper, each typed figure with its defined name."
    lines: list[tuple[str, str | None]] = [
        (document.title, "title"),
        *([(document.draft, "heading")] if document.draft else []),
        (what, None),
        ("Source paper", "heading"),
        (f"{document.report_type}: {document.title}", None),
        (document.council, None),
        *_front_lines(document),
        ("About this workbook", "heading"),
        ("The Contents sheet links to every sheet; notes marked [note n] are on the Notes sheet.", None),
    ]
    if tables:
        lines += [
            ("Each table's rows can be filtered; its totals are formulas in a table below it.", None),
            (
                "Sort a copy of this workbook, not the one you return: a sort moves figures, while the formulas "
                "of other sheets and the names below stay with their cells.",
                None,
            ),
            (
                "Every figure typed in a number column has a defined name (table.row.column); the paper reads "
                "those cells back. Totals, figures linked from other sheets and text columns are not read back.",
                None,
            ),
        ]
    if document.figures:
        lines.append(("The Figures sheet holds the named figures; each typed one is named figure.name.", None))
    if document.checks:
        lines.append(("Checks: figures the paper says must agree, with a status that follows any edit.", None))
    if tables:
        lines.append(("Symbols used in place of a figure", "heading"))
        lines.extend((f"{symbol} means {meaning}", None) for symbol, meaning in SYMBOLS)
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
    if plan.document.figures:
        rows.append((FIGURES, "Named figures of the paper, typed or computed", "paper.yaml, figures"))
    if plan.document.checks:
        rows.append((CHECKS, "Figures in different tables that must agree", "paper.yaml, reconcile"))
    header = _preamble(ws, "Contents", intro)
    _simple_table(ws, header, ("Sheet name", "Table title", "Where it is in the paper"), rows, "contents")
    for number in range(header + 1, header + 1 + len(rows)):
        _link(ws.cell(number, 1))
    _widths(ws, (32, 70, 50))
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


def table_sheet(ws: Worksheet, placed: Placed, plan: Plan) -> dict[str, Figure | str]:
    """The data rows as one Excel table (the group of each heading row a column), then the totals
    as a second table below it; returns the value of each formula cell."""
    if not placed.table.rows:
        raise RenderError(f"the table '{placed.table.id}' has no rows: a spreadsheet table needs at least one")
    header = _preamble(ws, placed.title, placed.intro)
    if header != placed.header_row:
        raise RenderError(
            f"the table '{placed.table.id}' was laid out from row {placed.header_row}, written from row {header}"
        )
    cached: dict[str, Figure | str] = {}
    headers = placed.headers()
    for column, text in enumerate(headers, start=1):
        _header_cell(ws.cell(header, column), text)
    groups = placed.groups()
    for row in placed.data:
        _body_row(ws, row, placed, plan, groups, cached)
    _mark_table(ws, placed.name, header, placed.data_last, placed.width)
    if placed.totals:
        count = len(placed.totals)
        title = f"Totals of the table above, as formulas ({count} row{'s' * (count > 1)})"
        _text(ws.cell(placed.totals_title_row, 1), title).font = BOLD
        for column, text in enumerate(headers, start=1):
            _header_cell(ws.cell(placed.totals_header_row, column), text)
        for row in placed.totals:
            _body_row(ws, row, placed, plan, groups, cached)
        _mark_table(ws, placed.totals_name, placed.totals_header_row, placed.last_row, placed.width)
    _widths(ws, _table_widths(ws, placed))
    _finish(ws, placed.last_row, placed.table.landscape or placed.width > 6, header)
    return cached


def _body_row(ws: Worksheet, row: Row, placed: Placed, plan: Plan, groups, cached: dict) -> None:
    if row.role not in ROLES:
        raise RenderError(f"the workbook has no way to show a table row of role '{row.role}'")
    number = placed.row_of(row)
    if placed.has_groups:
        _row_style(_text(ws.cell(number, 1), groups.get(row.id, "")), row.role).alignment = TEXT
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
            _text(target, str(written.value))
            target.alignment = FIGURE if column.numeric or written.kind == "symbol" else TEXT
        _row_style(target, row.role)
    if placed.has_notes_column:
        notes = " ".join(note.marker for note in placed.row_notes.get(row.id, []))
        _row_style(_text(ws.cell(number, placed.width), notes), row.role).alignment = TEXT


# ---- named figures and checks --------------------------------------------------------------


def figures_sheet(ws: Worksheet, plan: Plan) -> dict[str, Figure | str]:
    """The named figures of the paper: a typed one as a number with its defined name, a computed
    one as the formula the paper gives it, over the tables' cells and other figures."""
    intro = (
        "This worksheet contains one table. Typed figures have a defined name (figure.name); "
        "computed figures are formulas.",
    )
    header = _preamble(ws, "Named figures of the paper", intro)
    if header != FIGURES_HEADER:
        raise RenderError(f"the Figures sheet was laid out from row {FIGURES_HEADER}, written from row {header}")
    names = ("Figure name", "Value", "Unit", "How it is found")
    for column, text in enumerate(names, start=1):
        _header_cell(ws.cell(header, column), text)
    cached: dict[str, Figure | str] = {}
    for figure in plan.document.figures:
        _, number, _ = plan.figures[figure.id]
        _text(ws.cell(number, 1), figure.id).font = FONT
        value = ws.cell(number, 2)
        if figure.formula is not None:
            value.value = plan.formula(figure.formula, FIGURES, figure.percent)
            if figure.value is not None:
                cached[value.coordinate] = fraction(figure.value, figure.percent)
        else:
            value.value = fraction(figure.value, figure.percent)
        value.number_format = figure_format(figure.decimals, figure.percent)
        value.font, value.alignment = FONT, FIGURE
        _text(ws.cell(number, 3), unit_words(figure.unit) if figure.unit else NOT_APPLICABLE).font = FONT
        how = "computed by the formula" if figure.formula is not None else "typed in the paper"
        _text(ws.cell(number, 4), how).font = FONT
    last = header + len(plan.document.figures)
    _mark_table(ws, "figures", header, last, len(names))
    _widths(ws, (36, 16, 18, 26))
    _finish(ws, last, landscape=False, titles=header)
    return cached


ACCEPTED_APART = "differs as accepted"  # a check apart by the difference its reason cites


def checks_sheet(ws: Worksheet, plan: Plan) -> dict[str, Figure | str]:
    """One row per reconciliation: each figure as a live reference, their difference, the
    tolerance and a status that follows any edit, coloured: "agrees", "differs", or "differs
    as accepted" while the difference is the one the paper's reason accepts."""
    checks = plan.document.checks
    most = max(len(check.figures) for check in checks)
    intro = (
        "This worksheet contains one table. Each row is a set of figures in different tables that the "
        "paper says must agree; the figures are formulas, so the status follows any edit.",
    )
    header = _preamble(ws, "Checks: figures that must agree", intro)
    names = ["Check"]
    for n in range(1, most + 1):
        names += [f"Figure {n}", f"Figure {n} value"]
    names += ["Difference", "Tolerance", "Status", "Why the paper may print them apart"]
    for column, text in enumerate(names, start=1):
        _header_cell(ws.cell(header, column), text)
    cached: dict[str, Figure | str] = {}
    width = len(names)
    difference, tolerance, status = 2 + 2 * most, 3 + 2 * most, 4 + 2 * most
    for number, check in enumerate(checks, start=header + 1):
        _text(ws.cell(number, 1), f"Check {number - header}").alignment = TEXT
        cells: list[str] = []
        for n, target in enumerate(check.figures):
            _text(ws.cell(number, 2 + 2 * n), _describe(plan, target)).alignment = TEXT
            value = ws.cell(number, 3 + 2 * n, "=" + plan.reference(target, CHECKS))
            value.number_format, value.alignment = "#,##0;(#,##0)", FIGURE
            cells.append(value.coordinate)
        for n in range(len(check.figures), most):
            _text(ws.cell(number, 2 + 2 * n), NOT_APPLICABLE)
            _text(ws.cell(number, 3 + 2 * n), NOT_APPLICABLE).alignment = FIGURE
        gap = ws.cell(number, difference)
        joined = ",".join(cells)
        gap.value = f"={cells[0]}-{cells[1]}" if len(cells) == 2 else f"=MAX({joined})-MIN({joined})"
        gap.number_format, gap.alignment = "#,##0;(#,##0);0", FIGURE
        ws.cell(number, tolerance, check.tolerance).alignment = FIGURE
        apart = '"differs"'
        if check.accepted and not check.agrees:  # accepted for this difference, and no other
            apart = f'IF({gap.coordinate}={Decimal(check.difference):f},"{ACCEPTED_APART}","differs")'
        state = ws.cell(
            number, status, f'=IF(ABS({gap.coordinate})<={ws.cell(number, tolerance).coordinate},"agrees",{apart})'
        )
        state.alignment = TEXT
        _text(ws.cell(number, width), check.accepted or NOT_APPLICABLE).alignment = TEXT
        for column in range(1, width + 1):
            ws.cell(number, column).font = FONT
        for coordinate, composed in zip(cells, check.values):
            cached[coordinate] = composed
        cached[gap.coordinate] = check.difference
        cached[state.coordinate] = "agrees" if check.agrees else ACCEPTED_APART if check.accepted else "differs"
    last = header + len(checks)
    statuses = f"{cell_name(header + 1, status)}:{cell_name(last, status)}"
    ws.conditional_formatting.add(
        statuses, CellIsRule(operator="equal", formula=['"differs"'], fill=DIFFERS, font=DIFFERS_FONT)
    )
    ws.conditional_formatting.add(statuses, CellIsRule(operator="equal", formula=['"agrees"'], fill=AGREES))
    _mark_table(ws, "checks", header, last, width)
    _widths(ws, [10] + [40, 14] * most + [13, 11, 10, 60])
    _finish(ws, last, landscape=True, titles=header)
    return cached


def _describe(plan: Plan, target: str) -> str:
    """'Budget summary 2017-18: Education, 2017/18 Net Budget (£ thousands) (table.row.column)'
    for a cell, 'Figures: name' for a named figure."""
    parts = target.split(".")
    if len(parts) != 3:
        return f"{FIGURES}: {target}"
    placed = next(p for p in plan.tables if p.table.id == parts[0])
    row = next(r for r in placed.table.rows if r.id == parts[1])
    index = next(i for i, c in enumerate(placed.table.columns) if c.id == parts[2])
    label = plain(row.cells[0].inlines) or row.id
    return f"{placed.sheet}: {label}, {header_text(placed.table.columns[index])} ({target})"


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
    rows = [placed.row_of(row) for row in placed.data + placed.totals]  # not the totals' title and header
    for column_number, header in enumerate(placed.headers(), start=1):
        body = max((len(_shown(ws.cell(number, column_number).value)) for number in rows), default=0)
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
