"""A build that renders only what changed: papers and packs whose inputs are unchanged since
the last build into the same output folder are skipped (see cache.py for what is recorded).

The outline: hash the inputs; find the stale outputs (a paper's PDF, Word file, workbook …,
each on its own; a meeting's packs together); load and compose only the papers they need;
render them; write the files and the new manifest together, all or nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from councilpapers.build.cache import (
    Inputs,
    Manifest,
    Snapshot,
    folder_files,
    template_files,
    toolkit_fingerprint,
)
from councilpapers.build.recorded import Restriction, recorded_warnings
from councilpapers.core.paths import STYLES, TEMPLATES

if TYPE_CHECKING:
    from councilpapers.build.jobs import PaperJob, PdfWorker
    from councilpapers.build.pipeline import Built, BuiltMeeting
    from councilpapers.load.meeting import LoadedMeeting


@dataclass
class Request:
    content: Path
    output: Path
    formats: list[str]  # writer names
    papers: list[str] = field(default_factory=list)  # none: every paper (and every meeting's packs)
    meetings: list[str] | None = None  # `pack MEETING`: those meetings' packs and their papers
    supplement: bool = False
    force: bool = False
    debug: bool = False


@dataclass
class Report:
    written: list[Path] = field(default_factory=list)
    built: list[str] = field(default_factory=list)  # "budget-2018-20 (pdf, docx)"
    skipped: list[str] = field(default_factory=list)  # papers and packs unchanged
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cache_note: str = ""


def today() -> str:
    return datetime.date.today().isoformat()


def paper_entry(slug: str, writer: str) -> str:
    return f"paper {slug} {writer}"


def pack_entry(meeting: str, supplement: bool) -> str:
    return f"packs {meeting}{' supplement' if supplement else ''}"


def build(request: Request) -> Report:
    """The stale outputs of the papers and packs asked for, made and written with the new record."""
    from councilpapers.load.content import select_meetings, select_papers

    report = Report()
    snapshot = Snapshot()
    toolkit = toolkit_fingerprint()
    manifest = Manifest(request.output, request.content, toolkit)
    if manifest.unreadable and not request.force:
        report.cache_note = f"the record of the last build {manifest.reason}: everything is rebuilt"
    packs = request.meetings is not None
    meeting_files = select_meetings(request.content, request.meetings or []) if packs or not request.papers else []
    if packs:  # a meeting's packs come with the papers they attach
        from councilpapers.build.pipeline import load_meetings, papers_of

        listed = papers_of(load_meetings(meeting_files, request.content))
        folders = select_papers(request.content, listed) if listed else []  # none: not every paper
    else:
        folders = select_papers(request.content, request.papers)
    _prime(snapshot, request.content, folders, meeting_files)
    now = {"toolkit": toolkit, "content": content_key(request), "date": today()}
    now["formats"] = ",".join(request.formats)
    restricted = Restriction(request.content, manifest)

    stale_papers: dict[str, list[str]] = {}
    for folder in folders:
        writers = [
            w
            for w in request.formats
            if request.force
            or not manifest.fresh(
                paper_entry(folder.name, w), snapshot, now | {"format": w} | restricted.now(paper_entry(folder.name, w))
            )
        ]
        if writers:
            stale_papers[folder.name] = writers
        else:
            report.skipped.append(folder.name)
    stale_meetings = []
    for f in meeting_files:
        entry = pack_entry(f.stem, request.supplement)
        kept = recorded_warnings(manifest, entry)
        if request.force or not manifest.fresh(entry, snapshot, now | restricted.now(entry) | kept):
            stale_meetings.append(f)
        else:  # a skipped meeting's warnings (its notice too short …) are still reported
            report.skipped.append(f"packs of {f.stem}")
            report.warnings += [w for w in kept["warnings"].split("\n") if w]
    if not stale_papers and not stale_meetings:
        return report
    worker = _early_pdf_worker(request, stale_papers, stale_meetings)
    try:
        settings = Settings(toolkit, content_key(request), restricted)
        _render_stale(request, report, manifest, snapshot, settings, stale_papers, stale_meetings, worker)
    finally:
        if worker is not None:
            worker.close()
    return report


def _early_pdf_worker(
    request: Request, stale_papers: dict[str, list[str]], stale_meetings: list[Path]
) -> PdfWorker | None:
    """For one paper whose PDF and other files are stale, a PDF worker started now, so that it
    imports WeasyPrint while this process loads and composes the paper."""
    from councilpapers.build.jobs import PdfWorker, can_fork

    if not can_fork(request.debug) or stale_meetings or len(stale_papers) != 1:
        return None
    (writers,) = stale_papers.values()
    return PdfWorker() if "pdf" in writers and len(writers) > 1 else None


def _prime(snapshot: Snapshot, content: Path, folders: list[Path], meeting_files: list[Path]) -> None:
    """Hash every file a build may read before it reads any (see cache.py)."""
    for path in folder_files(TEMPLATES):
        snapshot.hash(path)
    for folder in folders:
        for path in folder_files(folder):
            snapshot.hash(path)
    snapshot.hash(content / "defaults.yaml")
    if meeting_files:
        for path in folder_files(content):
            snapshot.hash(path)


def _render_stale(
    request: Request,
    report: Report,
    manifest: Manifest,
    snapshot: Snapshot,
    settings: Settings,
    stale_papers: dict[str, list[str]],
    stale_meetings: list[Path],
    worker: PdfWorker | None = None,
) -> None:
    """Compose what the stale outputs need (quick), render them (slow: on both cores where
    there is more than one job), lay out each meeting's publication folder, check that nothing
    restricted is in a file that may be published, then write every file and the new record
    together (and remove what an earlier build left where it no longer belongs)."""
    from councilpapers.build.guard import guard
    from councilpapers.build.jobs import Job, PacksJob, PaperJob, run_jobs
    from councilpapers.build.pipeline import compose_all, compose_meetings, load_meetings, papers_of, write_all
    from councilpapers.load.content import select_papers
    from councilpapers.writers.registry import WRITERS

    meetings = load_meetings(stale_meetings, request.content) if stale_meetings else []
    needed = sorted(set(stale_papers) | set(papers_of(meetings)))
    built = compose_all(select_papers(request.content, needed)) if needed else []
    composed = compose_meetings(meetings, built, request.content, request.supplement) if meetings else []
    jobs: list[Job] = [
        PaperJob(b, [WRITERS[w] for w in stale_papers[b.slug]], request.output) for b in built if b.slug in stale_papers
    ]
    jobs += [PacksJob(m, request.output) for m in composed]
    results = run_jobs(jobs, request.debug, worker)
    written = Written()
    for rendered, warnings in results:
        written.files.update(rendered)
        report.warnings += warnings
    for job, (rendered, _) in zip(jobs, results):
        if isinstance(job, PaperJob):
            _record_paper(request, report, manifest, snapshot, settings, job, rendered, written)
    by_slug = {b.slug: b for b in built}
    for loaded, meeting, (rendered, _) in zip(meetings, composed, results[len(jobs) - len(composed) :]):
        _record_meeting(request, report, manifest, snapshot, settings, (loaded, meeting, by_slug), rendered, written)
    guard(request.content, request.output, built, composed, written.files)
    written.files[manifest.path] = manifest.data()
    write_all(written.files, written.removed)
    report.written = [p for p in written.files if p != manifest.path]


@dataclass
class Written:
    """What a build writes, and the files of earlier builds it removes (they no longer belong
    where they are: a paper now restricted, a file gone from a publication folder)."""

    files: dict[Path, bytes] = field(default_factory=dict)
    removed: list[Path] = field(default_factory=list)

    def replaced(self, manifest: Manifest, entry: str, outputs: dict[Path, bytes]) -> None:
        """The outputs an entry had in the last build and has no more: removed."""
        old = manifest.entries.get(entry)
        if old is not None:
            new = {str(p.relative_to(manifest.output)) for p in outputs if p.is_relative_to(manifest.output)}
            self.removed += [manifest.output / name for name in old.outputs if name not in new]


@dataclass(frozen=True)
class Settings:
    toolkit: str
    content: str
    restricted: Restriction


def _record_paper(
    request: Request,
    report: Report,
    manifest: Manifest,
    snapshot: Snapshot,
    settings: Settings,
    job: PaperJob,
    rendered: dict[Path, bytes],
    written: Written,
) -> None:
    from councilpapers.build.publish import paper_files
    from councilpapers.writers.registry import WRITERS

    b = job.paper
    document = b.composed.document
    report.built.append(f"{b.slug} ({', '.join(w.name for w in job.writers if w.applies(document))})")
    inputs = paper_inputs(request.content, b)
    targets, elsewhere = paper_files(request.output, document, [w.suffix for w in WRITERS.values()])
    written.removed += [p for p in elsewhere if p.exists()]
    for writer in job.writers:
        out = {p: d for p, d in rendered.items() if p == targets[writer.suffix]}
        inputs.settings = _settings(settings, b, format=writer.name)
        written.replaced(manifest, paper_entry(b.slug, writer.name), out)
        manifest.record(paper_entry(b.slug, writer.name), inputs, out, snapshot)
    report.notes += _disagreement_notes(b)


def _record_meeting(
    request: Request,
    report: Report,
    manifest: Manifest,
    snapshot: Snapshot,
    settings: Settings,
    what: tuple[LoadedMeeting, BuiltMeeting, dict[str, Built]],
    rendered: dict[Path, bytes],
    written: Written,
) -> None:
    """A meeting's packs and its publication folder, recorded as one entry."""
    from councilpapers.build.publish import publish_meeting
    from councilpapers.writers.registry import WRITERS

    loaded, meeting, by_slug = what
    report.built.append(f"packs of {loaded.slug}")
    suffixes = {name: w.suffix for name, w in WRITERS.items()}
    publication = publish_meeting(meeting, written.files, request.output, suffixes)
    outputs = {**rendered, **publication.files}
    written.files.update(publication.files)
    written.removed += publication.removed
    inputs = meeting_inputs(request.content, loaded, meeting, [by_slug[s] for s in meeting.papers])
    inputs.settings = {
        "toolkit": settings.toolkit,
        "content": settings.content,
        **settings.restricted.settings(),
        "warnings": "\n".join(meeting.warnings),
    }
    if any(by_slug[s].composed.document.draft for s in meeting.papers):
        inputs.settings["date"] = today()
    entry = pack_entry(loaded.file.stem, request.supplement)
    written.replaced(manifest, entry, outputs)
    manifest.record(entry, inputs, outputs, snapshot)


def content_key(request: Request) -> str:
    """Which content folder an output was built from, as seen from the output folder (a project
    moved as a whole keeps its record; another --content into the same output does not)."""
    import os

    return os.path.relpath(request.content.resolve(), request.output.resolve())


def _settings(settings: Settings, b: Built, format: str) -> dict[str, str]:
    recorded = {"toolkit": settings.toolkit, "content": settings.content, "format": format}
    recorded |= settings.restricted.settings()
    if b.composed.document.draft:
        recorded["date"] = today()  # a draft prints the day it was built
    return recorded


def _style_files(name: str) -> list[Path]:
    from councilpapers.load.style import load_style

    files = [STYLES / f"{name}.yaml"]
    style = load_style(name)
    if style.logo is not None:
        files.append(STYLES / style.logo.file)
    return files


def paper_inputs(content: Path, b: Built) -> Inputs:
    """A paper's outputs are made from its folder, content/defaults.yaml, the templates, and
    its house style (with its logo)."""
    folder = content / b.slug
    files = [*folder_files(folder), content / "defaults.yaml", *template_files(TEMPLATES), *_style_files(b.style)]
    return Inputs(files, [folder])


def meeting_inputs(content: Path, loaded: LoadedMeeting, meeting: BuiltMeeting, papers: list[Built]) -> Inputs:
    """A meeting's packs are made from its file, the PDFs it supplies, its style, and every
    input of the papers it attaches."""
    from councilpapers.load.defaults import default_style

    style = loaded.meeting.style or default_style(content)
    files = [
        loaded.file,
        *{item.file for pack in meeting.packs for item in pack.attached() if item.file is not None},
        *_style_files(style),
        content / "defaults.yaml",
        *template_files(TEMPLATES),
    ]
    folders: list[Path] = []
    for b in papers:
        inputs = paper_inputs(content, b)
        files += inputs.files
        folders += inputs.folders
    return Inputs(files, folders)


def _disagreement_notes(b: Built) -> list[str]:
    from councilpapers.build.check import unaccepted

    count = len(unaccepted(b.composed.disagreements, b.composed.mismatches))
    if not count:
        return []
    return [
        f"{b.slug}: {count} published figure{'s' if count != 1 else ''} not accepted: the paper prints the "
        "computed figures; run 'build.py check' for the list"
    ]
