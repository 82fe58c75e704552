"""Word writer, page layout: the body being written, A4 sections in either orientation, the footer."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field

from .ooxml import W, field as field_runs, mm, paragraph, rpr, run, w
from .styles import TEXT_WIDTH, Numbering

# (page width, page height, top, right, bottom, left, footer distance) in twips
PAGES = {False: (11906, 16838, mm(20), mm(20), mm(22), mm(20), mm(10)),
         True: (16838, 11906, mm(15), mm(15), mm(18), mm(15), mm(8))}


@dataclass
class State:
    """Where the writer is: the body's closing w:sectPr (content goes before it) and the page."""

    sink: object
    numbering: Numbering = field(default_factory=Numbering)
    landscape: bool = False
    bookmarks: int = 0
    after_table: bool = False

    @property
    def width(self) -> int:
        return TEXT_WIDTH[self.landscape]

    def add(self, element) -> None:
        self.sink.addprevious(element)
        self.after_table = self.after_table and element.tag != f"{{{W}}}p"

    def last(self):
        return self.sink.getprevious()

    def bookmark(self) -> int:
        self.bookmarks += 1
        return self.bookmarks


def page_setup(section, landscape: bool) -> None:
    """A4 page size and margins on a w:sectPr, keeping its header and footer references."""
    keep = ("headerReference", "footerReference")
    section.attrib.clear()                                   # the template's revision ids
    for child in list(section):
        if child.tag.split("}")[1] not in keep:
            section.remove(child)
    width, height, top, right, bottom, left, footer = PAGES[landscape]
    size = w("pgSz", w=width, h=height, orient="landscape") if landscape else w("pgSz", w=width, h=height)
    section.extend([size, w("pgMar", top=top, right=right, bottom=bottom, left=left, header=footer,
                            footer=footer, gutter=0), w("cols", space=720), w("docGrid", linePitch=360)])


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
    page_setup(state.sink, landscape)
    state.landscape = landscape


def spacer():
    """An empty, very small paragraph to carry a section break after a table (or end the body)."""
    return paragraph("Normal", spacing=w("spacing", before=0, after=0, line=240, lineRule="auto"),
                     rPr=rpr(sz=w("sz", val=2), szCs=w("szCs", val=2)))


def footer_content(footer_paragraph) -> None:
    """"Page X of Y" with PAGE and NUMPAGES fields, each with a result already in place."""
    footer_paragraph.extend([run("Page "), *field_runs("PAGE", "1"), run(" of "), *field_runs("NUMPAGES", "1")])


def start(word) -> State:
    """The first section (portrait) with its footer, which every later section inherits."""
    sink = word.element.body.get_or_add_sectPr()
    footer = word.sections[0].footer
    footer.is_linked_to_previous = False
    footer_content(footer.paragraphs[0]._p)
    page_setup(sink, False)
    return State(sink)


def finish(state: State) -> None:
    """Word wants the body to end with a paragraph, not a table."""
    last = state.last()
    if last is None or last.tag != f"{{{W}}}p":
        state.add(spacer())
