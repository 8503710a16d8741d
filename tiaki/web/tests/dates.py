"""What a test posts for a date typed into GOV.UK's date input
(tiaki.web.forms.DateInputField): ``<name>_day``, ``<name>_month``, ``<name>_year``."""

from __future__ import annotations

import datetime as dt


def date_parts(name: str, day: dt.date | None, prefix: str = "") -> dict[str, str]:
    """The three boxes of the date input ``name`` (in form ``prefix``), as typed for ``day``; empty for None."""
    key = f"{prefix}-{name}" if prefix else name
    if day is None:
        return {f"{key}_day": "", f"{key}_month": "", f"{key}_year": ""}
    return {f"{key}_day": str(day.day), f"{key}_month": str(day.month), f"{key}_year": str(day.year)}


def typed_parts(name: str, day: str, month: str, year: str) -> dict[str, str]:
    """The three boxes as typed, right or wrong ("31", "2", "2015")."""
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}
