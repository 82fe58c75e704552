"""PDF writer, the garbage collector: fewer collections while WeasyPrint lays out and writes.

Measured on the February paper, Python's collector took 11-20 % of the PDF's time: a layout
allocates hundreds of thousands of objects that live a while (boxes, styles, lines), so the
young generation fills every 700 allocations and, as the heap grows, four full collections of
all of it follow (0.55 s of the PDF worker's time, on a loaded machine). While a paper is laid
out and written, `fewer_collections()` raises the young generation's threshold a hundredfold:
a few young collections instead of hundreds, and none full for a paper of that size. It
changes no byte of the PDF, and cyclic garbage is still collected, so a paper's peak memory
stays as it was. A very long document makes old garbage that only full collections free (as
Python would have, each time the heap grew by a quarter): inside the region a full collection
comes each time the process's peak memory has grown by `budget` bytes, so a long document's
peak stays near what it was. Outside the region nothing changes, so a long-running process
(watch) collects as before.

`frozen_for_fork()` is for a build that forks workers: what the build holds at the fork is
moved out of the collector's sight (`gc.freeze()`), so a worker's collections never walk it
(nor write to its pages, which stay shared with the parent); the parent sees it again after.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 100_000  # allocations between young collections inside the region (Python's: 700)
BUDGET = 96 * 1024 * 1024  # growth of peak memory (bytes) that calls for a full collection
POLL = 0.1  # seconds between two looks at peak memory


class _Region:
    """The outermost `fewer_collections()` in the process: nested ones, in this thread or
    another, share it; the thresholds it found come back when the last one leaves. While it
    lasts, a thread looks at the process's peak memory every POLL seconds and collects in full
    each time it has grown by the budget since the region began or since that last collection."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        self.saved: tuple[int, int, int] = gc.get_threshold()
        self.stop = threading.Event()
        self.watcher: threading.Thread | None = None
        self.collections = 0  # full collections the budget called for, in the last region

    def enter(self, budget: int) -> None:
        with self.lock:
            self.depth += 1
            if self.depth > 1:
                return
            self.saved, self.collections = gc.get_threshold(), 0
            gc.set_threshold(max(YOUNG_THRESHOLD, self.saved[0]), *self.saved[1:])
            self.stop = threading.Event()
            self.watcher = threading.Thread(target=self.watch, args=(budget, self.stop), daemon=True)
            self.watcher.start()

    def leave(self) -> None:
        with self.lock:
            self.depth -= 1
            if self.depth > 0:
                return
            self.stop.set()
            if self.watcher is not None:
                self.watcher.join()
            gc.set_threshold(*self.saved)

    def watch(self, budget: int, stop: threading.Event) -> None:  # in the watcher thread
        baseline = _peak_bytes()
        while not stop.wait(POLL):
            if _peak_bytes() - baseline > budget:
                gc.collect()
                self.collections += 1
                baseline = _peak_bytes()


_REGION = _Region()


def _peak_bytes() -> int:
    """The process's peak resident memory so far (Linux reports kibibytes)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@contextmanager
def fewer_collections(budget: int = BUDGET) -> Iterator[None]:
    """Around a layout and a PDF write: young collections a hundred times rarer (and full ones
    with them), and a full collection each time peak memory has grown by `budget` bytes; the
    collector's thresholds restored after."""
    _REGION.enter(budget)
    try:
        yield
    finally:
        _REGION.leave()


@contextmanager
def frozen_for_fork() -> Iterator[None]:
    """Around starting forked workers: everything alive now frozen out of the collector's
    sight, so the workers' collections skip it; unfrozen in this process after."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
