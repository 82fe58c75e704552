"""Build stage, rendering: a paper's files from its writers, in memory, the paper laid out once
(the PDF is written from that layout and the Word file is given its page count); a meeting's
packs and their agenda pages."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from councilpapers.core.errors import PaperError, RenderError

if TYPE_CHECKING:
    from councilpapers.build.pipeline import Built, BuiltMeeting
    from councilpapers.core.model import Document
    from councilpapers.writers.registry import Writer

PDF = "pdf"  # the writer whose layout is the paper's one layout: the others take its page count


class LaidOut(Protocol):
    """A paper laid out as pages by the PDF writer (WeasyPrint's document): here only counted."""

    @property
    def pages(self) -> Sequence[object]: ...


def progress(message: str) -> None:
    """What a long build is doing, on stderr as it starts each paper or pack."""
    import sys

    print(f"  {message} …", file=sys.stderr, flush=True)


@contextmanager
def one_line_failures(what: str, debug: bool) -> Iterator[None]:
    """A writer's unexpected failure as one line saying `what` (the traceback with --debug)."""
    try:
        yield
    except PaperError:
        raise
    except Exception as exc:
        if debug:
            raise
        raise RenderError(f"{what}: {type(exc).__name__}: {exc} (run with --debug for the traceback)") from exc


def render_all(built: list[Built], writers: list[Writer], output: Path, debug: bool = False) -> dict[Path, bytes]:
    """Every output file's bytes, in memory; nothing is written yet."""
    files: dict[Path, bytes] = {}
    for number, b in enumerate(built, start=1):
        files.update(render_paper(b, writers, output, debug, f"[{number}/{len(built)}]"))
    return files


def render_paper(
    b: Built, writers: list[Writer], output: Path, debug: bool = False, counter: str = ""
) -> dict[Path, bytes]:
    """One paper's files from the writers that apply to it, in memory."""
    chosen = [w for w in writers if w.applies(b.composed.document)]
    progress(f"{counter} {b.slug}: {', '.join(w.name for w in chosen)}".strip())
    made = render_document(b.composed.document, chosen, debug)
    return {paper_path(output, b.composed.document, w): made[w.name] for w in chosen}


def paper_path(output: Path, document: Document, writer: Writer) -> Path:
    """A paper's file for one writer: under restricted/ when it is not for publication."""
    from councilpapers.build.publish import paper_folder

    return paper_folder(output, document) / f"{document.slug}{writer.suffix}"


def render_document(document: Document, writers: list[Writer], debug: bool = False) -> dict[str, bytes]:
    """Each writer's file of one Document, by writer name: the PDF first, and the paper laid
    out once for the PDF and the Word file together."""
    made: dict[str, bytes] = {}
    layout: LaidOut | None = None
    for writer in pdf_first(writers):
        with one_line_failures(f"the {writer.name} writer failed on {document.slug}", debug):
            made[writer.name], layout = render_file(writer, document, layout)
    return made


def pdf_first(writers: list[Writer]) -> list[Writer]:
    """The writers with the PDF first: the Word file then takes its page count from the PDF's layout."""
    return sorted(writers, key=lambda w: w.name != PDF)


def render_file(writer: Writer, document: Document, layout: LaidOut | None = None) -> tuple[bytes, LaidOut | None]:
    """One writer's file, and the paper's layout where the writer needs one (`layout` when
    given, else laid out now): the PDF is written from it, the Word file given its page count
    (unless the Document already has `pages`)."""
    if writer.name != PDF and not (writer.needs_pages and document.pages is None):
        return writer.render(document), layout
    from councilpapers.writers.pdf import lay_out, write_laid_out
    from councilpapers.writers.pdf.collector import fewer_collections

    with fewer_collections():  # the layout and the PDF's write in one region of rare collections
        layout = layout if layout is not None else lay_out(document)
        if writer.name == PDF:
            return write_laid_out(layout), layout
    return writer.render(with_pages(document, len(layout.pages))), layout


def with_pages(document: Document, count: int) -> Document:
    """The Document the Word writer is given: with its page count, from the build's one layout."""
    return replace(document, pages=count)


def render_meetings(meetings: list[BuiltMeeting], output: Path) -> tuple[dict[Path, bytes], list[str]]:
    """Every pack's PDF (a public one in its meeting's publication folder, a members' one under
    restricted/) and the agenda's front sheet alone, in memory; the rest of the publication
    folder is made once the papers are (publish.py)."""
    from councilpapers.build.publish import FRONT_SHEET, pack_path, publication_folder
    from councilpapers.core.pack import PUBLIC
    from councilpapers.writers.notices import write_private_notices
    from councilpapers.writers.pack import write_pack_pdf

    files: dict[Path, bytes] = {}
    warnings: list[str] = []
    for built in meetings:
        warnings.extend(built.warnings)
        for pack in built.packs:
            progress(f"pack {pack.slug}: {len(pack.attached())} item{'s' if len(pack.attached()) != 1 else ''}")
            result = write_pack_pdf(pack)
            files[pack_path(output, pack)] = result.data
            if pack.kind == PUBLIC:
                files[publication_folder(output, pack.meeting) / f"{pack.meeting}-{FRONT_SHEET}.pdf"] = result.front
            warnings.extend(result.warnings)
        folder = publication_folder(output, built.agenda.meeting)
        for name, data in write_private_notices(built.notices).items():
            files[folder / name] = data
    return files, warnings
