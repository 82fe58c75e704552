"""Build stage, check: every content problem of the papers and meetings, every published
figure that differs from the computed one, every reconciliation that fails; nothing is written."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from councilpapers.core.errors import ContentError, Problem

if TYPE_CHECKING:
    from councilpapers.compose.published import Disagreement
    from councilpapers.compose.reconcile import Mismatch
    from councilpapers.load.meeting import LoadedMeeting


def unaccepted(
    disagreements: Iterable[Disagreement], mismatches: Iterable[Mismatch], strict: bool = False
) -> list[Disagreement | Mismatch]:
    """The published figures a check fails on: beyond the table's tolerance and not accepted
    with a reason (accepted ones too when `strict`), and reconciliations apart."""
    beyond = [d for d in disagreements if not d.within_tolerance]
    return [d for d in beyond if strict or not d.accepted] + [m for m in mismatches if strict or not m.accepted]


@dataclass
class Findings:
    """What a check found in the papers (and, for a check of everything, the meetings): the
    content's problems, warnings, every published figure that differs from the computed one and
    every reconciliation apart; `failing` are those the check fails on."""

    papers: list[str]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)
    failing: list[Disagreement | Mismatch] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems and not self.failing


def check_content(content: Path, folders: list[Path], meetings: bool, strict: bool = False) -> Findings:
    """For `check`: every paper in `folders` loaded and composed (and every meeting, with
    `meetings`), nothing written; accepted disagreements and short notice fail too when `strict`."""
    findings = Findings([f.name for f in folders])
    for folder in folders:
        check_paper(folder, findings)
    if meetings:
        findings.warnings += meeting_problems(content, findings.problems, strict)
    findings.problems = list(dict.fromkeys(findings.problems))  # a meeting's, met by each paper it makes exempt
    findings.failing = unaccepted(findings.disagreements, findings.mismatches, strict)
    return findings


def check_paper(folder: Path, findings: Findings) -> None:
    """One paper's problems, or its disagreements, reconciliations apart and tables that cannot fit."""
    from councilpapers.build.overflow import overflow_warnings
    from councilpapers.compose.document import compose
    from councilpapers.load.paper import load_paper

    try:
        composed = compose(load_paper(folder))
    except ContentError as exc:
        findings.problems.extend(exc.problems)
        return
    findings.disagreements.extend(composed.disagreements)
    findings.mismatches.extend(composed.mismatches)
    findings.warnings.extend(overflow_warnings(composed.document))


def meeting_problems(content: Path, problems: list[Problem], strict: bool = False) -> list[str]:
    """For check: every meeting's problems (added to `problems`) and its notice warnings: a short
    notice (compose/notice.py) is a warning, and a problem that fails the check when `strict`."""
    from councilpapers.compose.agenda import agenda_warnings
    from councilpapers.compose.notice import notice_findings
    from councilpapers.load.content import find_meetings
    from councilpapers.load.meeting import load_meeting

    warnings: list[str] = []
    for file in find_meetings(content):
        try:
            loaded = load_meeting(file, content)
            notices = notice_findings(loaded)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        warnings.extend(agenda_warnings(loaded, _report_to(content, loaded)))
        if strict:
            problems.extend(notices)
        else:
            warnings.extend(str(p) for p in notices)
    return warnings


def _report_to(content: Path, loaded: LoadedMeeting) -> dict[str, list[tuple[str, datetime.date]]]:
    """Each paper the meeting lists, by its report-to lines (a paper with problems is left to
    the paper check to report)."""
    from councilpapers.compose.pack import papers_listed
    from councilpapers.load.paper import load_paper

    found = {}
    for paper in papers_listed(loaded):
        with contextlib.suppress(ContentError):
            found[paper] = [(r.body, r.date) for r in load_paper(content / paper).paper.report_to]
    return found
