"""Word writer, tables: figure tables (header rows that repeat on every page, rows kept whole, widths
to fit) and the front sheet's tables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml.etree import _Element

from councilpapers.core.model import Column, Row, Table
from councilpapers.core.page import Layout
from councilpapers.core.textwidth import column_widths
from councilpapers.writers.docx.inlines import runs
from councilpapers.writers.docx.ooxml import paragraph, run, shading, w

# lxml ships no type information: mypy reads _Element as Any.

HEADER_FILL = "E6E6E6"  # defaults; a document's own come from its layout's colours
HEADING_ROW_FILL = "F3F3F3"


@dataclass(frozen=True)
class Fills:
    """Cell shading of header rows and of heading rows inside a table, as "RRGGBB"."""

    header: str = HEADER_FILL
    heading: str = HEADING_ROW_FILL

    @classmethod
    def of(cls, layout: Layout) -> Fills:
        return cls(layout.colour("header_fill").lstrip("#").upper(), layout.colour("heading_fill").lstrip("#").upper())


def figure_table(table: Table, width: int, offset: int, fills: Fills = Fills()) -> _Element:
    """A table of the model: header rows (groups, headers, subheaders, units), then its rows."""
    widths = column_widths(table, width)
    return w(
        "tbl",
        properties(table.caption, width, offset),
        grid(widths),
        *header_rows(table, widths, fills.header),
        *(body_row(table, row, widths, fills.heading) for row in table.rows),
    )


def properties(caption: str, width: int, offset: int) -> _Element:
    look = w("tblLook", val="0620", firstRow=1, lastRow=0, firstColumn=0, lastColumn=0, noHBand=1, noVBand=1)
    return w(
        "tblPr",
        w("tblStyle", val="CouncilTable"),
        w("tblW", w=width, type="dxa"),
        w("tblInd", w=offset, type="dxa"),
        w("tblLayout", type="fixed"),
        look,
        w("tblCaption", val=caption),
        w("tblDescription", val=caption),
    )


def grid(widths: list[int]) -> _Element:
    return w("tblGrid", *(w("gridCol", w=width) for width in widths))


def cell(width: int, content: _Element, span: int = 1, fill: str | None = None) -> _Element:
    props = w(
        "tcPr",
        w("tcW", w=width, type="dxa"),
        w("gridSpan", val=span) if span > 1 else None,
        shading(fill) if fill else None,
    )
    return w("tc", props, content)


def row(cells: Iterable[_Element], header: bool = False) -> _Element:
    """A row that never splits across pages; header rows repeat at the top of every page."""
    return w("tr", w("trPr", w("cantSplit"), w("tblHeader") if header else None), *cells)


# ---- header rows -------------------------------------------------------------------------


def header_rows(table: Table, widths: list[int], fill: str = HEADER_FILL) -> list[_Element]:
    rows = [group_row(table, widths, fill)] if table.has_groups else []
    rows.append(label_row(table.columns, [c.header for c in table.columns], widths, None, fill))
    if table.has_subheaders:
        rows.append(label_row(table.columns, [c.subheader or "" for c in table.columns], widths, False, fill))
    if table.has_units:
        rows.append(label_row(table.columns, [c.unit or "" for c in table.columns], widths, False, fill))
    return rows


def group_row(table: Table, widths: list[int], fill: str = HEADER_FILL) -> _Element:
    cells: list[_Element] = []
    start = 0
    for group, span in table.header_groups:
        content = (
            paragraph("TableHeading", run(group), jc=w("jc", val="center")) if group else paragraph("TableHeading")
        )
        cells.append(cell(sum(widths[start : start + span]), content, span, fill))
        start += span
    return row(cells, header=True)


def label_row(
    columns: tuple[Column, ...], labels: list[str], widths: list[int], bold: bool | None, fill: str = HEADER_FILL
) -> _Element:
    """Headers (bold, from the style), subheaders or units (not bold): figures' labels to the right."""
    cells = []
    for column, label, width in zip(columns, labels, widths):
        style = "TableHeadingFigure" if column.numeric else "TableHeading"
        cells.append(cell(width, paragraph(style, run(label, bold)) if label else paragraph(style), fill=fill))
    return row(cells, header=True)


# ---- body rows ---------------------------------------------------------------------------


def body_row(table: Table, data: Row, widths: list[int], heading_fill: str = HEADING_ROW_FILL) -> _Element:
    if data.role == "heading":
        content = paragraph("TableHeading", *runs(data.cells[0].inlines))
        return row([cell(sum(widths), content, len(widths), heading_fill)])
    bold = True if data.role == "total" else None
    cells = []
    for column, item, width in zip(table.columns, data.cells, widths):
        style = "TableFigure" if column.numeric else "TableText"
        fill = item.fill.lstrip("#").upper() if item.fill else None  # a score's band
        cells.append(cell(width, paragraph(style, *runs(item.inlines, bold)), fill=fill))
    return row(cells)


def front_table(table: Table, width: int, fill: str = HEADER_FILL) -> _Element:
    """A front-sheet table (the strategy outcomes): first column as the row's header."""
    widths = (
        [round(width * 0.4), width - round(width * 0.4)]
        if len(table.columns) == 2
        else [width // len(table.columns)] * len(table.columns)
    )
    head = row(
        [
            cell(size, paragraph("TableHeading", run(column.header)), fill=fill)
            for size, column in zip(widths, table.columns)
        ],
        header=True,
    )
    body = [
        row([cell(size, paragraph("FrontTableText", *runs(c.inlines))) for size, c in zip(widths, r.cells)])
        for r in table.rows
    ]
    return w("tbl", properties(table.caption, width, 0), grid(widths), head, *body)
