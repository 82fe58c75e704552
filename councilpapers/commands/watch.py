"""`build.py watch <paper>`: rebuild a paper on every save and serve its web page with live reload.

The watcher (watchfiles) notices saves of the paper's folder and of templates/ (house styles,
templates, fonts); the builder loads and composes the paper, writes its web page and tells the
browser; the follower then has the PDF, Word file and workbook rendered in a worker process
(the other core), dropping them when a newer save arrives; the server (the main thread)
serves output/ on 127.0.0.1 only.

The served copy of the page, and only it, carries a small script that listens to
Server-Sent Events at /_watch/events and reloads when a build is ready. A build that fails
leaves output/ as it was, shows its located error at the top of the served page and on
stderr, and the last good page stays below it. Ctrl-C stops the server: exit 0, "stopped".
"""

from __future__ import annotations

import html
import re
import secrets
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from councilpapers.build.pipeline import compose_all, render_all, write_all
from councilpapers.core.errors import ContentError, PaperError
from councilpapers.load.content import select_papers
from councilpapers.writers.html import TEMPLATES

EVENTS = "/_watch/events"
KEEPALIVE_SECONDS = 15
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".json": "application/json",
}


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


def served_page(state: State, nonce: str) -> str:
    """The page as served: the last good build, its error above it if the latest build
    failed, and the live-reload script (allowed by the page's policy through a nonce)."""
    with state.changed:
        page, error, build = state.page, state.error, state.build
    kept = "below is the last good page" if page is not None else "no build has succeeded yet"
    if page is None:
        page = (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>build.py watch</title>'
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            "</head><body><main></main></body></html>"
        )
    policy = f"script-src 'nonce-{nonce}'; connect-src 'self'; "
    page = page.replace('content="default-src ', f'content="{policy}default-src ', 1)
    if error is not None:
        banner = (
            '<div role="alert" style="border:4px solid #d4351c;padding:1rem;margin:1rem 0;'
            'background:#fff;color:#0b0c0c">'
            f"<p><strong>The last save did not build; {kept}.</strong></p>"
            f'<pre style="white-space:pre-wrap;margin:0">{html.escape(error)}</pre></div>'
        )
        page = re.sub(r"<body[^>]*>", lambda opened: opened.group(0) + banner, page, count=1)  # at the very top
    script = (
        f'<script nonce="{nonce}">(function () {{ var built = {build};'
        f' var events = new EventSource("{EVENTS}");'
        ' events.addEventListener("build", function (e) { if (Number(e.data) !== built) { location.reload(); } });'
        " })();</script>"
    )
    return page.replace("</body>", script + "</body>", 1)


class Builder:
    """Builds the paper on request: the web page at once, in this process; then the other
    formats, handed to a Follower that renders them on the other core."""

    def __init__(self, folder: Path, output: Path, writers: list, state: State, debug: bool = False):
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
        slug = self.folder.name
        self.follower.cancel()  # what it is rendering is out of date
        try:
            built = compose_all([self.folder])
            page_file = self.output / f"{slug}{self.web.suffix}"
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

    def __init__(self, output: Path, writers: list, builder: Builder):
        self.output, self.writers, self.builder = output, writers, builder
        self.job: tuple[int, object, float] | None = None
        self.generation = 0
        self.ready = threading.Condition()
        self.worker: Worker | None = None

    def cancel(self) -> None:
        with self.ready:
            self.generation += 1
            self.job = None

    def follow(self, document, started: float) -> None:
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

    def render(self, generation: int, document, started: float) -> None:
        for writer in self.writers:
            if not writer.applies(document):
                continue
            if self.worker is None:
                self.worker = Worker()
            try:
                data = self.worker.render(writer.name, document)
            except WorkerFailed as exc:
                self.worker.stop()
                self.worker = None
                if self.current(generation):
                    self.builder.failed(exc.error, internal=not isinstance(exc.error, PaperError))
                return
            if not self.current(generation):
                return  # a newer save: its build has started
            path = self.output / f"{document.slug}{writer.suffix}"
            try:
                write_all({path: data})
            except PaperError as exc:
                self.builder.failed(exc)
                return
            say(f"wrote {path.name} at {time.perf_counter() - started:.2f}s")
        if self.current(generation):
            say(f"every format written in {time.perf_counter() - started:.2f}s")


class WorkerFailed(Exception):
    def __init__(self, error: BaseException):
        super().__init__(str(error))
        self.error = error


class Worker:
    """A process of its own (spawned: this one has threads) that renders a Document with one writer."""

    def __init__(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_render_forever, args=(child,), name="render", daemon=True)
        self.process.start()
        child.close()

    def render(self, writer: str, document) -> bytes:
        try:
            self.connection.send((writer, document))
            ok, result = self.connection.recv()
        except (EOFError, OSError) as exc:
            raise WorkerFailed(RuntimeError(f"the rendering process stopped ({exc or 'no answer'})")) from None
        if not ok:
            raise WorkerFailed(result)
        return result

    def stop(self) -> None:
        self.process.terminate()
        self.process.join(timeout=5)


def _render_forever(connection) -> None:
    """In the worker: (writer, Document) in, (True, bytes) or (False, error) out."""
    from councilpapers.build.pipeline import one_line_failures
    from councilpapers.writers.registry import load_writers

    writers = load_writers()
    while True:
        try:
            name, document = connection.recv()
        except (EOFError, KeyboardInterrupt):
            return
        try:
            with one_line_failures(f"the {name} writer failed on {document.slug}", debug=False):
                data = writers[name].render(document)
            connection.send((True, data))
        except PaperError as exc:
            connection.send((False, exc))


def say(message: str) -> None:
    print(f"watch: {message}", flush=True)


def watch_paths(folder: Path, output: Path, builder: Builder, stop: threading.Event) -> None:
    """Ask for a build on every change under the paper's folder, content/defaults.yaml (the
    default house style) or templates/ (not output/)."""
    from watchfiles import DefaultFilter, watch

    output = output.resolve()

    class Saves(DefaultFilter):
        def __call__(self, change, path: str) -> bool:
            return super().__call__(change, path) and not Path(path).resolve().is_relative_to(output)

    defaults = [d for d in (folder.parent / "defaults.yaml",) if d.is_file()]
    for _changes in watch(folder, TEMPLATES, *defaults, watch_filter=Saves(), stop_event=stop, debounce=400, step=30):
        builder.wanted.set()


def handler(state: State, output: Path, slug: str):
    output = output.resolve()

    class Handler(BaseHTTPRequestHandler):
        server_version = "councilpapers-watch"
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # quiet: the terminal shows builds, not requests
            pass

        def do_GET(self):
            port = self.server.server_address[1]
            if self.headers.get("Host", "") not in (f"127.0.0.1:{port}", f"localhost:{port}"):
                # a page elsewhere whose name was pointed at 127.0.0.1 (DNS rebinding) reads nothing
                return self.send(b"unknown host", "text/plain; charset=utf-8", HTTPStatus.FORBIDDEN)
            path = self.path.split("?", 1)[0]
            if path == EVENTS:
                return self.events()
            if path in ("/", f"/{slug}.html"):
                nonce = secrets.token_urlsafe(16)
                return self.send(served_page(state, nonce).encode("utf-8"), TYPES[".html"])
            target = (output / unquote(path).lstrip("/")).resolve()
            if not target.is_relative_to(output) or not target.is_file() or target.name.startswith("."):
                return self.send(b"not found", "text/plain; charset=utf-8", HTTPStatus.NOT_FOUND)
            return self.send(target.read_bytes(), TYPES.get(target.suffix, "application/octet-stream"))

        def send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def events(self) -> None:
            """Server-Sent Events: the build number now, then each new one as it is published."""
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.close_connection = True
            seen = -1
            try:
                while True:
                    with state.changed:
                        if state.build == seen and not state.stopping:
                            state.changed.wait(timeout=KEEPALIVE_SECONDS)
                        if state.stopping:
                            return
                        build = state.build
                    if build != seen:
                        seen = build
                        self.wfile.write(f"event: build\ndata: {build}\n\n".encode())
                    else:
                        self.wfile.write(b": waiting\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler


def serve(content: Path, output: Path, slug: str, writers: list, port: int = 8000, debug: bool = False) -> int:
    """Watch one paper, rebuild on save, serve its page on 127.0.0.1:port until Ctrl-C."""
    folder = select_papers(content, [slug])[0]
    output.mkdir(parents=True, exist_ok=True)
    state = State()
    builder = Builder(folder, output, writers, state, debug)
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler(state, output, folder.name))
    except OSError as exc:
        from councilpapers.core.errors import UsageError

        reason = exc.strerror or str(exc)
        raise UsageError(f"cannot serve on 127.0.0.1:{port}: {reason} (choose another with --port)") from None
    server.daemon_threads = True
    stop = threading.Event()
    threads = [
        threading.Thread(target=builder.run, name="build", daemon=True),
        threading.Thread(target=builder.follower.run, name="follow", daemon=True),
        threading.Thread(target=watch_paths, args=(folder, output, builder, stop), name="watch", daemon=True),
    ]
    for thread in threads:
        thread.start()
    say(f"serving {folder.name} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
    previous = _stop_on_signals()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        for number, action in previous.items():
            signal.signal(number, action)
        stop.set()
        state.stop()
        server.server_close()
        for thread in threads:
            thread.join(timeout=5)
    print("stopped", flush=True)
    return 0


def _stop_on_signals() -> dict:
    """Ctrl-C (and a plain kill) end the server loop, even where the shell started us with
    SIGINT ignored (a background job); the previous handlers are returned to restore."""

    def interrupt(number, frame):
        raise KeyboardInterrupt

    previous = {}
    if threading.current_thread() is threading.main_thread():
        for number in (signal.SIGINT, signal.SIGTERM):
            previous[number] = signal.signal(number, interrupt)
    return previous
