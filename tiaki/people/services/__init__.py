"""Writes to the person register. Each service checks permission and
need-to-know, saves, re-indexes for matching and records its audit event in
one transaction."""

from tiaki.people.services.register import (
    AddressInput,
    BirthDateInput,
    NameInput,
    PersonInput,
    PersonInputError,
    PossibleDuplicates,
    StaleVersion,
    address_add,
    alert_add,
    alert_end,
    contact_add,
    identifier_add,
    name_add,
    person_add_from_referral,
    person_create,
    person_details_update,
    relationship_add,
    relationship_end,
)
from tiaki.people.services.variants import name_variant_add

__all__ = [
    "AddressInput",
    "BirthDateInput",
    "NameInput",
    "PersonInput",
    "PersonInputError",
    "PossibleDuplicates",
    "StaleVersion",
    "address_add",
    "alert_add",
    "alert_end",
    "contact_add",
    "identifier_add",
    "name_add",
    "name_variant_add",
    "person_add_from_referral",
    "person_create",
    "person_details_update",
    "relationship_add",
    "relationship_end",
]
