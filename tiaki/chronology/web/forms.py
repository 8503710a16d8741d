"""The chronology's filter form: codes and dates from GET, judged by the
selector's own Filters so the page and the API refuse the same things."""

from __future__ import annotations

from typing import Any

from django import forms

from tiaki.chronology import selectors
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.selectors import ChronologyInputError, Filters
from tiaki.web.forms import DATE_HINT, DateInputField

Kind = ChronologyEntry.Kind


class KindsField(forms.MultipleChoiceField):
    """Event types as sent; Filters judges them, so an unknown one gets the
    selector's own message (tiaki.chronology.selectors.Filters)."""

    def validate(self, value: Any) -> None:
        return None


class ChronologyFilterForm(forms.Form):
    type = KindsField(label="Event types", choices=Kind.choices, required=False)
    # Three boxes each (GOV.UK's date input); a shared link's ISO date
    # (from_date=2025-03-21) still reads (tiaki.web.forms.DateInputWidget).
    from_date = DateInputField(label="From", what="the 'from' date", required=False, help_text=DATE_HINT)
    to_date = DateInputField(
        label="To", what="the 'to' date", required=False, help_text="The events on this day are included."
    )
    significant = forms.BooleanField(label="Significant events only", required=False)
    cursor = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        try:
            Filters(kinds=frozenset(data.get("type") or ()))
        except ChronologyInputError as exc:
            self.add_error("type", str(exc))
            return data
        if "from_date" not in data or "to_date" not in data:
            return data  # a date did not parse: its own error says so
        try:
            data["filters"] = Filters(
                kinds=frozenset(data["type"]),
                since=data["from_date"],
                until=data["to_date"],
                significant_only=data["significant"],
            )
        except ChronologyInputError as exc:
            self.add_error("to_date", str(exc))
        if data.get("cursor"):
            try:
                selectors.decode_cursor(data["cursor"])
            except ChronologyInputError as exc:
                self.add_error(None, str(exc))
        return data
