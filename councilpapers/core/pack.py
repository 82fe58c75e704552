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
class PackItem:
    number: str
    title: str
    purpose: str | None
    kind: str  # procedural, paper, document, to-follow or heading
    exempt: int | None  # Schedule 12A paragraph
    exempt_notice: str | None  # "Not for publication: paragraph 3 of …"
    paper: Document | None = None
    file: Path | None = None  # a supplied PDF
    attached: bool = False  # this pack carries its pages
    children: tuple[PackItem, ...] = ()

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
