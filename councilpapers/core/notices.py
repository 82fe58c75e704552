"""Core: a notice a clerk publishes about a meeting (the notices of holding part of it in
private), as the notices writer consumes it. Plain frozen dataclasses: every word and date
already as printed, in the house style's words."""

from __future__ import annotations

from dataclasses import dataclass

from councilpapers.core.page import Layout

# The kinds of notice: of intention (28 clear days before), further (5 clear days before), urgent.
INTENTION, FURTHER, URGENT = "intention", "further", "urgent"


@dataclass(frozen=True)
class NoticeItem:
    """An item the meeting will consider in private, and why (its Schedule 12A paragraph, in words)."""

    number: str
    title: str
    exempt: str


@dataclass(frozen=True)
class NoticeSection:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class MeetingNotice:
    """One notice: its title, the meeting's details, its paragraphs, the items, further sections
    (reasons, representations, the response) and who to contact."""

    slug: str  # the file name without its suffix: "<meeting>-private-notice"
    kind: str  # INTENTION, FURTHER or URGENT
    title: str
    council: str
    fields: tuple[tuple[str, str], ...]  # (label, value): the meeting, its date, time, venue, the notice's date
    intro: tuple[str, ...]
    items_heading: str
    columns: tuple[str, str, str]  # item, business, exempt information
    items: tuple[NoticeItem, ...]
    sections: tuple[NoticeSection, ...]
    contact_heading: str
    contact: tuple[tuple[str, str], ...]  # (label, value): the clerk's name, telephone, email
    language: str
    layout: Layout
