"""The pipeline: load → compose → write, every paper gathered before any file is written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from councilpapers.core.errors import ContentError, Problem, UsageError

if TYPE_CHECKING:
    from councilpapers.compose.document import Composed
    from councilpapers.core.pack import Pack
    from councilpapers.load.meeting import LoadedMeeting


@dataclass(frozen=True)
class Built:
    slug: str
    composed: Composed
    style: str = ""  # the name of its house style


def compose_all(folders: list[Path]) -> list[Built]:
    """Load and compose every paper; all problems of all papers are raised together."""
    from councilpapers.compose.document import compose
    from councilpapers.load.paper import default_style, load_paper

    built: list[Built] = []
    problems: list[Problem] = []
    for folder in folders:
        try:
            loaded = load_paper(folder)
            style = loaded.paper.style or default_style(folder.parent)
            built.append(Built(folder.name, compose(loaded), style))
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return built


def write_all(files: dict[Path, bytes]) -> None:
    """Every file of the build, all or nothing (see output.py)."""
    from councilpapers.build.output import write_all_or_nothing

    write_all_or_nothing(files)


# ---- agenda packs ----------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltMeeting:
    slug: str
    packs: tuple[Pack, ...]  # public, then the members' pack or the supplement
    warnings: tuple[str, ...]
    papers: tuple[str, ...]  # the papers its items attach
    documents: tuple[Path, ...]  # the PDFs supplied for it


def load_meetings(files: list[Path], content: Path) -> list[LoadedMeeting]:
    """Every meeting file loaded and checked; all problems of all meetings raised together."""
    from councilpapers.load.meeting import load_meeting

    loaded: list[LoadedMeeting] = []
    problems: list[Problem] = []
    for file in files:
        try:
            loaded.append(load_meeting(file, content))
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return loaded


def papers_of(meetings: list[LoadedMeeting]) -> list[str]:
    from councilpapers.load.meeting import walk

    return sorted({item.paper for m in meetings for item, _ in walk(m.meeting.items) if item.paper})


def compose_meetings(
    meetings: list[LoadedMeeting], built: list[Built], content: Path, supplement: bool = False
) -> list[BuiltMeeting]:
    """Each meeting's packs: the public pack and, where it has exempt items, the members' pack
    (or, with `supplement`, the supplementary pack of the items that were to follow)."""
    from dataclasses import replace

    from councilpapers.compose.layout import layout_of
    from councilpapers.compose.pack import compose_pack, draft_warnings, has_exempt, pack_warnings
    from councilpapers.core.dates import long_date
    from councilpapers.core.pack import MEMBERS, PUBLIC, SUPPLEMENT
    from councilpapers.core.page import Running
    from councilpapers.load.meeting import walk
    from councilpapers.load.paper import default_style
    from councilpapers.load.style import load_style

    papers = {b.slug: b.composed.document for b in built}
    out: list[BuiltMeeting] = []
    for loaded in meetings:
        meeting = loaded.meeting
        style = load_style(meeting.style or default_style(content))
        values = {
            "council": meeting.council or style.council or "",
            "subject": meeting.committee,
            "committee": meeting.committee,
            "date": long_date(meeting.date),
        }
        layout = replace(layout_of(style, values), header=Running(), footer=Running())
        kinds = [SUPPLEMENT] if supplement else [PUBLIC] + ([MEMBERS] if has_exempt(loaded, papers) else [])
        if supplement and not any(i.to_follow and (i.paper or i.document) for i, _ in walk(meeting.items)):
            raise UsageError(f"{loaded.file.name}: no item that was to follow has its paper or document yet")
        packs = tuple(compose_pack(loaded, style, papers, layout, content, kind) for kind in kinds)
        documents = tuple(p.file for p in packs[0].attached() if p.file is not None)
        out.append(
            BuiltMeeting(
                packs[0].slug if not supplement else loaded.slug,
                packs,
                tuple(pack_warnings(loaded, kinds[0]) + draft_warnings(loaded, packs)),
                tuple(papers_of([loaded])),
                documents,
            )
        )
    return out
