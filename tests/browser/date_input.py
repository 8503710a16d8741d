"""Typing a date as a person does: GOV.UK's date input (tiaki.web.forms.DateInputField)
is a group named by its legend, with Day, Month and Year boxes."""

from __future__ import annotations

import datetime as dt


def fill_date(page, legend: str, day: dt.date | tuple[str, str, str]) -> None:
    """Fill the date input whose legend is ``legend`` (a date, or three boxes as typed, right or wrong)."""
    parts = (str(day.day), str(day.month), str(day.year)) if isinstance(day, dt.date) else day
    group = page.get_by_role("group", name=legend, exact=True)
    for box, value in zip(("Day", "Month", "Year"), parts, strict=True):
        group.get_by_label(box, exact=True).fill(value)
