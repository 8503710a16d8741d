"""Forms for what is recorded on a case: plans, Family Group Conferences,
court orders, documents and emails. They parse input only; the rules (what
a plan needs, when an s78 order may be recorded, which files are kept) live
in tiaki.casework.services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.safestring import SafeString

from tiaki.access.roles import Role
from tiaki.casework.models import CourtOrder, Document, EngagementAttempt, FamilyGroupConference
from tiaki.staff.models import User
from tiaki.web.forms import TIME_FORMATS, DateInputField, DateInputWidget
from tiaki.web.templatetags.tiaki_dates import day

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


# --- Dates typed in a row: GOV.UK's date input (tiaki.web.forms) ----------------


def _row_date(data: Mapping[str, Any], name: str) -> list[str]:
    """A row's three date boxes as posted (``<name>_day``, ``_month``, ``_year``)."""
    return [str(v or "") for v in DateInputWidget().value_from_datadict(data, {}, name)]


def _row_date_boxes(name: str, parts: list[str], *, error: bool) -> SafeString:
    attrs: dict[str, Any] = {"id": name, **({"aria-invalid": "true"} if error else {})}
    return DateInputWidget().render(name, parts, attrs)


def _read_row_date(parts: list[str], what: str) -> tuple[dt.date | None, str]:
    """The date in a row's boxes (None when empty), or the kernel's message for a mistake."""
    try:
        return DateInputField(label=what, what=what, required=False).clean(parts), ""
    except ValidationError as exc:
        return None, exc.messages[0]


def mark_row_date_errors(rows: Iterable[GoalRow | AttemptRow]) -> bool:
    """Put each row's date mistake on the row (before any service is asked); True if there was one."""
    found = False
    for row in rows:
        if row.date_problem and not row.error:
            problem = row.date_problem
            row.error = f"{row.label} {row.number}: {problem[:1].lower()}{problem[1:]}"
            found = True
    return found


# --- Rows typed on the page (goals, engagement attempts) -----------------------


def _row_count(data: Mapping[str, Any], key: str, filled: int) -> int:
    try:
        count = int(data.get(key) or 0)
    except (TypeError, ValueError):
        count = 0
    return max(min(count, MAX_ROWS), filled, 1)


@dataclass
class GoalRow:
    """One goal row of the plan form, as typed; ``by`` is its date's three boxes as typed."""

    number: int
    goal: str = ""
    action: str = ""
    who: str = ""
    by: list[str] = field(default_factory=lambda: ["", "", ""])
    error: str = ""
    label = "Goal"

    @property
    def prefix(self) -> str:
        return f"goals-{self.number}"

    @property
    def by_date(self) -> tuple[dt.date | None, str]:
        return _read_row_date(self.by, "the 'by when' date")

    @property
    def date_problem(self) -> str:
        return self.by_date[1]

    @property
    def anchor(self) -> str:
        """Where the error summary's link goes: the day box for a date mistake, else the row."""
        return f"{self.prefix}-by_0" if self.date_problem else self.prefix

    @property
    def by_boxes(self) -> SafeString:
        """The Day, Month and Year boxes (web/_date_input_widget.html); the first's id is ``goals-N-by_0``."""
        return _row_date_boxes(f"{self.prefix}-by", self.by, error=bool(self.date_problem))

    def as_service_row(self) -> dict[str, str]:
        day, _ = self.by_date
        return {"goal": self.goal, "action": self.action, "who": self.who, "by": day.isoformat() if day else ""}


def goal_rows_from_post(data: Mapping[str, Any], *, add: int = 0) -> list[GoalRow]:
    """Every goal row the page posted (blank ones too, so the page shows them again), plus ``add`` blank ones."""
    count = _row_count(data, "goal_rows", 0)
    rows = [
        GoalRow(
            n,
            goal=str(data.get(f"goals-{n}-goal") or ""),
            action=str(data.get(f"goals-{n}-action") or ""),
            who=str(data.get(f"goals-{n}-who") or ""),
            by=_row_date(data, f"goals-{n}-by"),
        )
        for n in range(1, count + 1)
    ]
    return _numbered(rows + [GoalRow(0) for _ in range(add)])


def goal_rows_from_plan(goals: Iterable[Mapping[str, Any]] = ()) -> list[GoalRow]:
    """The current version's goals, then BLANK_ROWS blank rows."""
    rows = []
    for goal in goals:
        by = str(goal.get("by") or "")
        rows.append(GoalRow(0, str(goal.get("goal") or ""), str(goal.get("action") or ""), str(goal.get("who") or ""),
                            by=_split_iso(by)))  # fmt: skip
    return _numbered(rows + [GoalRow(0) for _ in range(BLANK_ROWS)])


def _split_iso(text: str) -> list[str]:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return ["", "", ""]
    return [str(day.day), str(day.month), str(day.year)]


@dataclass
class AttemptRow:
    """One attempt to engage the whānau before a without-notice order, as typed."""

    number: int
    date: list[str] = field(default_factory=lambda: ["", "", ""])
    time: str = ""
    method: str = ""
    with_whom: str = ""
    outcome: str = ""
    error: str = ""
    label = "Attempt"

    @property
    def prefix(self) -> str:
        return f"attempts-{self.number}"

    @property
    def day(self) -> tuple[dt.date | None, str]:
        return _read_row_date(self.date, "the date")

    @property
    def date_problem(self) -> str:
        if self.blank:
            return ""
        if self.time.strip() and _time_text(self.time) is None:
            return "enter the time on the 24-hour clock, for example 14:30."
        return self.day[1]

    @property
    def anchor(self) -> str:
        """Where the error summary's link goes: the day box for a date mistake, else the row."""
        return f"{self.prefix}-date_0" if self.day[1] and not self.blank else self.prefix

    @property
    def date_boxes(self) -> SafeString:
        """The Day, Month and Year boxes; the first's id is ``attempts-N-date_0``."""
        return _row_date_boxes(f"{self.prefix}-date", self.date, error=bool(self.day[1]))

    @property
    def methods(self) -> list[tuple[str, str]]:
        return list(EngagementAttempt.Method.choices)

    @property
    def blank(self) -> bool:
        return not any(v.strip() for v in (*self.date, self.time, self.method, self.with_whom, self.outcome))

    def as_service_row(self) -> dict[str, object]:
        """For court_order_record: ``attempted_at`` is a local datetime, or None
        when the date or time cannot be read (the service names the row)."""
        if self.blank:
            return {}
        when, _ = self.day
        at: dt.datetime | None = None
        time = _time_text(self.time) if self.time.strip() else None
        if when is not None and (time is not None or not self.time.strip()):
            at = timezone.make_aware(dt.datetime.combine(when, time or dt.time(9)))
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
        typed = {key: str(data.get(f"attempts-{n}-{key}") or "") for key in ("time", "with_whom", "outcome")}
        rows.append(
            AttemptRow(
                n, date=_row_date(data, f"attempts-{n}-date"), method=str(data.get(f"attempts-{n}-method") or ""),
                **typed,
            )
        )  # fmt: skip
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
        label="Review date", help_text="When the plan will be looked at again. For example, 27 3 2026."
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
            held = f"held {day(fgc.held_on)}" if fgc.held_on else f"referred {day(fgc.referred_at)}"
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
    held_on = DateInputField(label="Date held", required=False, help_text="For example, 27 3 2026. Leave empty if "
                             "it was not held.")  # fmt: skip
    attendees = forms.CharField(
        label="Who came", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One person per line, with their role: whānau, professionals, the child or young person.",
    )  # fmt: skip
    agreed_plan = forms.CharField(label="The plan agreed", required=False, widget=forms.Textarea(attrs={"rows": 8}))
    review_on = DateInputField(label="Review date of the agreed plan", what="the review date", required=False,
                               help_text="For example, 27 3 2026. Needed when a plan was agreed.")  # fmt: skip


class OrderForm(forms.Form):
    """A court order; an s78 order's engagement attempts are posted alongside (attempt_rows_from_post)."""

    child = forms.TypedChoiceField(label="Which child is the order for?", coerce=int, choices=(),
                                   error_messages={"required": "Choose the child."})  # fmt: skip
    kind = forms.ChoiceField(label="Kind of order", choices=CourtOrder.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose the kind of order."})  # fmt: skip
    court = forms.CharField(label="Court", required=False, max_length=100,
                            help_text="For example, Whangārei Family Court.")  # fmt: skip
    made_on = DateInputField(label="Date made", what="the date the order was made")
    expires_on = DateInputField(label="Expiry date (optional)", what="the expiry date", required=False)
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
    "mark_row_date_errors",
]
