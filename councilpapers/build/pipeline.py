"""The pipeline: load → compose → write, every paper gathered before any file is written."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from councilpapers.core.errors import ContentError, Problem, UsageError

if TYPE_CHECKING:
    from councilpapers.compose.document import Composed
    from councilpapers.core.model import Document
    from councilpapers.core.notices import MeetingNotice
    from councilpapers.core.pack import Pack
    from councilpapers.load.meeting import LoadedMeeting


@dataclass(frozen=True)
class Built:
    slug: str
    composed: Composed
    style: str = ""  # the name of its house style
    report_to: tuple[tuple[str, datetime.date], ...] = ()  # its paper.yaml's report-to lines
    dated: bool = False  # its style's report type requires the meeting date


def compose_all(folders: list[Path]) -> list[Built]:
    """Load and compose every paper; all problems of all papers are raised together."""
    from councilpapers.compose.document import compose
    from councilpapers.load.defaults import default_style
    from councilpapers.load.paper import load_paper

    built: list[Built] = []
    problems: list[Problem] = []
    for folder in folders:
        try:
            loaded = load_paper(folder)
            style = loaded.paper.style or default_style(folder.parent)
            lines = tuple((r.body, r.date) for r in loaded.paper.report_to)
            kind = loaded.style.report_type(loaded.paper.report_type)
            dated = kind is not None and "meeting_date" in kind.requires
            built.append(Built(folder.name, compose(loaded), style, lines, dated))
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return built


def write_all(files: dict[Path, bytes], removed: list[Path] | None = None) -> None:
    """Every file of the build, all or nothing (see output.py); then the files of earlier builds
    that no longer belong where they are are removed."""
    from councilpapers.build.output import remove_outputs, write_all_or_nothing

    write_all_or_nothing(files)
    remove_outputs([p for p in removed or [] if p not in files])


# ---- agenda packs ----------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltMeeting:
    slug: str
    packs: tuple[Pack, ...]  # public, then the members' pack or the supplement
    warnings: tuple[str, ...]
    papers: tuple[str, ...]  # the papers its items attach
    documents: tuple[Path, ...]  # the PDFs supplied for it
    agenda: Pack  # the public agenda (composed for a supplement build too): its page and folder
    notices: tuple[MeetingNotice, ...] = ()  # the notices of holding part of it in private


def load_meetings(files: list[Path], content: Path) -> list[LoadedMeeting]:
    """Every meeting file loaded and checked; all problems of all meetings raised together."""
    from councilpapers.load.meeting import load_meetings as load

    return load(files, content)


def papers_of(meetings: list[LoadedMeeting]) -> list[str]:
    """Every paper the meetings list (items' reports and their other documents)."""
    from councilpapers.compose.pack import papers_listed

    return sorted({paper for m in meetings for paper in papers_listed(m)})


def pack_kinds(loaded: LoadedMeeting, papers: dict[str, Document], supplement: bool) -> list[str]:
    """The packs a meeting gets: the public pack and, with exempt business, the members' pack;
    or the supplement and, with an exempt late item, the members' supplement."""
    from councilpapers.compose.pack import exempt_arrivals, has_exempt
    from councilpapers.core.pack import MEMBERS, MEMBERS_SUPPLEMENT, PUBLIC, SUPPLEMENT

    if supplement:
        return [SUPPLEMENT] + ([MEMBERS_SUPPLEMENT] if exempt_arrivals(loaded, papers) else [])
    return [PUBLIC] + ([MEMBERS] if has_exempt(loaded, papers) else [])


def compose_meetings(
    meetings: list[LoadedMeeting], built: list[Built], content: Path, supplement: bool = False
) -> list[BuiltMeeting]:
    """Each meeting's packs: the public pack and, where it has exempt items, the members' pack
    (or, with `supplement`, the supplementary packs of the items that were to follow)."""
    from dataclasses import replace

    from councilpapers.compose.agenda import agenda_warnings, date_problems
    from councilpapers.compose.layout import layout_of
    from councilpapers.compose.pack import (
        compose_pack,
        draft_warnings,
        pack_warnings,
        part_b_warnings,
        supplement_problems,
    )
    from councilpapers.compose.privatemeeting import compose_private_notices
    from councilpapers.core.dates import long_date
    from councilpapers.core.pack import PUBLIC
    from councilpapers.core.page import Running
    from councilpapers.load.defaults import default_style
    from councilpapers.load.meeting import walk
    from councilpapers.load.style import load_style

    papers = {b.slug: b.composed.document for b in built}
    report_to = {b.slug: b.report_to for b in built}
    out: list[BuiltMeeting] = []
    for loaded in meetings:
        meeting = loaded.meeting
        style = load_style(meeting.style or default_style(content))
        values = {
            "council": meeting.council or style.council or "",
            "subject": meeting.committee or "",
            "committee": meeting.committee or "",
            "date": long_date(meeting.date),
        }
        layout = replace(layout_of(style, values), header=Running(), footer=Running())
        if supplement:
            if not any(i.to_follow and (i.paper or i.document) for i, _ in walk(meeting.items)):
                raise UsageError(f"{loaded.file.name}: no item that was to follow has its paper or document yet")
            if problems := supplement_problems(loaded):
                raise ContentError(problems)
        if problems := date_problems(loaded, report_to, {b.slug for b in built if b.dated}):
            raise ContentError(problems)
        kinds = pack_kinds(loaded, papers, supplement)
        packs = tuple(compose_pack(loaded, style, papers, layout, content, kind) for kind in kinds)
        agenda = packs[0] if not supplement else compose_pack(loaded, style, papers, layout, content, PUBLIC)
        documents = tuple(
            d.file for p in packs for i in p.attached() for d in i.documents if d.file is not None and d.attached
        )
        warnings = pack_warnings(loaded, kinds[0]) + draft_warnings(loaded, packs) + part_b_warnings(loaded, packs[0])
        warnings += agenda_warnings(loaded, report_to)
        out.append(
            BuiltMeeting(
                packs[0].slug if not supplement else loaded.slug,
                packs,
                tuple(warnings),
                tuple(papers_of([loaded])),
                tuple(dict.fromkeys(documents)),
                agenda,
                compose_private_notices(loaded, style),
            )
        )
    return out
