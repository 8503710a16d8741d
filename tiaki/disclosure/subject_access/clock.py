"""The clock of a subject access request (Privacy Act 2020 s44: a decision
within 20 working days of receipt; s48: extended with a notice; s43: a
transfer within 10 working days). Working days are the Act's
(tiaki.timeframes.working_days). Dates here are New Zealand dates: a
request received on a day is received on that day in Aotearoa."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from tiaki.timeframes.working_days import add_working_days, is_working_day

if TYPE_CHECKING:
    from tiaki.disclosure.models import SubjectAccessRequest

#: s44: the decision is due within 20 working days of receipt.
DECISION_DAYS = 20
#: s43: a transfer to another agency within 10 working days of receipt.
TRANSFER_DAYS = 10
#: The due-date job warns this many working days ahead.
WARN_DAYS = 3


def due_date(received_on: dt.date) -> dt.date:
    return add_working_days(received_on, DECISION_DAYS)


def transfer_deadline(received_on: dt.date) -> dt.date:
    return add_working_days(received_on, TRANSFER_DAYS)


def working_day_on_or_after(start: dt.date, days: int) -> dt.date:
    """``days`` working days after ``start``: the last date "within ``days``
    working days" of ``start``."""
    return add_working_days(start, days)


def effective_due(request: SubjectAccessRequest) -> dt.date:
    """The date the decision is due now: the extension's, if extended."""
    return request.extended_to or request.due_on


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative
    when ``end`` is before ``start``: working days overdue)."""
    if end == start:
        return 0
    low, high, sign = (start, end, 1) if end > start else (end, start, -1)
    count = 0
    day = low
    while day < high:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return sign * count


def working_days_left(request: SubjectAccessRequest, today: dt.date) -> int:
    """Working days from ``today`` to the effective due date: 0 on the due
    date, negative once it has passed (how many working days overdue)."""
    return working_days_between(today, effective_due(request))


def in_words(day: dt.date) -> str:
    """ "Tuesday 5 January 2027"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def clock_words(request: SubjectAccessRequest, today: dt.date) -> str:
    """The clock as the page says it: "Due Tuesday 5 January 2027: 12
    working days left", "Due today", or "Overdue by 2 working days"."""
    due = effective_due(request)
    left = working_days_left(request, today)
    when = f"Due {in_words(due)}"
    if request.extended_to:
        when = f"Extended to {in_words(due)}"
    if due == today:
        return f"{when}: due today"
    if due < today:
        late = -left
        if late == 0:  # passed on a day that is not a working day
            return f"{when}: overdue"
        return f"{when}: overdue by {late} working day{'s' if late != 1 else ''}"
    return f"{when}: {left} working day{'s' if left != 1 else ''} left"
