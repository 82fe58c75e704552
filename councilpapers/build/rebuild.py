"""Build stage, watch's rebuild loop: on each save the paper is loaded and composed and its
web page written at once, in this process; a Follower then has the PDF, Word file and
workbook rendered in a worker process (the other core), the paper laid out once, dropping
them when a newer save arrives.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from councilpapers.build.pipeline import compose_all, write_all
from councilpapers.build.render import paper_path, pdf_first, render_all, render_file, with_pages
from councilpapers.core.errors import ContentError, PaperError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from councilpapers.core.model import Document
    from councilpapers.writers.registry import Writer


@dataclass
class State:
    """What the server serves: the last good page, the last error, and a build counter the
    browser's script waits on. Guarded by `changed`, which wakes every waiting stream."""

    page: str | None = None
    error: str | None = None
    build: int = 0
    stopping: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, page: str | None = None, error: str | None = None) -> None:
        with self.changed:
            if page is not None:
                self.page = page
            self.error = error
            self.build += 1
            self.changed.notify_all()

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()


class Builder:
    """Builds the paper on request: the web page at once, in this process; then the other
    formats, handed to a Follower that renders them on the other core."""

    def __init__(self, folder: Path, output: Path, writers: list[Writer], state: State, debug: bool = False) -> None:
        self.folder, self.output, self.state, self.debug = folder, output, state, debug
        self.web = next(w for w in writers if w.name == "web")
        self.follower = Follower(output, [w for w in writers if w.name != "web"], self)
        self.wanted = threading.Event()
        self.wanted.set()  # the first build

    def run(self) -> None:
        while not self.state.stopping:
            if not self.wanted.wait(timeout=0.2):
                continue
            self.wanted.clear()
            self.build()

    def build(self) -> None:
        started = time.perf_counter()
        self.follower.cancel()  # what it is rendering is out of date
        try:
            built = compose_all([self.folder])
            page_file = paper_path(self.output, built[0].composed.document, self.web)
            files = render_all(built, [self.web], self.output, self.debug)
            write_all(files)
        except PaperError as exc:
            self.failed(exc)
            return
        except Exception as exc:  # a fault of ours must not end the loop either
            self.failed(exc, internal=True)
            return
        self.state.publish(page=files[page_file].decode("utf-8"))
        say(f"web page ready in {time.perf_counter() - started:.2f}s: {page_file}")
        self.follower.follow(built[0].composed.document, started)

    def failed(self, exc: BaseException, internal: bool = False) -> None:
        if isinstance(exc, ContentError):
            text = "\n".join(str(p) for p in exc.problems)
        elif internal:
            text = f"internal error: {type(exc).__name__}: {exc}"
        else:
            text = f"{getattr(exc, 'category', 'error')}: {exc}"
        print(text, file=sys.stderr, flush=True)
        say("build failed; " + ("still serving the last good page" if self.state.page else "nothing built yet"))
        self.state.publish(error=text)


class Follower:
    """Renders the slow formats (PDF, Word, workbook) of the latest good build in a worker
    process, so a save's web page never waits for a PDF still being laid out; a result made
    stale by a newer save is thrown away, and the worker stops with the server."""

    def __init__(self, output: Path, writers: list[Writer], builder: Builder) -> None:
        self.output, self.writers, self.builder = output, writers, builder
        self.job: tuple[int, Document, float] | None = None  # its generation, the paper, when its save was seen
        self.generation = 0
        self.ready = threading.Condition()
        self.worker: Worker | None = None

    def cancel(self) -> None:
        with self.ready:
            self.generation += 1
            self.job = None

    def follow(self, document: Document, started: float) -> None:
        with self.ready:
            self.job = (self.generation, document, started)
            self.ready.notify_all()

    def current(self, generation: int) -> bool:
        with self.ready:
            return generation == self.generation and not self.builder.state.stopping

    def run(self) -> None:
        while not self.builder.state.stopping:
            with self.ready:
                if self.job is None:
                    self.ready.wait(timeout=0.2)
                    continue
                generation, document, started = self.job
                self.job = None
            self.render(generation, document, started)
        if self.worker is not None:
            self.worker.stop()

    def render(self, generation: int, document: Document, started: float) -> None:
        """Each slow format of the paper, the PDF first: its layout gives the Word file its page
        count, so the paper is laid out once a save."""
        pages: int | None = None
        for writer in pdf_first([w for w in self.writers if w.applies(document)]):
            given = with_pages(document, pages) if writer.needs_pages and pages is not None else document
            made = self.ask(generation, writer, given)
            if made is None or not self.current(generation):
                return  # failed, or a newer save: its build has started
            data, count = made
            pages = count if pages is None else pages
            if not self.write(paper_path(self.output, document, writer), data, started):
                return
        if self.current(generation):
            say(f"every format written in {time.perf_counter() - started:.2f}s")

    def ask(self, generation: int, writer: Writer, document: Document) -> tuple[bytes, int | None] | None:
        """The worker's file and page count for one writer; None when it failed (said so)."""
        if self.worker is None:
            self.worker = Worker()
        try:
            return self.worker.render(writer.name, document)
        except WorkerFailed as exc:
            self.worker.stop()
            self.worker = None
            if self.current(generation):
                self.builder.failed(exc.error, internal=not isinstance(exc.error, PaperError))
            return None

    def write(self, path: Path, data: bytes, started: float) -> bool:
        try:
            write_all({path: data})
        except PaperError as exc:
            self.builder.failed(exc)
            return False
        say(f"wrote {path.name} at {time.perf_counter() - started:.2f}s")
        return True


class WorkerFailed(Exception):
    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


class Worker:
    """A process of its own (spawned: this one has threads) that renders a Document with one
    writer, and says how many pages it laid out (see `render_alone`)."""

    def __init__(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_render_forever, args=(child,), name="render", daemon=True)
        self.process.start()
        child.close()

    def render(self, writer: str, document: Document) -> tuple[bytes, int | None]:
        try:
            self.connection.send((writer, document))
            ok, result = self.connection.recv()
        except (EOFError, OSError) as exc:
            raise WorkerFailed(RuntimeError(f"the rendering process stopped ({exc or 'no answer'})")) from None
        if not ok:
            raise WorkerFailed(result)
        made: tuple[bytes, int | None] = result  # what _render_forever sends with True
        return made

    def stop(self) -> None:
        self.process.terminate()
        self.process.join(timeout=5)


def _render_forever(connection: Connection) -> None:
    """In the worker: (writer, Document) in, (True, (bytes, page count)) or (False, error) out."""
    from councilpapers.build.render import one_line_failures

    while True:
        try:
            name, document = connection.recv()
        except (EOFError, KeyboardInterrupt):
            return
        try:
            with one_line_failures(f"the {name} writer failed on {document.slug}", debug=False):
                made = render_alone(name, document)
            connection.send((True, made))
        except PaperError as exc:
            connection.send((False, exc))


def render_alone(name: str, document: Document) -> tuple[bytes, int | None]:
    """One writer's file and, where it laid the paper out (the PDF; a Word file not given its
    page count), how many pages it takes."""
    from councilpapers.writers.registry import WRITERS

    data, layout = render_file(WRITERS[name], document)
    return data, None if layout is None else len(layout.pages)


def say(message: str) -> None:
    print(f"watch: {message}", flush=True)
