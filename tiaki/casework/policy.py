"""Reading casework's policy data: statutory visit frequencies.

The defaults live here, once: migration casework.0005 writes them, and if
the rows are missing (a table emptied, a test flush) they are put back on
first use. Nothing is cached: an administrator's change applies at once.
"""

from __future__ import annotations

from django.db import transaction

from tiaki.casework.models import VisitFrequency

#: (code, label, interval in days, default). A child newly in care is seen
#: weekly; the default afterwards is at least every eight weeks.
VISIT_FREQUENCIES = [
    ("weekly", "Weekly (first weeks in care or high need)", 7, False),
    ("fortnightly", "Every two weeks", 14, False),
    ("four-weekly", "Every four weeks", 28, False),
    ("eight-weekly", "Every eight weeks (standard)", 56, True),
]


def ensure_defaults() -> None:
    with transaction.atomic():
        if not VisitFrequency.objects.exists():
            VisitFrequency.objects.bulk_create(
                VisitFrequency(code=code, label=label, interval_days=days, is_default=default)
                for code, label, days, default in VISIT_FREQUENCIES
            )


def visit_frequencies() -> list[VisitFrequency]:
    """Every visit frequency, most frequent first."""
    rows = list(VisitFrequency.objects.all())
    if not rows:
        ensure_defaults()
        rows = list(VisitFrequency.objects.all())
    return rows


def visit_frequency(code: str = "") -> VisitFrequency | None:
    """The frequency with ``code``, or the default when ``code`` is empty."""
    rows = visit_frequencies()
    if not code:
        return next((f for f in rows if f.is_default), rows[-1] if rows else None)
    return next((f for f in rows if f.code == code), None)
