"""Quarters of the year as the quarterly report to the chief executive
counts them: New Zealand calendar quarters ("2026-Q4" is 1 October to
31 December 2026, NZ dates), each counted from the first NZ midnight to the
next quarter's."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*$")
#: No record in Tiaki is older (22 years of history were migrated).
EARLIEST_YEAR = 2000
_MONTHS = {1: "January", 4: "April", 7: "July", 10: "October"}


class QuarterError(ValueError):
    """Not a quarter the report can be made for; ``field`` is "quarter"."""

    def __init__(self, message: str, field: str = "quarter") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> dt.date:
        return self.next().first_day - dt.timedelta(days=1)

    @property
    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.first_day, dt.time.min))

    @property
    def ends_at(self) -> dt.datetime:
        """The first moment after the quarter (exclusive)."""
        return self.next().starts_at

    @property
    def words(self) -> str:
        """ "October to December 2026"."""
        last = self.last_day
        return f"{_MONTHS[self.first_day.month]} to {last:%B} {self.year}"

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def last_four(self) -> list[Quarter]:
        """This quarter and the three before it, oldest first."""
        quarters = [self]
        for _ in range(3):
            quarters.insert(0, quarters[0].previous())
        return quarters


def quarter_of(day: dt.date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def quarter_parse(text: str, *, today: dt.date | None = None) -> Quarter:
    """The quarter ``text`` names ("2026-Q4"); a quarter not yet begun (NZ
    date) or before the year 2000 is refused with words that say why."""
    found = _QUARTER.match(text or "")
    if not found:
        raise QuarterError("Choose a quarter written like 2026-Q4 (the year, then Q1 to Q4).")
    quarter = Quarter(int(found.group(1)), int(found.group(2)))
    today = today or timezone.localdate()
    if quarter.first_day > today:
        raise QuarterError(f"{quarter.code} has not begun yet: choose {quarter_of(today).code} or an earlier quarter.")
    if quarter.year < EARLIEST_YEAR:
        raise QuarterError(f"Choose a quarter from {EARLIEST_YEAR} on.")
    return quarter


def recent_quarters(today: dt.date, count: int = 8) -> list[Quarter]:
    """The current quarter and the ones before it, newest first (the page's choice)."""
    quarters = [quarter_of(today)]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return quarters
