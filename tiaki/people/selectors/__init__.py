"""Reads of the person register, each taking the acting user (tiaki.access.scoping)."""

from tiaki.people.selectors.record import (
    MASKED,
    AddressView,
    PersonRecord,
    PersonSummary,
    RelationshipView,
    person_get,
    person_list_allocated,
)

__all__ = [
    "MASKED",
    "AddressView",
    "PersonRecord",
    "PersonSummary",
    "RelationshipView",
    "person_get",
    "person_list_allocated",
]
