"""Composing stage, notice: is a meeting's agenda (or supplement) published early enough, by the
rules of the nation its house style chooses, and are the notices of its private business (England,
executive meetings: compose/privatemeeting.py)?

The rules are data, each with its legal source (templates/rules/notice.yaml). A short notice is a
located finding (the meeting file, the line of its `published:`) that gives the latest date that
complies: a warning in a build, an error in `check --strict`. Weekends, the nation's bank holidays
and the closures of the council (its house style's `closures:`) and of the meeting do not count.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from councilpapers.compose.cleardays import Calendar, Notice, clear_days, notice_of, shortfall
from councilpapers.compose.privatemeeting import content_of, private_findings
from councilpapers.core.errors import Problem
from councilpapers.load.meeting import LoadedMeeting, walk
from councilpapers.load.rules import AGENDA, nation_rules
from councilpapers.load.style import HouseStyle
from councilpapers.load.yamlsource import Path_

SUPPLEMENT_KINDS = ("supplement", "exempt-supplement")  # core.pack's kinds of supplementary pack


def meeting_style(loaded: LoadedMeeting) -> HouseStyle:
    """The meeting's house style (its own `style:`, else content/defaults.yaml's)."""
    from councilpapers.load.defaults import default_style
    from councilpapers.load.style import load_style

    return load_style(loaded.meeting.style or default_style(content_of(loaded)))


def agenda_findings(loaded: LoadedMeeting, notice: Notice, kind: str = "public") -> list[Problem]:
    """The agenda's (or the supplement's) notice: a located finding when it is too short."""
    meeting = loaded.meeting
    rule = notice.rules.rule(AGENDA, meeting.date)
    supplement = kind in SUPPLEMENT_KINDS
    published = meeting.supplement_published if supplement else meeting.published
    if rule is None or published is None:  # a supplement without its date is refused where it is built
        return []
    late = [i.number for i, _ in walk(meeting.items) if i.to_follow and (i.paper or i.document) and not i.urgent]
    if supplement and not late:  # an urgent item needs no notice (the chair's reason, s.100B(4)(b))
        return []
    field: Path_ = ("supplement_published",) if supplement else ("published",)
    items = f"the supplement (item{'s' if len(late) > 1 else ''} {', '.join(late)}) of " if supplement else ""
    message = shortfall(published, meeting.date, rule, notice, subject=items)
    return [loaded.source.problem(field, message)] if message else []


def notice_findings(loaded: LoadedMeeting, kind: str = "public", style: HouseStyle | None = None) -> list[Problem]:
    """Every notice rule the meeting breaks, located in its file: the agenda's (or supplement's)
    clear days and, for the public agenda, the notices of its private business."""
    style = style or meeting_style(loaded)
    notice = notice_of(style, loaded.meeting.closures)
    findings = agenda_findings(loaded, notice, kind)
    if kind not in SUPPLEMENT_KINDS:
        findings += private_findings(loaded, notice)
    return findings


def notice_warnings(loaded: LoadedMeeting, kind: str = "public", style: HouseStyle | None = None) -> list[str]:
    """The findings as a build's warnings: `file:line:column: field: message`."""
    return [str(p) for p in notice_findings(loaded, kind, style)]


# ---- England's rule, for callers that name no style -------------------------------------------


def _england(closures: Sequence[datetime.date]) -> Notice:
    rules = nation_rules("england")
    return Notice(rules, Calendar(rules.holidays, frozenset(closures)))


def clear_working_days(published: datetime.date, meeting: datetime.date, closures: Sequence[datetime.date] = ()) -> int:
    """Working days strictly between the publication and the meeting (England)."""
    return clear_days(published, meeting, _england(closures).calendar, "working")


def notice_warning(
    published: datetime.date, meeting: datetime.date, closures: Sequence[datetime.date] = ()
) -> str | None:
    """Why an agenda published that day is too short for the meeting in England, or None."""
    notice = _england(closures)
    rule = notice.rules.rule(AGENDA, meeting)
    return shortfall(published, meeting, rule, notice) if rule else None
