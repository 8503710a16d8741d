"""The review workspace's and a stage's forms (parse only: the services
say what is wrong, tiaki.disclosure.services.subject_access.review)."""

from __future__ import annotations

from typing import Any

from django import forms

from tiaki.disclosure.models import Redaction

#: The service's field names as the forms'.
FIELDS = {
    "item_key": "item_key",
    "passage": "passage",
    "ground": "ground",
    "reason": "reason",
    "item_keys": "item_keys",
    "title": "title",
    "channel": "channel",
}

#: How a pack may go to the requester (the pipeline's file channels a person receives).
CHANNELS = [
    ("download", "Download it to give or send them yourself"),
    ("post", "Post it to their address on record"),
    ("email", "Email it, encrypted (the password is shown once, to give them another way)"),
]


class RedactionForm(forms.Form):
    item_key = forms.CharField(widget=forms.HiddenInput, max_length=80)
    passage = forms.CharField(
        label="The words to withhold (optional)",
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Copy them exactly as they appear. Leave this empty to withhold the whole item.",
    )
    ground = forms.ChoiceField(
        label="Why it is withheld",
        choices=Redaction.Ground.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why it is withheld."},
    )
    reason = forms.CharField(
        label="The reason, as they will read it",
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In plain words. For example: this is about your brother, so it is his to ask for.",
    )


class StageForm(forms.Form):
    title = forms.CharField(
        label="What this stage is (optional)",
        required=False,
        max_length=200,
        help_text="For example: your time in care, 2015 to 2025.",
    )
    item_keys = forms.MultipleChoiceField(
        label="Items in this stage",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one item for this stage."},
    )

    def __init__(self, *args: Any, keys: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item_keys"].choices = keys  # type: ignore[attr-defined]


class ReleaseForm(forms.Form):
    channel = forms.ChoiceField(
        label="How it goes to them",
        choices=CHANNELS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how it goes to them."},
    )
