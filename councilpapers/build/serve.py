"""Build stage, watch's server: output/ on 127.0.0.1 only, the paper's page served with a small
live-reload script (Server-Sent Events at /_watch/events), the rebuild loop (rebuild.py) run
on every save of the paper's folder, content/defaults.yaml or templates/.

A build that fails leaves output/ as it was, shows its located error at the top of the served
page and on stderr, and the last good page stays below it. Ctrl-C stops the server: exit 0.
"""

from __future__ import annotations

import html
import re
import secrets
import signal
import threading
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, cast
from urllib.parse import unquote

from councilpapers.build.httpserver import BoundedHTTPServer
from councilpapers.build.rebuild import Builder, State, say
from councilpapers.core.errors import UsageError
from councilpapers.core.paths import TEMPLATES
from councilpapers.load.content import select_papers

if TYPE_CHECKING:
    import socket
    from collections.abc import Callable
    from socketserver import BaseServer
    from types import FrameType
    from typing import Any

    from watchfiles import Change

    from councilpapers.writers.registry import Writer

    SignalAction = Callable[[int, FrameType | None], Any] | int | None  # what signal.signal sets and returns

EVENTS = "/_watch/events"
KEEPALIVE_SECONDS = 15
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".json": "application/json",
}


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


def watch_paths(folder: Path, output: Path, builder: Builder, stop: threading.Event) -> None:
    """Ask for a build on every change under the paper's folder, content/defaults.yaml (the
    default house style) or templates/ (not output/)."""
    from watchfiles import DefaultFilter, watch

    output = output.resolve()

    class Saves(DefaultFilter):
        def __call__(self, change: Change, path: str) -> bool:
            return super().__call__(change, path) and not Path(path).resolve().is_relative_to(output)

    defaults = [d for d in (folder.parent / "defaults.yaml",) if d.is_file()]
    for _changes in watch(folder, TEMPLATES, *defaults, watch_filter=Saves(), stop_event=stop, debounce=400, step=30):
        builder.wanted.set()


class Handler(BaseHTTPRequestHandler):
    """One request to the server: the paper's page, the build events, or a file of output/."""

    server_version = "councilpapers-watch"
    protocol_version = "HTTP/1.1"

    def __init__(
        self,
        request: socket.socket,
        address: tuple[str, int],
        server: BaseServer,
        *,
        state: State,
        output: Path,
        slug: str,
    ) -> None:
        self.state, self.output, self.slug = state, output, slug  # before the request is handled, in super()
        super().__init__(request, address, server)

    def log_message(self, format: str, *args: object) -> None:  # quiet: the terminal shows builds, not requests
        pass

    def do_GET(self) -> None:
        port = cast("tuple[str, int]", self.server.server_address)[1]  # a TCP server's address: (host, port)
        if self.headers.get("Host", "") not in (f"127.0.0.1:{port}", f"localhost:{port}"):
            # a page elsewhere whose name was pointed at 127.0.0.1 (DNS rebinding) reads nothing
            return self.send(b"unknown host", "text/plain; charset=utf-8", HTTPStatus.FORBIDDEN)
        path = self.path.split("?", 1)[0]
        if path == EVENTS:
            return self.events()
        if path in ("/", f"/{self.slug}.html"):
            nonce = secrets.token_urlsafe(16)
            return self.send(served_page(self.state, nonce).encode("utf-8"), TYPES[".html"])
        target = self.file(unquote(path))
        if target is None:
            return self.send(b"not found", "text/plain; charset=utf-8", HTTPStatus.NOT_FOUND)
        return self.send(target.read_bytes(), TYPES.get(target.suffix, "application/octet-stream"))

    def file(self, path: str) -> Path | None:
        """The file of output/ a request's path names, or None: nothing outside output/, no hidden
        file (the build record), and no name the file system cannot hold (a NUL, a name of more
        than 255 bytes), which would otherwise fail inside the file system's call."""
        parts = path.split("/")
        if any("\x00" in part or len(part.encode("utf-8", "surrogateescape")) > 255 for part in parts):
            return None
        try:
            target = (self.output / path.lstrip("/")).resolve()
            found = target.is_relative_to(self.output) and target.is_file() and not target.name.startswith(".")
        except (OSError, ValueError):
            return None
        return target if found else None

    def send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")  # no idle connection holds a worker (httpserver.py)
        self.end_headers()
        self.close_connection = True
        self.wfile.write(body)

    def events(self) -> None:
        """Server-Sent Events: the build number now, then each new one as it is published; a few
        pages at once (each holds a worker while it is open)."""
        streams = cast("BoundedHTTPServer", self.server).streams
        if not streams.acquire(blocking=False):
            return self.send(
                b"too many pages open: close one", "text/plain; charset=utf-8", HTTPStatus.SERVICE_UNAVAILABLE
            )
        try:
            self.stream()
        finally:
            streams.release()

    def stream(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        state, seen = self.state, -1
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


def handler(state: State, output: Path, slug: str) -> partial[Handler]:
    """The server's request handler, given what it serves: the watch's state, output/ and the paper."""
    return partial(Handler, state=state, output=output.resolve(), slug=slug)


def serve(content: Path, output: Path, slug: str, writers: list[Writer], port: int = 8000, debug: bool = False) -> int:
    """Watch one paper, rebuild on save, serve its page on 127.0.0.1:port until Ctrl-C."""
    folder = select_papers(content, [slug])[0]
    output.mkdir(parents=True, exist_ok=True)
    state = State()
    builder = Builder(folder, output, writers, state, debug)
    try:
        server = BoundedHTTPServer(("127.0.0.1", port), handler(state, output, folder.name), say)
    except (OSError, OverflowError) as exc:
        reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
        raise UsageError(f"cannot serve on 127.0.0.1:{port}: {reason} (choose another with --port)") from None
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


def _stop_on_signals() -> dict[int, SignalAction]:
    """Ctrl-C (and a plain kill) end the server loop, even where the shell started us with
    SIGINT ignored (a background job); the previous handlers are returned to restore."""

    def interrupt(number: int, frame: FrameType | None) -> NoReturn:
        raise KeyboardInterrupt

    previous: dict[int, SignalAction] = {}
    if threading.current_thread() is threading.main_thread():
        for number in (signal.SIGINT, signal.SIGTERM):
            previous[number] = signal.signal(number, interrupt)
    return previous
