"""Forms for the person register pages. They parse and check shape only;
the services (tiaki.people.services) decide what may be saved."""

from __future__ import annotations

from typing import Any

from django import forms

from tiaki.people.codes import ETHNICITIES
from tiaki.people.models import (
    NameVariant,
    Person,
    PersonAlert,
    PersonContact,
    PersonIdentifier,
    PersonName,
    Relationship,
)
from tiaki.web.forms import DATE_HINT, DateInputField, RecordIdField, date_parts_text


class BirthDateAsGiven(DateInputField):
    """The search's birth date: the three boxes as given, even a date that
    cannot be (31 2 2015), as text; the matcher tries the likely mistakes
    (tiaki.people.matching.dates)."""

    def compress(self, data_list: list[Any]) -> str:  # type: ignore[override] # a search term, not a date
        text = date_parts_text(data_list)
        if len(text) > 40:  # as the search's other boxes: a date, not an essay
            raise forms.ValidationError("Enter the birth date in numbers, like 14 3 2015.")
        return text


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label="Search for a person",
        required=False,
        max_length=200,
        help_text="Name, birth date, address or NHI number, in any order. For example: Mere Ngata 14/03/2015",
    )
    given_names = forms.CharField(label="Given names", required=False, max_length=200)
    family_name = forms.CharField(label="Family name", required=False, max_length=200)
    birth_date = BirthDateAsGiven(
        label="Birth date", required=False, help_text="As given, even if it looks wrong. For example, 31 2 2015"
    )
    age = forms.IntegerField(
        label="Or age",
        required=False,
        min_value=0,
        max_value=120,
        error_messages={"invalid": "Enter the age in whole years."},
    )
    address = forms.CharField(label="Address", required=False, max_length=200)
    identifier = forms.CharField(label="NHI, NSN or MSD number", required=False, max_length=40)

    @property
    def details_typed(self) -> bool:
        """Whether a box under "Search by details" was typed in (the page opens them)."""
        if not self.is_bound:
            return False
        typed = [self[name].value() for name in ("given_names", "family_name", "identifier", "address")]
        return any(str(v or "").strip() for v in [*typed, *(self["birth_date"].value() or [])])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(str(data.get(f) or "").strip() for f in self.fields) and data.get("age") is None:
            raise forms.ValidationError("Enter something to search for: a name, a birth date, an address or a number.")
        return data


class PersonCreateForm(forms.Form):
    given_names = forms.CharField(label="Given names", required=False, max_length=200)
    family_name = forms.CharField(label="Family name", required=False, max_length=200)
    preferred_name = forms.CharField(label="Name they like to be called (optional)", required=False, max_length=200)
    birth_date = DateInputField(
        label="Date of birth", required=False, past=True,
        help_text=f"{DATE_HINT}. Leave empty if you only know the year or age.",
    )  # fmt: skip
    birth_year = forms.IntegerField(
        label="Or year of birth", required=False, error_messages={"invalid": "Enter a year like 2015."}
    )
    age = forms.IntegerField(
        label="Or age now", required=False, error_messages={"invalid": "Enter the age in whole years."}
    )
    gender = forms.ChoiceField(label="Gender", choices=Person.Gender.choices, initial=Person.Gender.UNKNOWN)
    nhi = forms.CharField(label="NHI number (optional)", required=False, max_length=20)
    nsn = forms.CharField(label="National Student Number (optional)", required=False, max_length=20)
    msd = forms.CharField(label="MSD client number (optional)", required=False, max_length=20)
    street = forms.CharField(label="Street address (optional)", required=False, max_length=200)
    suburb = forms.CharField(label="Suburb", required=False, max_length=100)
    city = forms.CharField(label="Town or city", required=False, max_length=100)
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    protected = forms.BooleanField(label="This address is protected (a refuge, or a protection order)", required=False)
    ethnicities = forms.MultipleChoiceField(
        label="Ethnicity (choose all that apply)", required=False, choices=list(ETHNICITIES.items()),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    iwi = forms.CharField(label="Iwi (optional, separate with commas)", required=False, max_length=300)
    source = forms.CharField(
        label="Where this information came from",
        max_length=100,
        error_messages={"required": "Say where this information came from, for example the caller or a document."},
    )
    confirmed_new = forms.BooleanField(required=False, widget=forms.HiddenInput)


class DetailsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    birth_date = DateInputField(label="Date of birth", required=False, past=True)
    birth_year = forms.IntegerField(label="Or year of birth", required=False)
    gender = forms.ChoiceField(label="Gender", choices=Person.Gender.choices)
    deceased_on = DateInputField(
        label="Date of death, if they have died", what="the date of death", required=False, past=True
    )


class NameForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of name", choices=[c for c in PersonName.Kind.choices if c[0] != "legal"])
    given_names = forms.CharField(label="Given names", required=False, max_length=200)
    family_name = forms.CharField(label="Family name", required=False, max_length=200)
    source = forms.CharField(label="Where this came from", required=False, max_length=100)


class IdentifierForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of number", choices=PersonIdentifier.Kind.choices)
    value = forms.CharField(label="Number", max_length=40, error_messages={"required": "Enter the number."})
    source = forms.CharField(label="Where this came from", required=False, max_length=100)


class AddressForm(forms.Form):
    street = forms.CharField(
        label="Street address", max_length=200, error_messages={"required": "Enter the street address."}
    )
    suburb = forms.CharField(label="Suburb", required=False, max_length=100)
    city = forms.CharField(label="Town or city", max_length=100, error_messages={"required": "Enter the town or city."})
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    valid_from = DateInputField(label="Moved in", what="the date they moved in", required=False)
    protected = forms.BooleanField(label="This address is protected (a refuge, or a protection order)", required=False)
    source = forms.CharField(label="Where this came from", required=False, max_length=100)


class ContactForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=PersonContact.Kind.choices)
    value = forms.CharField(
        label="Phone number or email",
        max_length=200,
        error_messages={"required": "Enter the phone number or email address."},
    )
    note = forms.CharField(label="Note (optional), like 'evenings only'", required=False, max_length=200)
    source = forms.CharField(label="Where this came from", required=False, max_length=100)


class AlertForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of alert", choices=PersonAlert.Kind.choices)
    note = forms.CharField(
        label="What staff need to know", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    source = forms.CharField(
        label="Where this came from",
        max_length=100,
        error_messages={"required": "Say where this information came from."},
    )
    review_on = DateInputField(label="Review by", what="the review date")
    #: Who it protects this person from: one of their relationships (choices
    #: set by the page from the record), or someone else found on the register.
    protects_from = forms.ChoiceField(
        label="Who it protects this person from (optional)",
        required=False,
        choices=[("", "Nobody named")],
        help_text="Tiaki then never lets this person's protected details reach them or anyone linked to them.",
    )
    protects_from_number = RecordIdField(
        label="Or someone else: their person number",
        required=False,
        help_text="Find them first with Find a person, then enter the number from their record.",
        error_messages={"invalid": "The person number is digits only."},
    )

    def set_relationships(self, relationships: list[tuple[int, str]]) -> None:
        """Offer the record's relationships (person id, "Name (label)") to choose from."""
        field = self.fields["protects_from"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Nobody named")] + [(str(pid), label) for pid, label in relationships]

    def other_person_id(self) -> int | None:
        data = self.cleaned_data
        if data.get("protects_from_number"):
            return int(data["protects_from_number"])
        return int(data["protects_from"]) if data.get("protects_from") else None


class RelationshipForm(forms.Form):
    other_person_id = RecordIdField(
        label="The other person's number",
        error_messages={"required": "Enter the other person's number.", "invalid": "The person number is digits only."},
    )
    kind = forms.ChoiceField(label="The other person is this person's", choices=Relationship.Kind.choices)
    started_on = DateInputField(label="Since (optional)", what="the date it started", required=False)


class NameVariantForm(forms.Form):
    name = forms.CharField(label="Name", max_length=60)
    variant = forms.CharField(label="Is also written or called", max_length=60)
    kind = forms.ChoiceField(label="Kind", choices=NameVariant.Kind.choices, widget=forms.RadioSelect)


class BreakGlassForm(forms.Form):
    person_id = RecordIdField(
        label="Person number",
        help_text="The number of the person's record, for example from a referral or a colleague.",
        error_messages={"required": "Enter the person number.", "invalid": "The person number is digits only."},
    )
    reason = forms.CharField(
        label="Why do you need emergency access now?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="A privacy officer will read this. Say what the emergency is and why you cannot wait.",
        # Not required here: breakglass_open refuses a missing or short reason
        # itself, so the refusal is audited as a near miss (a form error is not).
        required=False,
    )


class MergeForm(forms.Form):
    keep = forms.ChoiceField(
        label="Which record should stay?",
        choices=[("left", "Keep the left record"), ("right", "Keep the right record")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which record stays."},
    )
    reason = forms.CharField(
        label="Why are these the same person?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why you are sure these are the same person."},
    )


class UndoForm(forms.Form):
    reason = forms.CharField(
        label="Why undo this merge?", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why the merge was wrong."},
    )  # fmt: skip
