"""XLSX writer, the workbook's own words: its properties, the Cover, Contents and Notes sheets, a draft's mark."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from councilpapers.core.errors import RenderError
from councilpapers.core.model import Block, Document, FieldLines, Inlines, Link, Paragraph, plain
from councilpapers.writers.xlsx.placed import CHECKS, FIGURES, NOT_APPLICABLE, NOT_AVAILABLE, NOTES
from councilpapers.writers.xlsx.plan import Plan
from councilpapers.writers.xlsx.styling import (
    BOLD,
    FONT,
    LINK,
    TEXT,
    TITLE,
    finish,
    preamble,
    put_text,
    set_widths,
    sheet_link,
    simple_table,
)

# openpyxl ships no type information (no stubs, no py.typed): mypy reads its Workbook, Worksheet and Cell as Any.

SYMBOLS = (
    (NOT_AVAILABLE, "not available: the paper prints no figure or text where one could be"),
    (
        NOT_APPLICABLE,
        "not applicable: a total or a computed column the paper leaves empty on this row, or the Group "
        "of a row that comes before the table's first sub-heading",
    ),
)


def draft_mark(workbook: Workbook, mark: str) -> None:
    """A paper's marks (not for publication, draft) on every printed page of every sheet."""
    for ws in workbook.worksheets:
        for header in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
            header.left.text, header.left.font = mark, "-,Bold"


def properties(workbook: Workbook, document: Document) -> None:
    props = workbook.properties
    props.title, props.language, props.creator = document.title, document.language, document.author
    props.subject = f"{document.report_type}: tables and figures, with their formulas"
    props.keywords = f"{document.council}; {document.report_type}; tables"
    props.created = props.modified = datetime.fromisoformat(document.date)


def cover_sheet(ws: Worksheet, document: Document) -> None:
    tables = bool(document.tables())
    what = "The tables of the paper, one per sheet, with every total as a live formula."
    if not tables:
        what = "The named figures of the paper, each typed figure with its defined name."
    lines: list[tuple[str, str | None]] = [
        (document.title, "title"),
        *((mark, "heading") for mark in document.marks),
        (what, None),
        ("Source paper", "heading"),
        (f"{document.report_type}: {document.title}", None),
        (document.council, None),
        *front_lines(document),
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
    set_widths(ws, (100,))
    finish(ws, len(lines), landscape=False)


def front_lines(document: Document) -> list[tuple[str, str | None]]:
    """The front sheet's one-line fields ("Report to: …") and its contacts, in the style's words."""
    lines: list[tuple[str, str | None]] = []
    for field in document.front.fields:
        if field.display == "line":
            lines.extend((f"{field.label} {plain(b.inlines)}", None) for b in field.blocks if isinstance(b, Paragraph))
        elif field.key == "contact_officers":
            lines.append((field.label, "heading"))
            lines.extend(_contact_lines(field.blocks))
    return lines


def _contact_lines(blocks: Iterable[Block]) -> list[tuple[str, str | None]]:
    """Each labelled line of each contact on a line of its own; an address as a mailto link."""
    lines: list[tuple[str, str | None]] = []
    for block in blocks:
        for label, value in _labelled(block):
            link = next((piece for piece in value if isinstance(piece, Link)), None)
            text = f"{label} {plain(value)}".strip()
            lines.append((text, f"link:{link.target}" if link else None))
    return lines


def _labelled(block: Block) -> tuple[tuple[str, Inlines], ...]:
    """A contact's labelled lines, or its paragraph as one line without a label."""
    if isinstance(block, FieldLines):
        return block.lines
    if isinstance(block, Paragraph):
        return (("", block.inlines),)
    raise RenderError(f"the workbook has no way to show a contact as a block of kind '{block.kind}'")


def _cover_line(cell: Cell, text: str, kind: str | None) -> None:
    put_text(cell, text)
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
    header = preamble(ws, "Contents", intro)
    simple_table(ws, header, ("Sheet name", "Table title", "Where it is in the paper"), rows, "contents")
    for number in range(header + 1, header + 1 + len(rows)):
        sheet_link(ws.cell(number, 1))
    set_widths(ws, (32, 70, 50))
    finish(ws, header + len(rows), landscape=True, titles=header)


def notes_sheet(ws: Worksheet, plan: Plan) -> None:
    intro = ("This worksheet contains one table. Table titles and Notes columns refer to these notes as [note n].",)
    rows = [(n.marker, n.text, n.sheet) for n in plan.notes] or [("", "This workbook has no notes.", "")]
    header = preamble(ws, "Notes", intro)
    simple_table(ws, header, ("Note number", "Note text", "Sheet"), rows, "notes")
    for number in range(header + 1, header + 1 + len(plan.notes)):
        sheet_link(ws.cell(number, 3))
    set_widths(ws, (14, 90, 24))
    finish(ws, header + len(rows), landscape=True, titles=header)
