"""The Document: the composed paper that every writer consumes.

Plain frozen dataclasses. Inline pieces (text, bold, figures, cross-references) are kept
apart from blocks (paragraphs, lists, tables). Every figure is already computed and
formatted; every paragraph already numbered. Writers only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from .expressions import Formula

# ---- inline ------------------------------------------------------------------------------


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
    value: float
    kind = "figure"


@dataclass(frozen=True)
class Xref:
    """A cross-reference to a numbered paragraph, section or appendix."""

    text: str
    anchor: str
    kind = "xref"


Inline = Union[Text, Strong, Emph, Figure, Xref]
Inlines = tuple[Inline, ...]


def plain(inlines: Inlines) -> str:
    """The text of inline pieces without markup."""
    out = []
    for piece in inlines:
        out.append(plain(piece.children) if hasattr(piece, "children") else piece.text)
    return "".join(out)


# ---- blocks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    inlines: Inlines
    number: str | None = None          # "5.22" for numbered paragraphs
    anchor: str | None = None
    children: tuple[Block, ...] = ()
    kind = "paragraph"


@dataclass(frozen=True)
class Heading:
    inlines: Inlines
    level: int                          # 1 = the paper's title; sections are 2
    anchor: str | None = None
    kind = "heading"


@dataclass(frozen=True)
class ListItem:
    inlines: Inlines
    children: tuple[Block, ...] = ()


@dataclass(frozen=True)
class ItemList:
    items: tuple[ListItem, ...]
    style: str = "bullet"              # bullet, decimal, roman or alpha
    kind = "list"


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


@dataclass(frozen=True)
class Cell:
    """One table cell: the text shown, and for figures the value and how it is computed."""

    inlines: Inlines
    value: float | None = None
    formula: Formula | None = None
    published: float | None = None
    differs: bool = False              # the published figure disagrees with the computed one


@dataclass(frozen=True)
class Row:
    id: str
    role: str                          # data, heading or total
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    id: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    notes: tuple[Inlines, ...] = ()
    landscape: bool = False
    zero: str | None = None            # how a zero figure is shown ("-"), if not as 0
    kind = "table"

    @property
    def header_groups(self) -> tuple[tuple[str | None, int], ...]:
        """Adjacent columns with the same group, as (group, span) pairs."""
        spans: list[list] = []
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


Block = Union[Paragraph, Heading, ItemList, Quote, Table]


# ---- the paper ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    number: str                         # "5.0"
    title: str
    anchor: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Appendix:
    title: str                          # "Appendix 1: Summary Budget Position …"
    anchor: str
    level: int                          # heading level of its title
    landscape: bool
    blocks: tuple[Block, ...]
    parts: tuple[Appendix, ...] = ()


@dataclass(frozen=True)
class Contact:
    name: str
    position: str
    telephone: str | None
    email: str | None


@dataclass(frozen=True)
class FrontSheetLabels:
    """The wording of the report format's own headings and labels, for every writer to use."""

    report_to: str = "Report to:"
    subject: str = "Subject:"
    report_of: str = "Report of:"
    summary: str = "Summary"
    recommendations: str = "Recommendations"
    wards_affected: str = "Wards Affected:"
    outcomes: tuple[str, str] = ("Manchester Strategy Outcomes", "Summary of the Contribution to the Strategy")
    implications_intro: str = "Full details are in the body of the report, along with implications for"
    contact_officers: str = "Contact Officers:"
    contact_fields: tuple[str, str, str, str] = ("Name:", "Position:", "Telephone:", "E-mail:")
    background_documents: str = "Background documents (available for public inspection):"


@dataclass(frozen=True)
class FrontSheet:
    council: str
    report_type: str
    report_to: tuple[tuple[str, str], ...]          # (body, "7 February 2018")
    report_of: str
    summary: tuple[Inlines, ...]
    recommendations: tuple[Inlines, ...]
    wards_affected: str
    strategy_outcomes: tuple[tuple[Inlines, Inlines], ...]
    implications: tuple[str, ...]
    financial_consequences: tuple[tuple[str, Inlines], ...]   # (heading, text)
    contacts: tuple[Contact, ...]
    background_documents: tuple[Inlines, ...]
    labels: FrontSheetLabels = FrontSheetLabels()


@dataclass(frozen=True)
class Document:
    slug: str
    title: str                          # the subject: the document's title
    language: str
    author: str
    date: str                           # ISO date of the first meeting
    front: FrontSheet
    sections: tuple[Section, ...]
    appendices: tuple[Appendix, ...]

    def tables(self) -> list[Table]:
        """Every table in reading order."""
        found: list[Table] = []
        for section in self.sections:
            _collect(section.blocks, found)
        for appendix in self.appendices:
            _collect_appendix(appendix, found)
        return found


def _collect(blocks, found: list[Table]) -> None:
    for block in blocks:
        if isinstance(block, Table):
            found.append(block)
        elif isinstance(block, Paragraph):
            _collect(block.children, found)


def _collect_appendix(appendix: Appendix, found: list[Table]) -> None:
    _collect(appendix.blocks, found)
    for part in appendix.parts:
        _collect_appendix(part, found)


def to_data(value):
    """The Document (or any part of it) as plain JSON-ready data, each object named by its type."""
    from dataclasses import fields, is_dataclass

    if is_dataclass(value):
        data = {"type": type(value).__name__}
        data.update({f.name: to_data(getattr(value, f.name)) for f in fields(value)})
        return data
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    return value
