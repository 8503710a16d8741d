"""A draft is the form's fields as posted; restoring reads them back the way
each widget reads a POST, so any named inputs come back (multi-box dates,
checkboxes, multiple choices), unjudged."""

from __future__ import annotations

import datetime as dt

from django import forms

from tiaki.drafts.selectors import DraftView
from tiaki.drafts.web.restore import initial_from


class _Form(forms.Form):
    text = forms.CharField(widget=forms.Textarea)
    when = forms.SplitDateTimeField()
    seen = forms.BooleanField(required=False)
    about = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two")], required=False)
    untouched = forms.CharField(required=False)


def test_every_kind_of_named_input_comes_back_as_typed_and_unjudged():
    typed = DraftView(
        data={"text": ["Kōrero with Nana"], "when_0": ["31"], "when_1": ["25:99"], "seen": ["on"], "about": ["1", "2"]},
        updated_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
    )
    form = _Form(initial=initial_from(_Form(), typed))
    assert not form.is_bound
    assert form["text"].value() == "Kōrero with Nana"
    assert form["when"].value() == ["31", "25:99"]  # kept as typed, even when not a date
    assert form["seen"].value() is True
    assert form["about"].value() == ["1", "2"]
    assert form["untouched"].value() is None
    assert initial_from(_Form(), None) == {}
