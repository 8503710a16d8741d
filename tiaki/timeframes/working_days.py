"""Working days as the Privacy Act 2020 defines them: not a Saturday or
Sunday, not a New Zealand public holiday, and not 25 December to 15 January.

National holidays only: regional anniversary days vary by site and are left
out, which errs towards an earlier deadline, never a later one.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("NZ", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    if day.weekday() >= 5:
        return False
    if (day.month == 12 and day.day >= 25) or (day.month == 1 and day.day <= 15):
        return False
    return day not in _public_holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (start itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current
