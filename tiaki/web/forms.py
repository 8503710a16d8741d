from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from tiaki.access.ids import BoundedId

#: A time of day as people type it (intake's and casework's forms).
TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M"]
TIME_ERRORS = {"invalid": "Enter a time like 14:05 (24-hour clock)."}


class RecordIdField(BoundedId, forms.IntegerField):  # type: ignore[misc] # the stubs type the messages dict more narrowly
    """A record's number typed or posted: 1..2^63-1 (tiaki.access.ids), so a
    larger one is a form error, never a database error (a 500 on PostgreSQL)."""


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "The username or password is not right. Check them and try again.",
        "inactive": "This account has been switched off. Ask your administrator.",
    }


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        min_length=6,
        max_length=8,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app.",
            "min_length": "The code is 6 digits long.",
            "max_length": "The code is 6 digits long.",
        },
    )


class BreakGlassForm(forms.Form):
    person_id = RecordIdField(
        label="Person number",
        help_text="The number of the person's record, for example from a referral or a colleague.",
        error_messages={"required": "Enter the person number.", "invalid": "The person number is digits only."},
    )
    reason = forms.CharField(
        label="Why do you need emergency access now?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="A privacy officer will read this. Say what the emergency is and why you cannot wait.",
        # Not required here: breakglass_open refuses a missing or short reason
        # itself, so the refusal is audited as a near miss (a form error is not).
        required=False,
    )


class BreakGlassReviewForm(forms.Form):
    justified = forms.TypedChoiceField(
        label="Was this use of emergency access justified?",
        choices=[("yes", "Yes, justified"), ("no", "No, not justified")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the access was justified."},
    )
    notes = forms.CharField(label="Notes", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AuditSearchForm(forms.Form):
    staff = forms.CharField(label="Staff username", required=False, max_length=150)
    person = RecordIdField(
        label="Person number",
        required=False,
        min_value=1,
        error_messages={"invalid": "The person number is digits only."},
    )
    date_from = forms.DateField(
        label="From (dd/mm/yyyy)",
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": "Enter a date like 21/11/2026."},
    )
    date_to = forms.DateField(
        label="To (dd/mm/yyyy)",
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": "Enter a date like 21/11/2026."},
    )
    outcome = forms.ChoiceField(
        label="Outcome", required=False, choices=[("", "Any"), ("allowed", "Allowed"), ("refused", "Refused")]
    )
    before = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date.")
        return data


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=[])

    def __init__(self, *args: object, **kwargs: object) -> None:
        from tiaki.access.roles import Role

        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["role"].choices = Role.choices  # type: ignore[attr-defined]


class InductionForm(forms.Form):
    completed_on = forms.DateField(
        label="Date completed (dd/mm/yyyy)",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={
            "required": "Enter the date the induction was completed.",
            "invalid": "Enter a date like 21/11/2026.",
        },
    )
    course_version = forms.CharField(label="Course version", max_length=20)


class SealedGrantForm(forms.Form):
    username = forms.CharField(label="Staff username", max_length=150)
    person_id = RecordIdField(label="Person number")
    reason = forms.CharField(
        label="Why this person needs the sealed record", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class StaffLinkForm(forms.Form):
    username = forms.CharField(label="Staff username", max_length=150)
    person_id = RecordIdField(label="Person number")
    kind = forms.ChoiceField(
        label="The person is",
        choices=[("self", "The staff member themselves"), ("whanau", "A member of the staff member's whānau")],
        widget=forms.RadioSelect,
    )
