"""Build stage, check: every content problem of the papers and meetings, every published
figure that differs from the computed one, every reconciliation that fails; nothing is written."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from councilpapers.core.errors import ContentError, Problem

if TYPE_CHECKING:
    from councilpapers.compose.published import Disagreement
    from councilpapers.compose.reconcile import Mismatch


def unaccepted(
    disagreements: Iterable[Disagreement], mismatches: Iterable[Mismatch], strict: bool = False
) -> list[Disagreement | Mismatch]:
    """The published figures a check fails on: beyond the table's tolerance and not accepted
    with a reason (accepted ones too when `strict`), and reconciliations apart."""
    beyond = [d for d in disagreements if not d.within_tolerance]
    return [d for d in beyond if strict or not d.accepted] + [m for m in mismatches if strict or not m.accepted]


def problems_of(folders: list[Path]) -> tuple[list[Problem], list[Disagreement], list[Mismatch], list[str]]:
    """For `check`: every content problem, every published figure that differs from the
    computed one, every reconciliation that fails, and warnings (tables that cannot fit)."""
    from councilpapers.build.overflow import overflow_warnings
    from councilpapers.compose.document import compose
    from councilpapers.load.paper import load_paper

    problems: list[Problem] = []
    disagreements: list[Disagreement] = []
    mismatches: list[Mismatch] = []
    warnings: list[str] = []
    for folder in folders:
        try:
            composed = compose(load_paper(folder))
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        disagreements.extend(composed.disagreements)
        mismatches.extend(composed.mismatches)
        warnings.extend(overflow_warnings(composed.document))
    return problems, disagreements, mismatches, warnings


def meeting_problems(content: Path, problems: list[Problem]) -> list[str]:
    """For check: every meeting's problems (added to `problems`) and its notice warnings."""
    from councilpapers.compose.pack import pack_warnings
    from councilpapers.core.pack import PUBLIC
    from councilpapers.load.content import find_meetings
    from councilpapers.load.meeting import load_meeting

    warnings: list[str] = []
    for file in find_meetings(content):
        try:
            warnings.extend(pack_warnings(load_meeting(file, content), PUBLIC))
        except ContentError as exc:
            problems.extend(exc.problems)
    return warnings
