"""Word writer, front sheet: the masthead, then each field of the Document's front sheet in order."""

from __future__ import annotations

from collections.abc import Callable

from lxml.etree import _Element

from councilpapers.core.model import Document, FrontField, Paragraph
from councilpapers.writers.docx.blocks import gap, write_blocks
from councilpapers.writers.docx.inlines import runs
from councilpapers.writers.docx.layout import State
from councilpapers.writers.docx.ooxml import paragraph, run, tab, w

# lxml ships no type information: mypy reads _Element as Any.


def write_front(state: State, document: Document, logo: _Element | None = None) -> None:
    """The front sheet in the PDF's reading order; the page after it starts with section 1."""
    if logo is not None:
        state.add(paragraph("Normal", logo))
    _masthead(state, document.front.masthead)
    for field in document.front.fields:
        FIELD_WRITERS[field.display](state, field)


def _masthead(state: State, lines: tuple[str, ...]) -> None:
    """The council at the left, the report type (and any further lines) at the right."""
    content = [run(lines[0])]
    for index, line in enumerate(lines[1:]):
        content.extend(([w("r", w("br"))] if index else []) + [tab(), run(line)])
    state.add(paragraph("Masthead", *content))


def _title(state: State, field: FrontField) -> None:
    first = field.blocks[0]
    inlines = first.inlines if isinstance(first, Paragraph) else ()
    state.add(paragraph("Title", run(field.label), tab(), *runs(inlines)))


def _line(state: State, field: FrontField) -> None:
    """Label, a tab, then the value; further paragraphs of the value under the first, indented."""
    label = [run(field.label, bold=True), tab()]
    for block in field.blocks:
        if isinstance(block, Paragraph) and not block.children:
            state.add(paragraph("FrontSheetField", *label, *runs(block.inlines)))
        else:
            write_blocks(state, [block])
        label = [tab()]


def _heading(state: State, field: FrontField) -> None:
    if field.label:
        state.add(paragraph("FrontSheetLabel", run(field.label), **gap(state)))
    write_blocks(state, field.blocks)


FIELD_WRITERS: dict[str, Callable[[State, FrontField], None]] = {"title": _title, "line": _line, "heading": _heading}
