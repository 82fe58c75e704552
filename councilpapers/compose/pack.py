"""Composing stage, agenda packs: a meeting and the papers it names → a Pack (core/pack.py).

What is restricted is decided here, once: an item is exempt when it, a parent item or its
report's paper is; each of its documents is exempt when it or its item is. The public pack
lists an exempt item without its pages (its agenda line says why) and carries, for an exempt
document of a public item, a page that names its paragraph; the members' pack carries
everything. The supplement carries the items that were to follow and have arrived (a members'
supplement, the exempt ones too). Exempt business is headed Part B, under the exclusion
resolution drafted from its paragraphs.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from councilpapers.compose.notice import notice_warnings
from councilpapers.core.dates import long_date
from councilpapers.core.errors import Problem
from councilpapers.core.model import Document
from councilpapers.core.pack import (
    MEMBERS,
    MEMBERS_SUPPLEMENT,
    PUBLIC,
    RESTRICTED_PACKS,
    SUPPLEMENT,
    Pack,
    PackDocument,
    PackItem,
    PackWords,
    flatten,
)
from councilpapers.core.page import Layout
from councilpapers.core.placeholders import fill
from councilpapers.load.exemptions import inherited
from councilpapers.load.meeting import Item, LoadedMeeting, Meeting, Member, supplied_file, walk
from councilpapers.load.schema.paper import Paper
from councilpapers.load.style import HouseStyle, Labels, PackLabels


def pack_slug(meeting: str, kind: str) -> str:
    """A pack's file name: the meeting's for the public pack, with its kind for the others."""
    return meeting if kind == PUBLIC else f"{meeting}-{kind}"


def pack_file(meeting: str, kind: str) -> str:
    """Where a pack is written, from the project: a public pack in the meeting's publication
    folder, a members' pack under output/restricted/."""
    name = f"{pack_slug(meeting, kind)}.pdf"
    return f"output/restricted/{name}" if kind in RESTRICTED_PACKS else f"output/meetings/{meeting}/{name}"


def published_name(document: str) -> str:
    """A supplied PDF's file name in the publication folder: its path under content/meetings/,
    folders joined by hyphens, so that a/report.pdf and b/report.pdf stay two files."""
    return document.replace("\\", "/").strip("/").replace("/", "-")


def has_exempt(loaded: LoadedMeeting, papers: Mapping[str, Document | Paper]) -> bool:
    """Whether anything on the agenda is exempt: an item (or a parent), a document, or a paper."""
    for item, paragraph in inherited(loaded.meeting.items):
        if paragraph or _exempt_paper(item.paper, papers):
            return True
        if any(d.exempt or _exempt_paper(d.paper, papers) for d in item.documents):
            return True
    return False


def _exempt_paper(paper: str | None, papers: Mapping[str, Document | Paper]) -> bool:
    return paper is not None and paper in papers and bool(papers[paper].exempt)


def exempt_arrivals(loaded: LoadedMeeting, papers: Mapping[str, Document]) -> bool:
    """Whether an item that was to follow has arrived and is exempt: it needs a members' supplement."""
    return any(
        item.to_follow and (item.paper or item.document) and (paragraph or _exempt_paper(item.paper, papers))
        for item, paragraph in inherited(loaded.meeting.items)
    )


@dataclass(frozen=True)
class Composing:
    """What composing each item of one pack shares."""

    kind: str
    papers: Mapping[str, Document]
    content: Path
    notice: str  # the exempt notice, with {paragraph}
    labels: PackLabels

    @property
    def members(self) -> bool:
        return self.kind in (MEMBERS, MEMBERS_SUPPLEMENT)

    @property
    def supplement(self) -> bool:
        return self.kind in (SUPPLEMENT, MEMBERS_SUPPLEMENT)

    def exempt_notice(self, paragraph: int | None) -> str | None:
        return fill(self.notice, {"paragraph": str(paragraph)}) if paragraph else None


def compose_pack(
    loaded: LoadedMeeting,
    style: HouseStyle,
    papers: dict[str, Document],
    layout: Layout,
    content: Path,
    kind: str = PUBLIC,
) -> Pack:
    meeting, labels = loaded.meeting, style.pack_labels
    notice = Labels.model_validate(style.labels.model_dump()).exempt_notice
    c = Composing(kind, papers, content, notice, labels)
    items = tuple(_item(c, i, None) for i in meeting.items)
    if c.supplement:
        items = tuple(i for i in (_only_followed(i) for i in items) if i is not None)
    items = with_part_b(items, labels)
    heading = labels.supplement if c.supplement else labels.agenda
    return Pack(
        pack_slug(loaded.slug, kind),
        loaded.slug,
        kind,
        f"{meeting.committee} – {long_date(meeting.date)}: {heading}",
        meeting.council or style.council or "",
        meeting.committee or "",
        long_date(meeting.date),
        meeting.time or "",
        meeting.venue or "",
        long_date(publication_date(meeting, kind)),
        _membership(meeting, labels),
        _clerk(meeting, style),
        items,
        layout,
        style.language,
        pack_words(labels),
        _intro(meeting, labels, kind),
        style.pack_numbering.count_front_sheet,
    )


def publication_date(meeting: Meeting, kind: str) -> datetime.date:
    """The agenda's publication date, or the supplement's own (which the build requires)."""
    if kind in (SUPPLEMENT, MEMBERS_SUPPLEMENT) and meeting.supplement_published:
        return meeting.supplement_published
    return meeting.published


def supplement_problems(loaded: LoadedMeeting) -> list[Problem]:
    """A supplement is published on its own date, not the agenda's."""
    if loaded.meeting.supplement_published:
        return []
    return [
        loaded.source.problem((), "a supplement needs its own publication date: add `supplement_published: YYYY-MM-DD`")
    ]


def _intro(meeting: Meeting, labels: PackLabels, kind: str) -> str | None:
    lines = []
    if kind in (SUPPLEMENT, MEMBERS_SUPPLEMENT):
        lines.append(fill(labels.supplement_intro, {"published": long_date(meeting.published)}))
    if kind in (MEMBERS, MEMBERS_SUPPLEMENT):
        lines.append(labels.exempt_pack)
    return " ".join(lines) or None


def pack_words(labels: PackLabels) -> PackWords:
    """The house style's words that the pack's pages print."""
    return PackWords(**labels.model_dump(include={f.name for f in fields(PackWords)}))


def _item(c: Composing, item: Item, parent: int | None) -> PackItem:
    report = c.papers.get(item.paper) if item.paper else None
    own = item.exempt.paragraph if item.exempt else parent
    exempt = own or (report.exempt if report is not None else None)
    shown = c.members or not exempt
    arrived = not item.to_follow or c.supplement
    documents = _documents(c, item, exempt, shown and arrived)
    return PackItem(
        item.number,
        item.title,
        item.purpose,
        _kind(item),
        exempt,
        c.exempt_notice(exempt),
        documents,
        tuple(_item(c, child, exempt) for child in item.items),
        fill(c.labels.urgent, {"reason": item.urgent.reason}) if item.urgent else None,
        late=item.to_follow and bool(item.paper or item.document),
    )


def _documents(c: Composing, item: Item, exempt: int | None, carried: bool) -> tuple[PackDocument, ...]:
    """The item's report, then its other documents, each exempt with its item or on its own."""
    found: list[PackDocument] = []
    if item.paper or item.document:
        title = c.labels.report if item.documents else item.title
        found.append(_document(c, title, f"{item.number}#1", exempt, item.paper, item.document, carried))
    for index, extra in enumerate(item.documents, start=len(found) + 1):
        own = extra.exempt.paragraph if extra.exempt else exempt
        found.append(_document(c, extra.title, f"{item.number}#{index}", own, extra.paper, extra.document, carried))
    return tuple(found)


def _document(
    c: Composing, title: str, key: str, exempt: int | None, paper: str | None, document: str | None, carried: bool
) -> PackDocument:
    composed = c.papers.get(paper) if paper else None
    exempt = exempt or (composed.exempt if composed is not None else None)
    shown = c.members or not exempt
    return PackDocument(
        title,
        key,
        exempt,
        c.exempt_notice(exempt),
        composed if shown else None,
        supplied_file(c.content, document) if document and shown else None,
        attached=carried and shown,
        withheld=carried and not shown,
        published=published_name(document) if document else None,
        withheld_text=fill(c.labels.withheld, {"title": title, "paragraph": str(exempt)})
        if carried and not shown
        else None,
    )


def _kind(item: Item) -> str:
    if item.to_follow and not (item.paper or item.document):
        return "to-follow"
    if item.procedural:
        return "procedural"
    return "paper" if item.paper else "document" if item.document or item.documents else "heading"


def _only_followed(item: PackItem) -> PackItem | None:
    """The supplement keeps the items that were to follow and have arrived (and their parents)."""
    children = tuple(c for c in (_only_followed(c) for c in item.children) if c is not None)
    if item.late:
        return replace(item, children=children)
    if children:
        return replace(
            item, documents=tuple(replace(d, attached=False, withheld=False) for d in item.documents), children=children
        )
    return None


def with_part_b(items: tuple[PackItem, ...], labels: PackLabels) -> tuple[PackItem, ...]:
    """A Part B heading row before the first exempt item, with the exclusion resolution drafted
    from the exempt items' paragraphs."""
    first = next((n for n, item in enumerate(items) if item.exempt), None)
    if first is None:
        return items
    paragraphs = sorted({i.exempt for i in flatten(items[first:]) if i.exempt})
    resolution = fill(labels.exclusion, {"paragraphs": paragraphs_named(paragraphs)})
    heading = PackItem("", labels.part_b, resolution, "part", None, None)
    return (*items[:first], heading, *items[first:])


def paragraphs_named(paragraphs: list[int]) -> str:
    """ "paragraph 3", "paragraphs 1 and 3", "paragraphs 1, 3 and 4"."""
    if len(paragraphs) == 1:
        return f"paragraph {paragraphs[0]}"
    return f"paragraphs {', '.join(map(str, paragraphs[:-1]))} and {paragraphs[-1]}"


def part_b_warnings(loaded: LoadedMeeting, pack: Pack) -> list[str]:
    """Public business listed after exempt business: Part B is taken last."""
    first = next((n for n, item in enumerate(pack.items) if item.kind == "part"), None)
    if first is None:
        return []
    public = [i.number for i in pack.items[first + 1 :] if not i.exempt and i.kind != "part"]
    return [
        f"{loaded.file.name}: item {number} is public business after the exempt business (Part B): "
        "list exempt items last"
        for number in public
    ]


def _person(person: str | Member) -> str:
    if isinstance(person, str):
        return person
    party = f" ({person.party})" if person.party else ""
    role = f", {person.role}" if person.role else ""
    return f"{person.name}{party}{role}"


def _membership(meeting: Meeting, labels: PackLabels) -> tuple[tuple[str, str], ...]:
    members = meeting.membership
    if members is None:
        return ()
    lines: list[tuple[str, str | Member | None]] = [(labels.chair, members.chair), (labels.deputy, members.deputy)]
    lines += [(labels.members if i == 0 else "", name) for i, name in enumerate(members.members)]
    lines += [(labels.substitutes if i == 0 else "", name) for i, name in enumerate(members.substitutes)]
    return tuple((label, _person(name)) for label, name in lines if name)


def _clerk(meeting: Meeting, style: HouseStyle) -> tuple[tuple[str, str], ...]:
    clerk, labels = meeting.clerk, style.labels
    if clerk is None:
        return ()
    lines = [(labels.name, clerk.name), (labels.telephone, clerk.telephone), (labels.email, clerk.email)]
    return tuple((label, value) for label, value in lines if value)


def pack_warnings(loaded: LoadedMeeting, kind: str) -> list[str]:
    return notice_warnings(loaded, kind)  # compose/notice.py: the nation's rules, located


def draft_warnings(loaded: LoadedMeeting, packs: Iterable[Pack]) -> list[str]:
    """A draft paper in a pack (the public one or the members'): each of its pages carries the
    DRAFT mark, which a clerk should know before the pack is published."""
    drafts = {
        item.number: d.paper.slug
        for pack in packs
        for item in pack.attached()
        for d in item.documents
        if d.paper and d.attached and d.paper.draft
    }
    return [
        f"{loaded.file.name}: item {number}, {slug}, is a draft (status: draft in its paper.yaml): "
        "every page of it in the pack is marked DRAFT"
        for number, slug in drafts.items()
    ]


def papers_listed(loaded: LoadedMeeting) -> list[str]:
    """Every paper the meeting lists: items' reports and their other documents."""
    found = []
    for item, _ in walk(loaded.meeting.items):
        found += [item.paper] if item.paper else []
        found += [d.paper for d in item.documents if d.paper]
    return sorted(set(found))
