"""Account administration forms: a role, a privacy induction."""

from __future__ import annotations

from django import forms

from tiaki.access.roles import Role


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=[])

    def __init__(self, *args: object, **kwargs: object) -> None:
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


class TokenRevokeForm(forms.Form):
    """A button per token on an account's token page, or one for them all."""

    token_key = forms.CharField(required=False, max_length=40)
    all = forms.BooleanField(required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("all") and not data.get("token_key"):
            raise forms.ValidationError("Choose a token to revoke.")
        return data
