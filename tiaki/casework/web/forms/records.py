"""Forms for what is recorded on a case: plans, Family Group Conferences,
court orders, documents and emails. They parse input only; the rules (what
a plan needs, when an s78 order may be recorded, which files are kept) live
in tiaki.casework.services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from tiaki.access.roles import Role
from tiaki.casework.models import CourtOrder, Document, EngagementAttempt, FamilyGroupConference
from tiaki.staff.models import User
from tiaki.web.forms import DATE_FORMATS, TIME_FORMATS

#: Blank rows shown under the ones already filled in (goals, engagement attempts).
BLANK_ROWS = 3
#: The most rows a page offers: plans hold at most 30 goals (services.plans.MAX_GOALS).
MAX_ROWS = 40

_CLASSIFICATIONS = [
    (
        Document.Classification.IN_CONFIDENCE,
        "IN-CONFIDENCE",
        "Case information: anyone working on the case may open it.",
    ),
    (
        Document.Classification.SENSITIVE,
        "SENSITIVE",
        "Could put someone in danger if it got out, such as a safe address, a placement's location or who made "
        "a report. Only staff allowed to see sensitive information can open it.",
    ),
]


# --- GOV.UK date input (day, month, year boxes) --------------------------------


class DateInputWidget(forms.MultiWidget):
    """Three boxes, as GOV.UK's date input pattern: day, month, year."""

    template_name = "casework/records/_date_widget.html"

    def __init__(self) -> None:
        box = {"inputmode": "numeric", "spellcheck": "false"}
        super().__init__({"day": forms.TextInput(box), "month": forms.TextInput(box), "year": forms.TextInput(box)})

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        # With the site's template loaders, which find the slice's templates
        # (tiaki.web.loaders.SliceLoader); Django's form renderer does not use them.
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))  # noqa: S308 - a template's output

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def id_for_label(self, id_: str) -> str:
        # MultiWidget numbers its boxes' ids (``<id>_0`` is the day).
        return f"{id_}_0" if id_ else ""


class DateInputField(forms.MultiValueField):
    widget = DateInputWidget

    def __init__(self, *, label: str, required: bool = True, help_text: str = "") -> None:
        part = {"invalid": "Enter the date in numbers."}
        super().__init__(
            fields=(
                forms.IntegerField(required=False, error_messages=part),
                forms.IntegerField(required=False, error_messages=part),
                forms.IntegerField(required=False, error_messages=part),
            ),
            label=label,
            required=required,
            require_all_fields=False,
            help_text=help_text,
            error_messages={"required": f"Enter the {label.lower().split(' (')[0]}."},
        )

    def clean(self, value: Any) -> Any:
        parts = [str(v or "").strip() for v in (value or [])]
        if any(parts) and not all(parts):
            missing = [name for name, part in zip(("day", "month", "year"), parts, strict=False) if not part]
            raise ValidationError(f"The date must include a {' and a '.join(missing)}.")
        return super().clean(value)

    def compress(self, data_list: list[Any]) -> dt.date | None:
        if not data_list or all(v in (None, "") for v in data_list):
            return None
        day, month, year = data_list
        if year is not None and year < 1000:
            raise ValidationError("Enter the year in full, like 2027.")
        try:
            return dt.date(int(year), int(month), int(day))
        except (TypeError, ValueError):
            raise ValidationError("Enter a real date, like 14 3 2027.") from None


def _date_text(text: str) -> dt.date | None:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007 - a date, not a moment
        except ValueError:
            continue
    return None


# --- Rows typed on the page (goals, engagement attempts) -----------------------


def _row_count(data: Mapping[str, Any], key: str, filled: int) -> int:
    try:
        count = int(data.get(key) or 0)
    except (TypeError, ValueError):
        count = 0
    return max(min(count, MAX_ROWS), filled, 1)


@dataclass
class GoalRow:
    """One goal row of the plan form, as typed; ``by`` as typed (dd/mm/yyyy)."""

    number: int
    goal: str = ""
    action: str = ""
    who: str = ""
    by: str = ""
    error: str = ""

    @property
    def prefix(self) -> str:
        return f"goals-{self.number}"

    def as_service_row(self) -> dict[str, str]:
        by = self.by.strip()
        parsed = _date_text(by) if by else None
        # An unreadable date goes to plan_save as typed: its error names the row.
        return {"goal": self.goal, "action": self.action, "who": self.who, "by": parsed.isoformat() if parsed else by}


def goal_rows_from_post(data: Mapping[str, Any], *, add: int = 0) -> list[GoalRow]:
    """Every goal row the page posted (blank ones too, so the page shows them again), plus ``add`` blank ones."""
    count = _row_count(data, "goal_rows", 0)
    rows = [
        GoalRow(
            n,
            *(str(data.get(f"goals-{n}-{key}") or "") for key in ("goal", "action", "who", "by")),
        )
        for n in range(1, count + 1)
    ]
    return _numbered(rows + [GoalRow(0) for _ in range(add)])


def goal_rows_from_plan(goals: Iterable[Mapping[str, Any]] = ()) -> list[GoalRow]:
    """The current version's goals, then BLANK_ROWS blank rows."""
    rows = []
    for goal in goals:
        by = str(goal.get("by") or "")
        when = _date_text(by) if by else None
        rows.append(GoalRow(0, str(goal.get("goal") or ""), str(goal.get("action") or ""), str(goal.get("who") or ""),
                            when.strftime("%d/%m/%Y") if when else by))  # fmt: skip
    return _numbered(rows + [GoalRow(0) for _ in range(BLANK_ROWS)])


@dataclass
class AttemptRow:
    """One attempt to engage the whānau before a without-notice order, as typed."""

    number: int
    date: str = ""
    time: str = ""
    method: str = ""
    with_whom: str = ""
    outcome: str = ""
    error: str = ""

    @property
    def prefix(self) -> str:
        return f"attempts-{self.number}"

    @property
    def methods(self) -> list[tuple[str, str]]:
        return list(EngagementAttempt.Method.choices)

    @property
    def blank(self) -> bool:
        return not any(v.strip() for v in (self.date, self.time, self.method, self.with_whom, self.outcome))

    def as_service_row(self) -> dict[str, object]:
        """For court_order_record: ``attempted_at`` is a local datetime, or None
        when the date or time cannot be read (the service names the row)."""
        if self.blank:
            return {}
        day = _date_text(self.date) if self.date.strip() else None
        at: dt.datetime | None = None
        time = _time_text(self.time) if self.time.strip() else None
        if day is not None and (time is not None or not self.time.strip()):
            at = timezone.make_aware(dt.datetime.combine(day, time or dt.time(9)))
        return {"attempted_at": at, "method": self.method, "with_whom": self.with_whom, "outcome": self.outcome}


def _time_text(text: str) -> dt.time | None:
    for fmt in TIME_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).time()  # noqa: DTZ007 - a time of day
        except ValueError:
            continue
    return None


def attempt_rows_from_post(data: Mapping[str, Any], *, add: int = 0) -> list[AttemptRow]:
    rows = []
    for n in range(1, _row_count(data, "attempt_rows", 0) + 1):
        typed = {key: str(data.get(f"attempts-{n}-{key}") or "") for key in ("date", "time", "with_whom", "outcome")}
        rows.append(AttemptRow(n, method=str(data.get(f"attempts-{n}-method") or ""), **typed))
    return _numbered(rows + [AttemptRow(0) for _ in range(add)])


def blank_attempt_rows() -> list[AttemptRow]:
    return _numbered([AttemptRow(0) for _ in range(BLANK_ROWS)])


def typed_initial(form: forms.Form) -> dict[str, Any]:
    """What was typed into a bound form, as initial values for an unbound one
    (an "add another row" submit re-renders without showing errors)."""
    return {name: form[name].data for name in form.fields}


def _numbered(rows: list[Any]) -> list[Any]:
    for number, row in enumerate(rows[:MAX_ROWS], start=1):
        row.number = number
    return rows[:MAX_ROWS]


# --- The forms ---------------------------------------------------------------------


def _textarea(label: str, *, rows: int = 5, required: bool = False, help_text: str = "") -> forms.CharField:
    # No max_length: the services say how long each text may be.
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Enter {label[0].lower()}{label[1:]}."},
    )  # fmt: skip


class PlanForm(forms.Form):
    """The child's plan; its goal rows are posted alongside (goal_rows_from_post)."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)
    child_voice = forms.CharField(
        label="In the child's own words", required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What they said about their life, what matters to them and what they want. If their words "
        "could not be gathered, say why.",
    )  # fmt: skip
    whanau_views = forms.CharField(
        label="Whānau views", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the child's whānau think and want, in their words where you can.",
    )  # fmt: skip
    review_on = DateInputField(
        label="Review date", help_text="When the plan will be looked at again. For example, 14 3 2027."
    )
    fgc = forms.TypedChoiceField(label="Agreed at a Family Group Conference", required=False, coerce=int,
                                 empty_value=None, choices=())  # fmt: skip
    reason = forms.CharField(
        label="What changed and why", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you change a plan: the reader of an earlier version sees why it changed.",
    )  # fmt: skip

    def __init__(self, *args: Any, child_name: str, fgcs: Iterable[FamilyGroupConference] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child_voice"].label = f"In {child_name}'s own words"
        choices: list[tuple[Any, str]] = [("", "Not from a conference")]
        for fgc in fgcs:
            held = (
                f"held {fgc.held_on:%d/%m/%Y}"
                if fgc.held_on
                else f"referred {timezone.localdate(fgc.referred_at):%d/%m/%Y}"
            )
            choices.append((fgc.pk, f"Conference {fgc.pk}, {held} ({fgc.get_outcome_display().lower()})"))
        cast(forms.ChoiceField, self.fields["fgc"]).choices = choices


def staff_choices(site_id: int | None) -> list[tuple[Any, str]]:
    """Active case staff at a site: who may coordinate a conference."""
    if site_id is None:
        return [("", "Not chosen yet")]
    people = User.objects.filter(
        site_id=site_id, is_active=True, role__in=[Role.SOCIAL_WORKER, Role.SUPERVISOR, Role.SITE_MANAGER]
    ).order_by("last_name", "first_name", "username")
    return [("", "Not chosen yet")] + [(u.pk, u.get_full_name() or u.username) for u in people]


class FgcReferForm(forms.Form):
    reason = _textarea(
        "Why a conference is needed", rows=6, required=True,
        help_text="The worries for the child and what the whānau are asked to plan for.",
    )  # fmt: skip
    coordinator = forms.TypedChoiceField(label="Coordinator (optional)", required=False, coerce=int,
                                         empty_value=None, choices=())  # fmt: skip

    def __init__(self, *args: Any, site_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["coordinator"]).choices = staff_choices(site_id)


_OUTCOMES = [(value, label) for value, label in FamilyGroupConference.Outcome.choices if value != "pending"]


class FgcRecordForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    outcome = forms.ChoiceField(
        label="What happened", choices=_OUTCOMES, widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of the conference."},
    )  # fmt: skip
    held_on = DateInputField(label="Date held", required=False, help_text="For example, 14 3 2026. Leave empty if "
                             "it was not held.")  # fmt: skip
    attendees = forms.CharField(
        label="Who came", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One person per line, with their role: whānau, professionals, the child or young person.",
    )  # fmt: skip
    agreed_plan = forms.CharField(label="The plan agreed", required=False, widget=forms.Textarea(attrs={"rows": 8}))
    review_on = DateInputField(label="Review date of the agreed plan", required=False,
                               help_text="Needed when a plan was agreed.")  # fmt: skip


class OrderForm(forms.Form):
    """A court order; an s78 order's engagement attempts are posted alongside (attempt_rows_from_post)."""

    child = forms.TypedChoiceField(label="Which child is the order for?", coerce=int, choices=(),
                                   error_messages={"required": "Choose the child."})  # fmt: skip
    kind = forms.ChoiceField(label="Kind of order", choices=CourtOrder.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose the kind of order."})  # fmt: skip
    court = forms.CharField(label="Court", required=False, max_length=100,
                            help_text="For example, Whangārei Family Court.")  # fmt: skip
    made_on = DateInputField(label="Date made", help_text="For example, 14 3 2026.")
    expires_on = DateInputField(label="Expiry date (optional)", required=False)
    conditions = forms.CharField(label="Conditions (optional)", required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    no_safety_plan_reason = forms.CharField(
        label="Why no safety plan with the whānau was workable", required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="An order without notice is the last resort: say what was tried and why it could not keep the "
        "child safe.",
    )  # fmt: skip

    def __init__(self, *args: Any, children: Iterable[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        children = list(children)
        choices: list[tuple[Any, str]] = [] if len(children) == 1 else [("", "Choose a child")]
        cast(forms.ChoiceField, self.fields["child"]).choices = choices + children


class _UploadBase(forms.Form):
    classification = forms.ChoiceField(
        label="Classification", choices=[(v, label) for v, label, _ in _CLASSIFICATIONS], widget=forms.RadioSelect,
        initial=Document.Classification.IN_CONFIDENCE, error_messages={"required": "Choose a classification."},
    )  # fmt: skip
    person = forms.TypedChoiceField(label="Which child is it about?", required=False, coerce=int, empty_value=None,
                                    choices=())  # fmt: skip

    def __init__(self, *args: Any, children: Iterable[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["person"]).choices = [("", "All the children on the case"), *children]

    def classification_rows(self) -> list[dict[str, Any]]:
        chosen = self["classification"].value()
        return [
            {"value": v, "label": label, "hint": hint, "checked": v == chosen} for v, label, hint in _CLASSIFICATIONS
        ]


class DocumentForm(_UploadBase):
    title = forms.CharField(label="Title", required=False, max_length=200,
                            help_text="What it is, for example 'School report, term 2'.")  # fmt: skip
    file = forms.FileField(label="File", error_messages={"required": "Choose a file to upload."})


class EmailForm(_UploadBase):
    file = forms.FileField(
        label="Email file (.eml)", error_messages={"required": "Choose an email saved as a .eml file."}
    )


__all__ = [
    "AttemptRow",
    "DocumentForm",
    "EmailForm",
    "FgcRecordForm",
    "FgcReferForm",
    "GoalRow",
    "OrderForm",
    "PlanForm",
    "attempt_rows_from_post",
    "blank_attempt_rows",
    "goal_rows_from_plan",
    "goal_rows_from_post",
]
