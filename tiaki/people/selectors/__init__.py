"""Reads of the person register, each taking the acting user (tiaki.access.scoping)."""

from tiaki.people.selectors.record import (
    ALERT_MASKED,
    MASKED,
    AddressView,
    PersonRecord,
    PersonSummary,
    RelationshipView,
    person_get,
    person_list_allocated,
)
from tiaki.people.selectors.whanau import WhanauMap, WhanauRow, whanau_map

__all__ = [
    "ALERT_MASKED",
    "MASKED",
    "AddressView",
    "PersonRecord",
    "PersonSummary",
    "RelationshipView",
    "WhanauMap",
    "WhanauRow",
    "person_get",
    "person_list_allocated",
    "whanau_map",
]
