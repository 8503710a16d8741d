"""Account administration forms: a role, a privacy induction."""

from __future__ import annotations

from django import forms

from tiaki.access.models import PrivacyInduction
from tiaki.access.roles import Role
from tiaki.web.forms import DateInputField


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=[])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["role"].choices = Role.choices  # type: ignore[attr-defined]


class InductionForm(forms.Form):
    kind = forms.ChoiceField(
        label="What was completed",
        choices=PrivacyInduction.Kind.choices,
        initial=PrivacyInduction.Kind.INDUCTION,
        widget=forms.RadioSelect,
        help_text="Either keeps access to information about people for a year from the date completed.",
    )
    # Not past=True: privacy_induction_record refuses a date in the future itself.
    completed_on = DateInputField(label="Date completed", what="the date the induction was completed")
    course_version = forms.CharField(label="Course version", max_length=20)


class TokenRevokeForm(forms.Form):
    """A button per token on an account's token page, or one for them all."""

    token_key = forms.CharField(required=False, max_length=40)
    all = forms.BooleanField(required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("all") and not data.get("token_key"):
            raise forms.ValidationError("Choose a token to revoke.")
        return data
