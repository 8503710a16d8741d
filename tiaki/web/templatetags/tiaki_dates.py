"""The one way pages show dates and times, in New Zealand time
(settings.TIME_ZONE): ``{{ value|day }}`` is "2 December 2026",
``{{ value|moment }}`` is "2 December 2026, 14:30", ``{{ value|clock }}``
is "14:30". ``{{ value|iso }}`` is the machine form for a ``<time datetime>``.
They are template builtins (settings.TEMPLATES), so no template loads them;
tiaki/web/tests/test_dates.py fails on any other ``|date:`` format."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

register = template.Library()

#: As settings.DATE_FORMAT and DATETIME_FORMAT say them (Django's format letters).
DAY = "j F Y"
MOMENT = "j F Y, H:i"


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def day(value: dt.date | dt.datetime | None) -> str:
    """A date, or a moment's date in New Zealand: "2 December 2026"."""
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    if not isinstance(value, dt.date):
        return ""
    return f"{value.day} {value:%B %Y}"


@register.filter
def moment(value: dt.datetime | None) -> str:
    """A moment in New Zealand: "2 December 2026, 14:30" (24-hour clock)."""
    if not isinstance(value, dt.datetime):
        return day(value)
    local = _local(value)
    return f"{local.day} {local:%B %Y, %H:%M}"


@register.filter
def clock(value: dt.datetime | dt.time | None) -> str:
    """A moment's time of day in New Zealand: "14:30"."""
    if isinstance(value, dt.datetime):
        value = _local(value).time()
    if not isinstance(value, dt.time):
        return ""
    return f"{value:%H:%M}"


@register.filter
def iso(value: dt.date | dt.datetime | None) -> str:
    """For a ``<time datetime="...">`` attribute: ISO 8601, with its offset."""
    if isinstance(value, dt.datetime):
        return _local(value).isoformat(timespec="seconds")
    return value.isoformat() if isinstance(value, dt.date) else ""
