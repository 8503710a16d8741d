from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from tiaki.access.ids import BoundedId

#: The date formats every date field accepts, and its message for another.
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %m %Y"]
DATE_ERRORS = {"invalid": "Enter a real date like 14/03/2015."}

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
