"""Forms of the correction pages: they parse input only (the service says
what is wrong with it: tiaki.disclosure.services.corrections)."""

from __future__ import annotations

from django import forms

from tiaki.disclosure.web.forms.subject_access import VersionForm, line_field, text_field
from tiaki.web.forms import DateInputField


class CorrectionForm(forms.Form):
    item_key = line_field(
        "What they ask to correct", required=True, max_length=80,
        help_text="The record's reference as the request's records list it, for example note:123.",
        what="what they ask to correct",
    )  # fmt: skip
    what_is_wrong = text_field("What they say is wrong", help_text="In their words.", what="what they say is wrong")
    should_say = text_field("What they say it should say (optional)", required=False,
                            what="what they say it should say")  # fmt: skip
    received_on = DateInputField(label="Date received", past=True, what="the date it was received")


class CorrectForm(VersionForm):
    text = text_field("The corrected note", rows=8, what="the corrected note", max_length=100_000)
    reason = text_field("Why it is corrected", help_text="Kept with the new version.", what="why it is corrected")


class StatementForm(VersionForm):
    statement = text_field("Their statement of correction", rows=6,
                           help_text="In their words. It is kept with the information wherever it appears, "
                                     "and never changed.",
                           what="their statement of correction")  # fmt: skip
