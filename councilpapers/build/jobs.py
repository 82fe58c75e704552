"""Build stage, jobs: each stale paper's files, or a meeting's packs, rendered serially, two
at a time in forked processes, or one paper split across two cores (its PDF in a worker)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from councilpapers.core.errors import RenderError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from councilpapers.build.pipeline import Built, BuiltMeeting
    from councilpapers.core.model import Document
    from councilpapers.writers.registry import Writer

Rendered = tuple[dict[Path, bytes], list[str]]  # a job's files (path → bytes) and its warnings


def can_fork(debug: bool) -> bool:
    """Whether a build may render on a second core (not with --debug: tracebacks come from one process)."""
    import multiprocessing
    import os

    return not debug and (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


@dataclass
class PaperJob:
    """One paper's stale files to render."""

    kind: ClassVar[str] = "paper"
    paper: Built
    writers: list[Writer]
    output: Path

    @property
    def name(self) -> str:
        return self.paper.slug

    @property
    def weight(self) -> int:
        """Roughly how long it takes: the larger first, so the two cores finish together."""
        return _size(self.paper.composed.document) * len(self.writers)

    def run(self, debug: bool) -> Rendered:
        from councilpapers.build.render import render_paper

        return render_paper(self.paper, self.writers, self.output, debug), []


@dataclass
class PacksJob:
    """One meeting's packs to render."""

    kind: ClassVar[str] = "packs"
    meeting: BuiltMeeting
    output: Path

    @property
    def name(self) -> str:
        return self.meeting.slug

    @property
    def weight(self) -> int:
        return 2 * sum(_size(item.paper) for p in self.meeting.packs for item in p.attached() if item.paper)

    def run(self, debug: bool) -> Rendered:
        """A pack writer's unexpected failure as one line (the traceback with --debug)."""
        from councilpapers.build.render import one_line_failures, render_meetings

        with one_line_failures("the pack writer failed", debug):
            return render_meetings([self.meeting], self.output)


Job = PaperJob | PacksJob


def _size(document: Document) -> int:
    return len(document.tables()) * 20 + len(document.sections) * 5 + len(document.appendices) * 10 + 1


_JOBS: list[Job] = []  # the jobs, for the forked workers to read (nothing is pickled to them)


def run_jobs(jobs: list[Job], debug: bool, worker: PdfWorker | None = None) -> list[Rendered]:
    """Each job's files and warnings, in the jobs' order: two at a time in forked processes where
    there is more than one job and more than one core (serially with --debug, for tracebacks)."""
    import multiprocessing

    from councilpapers.writers.pdf.collector import frozen_for_fork

    if not can_fork(debug):
        return [job.run(debug) for job in jobs]
    if len(jobs) == 1 and isinstance(jobs[0], PaperJob) and _splits(jobs[0]):
        return [_run_split(jobs[0], worker)]
    if len(jobs) < 2:
        return [job.run(debug) for job in jobs]
    global _JOBS
    _JOBS = jobs
    order = sorted(range(len(jobs)), key=lambda i: -jobs[i].weight)
    results: dict[int, Rendered] = {}
    try:
        with frozen_for_fork():  # the workers' collections skip what this process holds
            pool = multiprocessing.get_context("fork").Pool(2)
        with pool:
            for index, outcome in pool.imap_unordered(_run_in_worker, order):
                if isinstance(outcome, str):  # its error, as one line
                    raise RenderError(outcome)
                results[index] = outcome
    finally:
        _JOBS = []
    return [results[i] for i in range(len(jobs))]


def _splits(job: PaperJob) -> bool:
    """A lone paper whose PDF and other files can be made side by side."""
    names = [w.name for w in job.writers if w.applies(job.paper.composed.document)]
    return "pdf" in names and len(names) > 1


class PdfWorker:
    """A process forked as soon as a build knows it will write one paper's PDF: it imports
    WeasyPrint while the build loads and composes, then lays out the paper it is sent (the
    page count first, for the Word file: the paper's one layout), writes the PDF and sends it back. It is sent the
    paper's print HTML, made by the build, so it imports no more than the PDF writer."""

    def __init__(self) -> None:
        import multiprocessing

        from councilpapers.writers.pdf.collector import frozen_for_fork

        context = multiprocessing.get_context("fork")
        jobs, self._jobs = context.Pipe(duplex=False)  # (receiving end, sending end)
        self.results, self._results = context.Pipe(duplex=False)
        self.process = context.Process(target=self._serve, args=(jobs,), daemon=True)
        with frozen_for_fork():  # the worker's collections skip what this process holds
            self.process.start()
        jobs.close()
        self._results.close()

    def _serve(self, jobs: Connection) -> None:  # in the worker
        self._jobs.close()  # the build's ends of the pipes: else the worker never hears that no job is coming
        self.results.close()
        import weasyprint  # noqa: F401  (imported now, while the build loads and composes)

        from councilpapers.build.render import one_line_failures
        from councilpapers.core.errors import PaperError
        from councilpapers.writers.pdf import write_laid_out
        from councilpapers.writers.pdf.collector import fewer_collections
        from councilpapers.writers.pdf.weasy import laid_out

        try:
            slug, html = jobs.recv()
        except EOFError:
            return  # nothing to do after all
        try:
            with one_line_failures(f"the pdf writer failed on {slug}", debug=False), fewer_collections():
                pages = laid_out(html)
                self._tell(("pages", len(pages.pages)))  # the Word file starts now
                data = write_laid_out(pages)
            self._tell(("pdf", data))
        except PaperError as exc:
            self._tell(("error", str(exc)))
        except BaseException as exc:
            self._tell(("error", f"the pdf writer failed on {slug}: {type(exc).__name__}: {exc}"))
        finally:
            self._results.close()

    def _tell(self, message: tuple[str, object]) -> None:
        """A message to the build; none once the build has stopped listening (another of the paper's
        writers failed and it is reporting that), so no traceback of a broken pipe follows its line."""
        with contextlib.suppress(BrokenPipeError):
            self._results.send(message)

    def send(self, slug: str, html: str) -> None:
        self._jobs.send((slug, html))
        self._jobs.close()

    def receive(self) -> tuple[str, object]:
        """The worker's next message: ("pages", count), then ("pdf", data); or ("error", its line)."""
        try:
            message: tuple[str, object] = self.results.recv()
        except EOFError:
            raise RenderError("the pdf writer stopped without a word") from None
        return message

    def page_count(self) -> int:
        """The paper's page count, the worker's first message (or its failure)."""
        kind, value = self.receive()
        if kind != "pages" or not isinstance(value, int):
            raise RenderError(str(value))
        return value

    def pdf(self) -> bytes:
        """The PDF, the worker's last message (past the page count; or its failure)."""
        kind, value = self.receive()
        while kind == "pages":
            kind, value = self.receive()
        if kind != "pdf" or not isinstance(value, bytes):
            raise RenderError(str(value))
        return value

    def close(self) -> None:
        self._jobs.close()
        self.results.close()
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.terminate()


def _run_split(job: PaperJob, worker: PdfWorker | None = None) -> Rendered:
    """One paper on two cores: a worker lays out and writes the PDF while this process writes
    the other files; the Word file, which shows the page count, waits for the layout."""
    from councilpapers.build.render import one_line_failures, paper_path, progress, render_document, with_pages
    from councilpapers.writers.html import render_html

    b = job.paper
    chosen = [w for w in job.writers if w.applies(b.composed.document)]
    progress(f"{b.slug}: {', '.join(w.name for w in chosen)} (the PDF beside the others)")
    pdf = next(w for w in chosen if w.name == "pdf")
    worker = worker or PdfWorker()
    made: dict[str, bytes] = {}
    try:
        with one_line_failures(f"the pdf writer failed on {b.slug}", debug=False):
            worker.send(b.slug, render_html(b.composed.document))
        document = b.composed.document
        for writer in sorted((w for w in chosen if w is not pdf), key=lambda w: w.needs_pages):
            if writer.needs_pages:  # its page count field needs the layout
                document = with_pages(document, worker.page_count())
            made.update(render_document(document, [writer]))
        made[pdf.name] = worker.pdf()
    finally:
        worker.close()
    return {paper_path(job.output, b.composed.document, w): made[w.name] for w in chosen}, []


def _run_in_worker(index: int) -> tuple[int, Rendered | str]:
    """A job in a worker: its result, or its error as one line (exceptions do not cross)."""
    from councilpapers.core.errors import PaperError

    try:
        return index, _JOBS[index].run(False)
    except PaperError as exc:
        return index, str(exc)
    except Exception as exc:
        return index, f"the {_JOBS[index].kind} writer failed on {_JOBS[index].name}: {type(exc).__name__}: {exc}"
