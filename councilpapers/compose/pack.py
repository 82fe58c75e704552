"""Composing stage, agenda packs: a meeting and the papers it names → a Pack (core/pack.py).

Which items a pack carries depends on its kind: the public pack leaves exempt items out
(their agenda line says why), the members' pack includes them, the supplement carries the
items that were to follow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from pathlib import Path

from councilpapers.compose.notice import notice_warning
from councilpapers.core.dates import long_date
from councilpapers.core.model import Document
from councilpapers.core.pack import MEMBERS, PUBLIC, SUPPLEMENT, Pack, PackItem, PackWords
from councilpapers.core.page import Layout
from councilpapers.load.meeting import Item, LoadedMeeting, Meeting, supplied_file, walk
from councilpapers.load.schema.paper import Paper
from councilpapers.load.style import HouseStyle, Labels, PackLabels


def pack_slug(meeting: str, kind: str) -> str:
    """A pack's file name: the meeting's for the public pack, with its kind for the others."""
    return meeting if kind == PUBLIC else f"{meeting}-{kind}"


def has_exempt(loaded: LoadedMeeting, papers: Mapping[str, Document | Paper]) -> bool:
    """Whether an item is exempt: marked so in the meeting, or its paper (a Document or its
    paper.yaml) marked so."""
    return any(item.exempt or _exempt_paper(item.paper, papers) for item, _ in walk(loaded.meeting.items))


def _exempt_paper(paper: str | None, papers: Mapping[str, Document | Paper]) -> bool:
    return paper is not None and paper in papers and bool(papers[paper].exempt)


def compose_pack(
    loaded: LoadedMeeting,
    style: HouseStyle,
    papers: dict[str, Document],
    layout: Layout,
    content: Path,
    kind: str = PUBLIC,
) -> Pack:
    meeting, labels = loaded.meeting, style.pack_labels
    council = meeting.council or style.council or ""
    notice = Labels.model_validate(style.labels.model_dump()).exempt_notice
    items = tuple(_item(i, kind, papers, content, notice) for i in meeting.items)
    if kind == SUPPLEMENT:
        items = tuple(i for i in (_only_followed(i) for i in items) if i is not None)
    slug = pack_slug(loaded.slug, kind)
    heading = labels.supplement if kind == SUPPLEMENT else labels.agenda
    intro = (
        labels.supplement_intro.format(published=long_date(meeting.published))
        if kind == SUPPLEMENT
        else labels.exempt_pack
        if kind == MEMBERS
        else None
    )
    published = (
        meeting.supplement_published if kind == SUPPLEMENT and meeting.supplement_published else meeting.published
    )
    return Pack(
        slug,
        loaded.slug,
        kind,
        f"{meeting.committee} – {long_date(meeting.date)}: {heading}",
        council,
        meeting.committee,
        long_date(meeting.date),
        meeting.time,
        meeting.venue,
        long_date(published),
        _membership(meeting, labels),
        _clerk(meeting, style),
        items,
        layout,
        style.language,
        pack_words(labels),
        intro,
    )


def pack_words(labels: PackLabels) -> PackWords:
    """The house style's words that the pack's pages print."""
    return PackWords(**labels.model_dump(include={f.name for f in fields(PackWords)}))


def _item(item: Item, kind: str, papers: dict[str, Document], content: Path, notice: str) -> PackItem:
    paper = papers.get(item.paper) if item.paper else None
    exempt = item.exempt.paragraph if item.exempt else paper.exempt if paper is not None else None
    attachable = bool(item.paper or item.document)
    shown = kind == MEMBERS or not exempt
    attached = attachable and shown and (not item.to_follow or kind == SUPPLEMENT)
    return PackItem(
        item.number,
        item.title,
        item.purpose,
        _kind(item),
        exempt,
        notice.format(paragraph=exempt) if exempt else None,
        papers.get(item.paper) if item.paper and shown else None,
        supplied_file(content, item.document) if item.document and shown else None,
        attached,
        tuple(_item(child, kind, papers, content, notice) for child in item.items),
    )


def _kind(item: Item) -> str:
    if item.to_follow:
        return "to-follow"
    if item.procedural:
        return "procedural"
    return "paper" if item.paper else "document" if item.document else "heading"


def _only_followed(item: PackItem) -> PackItem | None:
    """The supplement keeps the items that were to follow (and the parents of such sub-items)."""
    children = tuple(c for c in (_only_followed(c) for c in item.children) if c is not None)
    if item.kind == "to-follow" or children:
        return PackItem(
            item.number,
            item.title,
            item.purpose,
            item.kind,
            item.exempt,
            item.exempt_notice,
            item.paper,
            item.file,
            item.attached and item.kind == "to-follow",
            children,
        )
    return None


def _membership(meeting: Meeting, labels: PackLabels) -> tuple[tuple[str, str], ...]:
    members = meeting.membership
    if members is None:
        return ()
    lines = [(labels.chair, members.chair), (labels.deputy, members.deputy)]
    lines += [(labels.members if i == 0 else "", name) for i, name in enumerate(members.members)]
    return tuple((label, name) for label, name in lines if name)


def _clerk(meeting: Meeting, style: HouseStyle) -> tuple[tuple[str, str], ...]:
    clerk, labels = meeting.clerk, style.labels
    if clerk is None:
        return ()
    lines = [(labels.name, clerk.name), (labels.telephone, clerk.telephone), (labels.email, clerk.email)]
    return tuple((label, value) for label, value in lines if value)


def pack_warnings(loaded: LoadedMeeting, kind: str) -> list[str]:
    meeting = loaded.meeting
    published = (
        meeting.supplement_published if kind == SUPPLEMENT and meeting.supplement_published else meeting.published
    )
    warning = notice_warning(published, meeting.date, meeting.closures)
    return [f"{loaded.file.name}: {warning}"] if warning else []


def draft_warnings(loaded: LoadedMeeting, packs: Iterable[Pack]) -> list[str]:
    """A draft paper in a pack (the public one or the members'): each of its pages carries the
    DRAFT mark, which a clerk should know before the pack is published."""
    drafts = {
        item.number: item.paper.slug for pack in packs for item in pack.attached() if item.paper and item.paper.draft
    }
    return [
        f"{loaded.file.name}: item {number}, {slug}, is a draft (status: draft in its paper.yaml): "
        "every page of it in the pack is marked DRAFT"
        for number, slug in drafts.items()
    ]
