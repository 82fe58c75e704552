"""Build stage, watch's HTTP server: a bounded number of connections and threads, idle ones closed.

http.server's ThreadingHTTPServer starts a thread for every connection and waits on it without
end, so 1,000 connections that send nothing made 1,000 threads. Here one selector (in the
thread that calls serve_forever) accepts connections and holds them, without a thread, until
they send their request; only then does one of WORKERS threads read and answer it, with a
time-out on every read and write. A connection that sends nothing for IDLE_SECONDS is closed,
and when more than MAX_WAITING wait at once the oldest is closed first, so the server keeps
answering whatever else connects.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import HTTPServer
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

WORKERS = 16  # threads answering requests; live-reload streams may hold at most STREAMS of them
STREAMS = 8
IDLE_SECONDS = 10.0  # a connection that sends nothing for this long is closed
REQUEST_SECONDS = 10.0  # the longest wait on one read or write of a request being answered
MAX_WAITING = 256  # connections waiting to send their request; beyond, the oldest is closed
MAX_OPEN = 512  # every connection open at once, waiting or being answered


class BoundedHTTPServer(HTTPServer):
    """An HTTP server on a few threads that no number of idle connections can exhaust."""

    request_queue_size = 128  # connections the system queues before they are accepted (listen's backlog)

    def __init__(self, address: tuple[str, int], handler: Callable[..., Any], report: Callable[[str], None]) -> None:
        self.report = report  # one line about a request that failed, never a traceback
        self.workers = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="request")
        self.streams = threading.BoundedSemaphore(STREAMS)
        self.waiting: dict[socket.socket, tuple[Any, float]] = {}  # oldest first: (address, since)
        self.answering: set[socket.socket] = set()  # connections a worker holds
        self.lock = threading.Lock()
        self.selector = selectors.DefaultSelector()
        self.closing = False
        super().__init__(address, handler)  # binds, or closes (server_close) and raises

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        """Accept and hold connections, hand each that has sent its request to a worker, close the
        idle; until server_close() (from another thread) or an exception here (Ctrl-C)."""
        self.socket.setblocking(False)
        self.selector.register(self.socket, selectors.EVENT_READ)
        while not self.closing:
            for key, _ in self.selector.select(timeout=poll_interval):
                if key.fileobj is self.socket:
                    for _ in range(self.request_queue_size):  # all that are queued: the queue never fills
                        if not self._accept():
                            break
                else:
                    self._answer(key.fileobj)  # type: ignore[arg-type]  # only sockets are registered
            self._close_idle()

    def _accept(self) -> bool:
        """One connection accepted and held; False when none is left to accept."""
        try:
            connection, address = self.socket.accept()
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:  # out of file descriptors, or the client gave up: make room and go on
            self._close_oldest()
            return False
        if len(self.waiting) >= MAX_WAITING or self._open() >= MAX_OPEN:
            self._close_oldest()
        if self._open() >= MAX_OPEN:  # every slot is a request being answered: refused
            connection.close()
            return True
        connection.setblocking(False)
        self.waiting[connection] = (address, time.monotonic())
        self.selector.register(connection, selectors.EVENT_READ)
        return True

    def _answer(self, connection: socket.socket) -> None:
        address, _ = self._forget(connection)
        with self.lock:
            self.answering.add(connection)
        self.workers.submit(self._handle, connection, address)

    def _open(self) -> int:
        with self.lock:
            return len(self.waiting) + len(self.answering)

    def _handle(self, connection: socket.socket, address: Any) -> None:
        try:
            connection.setblocking(True)
            connection.settimeout(REQUEST_SECONDS)
            self.finish_request(connection, address)
        except Exception:  # noqa: BLE001  # a request's fault, told in one line; the server goes on
            self.handle_error(connection, address)
        finally:
            with self.lock:
                self.answering.discard(connection)
            self.shutdown_request(connection)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A request that failed: one line in the terminal (a browser that went away: nothing)."""
        error = sys.exc_info()[1]
        if error is None or isinstance(error, (ConnectionError, TimeoutError)):
            return
        self.report(f"a request to the server failed: {type(error).__name__}: {error}")

    def _forget(self, connection: socket.socket) -> tuple[Any, float]:
        self.selector.unregister(connection)
        return self.waiting.pop(connection)

    def _close_oldest(self) -> None:
        if self.waiting:
            oldest = next(iter(self.waiting))
            self._forget(oldest)
            oldest.close()

    def _close_idle(self) -> None:
        now = time.monotonic()
        while self.waiting:
            oldest, (_, since) = next(iter(self.waiting.items()))
            if now - since < IDLE_SECONDS:
                return
            self._forget(oldest)
            oldest.close()

    def server_close(self) -> None:
        self.closing = True
        for connection in list(self.waiting):
            self._forget(connection)
            connection.close()
        self.selector.close()
        with self.lock:
            answering = list(self.answering)
        for connection in answering:  # a worker reading a slow request stops at once
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self.workers.shutdown(wait=False, cancel_futures=True)
        super().server_close()
