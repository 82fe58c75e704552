"""Loading stage, earlier revisions: the content folder as a git revision holds it.

Git is asked only for plain facts (the repository's folder, a revision's commit, the content
folder's files at that commit); the files are unpacked into a temporary folder and loaded by
the ordinary loader, so an earlier paper is read with the same checks as today's.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from councilpapers.core.errors import UsageError, display_path


@dataclass(frozen=True)
class Revision:
    asked: str  # as the author wrote it: HEAD, HEAD~2, a tag
    commit: str  # the full hash
    short: str
    date: str  # the commit's date, ISO
    subject: str  # the first line of its message

    def __str__(self) -> str:
        named = self.asked if self.asked == self.short else f"{self.asked} ({self.short})"
        return f"{named} of {self.date}"


@dataclass(frozen=True)
class Repository:
    top: Path  # the working tree's top folder
    prefix: str  # the content folder inside it, "content/" (or "" at the top)


def _git(
    args: list[str], cwd: Path, binary: bool = False
) -> subprocess.CompletedProcess[Any]:  # str, or bytes if binary
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=not binary, check=False)
    except FileNotFoundError:
        raise UsageError("diff needs git, which is not installed") from None


def repository(content: Path) -> Repository:
    """The git repository holding the content folder, or a usage error saying it is not in one."""
    if not content.is_dir():
        raise UsageError(f"no folder {display_path(content)}")
    found = _git(["rev-parse", "--show-toplevel", "--show-prefix"], content)
    if found.returncode != 0:
        raise UsageError(
            f"{display_path(content)} is not in a git repository: diff compares the content with a commit of it"
        )
    top, prefix = (found.stdout.splitlines() + ["", ""])[:2]
    return Repository(Path(top), prefix)


def resolve(repo: Repository, asked: str) -> Revision:
    """The commit a revision names, with its date and subject."""
    found = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{asked}^{{commit}}"], repo.top)
    if asked.startswith("-") or found.returncode != 0:
        hint = " (the repository has no commit yet)" if _git(["rev-parse", "HEAD"], repo.top).returncode else ""
        raise UsageError(f"unknown revision '{asked}' in the git repository {repo.top}{hint}")
    commit = found.stdout.strip()
    shown = _git(["log", "-1", "--format=%h%x00%cs%x00%s", commit], repo.top).stdout.rstrip("\n")
    short, date, subject = (shown.split("\0") + ["", "", ""])[:3]
    return Revision(asked, commit, short, date, subject)


@contextmanager
def content_at(repo: Repository, revision: Revision, paper: str) -> Iterator[Path | None]:
    """A paper's folder (and content/defaults.yaml) as the revision holds them, unpacked into a
    temporary content folder that is removed afterwards; None when the revision has no such paper."""
    prefix = repo.prefix
    wanted = [f"{prefix}{paper}/paper.yaml", f"{prefix}defaults.yaml"]
    present = [p for p in wanted if _git(["cat-file", "-e", f"{revision.commit}:{p}"], repo.top).returncode == 0]
    if wanted[0] not in present:
        yield None
        return
    paths = [f"{prefix}{paper}"] + present[1:]
    archive = _git(["archive", "--format=tar", revision.commit, "--", *paths], repo.top, binary=True)
    if archive.returncode != 0:
        raise UsageError(f"git could not read {paper} at {revision}: {archive.stderr.decode().strip()}")
    with tempfile.TemporaryDirectory(prefix="councilpapers-diff-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            try:
                tar.extractall(folder, filter="data")  # links out of the folder are refused
            except tarfile.FilterError as exc:
                name = exc.tarinfo.name[len(prefix) :]
                raise UsageError(
                    f"{paper} at {revision.asked} holds {name}, a link to a file outside its folder: "
                    "the toolkit reads only files inside content/"
                ) from None
        yield Path(folder) / prefix
