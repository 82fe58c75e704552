"""Core: the agenda pack that the pack writer consumes, a document of documents.

Its front sheet (the meeting and its agenda), then each attached item, a composed paper
Document or a supplied PDF. Plain frozen dataclasses: every word and date already as printed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from councilpapers.core.model import Document
from councilpapers.core.page import Layout

# The kinds of pack: the public pack, the members' pack with the exempt items, the supplement.
PUBLIC, MEMBERS, SUPPLEMENT = "public", "exempt", "supplement"
MEMBERS_SUPPLEMENT = "exempt-supplement"  # the supplement with the late items not for publication
RESTRICTED_PACKS = (MEMBERS, MEMBERS_SUPPLEMENT)  # packs that go to output/restricted/ only


@dataclass(frozen=True)
class PackWords:
    """The words a pack's front sheet, its pages and its agenda web page print, in the house style."""

    agenda: str
    supplement: str
    date: str
    time: str
    venue: str
    published: str
    membership: str
    contact: str
    item: str
    title: str
    pages: str
    to_follow: str
    not_for_publication: str
    documents: str
    attached: str
    banner: str
    part_a: str
    part_b: str
    urgent: str
    late: str
    # the agenda web page's links to the meeting's own files, and the words at its foot
    meeting_documents: str = "Meeting documents"
    pack_link: str = "Agenda pack"
    supplement_link: str = "Supplementary agenda pack"
    front_sheet_link: str = "Agenda front sheet"
    alternative_formats: str = ""
    alternative_formats_url: str | None = None  # no link when None
    accessibility: str = "Accessibility statement"
    accessibility_url: str | None = None  # no link when None


@dataclass(frozen=True)
class DocumentLink:
    """One published file an agenda page links: its text, its address (relative, inside the
    meeting's publication folder), its format ("PDF", "Word", "Web page") and its size as
    printed ("PDF 29 KB"; None for a web page, whose size nobody asks)."""

    text: str
    href: str
    format: str
    size: str | None = None


@dataclass(frozen=True)
class AgendaLinks:
    """What an agenda web page links: each item's documents (by item number) and the meeting's
    own files (the public pack, the supplement, the front sheet alone)."""

    items: dict[str, list[DocumentLink]]
    meeting: list[DocumentLink]


def file_size(size: int) -> str:
    """A file's size as councils print it beside a link: "29 KB", "1.4 MB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@dataclass(frozen=True)
class PackDocument:
    """One document of an item: its report, an appendix, additional documents, a presentation;
    a composed paper or a supplied PDF. Restricted (exempt) when it, its item or a parent item
    is: decided once, when the pack is composed."""

    title: str  # as listed under its item: "Appendix 1 – Equality impact assessment"
    key: str  # its place in the pack: "5#1" for item 5's first document, "5#2" for its second …
    exempt: int | None  # Schedule 12A paragraph, inherited from the item
    exempt_notice: str | None
    paper: Document | None = None
    file: Path | None = None  # a supplied PDF
    attached: bool = False  # this pack carries its pages
    withheld: bool = False  # this pack carries a page in its place that names its paragraph
    published: str | None = None  # its file name in the meeting's publication folder (supplied PDFs)
    withheld_text: str | None = None  # what the page in its place says

    @property
    def first(self) -> bool:
        """Whether it is its item's first document (the report: the item's bookmark)."""
        return self.key.endswith("#1")

    @property
    def pages(self) -> bool:
        """Whether it takes pages in this pack (its own, or the page that withholds it)."""
        return self.attached or self.withheld


@dataclass(frozen=True)
class PackItem:
    number: str
    title: str
    purpose: str | None
    kind: str  # procedural, paper, document, to-follow, heading, or part (the Part B heading row)
    exempt: int | None  # Schedule 12A paragraph, its own or a parent item's
    exempt_notice: str | None  # "Not for publication: paragraph 3 of …"
    documents: tuple[PackDocument, ...] = ()
    children: tuple[PackItem, ...] = ()
    urgent: str | None = None  # the chair's reason for taking it as urgent, as printed
    late: bool = False  # it was to follow and has arrived: printed in the supplement

    @property
    def paper(self) -> Document | None:
        """The paper of its first document, where this pack carries it."""
        return next((d.paper for d in self.documents[:1] if d.attached), None)

    @property
    def file(self) -> Path | None:
        """The supplied PDF of its first document, where this pack carries it."""
        return next((d.file for d in self.documents[:1] if d.attached), None)

    @property
    def attached(self) -> bool:
        """Whether this pack carries pages for it (a document's, or a page withholding one)."""
        return any(d.pages for d in self.documents)

    @property
    def bookmark(self) -> str:
        return f"{self.number}: {self.title}"


@dataclass(frozen=True)
class Pack:
    slug: str  # the output name: <meeting>, <meeting>-exempt, <meeting>-supplement
    meeting: str
    kind: str
    title: str
    council: str
    committee: str
    date: str
    time: str
    venue: str
    published: str
    membership: tuple[tuple[str, str], ...]
    clerk: tuple[tuple[str, str], ...]
    items: tuple[PackItem, ...]
    layout: Layout
    language: str
    labels: PackWords
    intro: str | None = None  # under the title: the supplement's or the members' pack's note
    count_front_sheet: bool = True  # False: the pack's page numbers start at the first item

    def attached(self) -> list[PackItem]:
        """The items whose pages the pack carries, in agenda order."""
        return [i for i in flatten(self.items) if i.attached]


def flatten(items: Iterable[PackItem]) -> list[PackItem]:
    """The items and their children, depth first, in agenda order."""
    out = []
    for item in items:
        out.append(item)
        out.extend(flatten(item.children))
    return out
