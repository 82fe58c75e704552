"""A command run with bounds of its own: a time-out, an address-space limit (1 GiB unless told),
and what it used (wall time, processor time, peak memory of the process and what it waited for).

The bounds are the test's, not a measurement of the machine: a case that needs more than the
limits fails the test at once (a hang ends at the time-out; a memory bomb meets MemoryError in the
child, which the build reports as an internal error, exit 2), whatever the machine's load.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .helpers import ROOT

GIB = 1 << 30
# the child sets its own limits, then becomes the command (thread-safe, unlike preexec_fn)
_LIMITED = (
    "import os, resource, sys\n"
    "memory, cpu = int(sys.argv[1]), int(sys.argv[2])\n"
    "resource.setrlimit(resource.RLIMIT_AS, (memory, memory))\n"
    "resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))\n"
    "os.execv(sys.argv[3], sys.argv[3:])\n"
)


@dataclass
class Bounded:
    code: int
    stdout: str
    stderr: str
    seconds: float
    cpu: float  # user and system time of the command and of the processes it waited for
    peak_mib: float  # the largest resident set of any of them
    timed_out: bool

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def ended_in_time(self) -> str:
        return "" if not self.timed_out else f"did not end within its time-out ({self.seconds:.0f} s)"


def run_bounded(command: list[str], timeout: float = 60, memory: int = GIB, cwd: Path | None = None) -> Bounded:
    """`command` run under the limits; killed (its whole process group) at `timeout` seconds."""
    limited = [sys.executable, "-c", _LIMITED, str(memory), str(int(timeout) + 1), *command]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(limited, stdout=out, stderr=err, cwd=cwd or ROOT, start_new_session=True)
        expired = threading.Event()

        def kill() -> None:
            expired.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return Bounded(
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024,
            expired.is_set(),
        )


def build_bounded(content: Path, output: Path, *args: str, timeout: float = 60, memory: int = GIB) -> Bounded:
    """build.py on `content` into `output` (the print HTML only, unless `args` say otherwise)."""
    formats = [] if "--format" in args else ["--format", "html"]
    command = [sys.executable, str(ROOT / "build.py"), *args, "--content", str(content), "--output", str(output)]
    return run_bounded(command + formats, timeout, memory)


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (the build's record too), by its path there, with its bytes."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
