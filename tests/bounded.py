"""A command run with bounds of its own: a time-out, an address-space limit (1 GiB unless told),
and what it used (wall time, processor time, peak memory of the process and what it waited for).

The bounds are the test's, not a measurement of the machine: a case that needs more than the
limits fails the test at once (a hang ends at the time-out; a memory bomb meets MemoryError in the
child, which the build reports as an internal error, exit 2), whatever the machine's load.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .helpers import ROOT

GIB = 1 << 30
# A small child sets the limits, starts the command and waits for it, then writes what it used
# (from wait4: the command and what it waited for) to a file. The command is started by this
# small child, not by the test's process: a child's peak memory counts from its parent's size
# at fork, so measured from pytest's it would be pytest's.
_LIMITED = (
    "import json, os, resource, sys\n"
    "memory, cpu, report, command = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]\n"
    "resource.setrlimit(resource.RLIMIT_AS, (memory, memory))\n"
    "resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))\n"
    "pid = os.posix_spawn(command[0], command, os.environ)\n"
    "_, status, used = os.wait4(pid, 0)\n"
    "with open(report, 'w') as out:\n"
    "    json.dump({'cpu': used.ru_utime + used.ru_stime, 'peak': used.ru_maxrss / 1024}, out)\n"
    "code = os.waitstatus_to_exitcode(status)\n"
    "sys.exit(code if code >= 0 else 128 - code)\n"
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
    with tempfile.TemporaryDirectory() as work:
        report = Path(work) / "used.json"
        limited = [sys.executable, "-c", _LIMITED, str(memory), str(int(timeout) + 1), str(report), *command]
        out, err = Path(work) / "out", Path(work) / "err"
        started = time.perf_counter()
        with out.open("wb") as stdout, err.open("wb") as stderr:
            process = subprocess.Popen(limited, stdout=stdout, stderr=stderr, cwd=cwd or ROOT, start_new_session=True)
            try:
                code = process.wait(timeout=timeout)
                expired = False
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                code, expired = process.wait(), True
        seconds = time.perf_counter() - started
        used = json.loads(report.read_text()) if report.is_file() else {"cpu": float("nan"), "peak": float("nan")}
        return Bounded(
            code,
            out.read_text(encoding="utf-8", errors="replace"),
            err.read_text(encoding="utf-8", errors="replace"),
            seconds,
            used["cpu"],
            used["peak"],
            expired,
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
