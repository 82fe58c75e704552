"""Comparing stage, the meetings: the agenda packs of content/meetings/ whose items include a
paper, and so carry a change of its figures."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from councilpapers.compose.pack import has_exempt, pack_slug
from councilpapers.core import model as m
from councilpapers.core.dates import long_date
from councilpapers.core.errors import ContentError
from councilpapers.core.pack import MEMBERS, PUBLIC
from councilpapers.load.content import find_meetings
from councilpapers.load.meeting import LoadedMeeting, load_meeting, walk
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
    for item, _ in walk(loaded.meeting.items):
        if item.paper and item.paper != paper:
            with suppress(ContentError):  # its problems are build.py check's to report
                found[item.paper] = load_paper(content / item.paper).paper
    return found


def packs_with(content: Path, paper: str, document: m.Document) -> Iterator[PackPlace]:
    """The agenda packs of content/meetings/ whose items include the paper."""
    for file in find_meetings(content):
        try:
            loaded = load_meeting(file, content)
        except ContentError:
            continue  # a meeting with problems has no packs until it is mended (build.py check)
        meeting = loaded.meeting
        members = has_exempt(loaded, {paper: document, **_other_papers(content, loaded, paper)})
        for item, _ in walk(meeting.items):
            if item.paper == paper:
                exempt = item.exempt is not None or document.exempt is not None
                kinds = ([] if exempt else [PUBLIC]) + ([MEMBERS] if members or exempt else [])
                files = [f"{pack_slug(loaded.slug, kind)}.pdf" for kind in kinds]
                yield PackPlace(
                    loaded.slug,
                    meeting.committee,
                    long_date(meeting.date),
                    item.number,
                    tuple(f"output/packs/{f}" for f in files),
                )
