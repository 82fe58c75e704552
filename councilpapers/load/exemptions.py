"""Loading stage, exemptions: which papers any meeting marks not for publication.

A paper is restricted when its own paper.yaml is exempt, or when any meeting lists it under an
exempt item (or a sub-item or document of one: exemption is inherited downwards), or lists it
as an exempt document of a public item. The build reads every meeting file to know, before a
paper is written, where its files may go: a meeting file that cannot be read stops the build
(a leak is worse than a failed build)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from councilpapers.core.errors import ContentError, Problem
from councilpapers.load.meeting import Item, LoadedMeeting, load_meeting, meetings_folder


@dataclass(frozen=True)
class Exemption:
    """Why a paper is not for publication: its Schedule 12A paragraph, and where a meeting says so."""

    paragraph: int
    where: str  # "executive-2018-02-07.yaml, item 10a"


def inherited(items: list[Item], parent: int | None = None) -> Iterator[tuple[Item, int | None]]:
    """Every item and sub-item with its paragraph: its own, else its parent item's."""
    for item in items:
        paragraph = item.exempt.paragraph if item.exempt else parent
        yield item, paragraph
        yield from inherited(item.items, paragraph)


def exempt_papers(loaded: LoadedMeeting) -> dict[str, Exemption]:
    """The papers a meeting lists as exempt (the first place it says so for each)."""
    found: dict[str, Exemption] = {}
    for item, paragraph in inherited(loaded.meeting.items):
        where = f"{loaded.file.name}, item {item.number}"
        if item.paper and paragraph:
            found.setdefault(item.paper, Exemption(paragraph, where))
        for document in item.documents:
            own = document.exempt.paragraph if document.exempt else paragraph
            if document.paper and own:
                found.setdefault(document.paper, Exemption(own, f"{where}, {document.title}"))
    return found


def meeting_exemptions(content: Path) -> dict[str, Exemption]:
    """Every paper some meeting in content/meetings/ marks exempt; every meeting's problems raised together."""
    found: dict[str, Exemption] = {}
    problems: list[Problem] = []
    for file in sorted(meetings_folder(content).glob("*.yaml")):
        try:
            loaded = load_meeting(file, content)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        for paper, exemption in exempt_papers(loaded).items():
            found.setdefault(paper, exemption)
    if problems:
        raise ContentError(problems)
    return found
