"""Forms for the case pages: opening a case, its phase, children in care,
closure, tasks and notes. They parse input only; the rules (a note dated in
the future, a closure asked for twice) live in tiaki.casework.services."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms

from tiaki.casework.models import Case, CaseNote, CaseParticipant
from tiaki.casework.policy import visit_frequencies
from tiaki.web.forms import DateInputField, DateTimeParts, RecordIdField, time_field


def _radios(label: str, choices: Any, required_message: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, error_messages={"required": required_message}, **kwargs
    )


def _textarea(label: str, *, rows: int = 4, help_text: str = "", required: bool = False) -> forms.CharField:
    # No max_length: the services say how long each text may be, in words.
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )


class CaseOpenForm(forms.Form):
    kind = _radios("What kind of case is it?", Case.Kind.choices, "Choose the kind of case.")
    report = RecordIdField(required=False, widget=forms.HiddenInput)
    person = RecordIdField(required=False, widget=forms.HiddenInput)
    # Shown when a child already has an open case (casework.services.OpenCaseExists).
    confirm_additional = forms.BooleanField(label="Open another case anyway", required=False)
    additional_reason = _textarea(
        "Why is another case needed?", rows=3,
        help_text="For example: the open case is for a different concern, held at another site.",
    )  # fmt: skip


class PhaseForm(forms.Form):
    kind = _radios("New phase", Case.Kind.choices, "Choose the new phase.")
    reason = _textarea("Why is the case changing phase?", rows=3)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ParticipantForm(forms.Form):
    person = RecordIdField(
        label="Their person number",
        help_text="Shown at the top of their record. Find them first with 'Find a person'; add them there if new.",
        error_messages={"required": "Enter their person number.", "invalid": "Enter the person number in digits.",
                        "min_value": "Enter the person number in digits."},
    )  # fmt: skip
    role = _radios("Their role on the case", CaseParticipant.Role.choices, "Choose their role on the case.")


class CareForm(forms.Form):
    """A child on the case came into care on a date, and is visited at a
    statutory frequency (policy data, tiaki.casework.policy)."""

    in_care_since = DateInputField(label="Date they came into care", what="the date the child came into care")
    frequency = forms.ChoiceField(label="How often they must be visited", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = visit_frequencies()
        cast(forms.ChoiceField, self.fields["frequency"]).choices = [(f.code, f.label) for f in rows]
        default = next((f.code for f in rows if f.is_default), "")
        self.fields["frequency"].initial = self.initial.get("frequency") or default


class CloseForm(forms.Form):
    reason = _radios("Why can the case close?", Case.ClosureReason.choices, "Choose why the case can close.")
    summary = _textarea(
        "Closing summary", rows=5, help_text="What was done, how the child is now, and who supports them."
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="Your decision", choices=[("yes", "Approve: close the case"), ("no", "Decline: keep it open")],
        coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or decline the closure."},
    )  # fmt: skip
    note = _textarea("Reason", rows=3, help_text="Needed when you decline: say what must happen first.")


class ReallocateForm(forms.Form):
    worker = forms.TypedChoiceField(
        label="Allocate to", coerce=int, widget=forms.RadioSelect,
        error_messages={"required": "Choose a social worker."},
    )  # fmt: skip
    reason = _textarea("Why is the case moving?", rows=3)

    def __init__(self, *args: Any, workers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["worker"]).choices = workers


class TaskForm(forms.Form):
    title = forms.CharField(label="What needs doing", required=False, max_length=200)
    due_on = DateInputField(label="Due by", what="the date it is due")


class NoteForm(forms.Form):
    kind = _radios("What kind of note is it?", CaseNote.Kind.choices, "Choose the kind of note.")
    occurred_on = DateInputField(label="Date it happened", what="the date it happened")
    occurred_time = time_field(what="the time it happened")
    occurred = DateTimeParts("occurred_on", "occurred_time", what="the date it happened")
    title = forms.CharField(label="Short title (optional)", required=False, max_length=200)
    text = _textarea("What happened", rows=10, help_text="Who was there, what was said and seen, what happens next.")
    about = forms.MultipleChoiceField(
        label="Which children is it about?", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="The note joins each one's chronology.",
    )  # fmt: skip
    child_seen = forms.BooleanField(label="The child was seen (visits only)", required=False)
    significant = forms.BooleanField(label="This is a significant event", required=False)
    sensitive = forms.BooleanField(label="This note is sensitive", required=False)

    def __init__(self, *args: Any, children: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["about"]).choices = [(str(pid), name) for pid, name in children]

    @property
    def flag_hints(self) -> list[tuple[forms.BoundField, str]]:
        """The yes/no boxes with the hint each needs (rendered by casework/note_add.html)."""
        return [
            (self["child_seen"], "Counts as a statutory visit. Only for a visit where you saw the child."),
            (self["significant"], "Marked as significant in each child's chronology."),
            (self["sensitive"], "Hides the text from people without access to sensitive information."),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["occurred_at"] = self.occurred.check(self)
        return data

    @property
    def occurred_at(self) -> dt.datetime:
        at = self.cleaned_data["occurred_at"]
        assert isinstance(at, dt.datetime)  # is_valid(): both boxes typed, and not in the future
        return at

    @property
    def about_ids(self) -> list[int]:
        return [int(pid) for pid in self.cleaned_data["about"]]


class NoteCorrectForm(forms.Form):
    title = forms.CharField(label="Short title (optional)", required=False, max_length=200)
    text = _textarea("The note, corrected", rows=10)
    reason = _textarea("Why are you correcting it?", rows=3, help_text="Everyone who can read the note sees this.")
    base_version = forms.IntegerField(widget=forms.HiddenInput)


__all__ = [
    "CareForm",
    "CaseOpenForm",
    "CloseForm",
    "DecideForm",
    "NoteCorrectForm",
    "NoteForm",
    "PhaseForm",
    "ReallocateForm",
    "TaskForm",
]
