"""Forms of the register's pages: they parse input only (the services say
what is wrong with it, tiaki.privacy.services.incidents), so a missing date
or description reaches the service and its refusal is audited."""

from __future__ import annotations

from typing import Any

from django import forms

from tiaki.privacy import harm
from tiaki.privacy.models import IncidentNotice, PrivacyIncident
from tiaki.web.forms import DateInputField, RecordIdField, time_field

PI = PrivacyIncident
MAX_TEXT = 10_000


def text(label: str, *, help_text: str = "", rows: int = 3, max_length: int = MAX_TEXT) -> forms.CharField:
    return forms.CharField(label=label, required=False, help_text=help_text, max_length=max_length,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"max_length": f"Keep it under {max_length:,} characters."})  # fmt: skip


def line(label: str, *, help_text: str = "", max_length: int = 200) -> forms.CharField:
    return forms.CharField(label=label, required=False, help_text=help_text, max_length=max_length,
                           error_messages={"max_length": f"Keep it under {max_length:,} characters."})  # fmt: skip


class Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class ConcernForm(forms.Form):
    """The two-minute report: what, when, whose, how found, what was done."""

    kind = forms.ChoiceField(
        label="Is it a breach or a near miss?", widget=forms.RadioSelect, required=False,
        choices=[(PI.Kind.BREACH, "A breach: information reached, or was seen by, someone who should not have it"),
                 (PI.Kind.NEAR_MISS, "A near miss: it nearly happened, but was caught in time")],
    )  # fmt: skip
    description = text(
        "What happened",
        rows=5,
        help_text="In your own words. Say what information and where it went; no need to copy it.",
    )
    occurred_on = DateInputField(
        label="When it happened",
        required=False,
        help_text="Your best guess if you are not sure. For example, 27 3 2026",
    )
    occurred_time = time_field(what="the time it happened", label="Time, if you know it (for example 14:30)",
                               required=False)  # fmt: skip
    whose_information = text(
        "Whose information it was",
        rows=2,
        help_text="A name or a case number is enough. Leave blank if you do not know.",
    )
    how_found = forms.ChoiceField(
        label="How it was found",
        widget=forms.RadioSelect,
        initial=PI.HowFound.SELF,
        required=False,
        choices=[c for c in PI.HowFound.choices if c[0] not in ("monitoring", "guard")],
    )
    action_taken = text(
        "What has been done already",
        rows=3,
        help_text="For example: asked the person to delete the email, phoned the caregiver.",
    )


class AssessForm(Versioned):
    kind = forms.ChoiceField(label="Breach or near miss", choices=PI.Kind.choices)
    category = forms.ChoiceField(
        label="What kind of breach or near miss",
        required=False,
        choices=[("", "Choose one"), *list(PI.Category.choices)],
    )
    caused_by = forms.TypedChoiceField(label="Who caused it (if known)", required=False, coerce=int,
                                       empty_value=None)  # fmt: skip
    serious_harm_likely = forms.ChoiceField(
        label="Is serious harm likely?", widget=forms.RadioSelect, required=False,
        choices=[("yes", "Yes: it is notifiable, tell the Commissioner"), ("no", "No: not notifiable")],
    )  # fmt: skip
    reasoning = text("Why you decided this", rows=4)

    def __init__(self, *args: Any, staff: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["caused_by"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Not known"), *list(staff)]
        for code, words in harm.FACTORS:
            self.fields[f"factor_{code}"] = forms.ChoiceField(
                label=words, widget=forms.RadioSelect, required=False, choices=harm.LEVELS
            )
            self.fields[f"factor_{code}_note"] = line(f"Note on: {words.lower()}", max_length=2_000)
        # The factors before the decision, as the Act lists them.
        order = ["version", "kind", "category", "caused_by"]
        order += [n for code in harm.FACTOR_CODES for n in (f"factor_{code}", f"factor_{code}_note")]
        order += ["serious_harm_likely", "reasoning"]
        self.order_fields(order)

    def factors(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {c: {"level": data.get(f"factor_{c}") or "", "note": data.get(f"factor_{c}_note") or ""}
                for c in harm.FACTOR_CODES}  # fmt: skip


class ContainmentForm(Versioned):
    containment = text("What was done to contain it", rows=3)
    root_cause = text("Its root cause", rows=3)
    cause = forms.ChoiceField(
        label="The cause", required=False, choices=[("", "Not chosen yet"), *list(PI.Cause.choices)]
    )


class ActionForm(Versioned):
    description = text("What needs doing", rows=2)
    owner = forms.TypedChoiceField(label="Who will do it", required=False, coerce=int, empty_value=None)
    due_on = DateInputField(label="Due date", required=False)

    def __init__(self, *args: Any, staff: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "Choose a staff member"), *list(staff)]


class CommissionerForm(Versioned):
    notified_on = DateInputField(label="Date the Commissioner was told", required=False)
    notified_time = time_field(what="the time the Commissioner was told", required=False)
    reference = line("The Commissioner's reference (optional)", max_length=60)


class LinkForm(forms.Form):
    event_seq = RecordIdField(
        label="Audit event number", required=False, help_text="The number shown against the event in the audit search."
    )
    note = line("Note (optional)", max_length=300)


class NoticeForm(forms.Form):
    person_id = RecordIdField(label="Person number", required=False)
    method = forms.ChoiceField(
        label="How they were told",
        widget=forms.RadioSelect,
        required=False,
        choices=[c for c in IncidentNotice.Method.choices if c[0] != "letter"],
    )
    notified_on = DateInputField(label="Date they were told", required=False)
    note = text("Note (the reason, if not telling them)", rows=2)


class LetterForm(forms.Form):
    person_id = RecordIdField(label="Person number", required=False)
    subject = line("Subject", max_length=200)
    body = text("The letter", rows=8,
                help_text="Say what happened, what information, what we have done and who to contact. "
                          "The disclosure guard checks it before it goes.")  # fmt: skip


class CloseForm(Versioned):
    summary = text("Closing summary", rows=3, help_text="What was found and what changed because of it.")


class DoneForm(forms.Form):
    note = line("Note (optional)", max_length=2_000)
