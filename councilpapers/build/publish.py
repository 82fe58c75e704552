"""Build stage, the two destinations: what may be published and what may not.

A paper not for publication (its own `exempt:` or any meeting's) is written under
`output/restricted/`, with the members' packs and supplements; every other paper is written to
`output/`. Each meeting gets one publication folder, `output/meetings/<meeting>/`, holding
exactly what may be published for it: the agenda web page as `index.html`, the public pack and
supplement, the front sheet alone, and every document the page links to (each public paper's
PDF, Word file and web page, the supplied PDFs, cleaned). Links in it are relative and stay
inside it; a file of an earlier build that no longer belongs there is removed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from councilpapers.core.pack import (
    RESTRICTED_PACKS,
    AgendaLinks,
    DocumentLink,
    Pack,
    PackDocument,
    file_size,
    flatten,
)

if TYPE_CHECKING:
    from councilpapers.build.pipeline import BuiltMeeting
    from councilpapers.core.model import Document

RESTRICTED = "restricted"  # output/restricted/: never to be published
MEETINGS = "meetings"  # output/meetings/<meeting>/: a meeting's publication folder
FRONT_SHEET = "front-sheet"  # <meeting>-front-sheet.pdf: the agenda's front sheet alone

# What an agenda page links for each paper, in its publication folder.
LINK_NAMES = {"pdf": "PDF", "docx": "Word", "web": "Web page"}


def restricted_folder(output: Path) -> Path:
    return output / RESTRICTED


def publication_folder(output: Path, meeting: str) -> Path:
    return output / MEETINGS / meeting


def paper_folder(output: Path, document: Document) -> Path:
    """Where a paper's own files go: under restricted/ when it is not for publication."""
    return restricted_folder(output) if document.exempt else output


def paper_files(output: Path, document: Document, suffixes: list[str]) -> tuple[dict[str, Path], list[Path]]:
    """Each suffix's file for a paper, and the files of the same names in the other destination
    (an earlier build's, from before a meeting marked it exempt or unmarked it): to be removed."""
    here = paper_folder(output, document)
    there = output if here != output else restricted_folder(output)
    return {s: here / f"{document.slug}{s}" for s in suffixes}, [there / f"{document.slug}{s}" for s in suffixes]


def pack_path(output: Path, pack: Pack) -> Path:
    """A pack's PDF: in its meeting's publication folder, or under restricted/ for members."""
    if pack.kind in RESTRICTED_PACKS:
        return restricted_folder(output) / f"{pack.slug}.pdf"
    return publication_folder(output, pack.meeting) / f"{pack.slug}.pdf"


@dataclass
class Publication:
    """A meeting's publication folder as this build leaves it: every file's bytes, and the files
    of an earlier build there that no longer belong."""

    files: dict[Path, bytes] = field(default_factory=dict)
    removed: list[Path] = field(default_factory=list)


def meeting_files(pack: Pack) -> list[tuple[str, str]]:
    """The meeting's own files in its folder, and how its agenda page names them."""
    return [
        (f"{pack.meeting}.pdf", pack.labels.pack_link),
        (f"{pack.meeting}-supplement.pdf", pack.labels.supplement_link),
        (f"{pack.meeting}-{FRONT_SHEET}.pdf", pack.labels.front_sheet_link),
    ]


def publish_meeting(
    meeting: BuiltMeeting, built: Mapping[Path, bytes], output: Path, suffixes: Mapping[str, str]
) -> Publication:
    """The meeting's publication folder: its packs, front sheet and notices (this build's, else
    an earlier build's: a supplement build keeps the agenda's pack), each public paper's files
    (this build's, else the ones on disk), the supplied PDFs, cleaned, and the agenda page
    linking them all."""
    from councilpapers.writers.pack import write_pack_html

    agenda = meeting.agenda
    folder = publication_folder(output, agenda.meeting)
    out = Publication()
    own = [name for name, _ in meeting_files(agenda)] + notice_files(meeting)
    for name in own:
        data = _bytes_of(folder / name, built)
        if data is not None:
            out.files[folder / name] = data
    supplemented = folder / f"{agenda.meeting}-supplement.pdf" in out.files
    out.files.update(_documents(public_documents(agenda, supplemented), built, output, folder, suffixes))
    links = agenda_links(agenda, out.files, folder, suffixes)
    links.meeting.extend(_notice_links(meeting, out.files, folder))
    out.files[folder / "index.html"] = write_pack_html(agenda, links)
    if folder.is_dir():
        out.removed = sorted(p for p in folder.iterdir() if p.is_file() and p not in out.files)
    return out


def notice_files(meeting: BuiltMeeting) -> list[str]:
    """The files of the meeting's notices of holding part of it in private."""
    return [f"{notice.slug}{suffix}" for notice in meeting.notices for suffix in (".pdf", ".html")]


def _notice_links(meeting: BuiltMeeting, files: Mapping[Path, bytes], folder: Path) -> list[DocumentLink]:
    return [
        _link(notice.title, folder / f"{notice.slug}{suffix}", files, label)
        for notice in meeting.notices
        for suffix, label in ((".pdf", "PDF"), (".html", LINK_NAMES["web"]))
        if folder / f"{notice.slug}{suffix}" in files
    ]


def _documents(
    documents: list[PackDocument], built: Mapping[Path, bytes], output: Path, folder: Path, suffixes: Mapping[str, str]
) -> dict[Path, bytes]:
    """Each public document's files for the folder: a paper's (this build's or on disk), a
    supplied PDF cleaned of scripts and actions."""
    from councilpapers.writers.supplied import clean_pdf

    out: dict[Path, bytes] = {}
    for document in documents:
        if document.paper is not None:
            for writer in LINK_NAMES:
                name = f"{document.paper.slug}{suffixes[writer]}"
                data = _bytes_of(output / name, built)
                if data is not None:
                    out[folder / name] = data
        elif document.file is not None and document.published is not None:
            out[folder / document.published] = clean_pdf(document.file.read_bytes())
    return out


def public_documents(pack: Pack, supplemented: bool) -> list[PackDocument]:
    """The documents of the public agenda that may be published: every document not exempt,
    carried in the pack, or arrived late once the supplement that carries it is published."""
    return [
        d
        for item in flatten(pack.items)
        if supplemented or not item.late
        for d in item.documents
        if not d.exempt and (d.paper or d.file)
    ]


def _bytes_of(path: Path, built: Mapping[Path, bytes]) -> bytes | None:
    if path in built:
        return built[path]
    return path.read_bytes() if path.is_file() else None


def agenda_links(pack: Pack, files: Mapping[Path, bytes], folder: Path, suffixes: Mapping[str, str]) -> AgendaLinks:
    """What the agenda page links, relative to its folder: each item's public documents (every
    file of each that the folder holds, with its size), then the meeting's own files."""
    items: dict[str, list[DocumentLink]] = {}
    for item in flatten(pack.items):
        links = [link for d in item.documents if not d.exempt for link in _document_links(d, files, folder, suffixes)]
        if links:
            items[item.number] = links
    meeting = [_link(text, folder / name, files, "PDF") for name, text in meeting_files(pack) if folder / name in files]
    return AgendaLinks(items, meeting)


def _document_links(
    document: PackDocument, files: Mapping[Path, bytes], folder: Path, suffixes: Mapping[str, str]
) -> list[DocumentLink]:
    if document.paper is not None:
        names = [(f"{document.paper.slug}{suffixes[w]}", label) for w, label in LINK_NAMES.items()]
    elif document.published is not None:
        names = [(document.published, "PDF")]
    else:
        return []
    return [_link(document.title, folder / name, files, label) for name, label in names if folder / name in files]


def _link(text: str, path: Path, files: Mapping[Path, bytes], label: str) -> DocumentLink:
    """A link with its file's size (a web page's size is not shown: nobody downloads it)."""
    size = file_size(len(files[path])) if label != LINK_NAMES["web"] else None
    return DocumentLink(text, path.name, label, size)
