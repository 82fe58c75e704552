"""Build stage, the guard before writing: no restricted text in a file that may be published.

Every build checks, before it writes anything, every file it makes outside
`output/restricted/` for the words of everything restricted: each paper not for publication (composed for the
check when this build did not need it) and each exempt supplied PDF of its meetings
(leaks.py finds them). A leak fails the build, naming the file and the item, and nothing is
written: a leak is worse than a failed build.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from councilpapers.build.cache import MANIFEST
from councilpapers.build.publish import restricted_folder
from councilpapers.core.errors import ContentError, RenderError

if TYPE_CHECKING:
    from councilpapers.build.leaks import Restricted
    from councilpapers.build.pipeline import Built, BuiltMeeting
    from councilpapers.core.model import Document


def guard(
    content: Path,
    output: Path,
    built: list[Built],
    meetings: list[BuiltMeeting],
    files: Mapping[Path, bytes],
) -> None:
    """Raise a RenderError listing every leak of restricted text into a publishable file."""
    from councilpapers.build.leaks import find_leaks

    restricted = restricted_papers(content, built) + restricted_documents(content)
    if not restricted:
        return
    public = publishable(output, files)
    leaks = copied_runs(restricted, [b.composed.document for b in built if not b.composed.document.exempt])
    leaks += find_leaks(restricted, public, allowed_texts(built, meetings))
    if leaks:
        raise RenderError(
            "restricted (Schedule 12A) text would be published; nothing was written:\n  " + "\n  ".join(leaks)
        )


# A public paper that repeats this many words in a row of a restricted text has copied it. Unrelated
# papers of one council share shorter runs: the sample papers, each read against the others,
# share at most 8 (a plan's name, "of looked after children in the city"); a sentence copied from a
# restricted paper is longer.
COPIED_RUN = 12


def copied_runs(restricted: list[Restricted], papers: list[Document]) -> list[str]:
    """Each public paper whose own text repeats COPIED_RUN words in a row of a restricted text.
    (Its files are searched as well, but its own text is published by design there, so a
    shorter run it shares with a restricted text, house phrasing, is not a leak.)"""
    from councilpapers.build.leaks import document_texts, words

    runs: dict[tuple[str, ...], str] = {}
    for item in restricted:
        for text in item.texts:
            found = words(text)
            for i in range(len(found) - COPIED_RUN + 1):
                runs.setdefault(tuple(found[i : i + COPIED_RUN]), item.label)
    out = []
    for document in papers:
        hits: dict[str, tuple[str, ...]] = {}
        for text in document_texts(document):
            found = words(text)
            for i in range(len(found) - COPIED_RUN + 1):
                run = tuple(found[i : i + COPIED_RUN])
                if run in runs:
                    hits.setdefault(runs[run], run)
        out += [
            f"{document.slug} (content/{document.slug}/): its text repeats {COPIED_RUN} words in a row of "
            f'{label}: "…{" ".join(run)}…"; its files would publish them'
            for label, run in hits.items()
        ]
    return out


def publishable(output: Path, files: Mapping[Path, bytes]) -> dict[Path, bytes]:
    """The files this build writes outside restricted/. (The public files of earlier builds were
    checked when they were written; a change to what is restricted makes every output out of
    date, see incremental.restricted_settings, so they are made and checked again.)"""
    hidden = restricted_folder(output)
    return {p: d for p, d in files.items() if not p.is_relative_to(hidden) and p.name != MANIFEST}


def restricted_papers(content: Path, built: list[Built]) -> list[Restricted]:
    """Every paper not for publication: those this build composed, and the others (composed now)."""
    from councilpapers.build.leaks import Restricted, document_texts

    texts: dict[str, tuple[str, ...]] = {
        b.slug: document_texts(b.composed.document) for b in built if b.composed.document.exempt
    }
    for slug in sorted(restricted_slugs(content) - {b.slug for b in built}):
        texts[slug] = _texts_of(content / slug)
    return [Restricted(f"{slug} (not for publication)", found) for slug, found in sorted(texts.items())]


def restricted_slugs(content: Path) -> set[str]:
    """The papers a meeting marks exempt, and those whose paper.yaml says `exempt:`."""
    from councilpapers.load.content import find_papers
    from councilpapers.load.exemptions import meeting_exemptions, own_exemption

    found = set(meeting_exemptions(content))
    found |= {folder.name for folder in find_papers(content) if own_exemption(folder / "paper.yaml")}
    return found


def _texts_of(folder: Path) -> tuple[str, ...]:
    """A restricted paper this build did not make: its texts as composed, or, when it has
    problems of its own (it is not built until they are mended, which is no reason to stop
    other papers), every line of its YAML files, so its words are searched all the same."""
    from councilpapers.build.leaks import document_texts
    from councilpapers.compose.document import compose
    from councilpapers.load.paper import load_paper

    try:
        return document_texts(compose(load_paper(folder)).document)
    except ContentError:
        lines = (line.strip(" -'\"") for file in sorted(folder.rglob("*.yaml")) for line in _lines(file))
        return tuple(line.split(":", 1)[-1].strip() for line in lines if line and not line.startswith("#"))


def _lines(file: Path) -> list[str]:
    try:
        return file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


def restricted_documents(content: Path) -> list[Restricted]:
    """Each supplied PDF any meeting marks exempt, by its own text."""
    from councilpapers.build.leaks import Restricted
    from councilpapers.load.exemptions import exempt_supplied

    return [
        Restricted(f"{exemption.where} (not for publication)", pdf_lines(file))
        for file, exemption in sorted(exempt_supplied(content).items())
    ]


def pdf_lines(file: Path) -> tuple[str, ...]:
    """A supplied PDF's text as its lines (runs the extraction separates by wide gaps) of a
    shingle's words or more, so that a run of words is searched only within a line: the words
    that end one text block and begin the next are no sentence of it, and a short line of a
    supplied PDF is a label or a heading far more often than a finding (a paper's short texts,
    whose kind is known, are searched whole)."""
    from councilpapers.build.extract import texts
    from councilpapers.build.leaks import SHINGLE, words

    lines = (line for text in texts(file.name, file.read_bytes()) for line in re.split(r"\s{3,}", text))
    return tuple(line for line in lines if len(words(line)) >= SHINGLE)


def allowed_texts(built: list[Built], meetings: list[BuiltMeeting]) -> list[str]:
    """What is published by design: the public agendas' own words (an exempt item's title,
    purpose and notice among them), the public papers' text (checked on its own for copied
    runs: copied_runs) and the public supplied PDFs' text."""
    from councilpapers.build.leaks import document_texts, pack_texts

    out = [t for m in meetings for t in pack_texts(m.agenda)]
    out += [t for b in built if not b.composed.document.exempt for t in document_texts(b.composed.document)]
    supplied = {d.file for m in meetings for i in m.agenda.attached() for d in i.documents if d.file and not d.exempt}
    out += [t for file in sorted(supplied) for t in pdf_lines(file)]
    return out
