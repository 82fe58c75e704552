"""Word writer, page layout: the body being written, A4 sections in either orientation, the footer."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field

from docx.document import Document as WordDocument
from docx.oxml.section import CT_SectPr
from docx.oxml.text.paragraph import CT_P
from lxml.etree import _Element

from councilpapers.core.page import Layout, Running
from councilpapers.writers.docx.measures import text_width
from councilpapers.writers.docx.numbering import Numbering
from councilpapers.writers.docx.ooxml import W, mm, paragraph, rpr, run, w
from councilpapers.writers.docx.ooxml import field as field_runs

# lxml ships no type information: mypy reads _Element as Any (python-docx's element classes are typed).


@dataclass
class State:
    """Where the writer is: the body's closing w:sectPr (content goes before it) and the page."""

    sink: CT_SectPr  # the body's closing w:sectPr
    layout: Layout
    numbering: Numbering = field(default_factory=Numbering)
    landscape: bool = False
    bookmarks: int = 0
    after_table: bool = False

    @property
    def width(self) -> int:
        return text_width(self.layout, self.landscape)

    def add(self, element: _Element) -> None:
        self.sink.addprevious(element)
        self.after_table = self.after_table and element.tag != f"{{{W}}}p"

    def last(self) -> _Element | None:
        return self.sink.getprevious()

    def bookmark(self) -> int:
        self.bookmarks += 1
        return self.bookmarks


def page_setup(section: CT_SectPr, layout: Layout, landscape: bool) -> None:
    """A4 page size and margins on a w:sectPr, keeping its header and footer references."""
    keep = ("headerReference", "footerReference")
    section.attrib.clear()  # the template's revision ids
    for child in list(section):
        if child.tag.split("}")[1] not in keep:
            section.remove(child)
    page = layout.landscape if landscape else layout.portrait
    width, height = mm(page.width_mm), mm(page.height_mm)
    top, right, bottom, left = (mm(m) for m in page.margins_mm)
    footer = mm(min(page.margins_mm[0], page.margins_mm[2]) / 2)
    size = w("pgSz", w=width, h=height, orient="landscape") if landscape else w("pgSz", w=width, h=height)
    section.extend(
        [
            size,
            w("pgMar", top=top, right=right, bottom=bottom, left=left, header=footer, footer=footer, gutter=0),
            w("cols", space=720),
            w("docGrid", linePitch=360),
        ]
    )


def change_orientation(state: State, landscape: bool) -> None:
    """End the current section (a new page follows) and start one in the other orientation.

    The new section has no header or footer references of its own, so Word and LibreOffice
    carry on with the first section's footer ("link to previous")."""
    last = state.last()
    if last is None or last.tag != f"{{{W}}}p" or last.find(f".//{{{W}}}sectPr") is not None:
        last = spacer()
        state.add(last)
    last.get_or_add_pPr().append(deepcopy(state.sink))
    for reference in state.sink.findall(f"{{{W}}}footerReference") + state.sink.findall(f"{{{W}}}headerReference"):
        state.sink.remove(reference)
    page_setup(state.sink, state.layout, landscape)
    state.landscape = landscape


def spacer() -> _Element:
    """An empty, very small paragraph to carry a section break after a table (or end the body)."""
    return paragraph(
        "Normal",
        spacing=w("spacing", before=0, after=0, line=240, lineRule="auto"),
        rPr=rpr(sz=w("sz", val=2), szCs=w("szCs", val=2)),
    )


def running_content(target: CT_P, running: Running, width: int, pages: int = 1) -> None:
    """The running header or footer's three slots, at the left, centre and right tab stops;
    page fields as PAGE and NUMPAGES fields with a result already in place."""
    props = target.get_or_add_pPr()
    props.append(w("tabs", w("tab", val="center", pos=width // 2), w("tab", val="right", pos=width)))
    slots = [running.left, running.center, running.right]
    while slots and not slots[-1]:
        slots.pop()
    for index, pieces in enumerate(slots):
        if index:
            target.append(w("r", w("tab")))
        for kind, value in pieces:
            if kind == "text":
                target.append(run(value))
            elif value == "page":
                target.extend(field_runs("PAGE", "1"))
            elif value == "pages":  # the paper's page count, cached so no viewer shows "of 1"
                target.extend(field_runs("NUMPAGES", str(pages)))


def start(word: WordDocument, layout: Layout, pages: int = 1, mark: str | None = None) -> State:
    """The first section (portrait) with its header and footer, which every later section
    inherits; a draft's `mark` in bold above the footer, on every page."""
    sink = word.element.body.get_or_add_sectPr()
    width = text_width(layout, False)
    parts = ((word.sections[0].footer, layout.footer, mark), (word.sections[0].header, layout.header, None))
    for part, running, marked in parts:
        if running.empty and not marked:
            continue
        part.is_linked_to_previous = False
        target = part.paragraphs[0]._p
        if marked:
            part.paragraphs[0].insert_paragraph_before().add_run(marked).bold = True
        running_content(target, running, width, pages)
    page_setup(sink, layout, False)
    return State(sink, layout)


def finish(state: State) -> None:
    """Word wants the body to end with a paragraph, not a table."""
    last = state.last()
    if last is None or last.tag != f"{{{W}}}p":
        state.add(spacer())
