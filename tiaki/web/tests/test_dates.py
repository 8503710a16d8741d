"""One way to type a date (GOV.UK's date input, tiaki.web.forms) and one way
to show it (the |day and |moment filters, tiaki.web.templatetags.tiaki_dates)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import Context, Template
from django.utils import timezone

from tiaki.web.forms import DateInputField, DateTimeParts, time_field
from tiaki.web.tests.dates import date_parts, typed_parts

ROOT = Path(__file__).resolve().parents[2]
AUCKLAND = ZoneInfo("Pacific/Auckland")


class BirthForm(forms.Form):
    birth_date = DateInputField(label="Date of birth", past=True)


class SeenForm(forms.Form):
    seen_on = DateInputField(label="Date seen", required=False)
    seen_time = time_field(what="the time seen", required=False)
    seen = DateTimeParts("seen_on", "seen_time", what="the time seen")

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now

    def clean(self):
        data = super().clean()
        data["seen_at"] = self.seen.check(self, now=self.now)
        return data


def errors(data):
    form = BirthForm(data)
    assert not form.is_valid()
    return form.errors["birth_date"]


def test_it_reads_the_three_boxes_as_a_date():
    form = BirthForm(date_parts("birth_date", dt.date(2015, 3, 14)))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["birth_date"] == dt.date(2015, 3, 14)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (("", "", ""), "Enter the date of birth."),
        (("14", "", "2015"), "The date of birth must include a month."),
        (("", "", "2015"), "The date of birth must include a day and a month."),
        (("31", "2", "2015"), "The date of birth must be a real date."),
        (("14", "March", "2015"), "The date of birth must be a real date, in numbers like 27 3 2026."),
        (("14", "3", "15"), "The year of the date of birth must have four numbers, like 2026."),
        (("9" * 40, "3", "2015"), "The date of birth must be a real date."),
    ],
)
def test_each_mistake_has_its_own_message(typed, message):
    assert errors(typed_parts("birth_date", *typed)) == [message]


def test_one_value_from_a_link_reads_into_the_boxes():
    form = BirthForm({"birth_date": "2015-03-04"})
    assert form.is_valid()
    assert form.cleaned_data["birth_date"] == dt.date(2015, 3, 4)
    assert 'name="birth_date_day" type="text" inputmode="numeric" spellcheck="false" value="4"' in str(
        form["birth_date"]
    )


def test_a_date_said_to_be_past_cannot_be_after_today():
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert errors(date_parts("birth_date", tomorrow)) == ["The date of birth must be in the past."]
    assert BirthForm(date_parts("birth_date", timezone.localdate())).is_valid()


def test_the_box_ids_put_the_error_summary_on_the_day_box_and_keep_what_was_typed():
    form = BirthForm(typed_parts("birth_date", "31", "2", "2015"))
    html = str(form["birth_date"])
    assert form["birth_date"].id_for_label == "id_birth_date_0"
    for box, value in (("0", "31"), ("1", "2"), ("2", "2015")):
        assert re.search(rf'id="id_birth_date_{box}" name="birth_date_\w+" [^>]*value="{value}"', html)
    assert "govuk-input--error" in html


def test_the_field_template_gives_the_date_input_its_fieldset_and_hint():
    form = BirthForm({})
    html = Template('{% include "web/_field.html" with field=form.birth_date %}').render(Context({"form": form}))
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Date of birth</legend>' in html
    assert "For example, 27 3 2026" in html
    assert html.count('class="govuk-label govuk-date-input__label"') == 3


def test_a_date_and_time_in_the_future_is_one_error_on_the_box_that_is_wrong():
    now = dt.datetime(2026, 12, 2, 10, 0, tzinfo=AUCKLAND)
    later = SeenForm({**date_parts("seen_on", now.date()), "seen_time": "11:00"}, now=now)
    assert not later.is_valid()
    assert later.errors == {"seen_time": ["The time seen cannot be in the future."]}
    tomorrow = SeenForm({**date_parts("seen_on", now.date() + dt.timedelta(days=1)), "seen_time": ""}, now=now)
    assert not tomorrow.is_valid()
    assert tomorrow.errors == {"seen_on": ["The time seen cannot be in the future."]}
    earlier = SeenForm({**date_parts("seen_on", now.date()), "seen_time": "9.30"}, now=now)
    assert earlier.is_valid()
    assert earlier.cleaned_data["seen_at"] == dt.datetime(2026, 12, 2, 9, 30, tzinfo=AUCKLAND)


def test_a_time_without_its_date_is_an_error_on_the_date():
    form = SeenForm({**date_parts("seen_on", None), "seen_time": "09:30"})
    assert not form.is_valid()
    assert form.errors == {"seen_on": ["Enter the date seen as well as the time."]}


def test_a_time_box_names_its_mistake():
    form = SeenForm({**date_parts("seen_on", dt.date(2026, 1, 5)), "seen_time": "half past"})
    assert not form.is_valid()
    assert form.errors["seen_time"] == ["Enter the time seen on the 24-hour clock, for example 14:30."]


def test_the_filters_show_dates_one_way_in_new_zealand_time():
    utc = dt.datetime(2026, 12, 2, 1, 30, tzinfo=dt.UTC)  # 14:30 in Auckland (NZDT)
    html = Template("{{ d|day }}|{{ m|day }}|{{ m|moment }}|{{ m|clock }}|{{ m|iso }}|{{ none|day }}").render(
        Context({"d": dt.date(2026, 12, 2), "m": utc, "none": None})
    )
    assert html == "2 December 2026|2 December 2026|2 December 2026, 14:30|14:30|2026-12-02T14:30:00+13:00|"


def test_settings_show_a_plain_date_the_same_way():
    html = Template("{{ d }}|{{ m }}").render(
        Context({"d": dt.date(2026, 12, 2), "m": dt.datetime(2026, 12, 2, 1, 30, tzinfo=dt.UTC)})
    )
    assert html == "2 December 2026|2 December 2026, 14:30"


#: A template may use Django's |date or |time only through the kernel's filters.
_OTHER_FORMAT = re.compile(r"\|\s*(date|time)\b")


def test_every_template_shows_dates_with_the_kernel_filters():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted(ROOT.glob("tiaki/**/templates/**/*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if _OTHER_FORMAT.search(line)
    ]
    assert not offenders, "Show dates with |day, |moment or |clock (tiaki_dates):\n" + "\n".join(offenders)


def test_the_guard_catches_a_date_format():
    assert _OTHER_FORMAT.search('{{ made_on|date:"j M Y" }}')
    assert _OTHER_FORMAT.search("{{ at|time:'H:i' }}")
    assert not _OTHER_FORMAT.search("{{ made_on|day }} {{ at|moment }} {{ due_date }}")
