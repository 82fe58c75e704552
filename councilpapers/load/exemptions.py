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

from councilpapers.core.errors import ContentError
from councilpapers.load.meeting import Item, LoadedMeeting, load_meetings, meetings_folder, supplied_file


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


def exempt_documents(loaded: LoadedMeeting) -> dict[Path, Exemption]:
    """The supplied PDFs a meeting lists as exempt (its own, or its item's)."""
    found: dict[Path, Exemption] = {}
    content = loaded.file.parent.parent
    for item, paragraph in inherited(loaded.meeting.items):
        where = f"{loaded.file.name}, item {item.number}"
        if item.document and paragraph:
            found.setdefault(supplied_file(content, item.document), Exemption(paragraph, where))
        for document in item.documents:
            own = document.exempt.paragraph if document.exempt else paragraph
            if document.document and own:
                found.setdefault(
                    supplied_file(content, document.document), Exemption(own, f"{where}, {document.title}")
                )
    return found


_LOADED: dict[tuple[object, ...], list[LoadedMeeting] | ContentError] = {}


def every_meeting(content: Path) -> list[LoadedMeeting]:
    """Every meeting of content/meetings/, loaded; every meeting's problems raised together.
    Remembered while no file of content/meetings/, no committee and no paper.yaml changes (a build loads each paper,
    and each paper asks which meetings make it exempt)."""
    files = [
        *sorted(p for p in meetings_folder(content).rglob("*") if p.is_file()),
        *sorted((content / "committees").glob("*.yaml")),
        *sorted(content.glob("*/paper.yaml")),
    ]
    key = (content.resolve(), *((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files))
    if key not in _LOADED:
        try:
            _LOADED[key] = _every_meeting(content)
        except ContentError as exc:
            _LOADED[key] = exc
    found = _LOADED[key]
    if isinstance(found, ContentError):
        raise ContentError(found.problems)
    return found


def _every_meeting(content: Path) -> list[LoadedMeeting]:
    return load_meetings(sorted(meetings_folder(content).glob("*.yaml")), content)


def meeting_exemptions(content: Path) -> dict[str, Exemption]:
    """Every paper some meeting in content/meetings/ marks exempt."""
    found: dict[str, Exemption] = {}
    for loaded in every_meeting(content):
        for paper, exemption in exempt_papers(loaded).items():
            found.setdefault(paper, exemption)
    return found


def exempt_supplied(content: Path) -> dict[Path, Exemption]:
    """Every supplied PDF some meeting marks exempt."""
    found: dict[Path, Exemption] = {}
    for loaded in every_meeting(content):
        for file, exemption in exempt_documents(loaded).items():
            found.setdefault(file, exemption)
    return found


def own_exemption(paper_yaml: Path) -> bool:
    """Whether a paper.yaml says `exempt:` (read as YAML only: the paper is loaded properly when
    it is built; a file that is no YAML is exempt if a line of it starts `exempt:`, to be safe)."""
    import re

    from councilpapers.load.yamlsource import load_yaml

    try:
        data = load_yaml(paper_yaml).data
    except ContentError:
        text = paper_yaml.read_text(encoding="utf-8", errors="replace") if paper_yaml.is_file() else ""
        return re.search(r"^exempt\s*:", text, re.MULTILINE) is not None
    return isinstance(data, dict) and bool(data.get("exempt"))
