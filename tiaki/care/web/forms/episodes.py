"""The care forms: entering and leaving care, a placement or a move, a
missing episode and the return. They parse what was typed; the services
(tiaki.care.services) enforce the rules and say what is wrong."""

from __future__ import annotations

from typing import Any

from django import forms

from tiaki.care.models import CareEntryReason, CareEpisode, MissingEpisode, Placement
from tiaki.web.forms import DateInputField, DateTimeParts, time_field


def _text(label: str, *, required: bool = False, rows: int = 4, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))  # fmt: skip


def _radios(label: str, choices: Any, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, required=required, widget=forms.RadioSelect,
                             error_messages={"required": f"Choose: {label.lower()}."})  # fmt: skip


class EnterCareForm(forms.Form):
    entered_on = DateInputField(label="Date they came into care", past=True)
    legal_basis = _radios("Legal basis for their care", CareEpisode.LegalBasis.choices)
    court_order = forms.TypedChoiceField(label="The order it rests on (s78, s39, s101 and s110)", required=False,
                                         coerce=int, empty_value=None)  # fmt: skip
    reasons = forms.MultipleChoiceField(label="Why they came into care", choices=CareEntryReason.Code.choices,
                                        widget=forms.CheckboxSelectMultiple,
                                        error_messages={"required": "Choose at least one reason."})  # fmt: skip
    main_reason = forms.ChoiceField(label="The main reason", choices=[("", "Choose the main reason"),
                                                                     *CareEntryReason.Code.choices])  # fmt: skip
    reasons_text = _text("The reasons in your own words", help_text="Needed when you choose another reason.")
    living_with = _radios("Who they were living with", CareEpisode.LivingWith.choices)
    living_with_detail = forms.CharField(label="Who, in a few words (optional)", required=False, max_length=200)
    child_views = _text("The child's views on coming into care, in their own words where given")

    def __init__(self, *args: Any, orders: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["court_order"].choices = [("", "No order"), *orders]  # type: ignore[attr-defined]


class LeaveCareForm(forms.Form):
    left_on = DateInputField(label="Date they left care", past=True)
    leaving_reason = _radios("Why they left care", CareEpisode.LeavingReason.choices)
    left_to = forms.CharField(label="Where they went (in words, not an address)", max_length=200)
    leaving_detail = _text("The reason in your own words", help_text="Needed when you choose another reason.")
    version = forms.IntegerField(widget=forms.HiddenInput)


class PlacementForm(forms.Form):
    """A new placement; with ``move``, the end of the current one too."""

    started_on = DateInputField(label="Date the placement starts", past=True)
    household = forms.IntegerField(label="Caregiver household number (CG-…, the digits)", required=False,
                                   min_value=1)  # fmt: skip
    kind = forms.ChoiceField(label="Or another kind of placement", choices=[("", "A caregiver household"),
                             *[(k, label) for k, label in Placement.Kind.choices if k not in ("kin", "non_kin",
                                                                                               "specialist")]],
                             required=False)  # fmt: skip
    provider_name = forms.CharField(label="Name of the residence, home or provider", required=False, max_length=200)
    planned = forms.BooleanField(label="This placement was planned", required=False)
    move_reason = _text("Why they are placed here")
    siblings_apart_reason = _text("If apart from their brothers and sisters in care: why")
    distance_whanau_km = forms.DecimalField(label="Distance from whānau (km, optional)", required=False,
                                            min_value=0, max_digits=6, decimal_places=1)  # fmt: skip
    distance_school_km = forms.DecimalField(label="Distance from school (km, optional)", required=False,
                                            min_value=0, max_digits=6, decimal_places=1)  # fmt: skip
    unapproved_reason = _text("If the caregivers are not yet approved: why place the child with them",
                              help_text="A manager must approve the placement.")  # fmt: skip


class MoveForm(PlacementForm):
    end_reason = _radios("Why the current placement is ending",
                         [c for c in Placement.EndReason.choices if c[0] != "left_care"])  # fmt: skip
    end_detail = _text("Why it ended, in your own words", help_text="Needed when you choose another reason.")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started_on"].label = "Date they move"
        self.fields["move_reason"].label = "Why they are moving"
        self.fields["move_reason"].required = True


class MissingForm(forms.Form):
    kind = _radios("Missing or away", MissingEpisode.Kind.choices)
    started_on = DateInputField(label="Date they went", past=True)
    started_time = time_field(what="the time they went")
    started = DateTimeParts("started_on", "started_time", what="the time they went")
    reported_to_police = forms.BooleanField(label="Reported to the police", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["started_at"] = self.started.check(self)
        return data


class ReturnForm(forms.Form):
    returned_on = DateInputField(label="Date they came back", past=True)
    returned_time = time_field(what="the time they came back")
    returned = DateTimeParts("returned_on", "returned_time", what="the time they came back")
    where_found = forms.CharField(label="Where they were found (optional)", required=False, max_length=200)
    conversation_on = DateInputField(label="Date of the return conversation (optional)", required=False, past=True)
    conversation_time = time_field(what="the time of the return conversation", required=False)
    conversation_when = DateTimeParts("conversation_on", "conversation_time", what="the return conversation")
    conversation = _text("What the child said, in their own words where given")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["returned_at"] = self.returned.check(self)
        data["conversation_at"] = self.conversation_when.check(self)
        return data
