"""Birth dates as a notifier types them, and how close two of them are.

A notifier may type "31/02/2015" (impossible), "2015-02-31", "15 Feb 2015",
"20150215" (FEBRL), "2015" or an age. ``parse_birth_date`` keeps the day,
month and year parts even when they make no real date, because the typed
parts are what ``compare`` needs to recognise the usual mistakes: day and
month swapped, one digit wrong, year one or ten out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_NUMBERS = re.compile(r"\d+")


@dataclass(frozen=True)
class DateParts:
    """What was typed; any part may be missing or out of range."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    # An age gives a year that may be one out either way (birthday not yet this year).
    approximate: bool = False

    @property
    def is_empty(self) -> bool:
        return self.year is None

    def as_date(self) -> date | None:
        if self.year is None or self.month is None or self.day is None:
            return None
        try:
            return date(self.year, self.month, self.day)
        except ValueError:
            return None

    def digits(self) -> str:
        return f"{self.year or 0:04d}{self.month or 0:02d}{self.day or 0:02d}"


def _full_year(year: int, this_year: int) -> int:
    if year >= 100:
        return year
    return 2000 + year if 2000 + year <= this_year else 1900 + year


def parse_birth_date(text: str, *, today: date | None = None) -> DateParts:
    """Day, month and year as typed, day first as New Zealand writes them."""
    this_year = (today or timezone.localdate()).year
    raw = text.strip().lower()
    if not raw:
        return DateParts()
    if re.fullmatch(r"\d{8}", raw):
        # FEBRL and most exports: YYYYMMDD; a DDMMYYYY string has a day first.
        if 1800 <= int(raw[:4]) <= this_year + 1:
            return DateParts(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
        return DateParts(int(raw[4:]), int(raw[2:4]), int(raw[:2]))
    month_word = next((n for w, n in _MONTHS.items() if re.search(rf"\b{w}[a-z]*\b", raw)), None)
    numbers = [int(n) for n in _NUMBERS.findall(raw)]
    if month_word is not None:
        day = next((n for n in numbers if n <= 31), None)
        year = next((n for n in numbers if n > 31), None)
        return DateParts(_full_year(year, this_year) if year is not None else None, month_word, day)
    if len(numbers) == 3:
        if numbers[0] > 31 or len(_NUMBERS.findall(raw)[0]) == 4:  # 2015-02-31
            year, month, day = numbers
        else:  # 31/02/2015
            day, month, year = numbers
        return DateParts(_full_year(year, this_year), month, day)
    if len(numbers) == 1:
        (n,) = numbers
        if 1800 <= n <= this_year + 1:
            return DateParts(n)
        if n < 120 and re.search(r"\b(age|aged|yo|y\.?o|years?|yrs?)\b|^\d{1,3}$", raw):
            return parse_age(n, today=today)
    return DateParts()


def parse_age(age: int, *, today: date | None = None) -> DateParts:
    this_year = (today or timezone.localdate()).year
    return DateParts(this_year - age - 1, approximate=True) if age >= 0 else DateParts()


@dataclass(frozen=True)
class DateMatch:
    """How a typed date compares with a recorded one: a plain-language reason
    and a weight (log-odds, in score.py's units); weight 0 means no evidence."""

    weight: float
    reason: str
    agrees: bool  # the same date, or one a known typing mistake away


NO_EVIDENCE = DateMatch(0.0, "", False)


def _one_digit_apart(a: str, b: str) -> bool:
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diffs) == 1:
        return True
    # Two neighbouring digits swapped ("1982" for "1928").
    return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]


def compare(typed: DateParts, recorded: date | None, *, year_only: bool = False) -> DateMatch:
    """Compare what was typed with a recorded birth date (``year_only`` when
    the record holds only a year)."""
    if typed.year is None or recorded is None:
        return NO_EVIDENCE
    ry, rm, rd = recorded.year, recorded.month, recorded.day
    if typed.approximate or year_only or typed.month is None or typed.day is None:
        gap = abs(typed.year - ry)
        if gap == 0 or (typed.approximate and gap <= 1):
            return DateMatch(2.0, "same birth year", True)
        if gap == 1:
            return DateMatch(0.5, "birth year one out", True)
        return DateMatch(-4.0, "birth year differs", False)
    y, m, d = typed.year, typed.month, typed.day
    if (y, m, d) == (ry, rm, rd):
        return DateMatch(7.0, "same birth date", True)
    if y == ry and m == rd and d == rm:
        return DateMatch(5.0, "birth date with day and month swapped", True)
    if (m, d) == (rm, rd) and abs(y - ry) == 1:
        return DateMatch(4.0, "birth date with the year one out", True)
    if (m, d) == (rm, rd) and abs(y - ry) == 10:
        return DateMatch(4.0, "birth date with the year ten out", True)
    if _one_digit_apart(typed.digits(), f"{ry:04d}{rm:02d}{rd:02d}"):
        return DateMatch(4.0, "birth date one digit different", True)
    if (m, d) == (rm, rd):
        return DateMatch(1.0, "same day and month of birth, different year", False)
    if y == ry and (m == rm or d == rd):
        return DateMatch(0.0, "same birth year, day or month different", False)
    if y == ry:
        return DateMatch(-2.0, "same birth year, different day and month", False)
    return DateMatch(-6.0, "different birth date", False)


def key_dates(typed: DateParts) -> list[str]:
    """The YYYYMMDD strings a typed date may stand for, for blocking keys:
    as typed (if real), and with day and month swapped (if real)."""
    if typed.year is None or typed.month is None or typed.day is None or typed.approximate:
        return []
    out = []
    for m, d in ((typed.month, typed.day), (typed.day, typed.month)):
        try:
            out.append(date(typed.year, m, d).strftime("%Y%m%d"))
        except ValueError:
            continue
    return list(dict.fromkeys(out))


def key_years(typed: DateParts) -> list[int]:
    """Birth years to block on: as typed, one either side, and ten out."""
    if typed.year is None:
        return []
    y = typed.year
    years = [y, y - 1, y + 1]
    if not typed.approximate:
        years += [y - 10, y + 10]
        # A one-digit typo in the last two digits of the year.
        years += [y - y % 10 + k for k in range(10)]
    return list(dict.fromkeys(years))
