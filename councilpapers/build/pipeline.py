"""The pipeline: load → compose → write, every paper gathered before any file is written."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from councilpapers.core.errors import ContentError, PaperError, Problem, RenderError, UsageError

if TYPE_CHECKING:
    from councilpapers.compose.document import Composed


@dataclass(frozen=True)
class Built:
    slug: str
    composed: Composed
    style: str = ""  # the name of its house style


def compose_all(folders: list[Path]) -> list[Built]:
    """Load and compose every paper; all problems of all papers are raised together."""
    from councilpapers.compose.document import compose
    from councilpapers.load.paper import default_style, load_paper

    built, problems = [], []
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


def progress(message: str) -> None:
    """What a long build is doing, on stderr as it starts each paper or pack."""
    import sys

    print(f"  {message} …", file=sys.stderr, flush=True)


def render_all(built: list[Built], writers: list, output: Path, debug: bool = False) -> dict[Path, bytes]:
    """Every output file's bytes, in memory; nothing is written yet."""
    files = {}
    for number, b in enumerate(built, start=1):
        files.update(render_paper(b, writers, output, debug, f"[{number}/{len(built)}]"))
    return files


def render_paper(b: Built, writers: list, output: Path, debug: bool = False, counter: str = "") -> dict[Path, bytes]:
    """One paper's files from the writers that apply to it, in memory."""
    chosen = [w for w in writers if w.applies(b.composed.document)]
    progress(f"{counter} {b.slug}: {', '.join(w.name for w in chosen)}".strip())
    return {output / f"{b.slug}{w.suffix}": render_file(b, w, debug) for w in chosen}


def render_file(b: Built, writer, debug: bool = False, **options) -> bytes:
    """One file of a paper."""
    with one_line_failures(f"the {writer.name} writer failed on {b.slug}", debug):
        return writer.render(b.composed.document, **options)


@contextmanager
def one_line_failures(what: str, debug: bool):
    """A writer's unexpected failure as one line saying `what` (the traceback with --debug)."""
    try:
        yield
    except PaperError:
        raise
    except Exception as exc:
        if debug:
            raise
        raise RenderError(f"{what}: {type(exc).__name__}: {exc} (run with --debug for the traceback)") from exc


def write_all(files: dict[Path, bytes]) -> None:
    """Every file of the build, all or nothing (see output.py)."""
    from councilpapers.build.output import write_all_or_nothing

    write_all_or_nothing(files)


def unaccepted(disagreements, mismatches, strict: bool = False) -> list:
    """The published figures a check fails on: beyond the table's tolerance and not accepted
    with a reason (accepted ones too when `strict`), and reconciliations apart."""
    beyond = [d for d in disagreements if not d.within_tolerance]
    return [d for d in beyond if strict or not d.accepted] + [m for m in mismatches if strict or not m.accepted]


def problems_of(folders: list[Path]) -> tuple[list[Problem], list, list, list[str]]:
    """For `check`: every content problem, every published figure that differs from the
    computed one, every reconciliation that fails, and warnings (tables that cannot fit)."""
    from councilpapers.build.overflow import overflow_warnings
    from councilpapers.compose.document import compose
    from councilpapers.load.paper import load_paper

    problems: list[Problem] = []
    disagreements: list = []
    mismatches: list = []
    warnings: list[str] = []
    for folder in folders:
        try:
            composed = compose(load_paper(folder))
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        disagreements.extend(composed.disagreements)
        mismatches.extend(composed.mismatches)
        warnings.extend(overflow_warnings(composed.document))
    return problems, disagreements, mismatches, warnings


# ---- agenda packs ----------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltMeeting:
    slug: str
    packs: tuple  # Pack: public, then the members' pack or the supplement
    warnings: tuple[str, ...]
    papers: tuple[str, ...]  # the papers its items attach
    documents: tuple[Path, ...]  # the PDFs supplied for it


def load_meetings(files: list[Path], content: Path) -> list:
    """Every meeting file loaded and checked; all problems of all meetings raised together."""
    from councilpapers.load.meeting import load_meeting

    loaded, problems = [], []
    for file in files:
        try:
            loaded.append(load_meeting(file, content))
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return loaded


def papers_of(meetings: list) -> list[str]:
    from councilpapers.load.meeting import walk

    return sorted({item.paper for m in meetings for item, _ in walk(m.meeting.items) if item.paper})


def compose_meetings(meetings: list, built: list[Built], content: Path, supplement: bool = False) -> list[BuiltMeeting]:
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
    out = []
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


def render_meetings(meetings: list[BuiltMeeting], output: Path) -> tuple[dict, list]:
    """Every pack's PDF and web page, and the supplied PDFs they link to, in memory."""
    from councilpapers.writers.pack import write_pack_html, write_pack_pdf

    files: dict[Path, bytes] = {}
    warnings: list[str] = []
    folder = output / "packs"
    for built in meetings:
        warnings.extend(built.warnings)
        for pack in built.packs:
            progress(f"pack {pack.slug}: {len(pack.attached())} item{'s' if len(pack.attached()) != 1 else ''}")
            result = write_pack_pdf(pack)
            files[folder / f"{pack.slug}.pdf"] = result.data
            warnings.extend(result.warnings)
            if pack.kind != "exempt":
                links = _links(pack)
                files[folder / f"{pack.slug}.html"] = write_pack_html(pack, links)
        for document in built.documents:
            files[folder / built.slug / document.name] = document.read_bytes()
    return files, warnings


# What an agenda page links for each paper: the files a full build publishes, whatever formats
# one build writes (a --format pdf build neither loses the links nor remakes the packs).
LINK_NAMES = {"pdf": "PDF", "docx": "Word", "web": "Web page"}


def _links(pack) -> dict[str, list[tuple[str, str]]]:
    """Item number → (text, address) of each of its documents, from the pack's folder."""
    from councilpapers.writers.registry import SUFFIXES

    links = {}
    for item in pack.attached():
        if item.paper is not None:
            links[item.number] = [
                (f"{name}: {item.title}", f"../{item.paper.slug}{SUFFIXES[writer]}")
                for writer, name in LINK_NAMES.items()
            ]
        elif item.file is not None:
            links[item.number] = [(f"PDF: {item.title}", f"{pack.meeting}/{item.file.name}")]
    return links
