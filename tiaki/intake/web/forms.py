"""Forms for intake pages: recording a report (phone and professional
referral), triage, approval, the first response, allocating a report and
the dashboard's period. They parse input only; the rules live in
tiaki.intake.services, and choices that name records come from a selector."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone

from tiaki.access.ids import record_id
from tiaki.intake import policy as intake_policy
from tiaki.intake.models import ReportConcern, TriageDecision
from tiaki.intake.selectors.workload import WorkerLoad
from tiaki.staff.models import Site
from tiaki.web.forms import DATE_HINT, DateInputField, DateTimeParts, RecordIdField, time_field

CATEGORIES = ReportConcern.Category.choices


def _text(label: str, *, max_length: int | None = 200, rows: int | None = None, help_text: str = "") -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, required=False, max_length=max_length, widget=widget, help_text=help_text)


class ReportForm(forms.Form):
    """A report of concern as typed by the kaimahi on the phone (or a
    professional on the referral form). People are linked separately: the
    page sends ``person_id`` and ``person_role`` pairs (ReportPeople)."""

    draft_id = RecordIdField(required=False, widget=forms.HiddenInput)
    notifier_name = _text("Notifier's name")
    notifier_relationship = _text("Their relationship to the child", max_length=100)
    notifier_contact = _text("How to contact them", help_text="Phone number or email address.")
    notifier_confidential = forms.BooleanField(
        label="They asked for their identity to be kept confidential", required=False
    )
    referrer_agency = _text(
        "Agency making the referral",
        max_length=100,
        help_text="For example: NZ Police, Kōwhai School, Whangārei Hospital.",
    )
    referrer_reference = _text("Your agency's reference (optional)", max_length=100)
    site = forms.TypedChoiceField(label="Site the report is for", coerce=int, choices=())
    received_date = DateInputField(
        label="Date received", what="the date received", required=False,
        help_text=f"{DATE_HINT}. Leave the date and time empty if the report is arriving now.",
    )  # fmt: skip
    received_time = time_field(what="the time received", required=False)
    received = DateTimeParts("received_date", "received_time", what="the time the report was received")
    # No max_length here: report_record's message says how long the account is.
    narrative = forms.CharField(
        label="What the notifier told you", required=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="In their words where you can: who, what, when, where, and how they know.",
    )  # fmt: skip
    immediate_safety = forms.CharField(
        label="Immediate safety", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Where is the child now, and who is with them?",
    )  # fmt: skip
    child_unsafe_now = forms.BooleanField(label="The child is unsafe right now", required=False)
    concerns = forms.MultipleChoiceField(
        label="Kinds of concern", required=False, choices=CATEGORIES, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, professional: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.professional = professional
        cast(forms.ChoiceField, self.fields["site"]).choices = [(s.pk, s.name) for s in Site.objects.order_by("name")]
        for value, label in CATEGORIES:
            self.fields[f"concern_{value}"] = forms.CharField(
                label=f"Details of the {label.lower()}", required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
        if professional:
            # A partner cannot search the register: without the child's
            # person number, they give the child's details instead
            # (tiaki.intake.services.UnlinkedPersonInput).
            self.fields["child_given_names"] = forms.CharField(
                label="Child's given names", required=False, max_length=200
            )
            self.fields["child_family_name"] = forms.CharField(
                label="Child's family name", required=False, max_length=200
            )
            self.fields["child_birth_date"] = DateInputField(
                label="Child's date of birth", what="the child's date of birth", required=False, past=True
            )
            self.fields["child_nhi"] = forms.CharField(
                label="Child's NHI number, if you know it", required=False, max_length=20
            )
            self.fields["referrer_agency"].label = "Your agency"
            self.fields["notifier_name"].label = "Your name"
            self.fields["notifier_relationship"].label = "Your role (for example: teacher, constable, nurse)"
            self.fields["notifier_contact"].label = "How we contact you"

    def concern_rows(self) -> list[dict[str, Any]]:
        chosen = set(self["concerns"].value() or [])
        return [
            {"value": value, "label": label, "checked": value in chosen, "detail": self[f"concern_{value}"]}
            for value, label in CATEGORIES
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["received_at"] = self.received.check(self)
        return data

    @property
    def received_at(self) -> dt.datetime | None:
        """When the report came in, or None for now (report_record's default)."""
        return cast("dt.datetime | None", self.cleaned_data.get("received_at"))


def report_people(data: Any) -> list[tuple[int | None, str, str]]:
    """The ``person_id`` / ``person_role`` pairs posted by the page, in
    order, with the raw text kept (an unparseable id is reported, not dropped)."""
    ids = data.getlist("person_id")
    roles = data.getlist("person_role")
    pairs: list[tuple[int | None, str, str]] = []
    for index, raw in enumerate(ids):
        role = roles[index] if index < len(roles) else ""
        if not str(raw).strip():
            continue  # the referral form's number box left empty
        # record_id: a number no record can have (2^63, a thousand digits) is
        # refused as any number that is not a person's, never a 500.
        pairs.append((record_id(str(raw)) or None, role, str(raw)))
    return pairs


class TriageForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Decision", choices=TriageDecision.Outcome.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision."},
    )  # fmt: skip
    reasons = forms.CharField(
        label="Reasons for the decision", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    timeframe = forms.ChoiceField(
        label="How soon must a social worker respond?", required=False,
        help_text="For a core assessment or a joint investigation with Police only.",
    )  # fmt: skip
    lowered_reason = forms.CharField(
        label="Why is the urgency lower than before?", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Needed only if this decision is less urgent than the earlier one, or, for a child said to be "
            "unsafe right now, less urgent than the most urgent timeframe."
        ),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["timeframe"]).choices = [("", "Not needed for this decision")] + [
            (t.code, t.label) for t in intake_policy.timeframes()
        ]


class ApprovalForm(forms.Form):
    decision_id = RecordIdField(widget=forms.HiddenInput)
    approve = forms.TypedChoiceField(
        label="Your approval", choices=[("yes", "Approve the decision"), ("no", "Send it back")],
        coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve the decision or send it back."},
    )  # fmt: skip
    note = forms.CharField(
        label="Note to the decision maker", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you send it back: say what to reconsider.",
    )  # fmt: skip


class RespondForm(forms.Form):
    responded_date = DateInputField(label="Date of the first response")
    responded_time = time_field(what="the time of the first response")
    responded = DateTimeParts("responded_date", "responded_time", what="the response time")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["responded_at"] = self.responded.check(self)
        return data

    @property
    def responded_at(self) -> dt.datetime:
        at = self.cleaned_data["responded_at"]
        assert isinstance(at, dt.datetime)  # is_valid(): both boxes typed, and not in the future
        return at


class AllocateForm(forms.Form):
    worker_id = forms.TypedChoiceField(
        label="Allocate to", coerce=int, widget=forms.RadioSelect,
        error_messages={"required": "Choose a social worker to allocate to."},
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, candidates: list[WorkerLoad], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["worker_id"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (load.worker.pk, f"{load.worker} — weighted load {load.weighted:g} of {load.capacity}")
            for load in candidates
        ]


#: Longest dashboard period: keeps the page within its one-second budget.
MAX_PERIOD_DAYS = 3 * 366


class PeriodForm(forms.Form):
    start = DateInputField(label="From", what="the start date", required=False)
    end = DateInputField(label="To", what="the end date", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        end = data.get("end") or today
        start = data.get("start") or (end - dt.timedelta(days=365) + dt.timedelta(days=1))
        if "start" in self.errors or "end" in self.errors:
            return data
        if end > today + dt.timedelta(days=366):
            self.add_error("end", "The end date must be within a year from today.")
        elif start > end:
            self.add_error("start", "The start date must be on or before the end date.")
        elif (end - start).days + 1 > MAX_PERIOD_DAYS:
            self.add_error("start", "Choose a period of at most three years.")
        data["start"], data["end"] = start, end
        return data


__all__ = [
    "AllocateForm",
    "ApprovalForm",
    "PeriodForm",
    "ReportForm",
    "RespondForm",
    "TriageForm",
    "report_people",
]
