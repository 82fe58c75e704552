"""Core (stage-free), dates: a date as papers print it."""

from __future__ import annotations

import datetime


def long_date(value: datetime.date) -> str:
    """2018-03-07 → '7 March 2018'."""
    return f"{value.day} {value:%B %Y}"
