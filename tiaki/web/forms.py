from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from tiaki.access.ids import BoundedId


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
