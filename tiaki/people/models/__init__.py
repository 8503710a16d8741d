"""The person register (tiaki.people). Writes go through tiaki.people.services only."""

from tiaki.people.models.matching import DuplicateCandidate, MatchKey, NameVariant
from tiaki.people.models.merge import PersonMerge, PersonMergeMove
from tiaki.people.models.person import (
    Classification,
    Person,
    PersonAlert,
    PersonContact,
    PersonEthnicity,
    PersonIdentifier,
    PersonIwi,
    PersonName,
)
from tiaki.people.models.places import Address, PersonAddress
from tiaki.people.models.relationships import INVERSE_LABELS, Relationship

__all__ = [
    "INVERSE_LABELS",
    "Address",
    "Classification",
    "DuplicateCandidate",
    "MatchKey",
    "NameVariant",
    "Person",
    "PersonAddress",
    "PersonAlert",
    "PersonContact",
    "PersonEthnicity",
    "PersonIdentifier",
    "PersonIwi",
    "PersonMerge",
    "PersonMergeMove",
    "PersonName",
    "Relationship",
]
