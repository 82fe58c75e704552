"""Composing stage, clear days: counting the days between a notice and its meeting, and the
latest day a notice may be published, by a nation's calendar.

A clear day lies strictly between the day of publication and the day of the meeting. Counted as
working days, it is a weekday that is neither a bank holiday of the nation (the `holidays`
package's GB subdivisions: ENG, WLS, SCT, NIR) nor a closure of the council or of the meeting;
counted as calendar days, every day is one. The rules themselves are data
(templates/rules/notice.yaml, load/rules.py); `shortfall` applies one to a notice.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from councilpapers.load.rules import NationRules, Rule, nation_rules

if TYPE_CHECKING:
    from holidays import HolidayBase

    from councilpapers.load.style import HouseStyle

Count = Literal["working", "calendar"]
DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=8)
def bank_holidays(subdivision: str) -> HolidayBase:
    """The bank holidays of a part of the United Kingdom, every year on demand."""
    import holidays

    return holidays.country_holidays("GB", subdiv=subdivision)


@dataclass(frozen=True)
class Calendar:
    """Which days are working days: weekdays but for a nation's bank holidays and the closures."""

    subdivision: str  # "ENG", "WLS", "SCT"
    closures: frozenset[datetime.date] = frozenset()

    def working(self, day: datetime.date) -> bool:
        return day.weekday() < 5 and day not in bank_holidays(self.subdivision) and day not in self.closures

    def counts(self, day: datetime.date, count: Count) -> bool:
        return count == "calendar" or self.working(day)

    def with_closures(self, closures: Iterable[datetime.date]) -> Calendar:
        return Calendar(self.subdivision, self.closures | frozenset(closures))


def clear_days(published: datetime.date, meeting: datetime.date, calendar: Calendar, count: Count) -> int:
    """The clear days strictly between the publication and the meeting."""
    days, day = 0, published + DAY
    while day < meeting:
        days += calendar.counts(day, count)
        day += DAY
    return days


def latest_publication(meeting: datetime.date, days: int, calendar: Calendar, count: Count) -> datetime.date:
    """The latest working day on which a notice may be published and still leave `days` clear
    days before the meeting (the notice is made available at the council's offices too)."""
    found, day = 0, meeting
    while found < days:
        day -= DAY
        found += calendar.counts(day, count)
    day -= DAY  # the day before the earliest clear day
    while not calendar.working(day):
        day -= DAY
    return day


def on_day(day: datetime.date) -> str:
    """2018-01-30 → 'Tuesday 30 January 2018'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


# ---- a rule applied -------------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    """What a meeting's notices are checked against: its style's nation and every closure."""

    rules: NationRules
    calendar: Calendar


def notice_of(style: HouseStyle, closures: Iterable[datetime.date] = ()) -> Notice:
    """The nation's rules and calendar, with the council's closures and the meeting's."""
    rules = nation_rules(style.nation)
    return Notice(rules, Calendar(rules.holidays, frozenset(style.closures) | frozenset(closures)))


def shortfall(
    published: datetime.date, meeting: datetime.date, rule: Rule, notice: Notice, subject: str = ""
) -> str | None:
    """Why a notice published that day is too short for the meeting under the rule, with the
    latest day that complies; None when it complies."""
    days = clear_days(published, meeting, notice.calendar, rule.count)
    if days >= rule.days:
        return None
    kind = "clear working day" if rule.count == "working" else "clear day"
    uncounted = (
        f"weekends, {notice.rules.holidays_name} and closures do not count"
        if rule.count == "working"
        else "every day counts but the day of the notice and the day of the meeting"
    )
    latest = latest_publication(meeting, rule.days, notice.calendar, rule.count)
    return (
        f"{subject}{on_day(published)} leaves {days} {kind}{'s' if days != 1 else ''}, fewer than the {rule.days} "
        f"required by {rule.source}, before the meeting on {on_day(meeting)} ({notice.rules.name}: {uncounted}): "
        f"publish by {on_day(latest)} at the latest"
    )
