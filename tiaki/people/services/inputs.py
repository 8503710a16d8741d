"""What the register's services take, validated before anything is saved."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from django.utils import timezone

from tiaki.people.models import Person, PersonName

MAX_NAME = 200


class PersonInputError(ValueError):
    """Input that cannot be saved. ``errors`` maps a field to what is wrong,
    in words for the person who typed it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def nfc(text: str) -> str:
    """Names are stored exactly as given, composed (NFC) so 'ū' is one character."""
    return unicodedata.normalize("NFC", text.strip())


@dataclass(frozen=True)
class NameInput:
    given_names: str = ""
    family_name: str = ""
    kind: str = PersonName.Kind.LEGAL
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def cleaned(self, prefix: str = "name") -> NameInput:
        given, family = nfc(self.given_names), nfc(self.family_name)
        errors = {}
        if not given and not family:
            errors[f"{prefix}.given_names"] = "Enter a given name or a family name."
        if len(given) > MAX_NAME or len(family) > MAX_NAME:
            errors[f"{prefix}.given_names"] = f"Names are at most {MAX_NAME} characters."
        if self.kind not in PersonName.Kind.values:
            errors[f"{prefix}.kind"] = "Choose the kind of name."
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors[f"{prefix}.valid_to"] = "The end date must be after the start date."
        if errors:
            raise PersonInputError(errors)
        return NameInput(given, family, self.kind, self.valid_from, self.valid_to)


@dataclass(frozen=True)
class BirthDateInput:
    """Exact (a date), approximate (a year, or an age now) or unknown."""

    date: dt.date | None = None
    year: int | None = None
    age: int | None = None

    def resolve(self) -> tuple[dt.date | None, str]:
        today = timezone.localdate()
        given = [v is not None for v in (self.date, self.year, self.age)]
        if sum(given) > 1:
            raise PersonInputError({"birth_date": "Give a birth date, a year or an age: only one."})
        if self.date is not None:
            if self.date > today:
                raise PersonInputError({"birth_date": "The birth date cannot be in the future."})
            if self.date.year < today.year - 120:
                raise PersonInputError({"birth_date": "The birth date is more than 120 years ago: check the year."})
            return self.date, Person.BirthDatePrecision.EXACT
        if self.year is not None:
            if not today.year - 120 <= self.year <= today.year:
                raise PersonInputError(
                    {"birth_date": f"The year of birth must be between {today.year - 120} and {today.year}."}
                )
            # A year alone is held as 1 July: the middle, so age is right on average.
            return dt.date(self.year, 7, 1), Person.BirthDatePrecision.YEAR
        if self.age is not None:
            if not 0 <= self.age <= 120:
                raise PersonInputError({"birth_date": "The age must be between 0 and 120."})
            return dt.date(today.year - self.age, 7, 1), Person.BirthDatePrecision.YEAR
        return None, Person.BirthDatePrecision.UNKNOWN


@dataclass(frozen=True)
class AddressInput:
    street: str
    city: str
    suburb: str = ""
    postcode: str = ""
    protected: bool = False
    valid_from: dt.date | None = None

    def cleaned(self) -> AddressInput:
        errors = {}
        if not self.street.strip():
            errors["address.street"] = "Enter the street address."
        if not self.city.strip():
            errors["address.city"] = "Enter the town or city."
        postcode = self.postcode.strip()
        if postcode and not (postcode.isdigit() and len(postcode) == 4):
            errors["address.postcode"] = "A New Zealand postcode is 4 digits."
        if self.valid_from and self.valid_from > timezone.localdate():
            errors["address.valid_from"] = "The date moved in cannot be in the future."
        if errors:
            raise PersonInputError(errors)
        return AddressInput(
            nfc(self.street), nfc(self.city), nfc(self.suburb), postcode, self.protected, self.valid_from
        )


@dataclass(frozen=True)
class PersonInput:
    names: list[NameInput]
    birth_date: BirthDateInput = field(default_factory=BirthDateInput)
    gender: str = Person.Gender.UNKNOWN
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    address: AddressInput | None = None
    ethnicities: list[str] = field(default_factory=list)
    iwi: list[str] = field(default_factory=list)
    source: str = ""
