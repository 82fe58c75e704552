"""Composing stage, notice: an agenda is published at least five clear working days before
the meeting, counting neither day, weekends, bank holidays in England nor local closures."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from councilpapers.core.dates import long_date

REQUIRED_DAYS = 5


def clear_working_days(published: datetime.date, meeting: datetime.date, closures: Sequence[datetime.date] = ()) -> int:
    """Working days strictly between the publication date and the meeting."""
    import holidays

    if meeting <= published:
        return 0
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(published.year, meeting.year + 1))
    days, day = 0, published + datetime.timedelta(days=1)
    while day < meeting:
        if day.weekday() < 5 and day not in bank and day not in closures:
            days += 1
        day += datetime.timedelta(days=1)
    return days


def notice_warning(
    published: datetime.date, meeting: datetime.date, closures: Sequence[datetime.date] = ()
) -> str | None:
    """Why the notice is too short, or None."""
    days = clear_working_days(published, meeting, closures)
    if days >= REQUIRED_DAYS:
        return None
    return (
        f"published {long_date(published)} for a meeting on {long_date(meeting)}: {days} clear working "
        f"day{'s' if days != 1 else ''}, fewer than the {REQUIRED_DAYS} required (weekends, bank holidays "
        "in England and the meeting's closures do not count)"
    )
