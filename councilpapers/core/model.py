"""The Document: the composed paper that every writer consumes.

Plain frozen dataclasses. Inline pieces (text, bold, figures, cross-references) are kept
apart from blocks (paragraphs, lists, tables). Every figure is already computed and
formatted; every paragraph already numbered. Writers only lay it out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from councilpapers.core.expressions import Formula, Name
from councilpapers.core.page import Layout

# ---- inline ------------------------------------------------------------------------------


# The workbook's own sheets, beside one sheet per table: no table's sheet may take their names.
WORKBOOK_SHEETS = ("Cover", "Contents", "Notes", "Figures", "Checks", "History")


@dataclass(frozen=True)
class Text:
    text: str
    kind = "text"


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]
    kind = "strong"


@dataclass(frozen=True)
class Emph:
    children: tuple[Inline, ...]
    kind = "emph"


@dataclass(frozen=True)
class Figure:
    """A figure restated in prose, with the cell or named figure it comes from."""

    text: str
    source: str
    value: Decimal | int
    kind = "figure"


@dataclass(frozen=True)
class Link:
    """A link the reader sees as its text: an e-mail address (mailto:) or a web address."""

    text: str
    target: str
    kind = "link"


@dataclass(frozen=True)
class Xref:
    """A cross-reference to a numbered paragraph, section or appendix."""

    text: str
    anchor: str
    target: str = "paragraph"  # paragraph, section or appendix: what the reference names
    kind = "xref"


Inline = Text | Strong | Emph | Figure | Xref | Link
Inlines = tuple[Inline, ...]


def plain(inlines: Inlines) -> str:
    """The text of inline pieces without markup."""
    out = []
    for piece in inlines:
        out.append(plain(piece.children) if hasattr(piece, "children") else piece.text)
    return "".join(out)


def figures_in(inlines: Inlines) -> list[Figure]:
    """The figures a text restates, in reading order: each names its cell or named figure."""
    return [piece for piece in walk(inlines) if isinstance(piece, Figure)]


# ---- blocks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    inlines: Inlines
    number: str | None = None  # "5.22" for numbered paragraphs
    anchor: str | None = None
    children: tuple[Block, ...] = ()
    kind = "paragraph"


@dataclass(frozen=True)
class Heading:
    inlines: Inlines
    level: int  # 1 = the paper's title; sections are 2
    anchor: str | None = None
    kind = "heading"


@dataclass(frozen=True)
class ListItem:
    inlines: Inlines
    children: tuple[Block, ...] = ()
    marker: str = ""  # "(iii)", "2." as the house style prints it; "" for bullets


@dataclass(frozen=True)
class ItemList:
    items: tuple[ListItem, ...]
    style: str = "bullet"  # bullet, decimal, roman or alpha
    pattern: str = "{n}."  # the style's marker, {n} standing for the number
    start: int = 1
    kind = "list"


@dataclass(frozen=True)
class FieldLines:
    """Labelled lines ("Name:  Paul Marshall", "Anti-Poverty  Yes"): a contact, yes/no answers."""

    lines: tuple[tuple[str, Inlines], ...]
    kind = "fields"


@dataclass(frozen=True)
class Quote:
    inlines: Inlines
    kind = "quote"


@dataclass(frozen=True)
class Column:
    id: str
    header: str
    group: str | None
    subheader: str | None
    unit: str | None
    numeric: bool
    decimals: int
    percent: bool
    spelled: str | None = None  # the header written out where the paper abbreviates it ("Likelihood" for "L")
    grouped: bool = False  # a label printed once for the rows below it (the workbook repeats it)


@dataclass(frozen=True)
class Cell:
    """One table cell: the text shown, and for figures the value and how it is computed."""

    inlines: Inlines
    value: Decimal | int | None = None
    formula: Formula | None = None
    published: Decimal | int | str | None = None  # as published: a figure, or the word of a score's band
    differs: bool = False  # the published figure disagrees with the computed one
    fill: str | None = None  # the cell's fill, "#rrggbb": a score's band


@dataclass(frozen=True)
class Row:
    id: str
    role: str  # data, heading or total
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    id: str
    caption: str  # the table's accessible name
    title: str | None = None  # printed above the table ("Table 1: …"), where the paper has one
    columns: tuple[Column, ...] = ()
    rows: tuple[Row, ...] = ()
    anchor: str = ""
    variant: str = "figures"  # figures (computed tables) or front (the front sheet's own)
    notes: tuple[Inlines, ...] = ()
    landscape: bool = False
    zero: str | None = None  # how a zero figure is shown ("-"), if not as 0
    sheet: str | None = None  # its sheet's name in the workbook, where the author chose one
    # notes under the table, after its own, where it prints a computed figure that differs from the
    # published paper's, with the reason the paper accepts (the workbook notes each on its Notes sheet)
    differences: tuple[Inlines, ...] = ()
    kind = "table"

    @property
    def header_groups(self) -> tuple[tuple[str | None, int], ...]:
        """Adjacent columns with the same group, as (group, span) pairs."""
        spans: list[list[Any]] = []  # [group, span] pairs, the span counted in place (a list has one item type)
        for column in self.columns:
            if spans and spans[-1][0] == column.group and column.group is not None:
                spans[-1][1] += 1
            else:
                spans.append([column.group, 1])
        return tuple((g, n) for g, n in spans)

    @property
    def has_groups(self) -> bool:
        return any(c.group for c in self.columns)

    @property
    def has_subheaders(self) -> bool:
        return any(c.subheader for c in self.columns)

    @property
    def has_units(self) -> bool:
        return any(c.unit for c in self.columns)


Block = Paragraph | Heading | ItemList | Quote | Table | FieldLines


@dataclass(frozen=True)
class NamedFigure:
    """A named figure of `figures:`: typed (value only) or computed (formula of cells and figures)."""

    id: str
    value: Decimal | int | None
    formula: Formula | Name | None  # cells as CellRef, other named figures as Name
    unit: str | None
    decimals: int
    percent: bool


@dataclass(frozen=True)
class Check:
    """A declared reconciliation: figures (table.row.column or a figure's name) that must agree."""

    figures: tuple[str, ...]
    tolerance: Decimal | int
    accepted: str | None = None
    values: tuple[Decimal | int, ...] = ()  # each figure's value, as composed
    difference: Decimal | int = 0  # the first less the second; of more figures, largest less smallest

    @property
    def agrees(self) -> bool:
        return abs(Decimal(self.difference)) <= Decimal(self.tolerance)


# ---- the paper ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    number: str  # "5.0", "5." or "" as the house style numbers it
    title: str  # as printed (capitalised where the style says so)
    anchor: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Appendix:
    title: str  # "Appendix 1: Summary Budget Position …"
    anchor: str
    level: int  # heading level of its title
    landscape: bool
    blocks: tuple[Block, ...]
    parts: tuple[Appendix, ...] = ()
    new_page: bool = True  # starts a new page (a first part may share its parent's)
    name: str = ""  # what a cross-reference prints: "Appendix 1" (the title's start)


@dataclass(frozen=True)
class FrontField:
    """One field of the front sheet, in the house style's order, with the style's label.

    display: "title" (the subject: label beside the document's title), "line" (label beside
    the value) or "heading" (label as a heading above the value)."""

    key: str
    label: str
    display: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Logo:
    file: str  # path under templates/
    alt: str
    width_mm: float


@dataclass(frozen=True)
class FrontSheet:
    masthead: tuple[str, ...]  # council, report type, then any further lines
    fields: tuple[FrontField, ...]
    logo: Logo | None = None

    def field(self, key: str) -> FrontField | None:
        return next((f for f in self.fields if f.key == key), None)


@dataclass(frozen=True)
class Document:
    slug: str
    title: str  # the subject: the document's title
    language: str
    author: str
    date: str  # ISO date of the first meeting
    council: str
    report_type: str
    front: FrontSheet
    sections: tuple[Section, ...]
    appendices: tuple[Appendix, ...]
    layout: Layout
    exempt: int | None = None  # paragraph of Schedule 12A, for a paper not for publication
    draft: str | None = None  # a draft's mark, with the day it was built, for every page; None when final
    restricted: str | None = None  # NOT FOR PUBLICATION with its paragraph, for every page; None when public
    figures: tuple[NamedFigure, ...] = ()  # the named figures of `figures:`, in the paper's order
    checks: tuple[Check, ...] = ()  # the paper's `reconcile:` declarations
    pages: int | None = None  # how many pages its PDF takes, from the build's one layout of it

    @property
    def marks(self) -> tuple[str, ...]:
        """What every page of every format carries: not for publication, then draft."""
        return tuple(mark for mark in (self.restricted, self.draft) if mark)

    def tables(self) -> list[Table]:
        """Every table of the body and appendices in reading order."""
        return [t for t, _ in self.tables_on_pages()]

    def tables_on_pages(self) -> list[tuple[Table, bool]]:
        """Every table of the body and appendices in reading order, with whether its page is
        landscape (its own, or its appendix's: each part of an appendix has its own)."""
        found: list[tuple[Table, bool]] = []
        page_landscape = False  # the walk reaches an appendix's tables before its parts
        parts: tuple[Section | Appendix, ...] = (*self.sections, *self.appendices)
        for node in (n for part in parts for n in walk(part, inlines=False)):
            if isinstance(node, Appendix):
                page_landscape = node.landscape
            elif isinstance(node, Table) and node.rows:
                found.append((node, page_landscape or node.landscape))
        return found


def tables_of(blocks: Iterable[Block]) -> list[Table]:
    """The tables among blocks (and blocks nested in them), in reading order."""
    return [node for block in blocks for node in walk(block, inlines=False) if isinstance(node, Table)]


# ---- the walk (as Pandoc's walk and query) -------------------------------------------------

Node = Document | FrontSheet | FrontField | Section | Appendix | Block | ListItem | Row | Cell | Inline | Inlines


def walk(node: Node, inlines: bool = True) -> Iterator[Node]:
    """`node` and everything it holds, in reading order, each node before what it holds: the
    front sheet's fields, sections, appendices and their parts, their blocks and the blocks
    nested in them, list items, a table's rows, cells and notes, and each run of inline pieces
    (a tuple) before its pieces. Without `inlines`, the walk does not go into runs of pieces."""
    yield node
    for child in contents(node):
        if inlines or not isinstance(child, tuple):
            yield from walk(child, inlines)


def contents(node: Node) -> tuple[Node, ...]:
    """What a node holds, in reading order. A type the walk does not know is an error naming
    it, never skipped: a new kind of block or inline says here what it holds."""
    rule = _CONTENTS.get(type(node))
    if rule is None:
        raise TypeError(f"the Document's walk does not know a {type(node).__name__}: say what it holds in model.py")
    return rule(node)


_CONTENTS: dict[type, Callable[[Any], tuple[Node, ...]]] = {
    Document: lambda d: (d.front, *d.sections, *d.appendices),
    FrontSheet: lambda f: f.fields,
    FrontField: lambda f: f.blocks,
    Section: lambda s: s.blocks,
    Appendix: lambda a: (*a.blocks, *a.parts),
    Paragraph: lambda p: (p.inlines, *p.children),
    Heading: lambda h: (h.inlines,),
    Quote: lambda q: (q.inlines,),
    FieldLines: lambda f: tuple(inlines for _, inlines in f.lines),
    ItemList: lambda i: i.items,
    ListItem: lambda i: (i.inlines, *i.children),
    Table: lambda t: (*t.rows, *t.notes, *t.differences),
    Row: lambda r: r.cells,
    Cell: lambda c: (c.inlines,),
    tuple: lambda run: run,  # a run of inline pieces
    Strong: lambda s: s.children,
    Emph: lambda e: e.children,
    **dict.fromkeys((Text, Figure, Xref, Link), lambda piece: ()),
}
