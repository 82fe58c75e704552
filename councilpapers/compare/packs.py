"""Comparing stage, the meetings: the agenda packs of content/meetings/ whose items include a
paper, and so carry a change of its figures."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from councilpapers.compose.pack import has_exempt, pack_file, papers_listed
from councilpapers.core import model as m
from councilpapers.core.dates import long_date
from councilpapers.core.errors import ContentError
from councilpapers.core.pack import MEMBERS, PUBLIC
from councilpapers.load.content import find_meetings
from councilpapers.load.exemptions import inherited
from councilpapers.load.meeting import LoadedMeeting, load_meeting
from councilpapers.load.paper import load_paper
from councilpapers.load.schema.paper import Paper


@dataclass(frozen=True)
class PackPlace:
    meeting: str
    committee: str
    date: str
    item: str
    files: tuple[str, ...]  # the packs' output files carrying the paper


def _other_papers(content: Path, loaded: LoadedMeeting, paper: str) -> dict[str, Paper]:
    """The other papers of a meeting as written (their paper.yaml says whether they are exempt)."""
    found = {}
    for other in papers_listed(loaded):
        if other != paper:
            with suppress(ContentError):  # its problems are build.py check's to report
                found[other] = load_paper(content / other).paper
    return found


def _paragraph_in(loaded: LoadedMeeting, paper: str, document: m.Document) -> tuple[str, int | None] | None:
    """The item that lists the paper, and its paragraph there (the item's, a parent's, the
    document's own or the paper's), or None when the meeting does not list it."""
    for item, paragraph in inherited(loaded.meeting.items):
        if item.paper == paper:
            return item.number, paragraph or document.exempt
        for extra in item.documents:
            if extra.paper == paper:
                own = extra.exempt.paragraph if extra.exempt else paragraph
                return item.number, own or document.exempt
    return None


def packs_with(content: Path, paper: str, document: m.Document) -> Iterator[PackPlace]:
    """The agenda packs of content/meetings/ whose items include the paper."""
    for file in find_meetings(content):
        try:
            loaded = load_meeting(file, content)
        except ContentError:
            continue  # a meeting with problems has no packs until it is mended (build.py check)
        found = _paragraph_in(loaded, paper, document)
        if found is None:
            continue
        number, exempt = found
        meeting = loaded.meeting
        members = has_exempt(loaded, {paper: document, **_other_papers(content, loaded, paper)})
        kinds = ([] if exempt else [PUBLIC]) + ([MEMBERS] if members or exempt else [])
        yield PackPlace(
            loaded.slug,
            meeting.committee or "",
            long_date(meeting.date),
            number,
            tuple(pack_file(loaded.slug, kind) for kind in kinds),
        )
