"""Comparing stage: what a change of figures did to a paper since a git revision.

Both papers, the revision's (its content read from git) and the working tree's, are loaded and
composed by the same code; their composed Documents are compared (report.py), and the agenda
packs whose items include the paper are found (packs.py).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from councilpapers.compare.packs import packs_with
from councilpapers.compare.report import Report, compare
from councilpapers.compose.document import Composed, compose
from councilpapers.core.errors import ContentError, PaperError
from councilpapers.load.content import select_papers
from councilpapers.load.paper import load_paper
from councilpapers.load.revision import Revision, content_at, repository, resolve


class DiffError(PaperError):
    """The comparison cannot be made (an earlier paper that does not load, one that did not exist)."""

    category = "diff"


def diff_paper(content: Path, paper: str, since: str) -> Report:
    """Compare a paper in `content` with the same paper at a git revision."""
    repo = repository(content)
    revision = resolve(repo, since)
    folder = select_papers(content, [paper])[0]
    new = compose(load_paper(folder))
    with content_at(repo, revision, paper) as earlier:
        if earlier is None or not (earlier / paper / "paper.yaml").is_file():
            raise DiffError(f"{paper} is new since {revision.asked}: nothing to compare")
        old = _compose_earlier(earlier / paper, content, revision)
    return compare(paper, old, new, revision, tuple(packs_with(content, paper, new.document)))


def _compose_earlier(folder: Path, content: Path, revision: Revision) -> Composed:
    try:
        return compose(load_paper(folder))
    except ContentError as exc:
        first = exc.problems[0]
        where = content / first.file.resolve().relative_to(folder.parent.resolve())  # as the repository has it
        more = len(exc.problems) - 1
        raise DiffError(
            f"{folder.name} at {revision.asked} ({revision.short}) does not load, so there is nothing to compare "
            f"with: {replace(first, file=where)}"
            + (f" (and {more} more problem{'s' if more != 1 else ''})" if more else "")
        ) from None
