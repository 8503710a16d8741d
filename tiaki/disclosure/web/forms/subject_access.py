"""Forms of the subject access register's pages: they parse input only (the
services say what is wrong with it: tiaki.disclosure.services.subject_access)."""

from __future__ import annotations

from typing import Any

from django import forms

from tiaki.disclosure.models import SubjectAccessRequest
from tiaki.web.forms import DateInputField, RecordIdField

MAX_TEXT = 5_000


def text_field(label: str, *, required: bool = True, help_text: str = "", rows: int = 3,
               max_length: int = MAX_TEXT, what: str = "") -> forms.CharField:  # fmt: skip
    return forms.CharField(
        label=label, required=required, help_text=help_text, max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Enter {what or label.lower()}.",
                        "max_length": f"Keep {what or label.lower()} under {max_length:,} characters."},
    )  # fmt: skip


def line_field(label: str, *, required: bool = False, help_text: str = "", max_length: int = 200,
               what: str = "") -> forms.CharField:  # fmt: skip
    return forms.CharField(
        label=label, required=required, help_text=help_text, max_length=max_length,
        error_messages={"required": f"Enter {what or label.lower()}.",
                        "max_length": f"Keep {what or label.lower()} under {max_length:,} characters."},
    )  # fmt: skip


class FindPersonForm(forms.Form):
    """Who the request is about: an exact name and date of birth."""

    given_names = line_field("Given names", required=True, what="their given names")
    family_name = line_field("Family name", required=True, what="their family name")
    date_of_birth = DateInputField(label="Date of birth", past=True, what="their date of birth")


class RequestForm(forms.Form):
    person = forms.TypedChoiceField(
        label="Whose information is asked for", coerce=int, widget=forms.RadioSelect,
        error_messages={"required": "Choose the person the request is about.",
                        "invalid_choice": "Choose the person the request is about from the list."},
    )  # fmt: skip
    requester_kind = forms.ChoiceField(
        label="Who is asking", choices=SubjectAccessRequest.RequesterKind.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose who is asking."},
    )  # fmt: skip
    agent_name = line_field("The agent's name", help_text="Only for an agent asking for the person.",
                            what="the agent's name")  # fmt: skip
    agent_authority = text_field("The agent's authority", required=False,
                                 help_text="For example: a signed authority from the person, or a court order.",
                                 what="the agent's authority")  # fmt: skip
    asked_for = text_field("What they asked for", help_text="In their words.", rows=4, what="what they asked for")
    received_on = DateInputField(label="Date received", past=True, what="the date it was received")
    preferred_format = line_field("How they would like to receive it (optional)",
                                  help_text="For example: by email as a PDF, by post, or to collect in person.",
                                  what="how they would like it")  # fmt: skip
    support_person = line_field("Someone to go through it with them (optional)",
                                help_text="Named in the covering letter. For example: their social worker.",
                                what="the support person")  # fmt: skip

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people  # type: ignore[attr-defined]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class VerifyForm(VersionForm):
    method = forms.ChoiceField(
        label="How you checked who they are", choices=SubjectAccessRequest.Identity.choices,
        widget=forms.RadioSelect, error_messages={"required": "Choose how you checked who they are."},
    )  # fmt: skip
    note = line_field("A short note on the check (optional)", max_length=300,
                      help_text="How you checked, never the document's number. For example: seen at the "
                                "Ōtautahi office with her driver licence.",
                      what="the note")  # fmt: skip


class AssignForm(VersionForm):
    reviewer = forms.TypedChoiceField(
        label="Privacy officer", coerce=int,
        error_messages={"required": "Choose a privacy officer.",
                        "invalid_choice": "Choose a privacy officer from the list."},
    )  # fmt: skip

    def __init__(self, *args: Any, reviewers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = reviewers  # type: ignore[attr-defined]


class ExtendForm(VersionForm):
    extended_to = DateInputField(label="The new date you will decide by", what="the new date")
    reason = text_field("Why you need more time", help_text="The requester is told this in the notice.",
                        what="why you need more time")  # fmt: skip


class TransferForm(VersionForm):
    agency = line_field("The agency it goes to", required=True, what="the agency")
    reason = text_field("Why it is transferred", help_text="For example: the information is held by the hospital.",
                        what="why it is transferred")  # fmt: skip


class WithdrawForm(VersionForm):
    reason = text_field("What the requester said", what="what the requester said")


class DecideForm(VersionForm):
    decision = forms.ChoiceField(
        label="The decision", choices=SubjectAccessRequest.Decision.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision."},
    )  # fmt: skip
    reasons = text_field("The reasons", required=False, rows=4,
                         help_text="The requester reads these. Needed when refusing or when nothing is held.",
                         what="the reasons")  # fmt: skip


class RequestIdForm(forms.Form):
    """The access request a correction came from (posted, optional)."""

    access_request = RecordIdField(required=False, widget=forms.HiddenInput)
