"""The form of finding a placement (tiaki.care.web.views.search). It parses
what was asked; the rules of a search (which ages, needs and localities it
takes) are tiaki.care.selectors.search's, checked again there."""

from __future__ import annotations

from typing import Any

from django import forms

from tiaki.care import places
from tiaki.care.codes import NEEDS
from tiaki.care.selectors.search import KINDS, MAX_AGE, MAX_SIBLINGS, MIN_AGE, SearchCriteria

#: The id of the page's datalist of localities (care/placement_search.html).
LOCALITY_LIST = "tiaki-localities"

_AGE = f"Age must be a whole number of years between {MIN_AGE} and {MAX_AGE}"
_SIBLINGS = f"Brothers and sisters to place together must be a whole number between 0 and {MAX_SIBLINGS}"


class PlacementSearchForm(forms.Form):
    #: Marks a submitted search (a GET with no query is the child's defaults).
    searched = forms.CharField(widget=forms.HiddenInput, required=False)
    age = forms.IntegerField(
        label="Age (years)", required=False, min_value=MIN_AGE, max_value=MAX_AGE,
        error_messages={"invalid": _AGE, "min_value": _AGE, "max_value": _AGE},
        help_text="Households approved for this age. Leave blank if it is not known.",
    )  # fmt: skip
    siblings = forms.IntegerField(
        label="Brothers and sisters to place with them", required=False, min_value=0, max_value=MAX_SIBLINGS,
        error_messages={"invalid": _SIBLINGS, "min_value": _SIBLINGS, "max_value": _SIBLINGS},
        help_text="How many brothers and sisters need to live in the same home.",
    )  # fmt: skip
    needs = forms.MultipleChoiceField(
        label="Needs the household must meet", required=False, choices=list(NEEDS.items()),
        widget=forms.CheckboxSelectMultiple, error_messages={"invalid_choice": "Choose needs from the list"},
    )  # fmt: skip
    iwi = forms.CharField(
        label="Iwi", required=False, max_length=300,
        help_text="Separate more than one with commas, for example Ngāpuhi, Ngāi Tahu.",
    )  # fmt: skip
    culture = forms.CharField(label="Culture", required=False, max_length=100,
                              help_text="For example Samoan or Tongan.")  # fmt: skip
    whanau_locality = forms.CharField(
        label="Whānau live in or near", required=False, max_length=100,
        widget=forms.TextInput(attrs={"list": LOCALITY_LIST}), help_text="A town or city.",
    )  # fmt: skip
    school_locality = forms.CharField(
        label="School is in or near", required=False, max_length=100,
        widget=forms.TextInput(attrs={"list": LOCALITY_LIST}), help_text="A town or city.",
    )  # fmt: skip
    kinds = forms.MultipleChoiceField(
        label="Kinds of caregiver", required=True, choices=list(KINDS.items()), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one kind of caregiver",
                        "invalid_choice": "Choose kinds of caregiver from the list"},
    )  # fmt: skip

    def _locality(self, name: str, message: str) -> str:
        typed = (self.cleaned_data.get(name) or "").strip()
        if not typed:
            return ""
        official = places.locality_name(typed)
        if official is None:
            # Not repeated back: what was typed may be an address.
            raise forms.ValidationError(message)
        return official

    def clean_whanau_locality(self) -> str:
        return self._locality("whanau_locality", "Enter the whānau's town or city as the list names it")

    def clean_school_locality(self) -> str:
        return self._locality("school_locality", "Enter the school's town or city as the list names it")

    def criteria(self) -> SearchCriteria:
        data = self.cleaned_data
        return SearchCriteria(
            age=data["age"], needs=frozenset(data["needs"]), siblings_together=data["siblings"] or 0,
            iwi=tuple(part.strip() for part in data["iwi"].split(",") if part.strip()), culture=data["culture"],
            whanau_locality=data["whanau_locality"], school_locality=data["school_locality"],
            kinds=frozenset(data["kinds"]),
        )  # fmt: skip

    def first_errors(self) -> dict[str, str]:
        """Each field's first error, by field name (for placement_search's ``errors``)."""
        return {name: str(errors[0]) for name, errors in self.errors.items() if errors}


def initial(criteria: SearchCriteria) -> dict[str, Any]:
    """The form's initial values from the criteria a search used."""
    return {
        "searched": "1", "age": criteria.age, "siblings": criteria.siblings_together, "needs": sorted(criteria.needs),
        "iwi": ", ".join(criteria.iwi), "culture": criteria.culture, "whanau_locality": criteria.whanau_locality,
        "school_locality": criteria.school_locality, "kinds": [k for k in KINDS if k in criteria.kinds],
    }  # fmt: skip
