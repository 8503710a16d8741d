"""Forms of the disclosure records pages: they parse input only."""

from __future__ import annotations

from django import forms

from tiaki.disclosure.models import Disclosure

_ANY = [("", "Any")]


class LookupForm(forms.Form):
    document_id = forms.CharField(
        label="Document id", max_length=20,
        help_text="As printed at the foot of every page, for example D-7KQ2-M9XT",
        error_messages={"required": "Enter the document id printed at the foot of the page."},
    )  # fmt: skip


class DisclosureFilterForm(forms.Form):
    outcome = forms.ChoiceField(label="Outcome", required=False, choices=_ANY + Disclosure.Outcome.choices)
    kind = forms.ChoiceField(label="What it was", required=False, choices=_ANY + Disclosure.Kind.choices)
