"""Writing files: a build never leaves a half-written or destroyed earlier output.

Every file of a build is first written in full to a temporary name beside its target and
flushed to disk; only when all are written are they renamed over their targets, one after
another. A failure before that point (a full disk, a folder that cannot be written, a kill)
leaves every earlier output as it was, and the temporary files are removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from pathlib import Path

from councilpapers.core.errors import RenderError, display_path

STALE_SECONDS = 600  # a temporary file this old is a leftover of a build that was killed


def write_atomically(target: Path, data: bytes) -> None:
    """One file: written to a temporary file beside the target, then renamed over it."""
    write_all_or_nothing({target: data})


def write_all_or_nothing(files: dict[Path, bytes]) -> None:
    staged: list[tuple[Path, Path]] = []
    current = next(iter(files), Path())
    try:
        for target, data in files.items():
            current = target
            staged.append((_stage(target, data), target))
        for temporary, target in staged:
            current = target
            temporary.replace(target)
    except OSError as exc:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        reason = exc.strerror or str(exc)
        raise RenderError(f"cannot write {display_path(current)}: {reason}; nothing was changed") from None
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for folder in {target.parent for target in files}:
        remove_leftovers(folder)


def _stage(target: Path, data: bytes) -> Path:
    if target.is_dir() and not target.is_symlink():  # found now, before any file is renamed
        raise IsADirectoryError(errno.EISDIR, "a folder stands where the file goes", str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(0o644)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def remove_leftovers(folder: Path) -> None:
    """Temporary files that killed builds left behind (not those of a build still running)."""
    now = time.time()
    for leftover in folder.glob(".*.part"):
        try:
            if now - leftover.stat().st_mtime > STALE_SECONDS:
                leftover.unlink()
        except OSError:
            pass


def remove_outputs(paths: list[Path]) -> None:
    """Files an earlier build wrote that no longer belong where they are (a paper now not for
    publication, a document gone from a publication folder), and the folders they leave empty."""
    folders = set()
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise RenderError(
                f"cannot remove {display_path(path)}, which no longer belongs there: {exc.strerror or exc}"
            ) from None
        folders.add(path.parent)
    for folder in sorted(folders, key=lambda f: -len(f.parts)):
        with contextlib.suppress(OSError):
            if not any(folder.iterdir()):
                folder.rmdir()
