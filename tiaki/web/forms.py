from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from tiaki.access.ids import BoundedId

# --- Dates: GOV.UK's date input, the one way a page asks for a date ---------------

#: The hint under every date input (the field's help text, unless it says more).
DATE_HINT = "For example, 27 3 2026"

#: A time of day as people type it, in its own box beside a date.
TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M"]
TIME_LABEL = "Time (24-hour clock, for example 14:30)"


class DateInputWidget(forms.MultiWidget):
    """GOV.UK's date input: Day, Month and Year boxes, posted as ``<name>_day``,
    ``<name>_month`` and ``<name>_year``; their ids are ``<id>_0`` (the day),
    ``<id>_1`` and ``<id>_2``. web/_field.html puts it in a fieldset with its
    legend, hint and error (web/_date_input.html)."""

    template_name = "web/_date_input_widget.html"
    #: web/_field.html asks this to choose the date input's fieldset.
    is_date_input = True

    def __init__(self) -> None:
        # Its template (web/_date_input_widget.html) writes each box's attributes,
        # autocomplete="off" among them: dates about other people are never
        # offered back on a shared computer (tests/attack/test_shared_computer.py).
        box = {"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"}
        super().__init__({"day": forms.TextInput(box), "month": forms.TextInput(box), "year": forms.TextInput(box)})

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        # With the site's template loaders, which find every slice's templates
        # (tiaki.web.loaders.SliceLoader); Django's form renderer does not use them.
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))  # noqa: S308 - a template's output

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[Any]:
        parts = super().value_from_datadict(data, files, name)
        if not any(parts) and isinstance(data.get(name), str):
            # One value, not three boxes: an ISO date from a link (the
            # chronology's filters) or "31/2/2015" from a kept search.
            return _split_date_text(data[name])
        return parts

    def id_for_label(self, id_: str) -> str:
        # The error summary's link and the label focus the day box.
        return f"{id_}_0" if id_ else ""


def _split_date_text(text: str) -> list[str]:
    """ "2026-03-27" or "27/3/2026" as the day, month and year boxes."""
    parts = text.strip().replace("-", "/").split("/")
    if len(parts) != 3:
        return [text, "", ""] if text.strip() else ["", "", ""]
    boxes = parts[::-1] if len(parts[0]) == 4 else parts
    # As a person types them: "3", not "03".
    return [part.strip().lstrip("0") or part.strip() for part in boxes]


def date_text(day: dt.date | None) -> str:
    """A date as one value for a link or a kept search: ISO, "2026-03-27"
    (DateInputWidget reads it back into its boxes)."""
    return day.isoformat() if day else ""


def _sentence(what: str) -> str:
    return what[:1].upper() + what[1:]


class DateInputField(forms.MultiValueField):
    """A date typed into GOV.UK's three boxes, with the pattern's specific
    errors, each naming the date: "Enter the date of birth", "The date of
    birth must include a month", "The date of birth must be a real date",
    and with ``past=True`` "The date of birth must be in the past" (a day
    after today; today is allowed)."""

    widget = DateInputWidget

    def __init__(
        self,
        *,
        label: str,
        what: str = "",
        required: bool = True,
        help_text: str = DATE_HINT,
        past: bool = False,
        **kwargs: Any,
    ) -> None:
        #: The date as the errors name it: "the date of birth".
        self.what = what or f"the {label.split(' (')[0].lower()}"
        self.past = past
        parts = (forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False))
        kwargs.setdefault("error_messages", {"required": f"Enter {self.what}."})
        super().__init__(
            fields=parts, label=label, required=required, require_all_fields=False, help_text=help_text, **kwargs
        )

    def compress(self, data_list: list[Any]) -> dt.date | None:
        parts = [str(part or "").strip() for part in (data_list or [])]
        if not any(parts):
            return None
        day, month, year = [*parts, "", "", ""][:3]
        what = _sentence(self.what)
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise ValidationError(f"{what} must include a {' and a '.join(missing)}.")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(f"{what} must be a real date, in numbers like 27 3 2026.")
        if len(year) != 4:
            raise ValidationError(f"The year of {self.what} must have four numbers, like 2026.")
        try:
            value = dt.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):  # OverflowError: a thousand-digit day
            raise ValidationError(f"{what} must be a real date.") from None
        if self.past and value > timezone.localdate():
            raise ValidationError(f"{what} must be in the past.")
        return value


def date_parts_text(parts: list[Any]) -> str:
    """Three boxes as typed, as one text ("31/2/2015"), for a search that
    looks for a date given wrongly (tiaki.people.matching.dates)."""
    return "/".join(str(part or "").strip() for part in parts) if any(str(p or "").strip() for p in parts) else ""


def typed_dates(fields: Any, data: Any) -> dict[str, list[Any]]:
    """Each date input's three boxes in posted-style ``data`` (a kept draft),
    as the initial value of an unbound form (MultiWidget shows a list as is)."""
    return {
        name: [data.get(f"{name}_{part}") or "" for part in ("day", "month", "year")]
        for name, field in fields.items()
        if isinstance(field, DateInputField)
    }


def time_field(*, what: str, label: str = TIME_LABEL, required: bool = True) -> forms.TimeField:
    """The time box beside a date: 24-hour clock, "14:30" (or 14.30, 1430)."""
    return forms.TimeField(
        label=label,
        required=required,
        input_formats=TIME_FORMATS,
        error_messages={
            "required": f"Enter {what}.",
            "invalid": f"Enter {what} on the 24-hour clock, for example 14:30.",
        },
    )


@dataclass(frozen=True)
class DateTimeParts:
    """A form's date input and its time box, read together as one moment in
    New Zealand (settings.TIME_ZONE). ``check`` (called from the form's
    clean) puts the one "in the future" error every such pair gives: on the
    date when the day is after today, else on the time."""

    date: str
    time: str
    #: The moment as the errors name it: "the time the report was received".
    what: str
    #: A missing time reads as this time of day.
    default_time: dt.time = dt.time(0, 0)
    #: A moment this far ahead is "now" on a clock a little fast, as the
    #: services allow it too (report_record, report_respond, note_add).
    slack: dt.timedelta = dt.timedelta(minutes=5)

    def moment(self, cleaned_data: dict[str, Any]) -> dt.datetime | None:
        day = cleaned_data.get(self.date)
        if not isinstance(day, dt.date):
            return None
        time = cleaned_data.get(self.time) or self.default_time
        return timezone.make_aware(dt.datetime.combine(day, time))

    def check(self, form: forms.Form, *, now: dt.datetime | None = None) -> dt.datetime | None:
        """The moment typed, or None (no date typed, or an error added)."""
        if self.date in form.errors or self.time in form.errors:
            return None
        if form.cleaned_data.get(self.time) and not form.cleaned_data.get(self.date):
            what = getattr(form.fields[self.date], "what", "the date")
            form.add_error(self.date, f"Enter {what} as well as the time.")
            return None
        at = self.moment(form.cleaned_data)
        now = now or timezone.now()
        if at is not None and at > now + self.slack:
            field = self.date if at.date() > timezone.localtime(now).date() else self.time
            form.add_error(field, f"{_sentence(self.what)} cannot be in the future.")
            return None
        return at


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
