"""Composing stage, an agenda checked against its papers: what a clerk should hear before
publishing. A paper whose report-to lines do not name this meeting (its body and date), and
items numbered out of order, are warned of, each naming both sides."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence

from councilpapers.core.dates import long_date
from councilpapers.core.errors import Problem
from councilpapers.load.meeting import LoadedMeeting, walk

ReportTo = Sequence[tuple[str, datetime.date]]  # a paper's report-to lines: (body, meeting date)


def agenda_warnings(loaded: LoadedMeeting, report_to: Mapping[str, ReportTo]) -> list[str]:
    """Every warning of a meeting's agenda against its papers (`report_to`: each paper's lines)."""
    return _paper_warnings(loaded, report_to) + order_warnings(loaded)


def _paper_warnings(loaded: LoadedMeeting, report_to: Mapping[str, ReportTo]) -> list[str]:
    meeting = loaded.meeting
    here = (_plain(meeting.committee or ""), meeting.date)
    warnings = []
    for item, _ in walk(loaded.meeting.items):
        for paper in [item.paper, *(d.paper for d in item.documents)]:
            lines = report_to.get(paper or "")
            if not paper or lines is None or any((_plain(body), date) == here for body, date in lines):
                continue
            said = "; ".join(f"{body} – {long_date(date)}" for body, date in lines) or "no meeting"
            warnings.append(
                f"{loaded.file.name}: item {item.number}, {paper}: its paper.yaml reports to {said}, "
                f"not this meeting ({meeting.committee} – {long_date(meeting.date)}): "
                "correct its report_to or the meeting file"
            )
    return warnings


def _plain(name: str) -> str:
    """A body's name as compared: case, spaces and a leading "the" aside."""
    return re.sub(r"^the ", "", " ".join(name.casefold().split()))


def order_warnings(loaded: LoadedMeeting) -> list[str]:
    """Items (and sub-items among themselves) whose numbers go backwards."""
    warnings = []
    siblings = [loaded.meeting.items] + [item.items for item, _ in walk(loaded.meeting.items) if item.items]
    for items in siblings:
        for before, after in zip(items, items[1:]):
            if _order(after.number) <= _order(before.number):
                warnings.append(
                    f"{loaded.file.name}: item {after.number} comes after item {before.number}: "
                    "number the items in the order they are taken"
                )
    return warnings


def _order(number: str) -> tuple[int, str]:
    digits = re.match(r"\d*", number)
    return (int(digits.group()) if digits and digits.group() else 0, number.lstrip("0123456789"))


def date_problems(loaded: LoadedMeeting, report_to: Mapping[str, ReportTo], dated: set[str]) -> list[Problem]:
    """A paper whose house style requires the meeting date (its report type `requires:
    [meeting_date]`) must report to this meeting's date: its front sheet would print another."""
    problems = []
    meeting = loaded.meeting
    for item, path in walk(meeting.items):
        if item.paper in dated and all(date != meeting.date for _, date in report_to.get(item.paper, ())):
            problems.append(
                loaded.source.problem(
                    loaded.located(path + ("paper",)),
                    f"{item.paper}: its house style requires the meeting date, and its report_to gives no line "
                    f"for {long_date(meeting.date)}: add `- {{body: {meeting.committee}, date: {meeting.date}}}`",
                )
            )
    return problems
