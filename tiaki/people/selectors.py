"""Reads of the person register. Every function takes the acting user and
returns only what that user may see; SENSITIVE fields are masked here, once,
so pages, API and exports cannot forget to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import Http404
from django.utils import timezone

from tiaki import access
from tiaki.access import Permission
from tiaki.people.models import INVERSE_LABELS, Person, PersonAddress, PersonName, Relationship
from tiaki.staff.models import User

MASKED = "Protected: you do not have access to this address"


@dataclass(frozen=True)
class AddressView:
    text: str
    protected: bool
    masked: bool
    current: bool
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True)
class RelationshipView:
    person_id: int
    name: str
    label: str
    started_on: date | None
    ended_on: date | None


@dataclass(frozen=True)
class PersonRecord:
    id: int
    display_name: str
    names: list[PersonName]
    date_of_birth: date | None
    birth_date_precision: str
    gender: str
    deceased_on: date | None
    addresses: list[AddressView]
    relationships: list[RelationshipView]

    @property
    def birth_date_text(self) -> str:
        if self.date_of_birth is None:
            return "Not known"
        if self.birth_date_precision == Person.BirthDatePrecision.YEAR:
            return f"About {self.date_of_birth.year}"
        return f"{self.date_of_birth.day} {self.date_of_birth:%B %Y}"


def _display_name(names: list[PersonName]) -> str:
    primary = next((n for n in names if n.is_primary), names[0] if names else None)
    return str(primary) if primary else "Name not recorded"


def person_get(*, actor: User, person_id: int) -> PersonRecord:
    """One person's record as ``actor`` may see it; 404 if outside their reach."""
    access.require(actor, Permission.PERSON_READ)
    person = Person.objects.filter(pk=person_id).first()
    if person is None or person.sealed:
        raise Http404
    names = list(PersonName.objects.filter(person_id=person_id).order_by("-is_primary", "kind", "pk"))
    may_see_sensitive = access.has_permission(actor, Permission.PERSON_SENSITIVE_READ)
    today = timezone.localdate()
    addresses = [
        AddressView(
            text=MASKED if (pa.protected and not may_see_sensitive) else str(pa.address),
            protected=pa.protected,
            masked=pa.protected and not may_see_sensitive,
            current=pa.valid_to is None or pa.valid_to >= today,
            valid_from=pa.valid_from,
            valid_to=pa.valid_to,
        )
        for pa in PersonAddress.objects.filter(person_id=person_id)
        .select_related("address")
        .order_by("-valid_from", "-pk")
    ]
    rels = list(
        Relationship.objects.filter(from_person_id=person_id).values_list(
            "to_person_id", "kind", "started_on", "ended_on"
        )
    )
    inverse = list(
        Relationship.objects.filter(to_person_id=person_id).values_list(
            "from_person_id", "kind", "started_on", "ended_on"
        )
    )
    other_ids = {r[0] for r in rels} | {r[0] for r in inverse}
    other_names = {n.person_id: str(n) for n in PersonName.objects.filter(person_id__in=other_ids, is_primary=True)}
    relationships = [
        RelationshipView(pid, other_names.get(pid, "Name not recorded"), INVERSE_LABELS[kind], started, ended)
        for pid, kind, started, ended in rels
    ] + [
        RelationshipView(pid, other_names.get(pid, "Name not recorded"), Relationship.Kind(kind).label, started, ended)
        for pid, kind, started, ended in inverse
    ]
    relationships.sort(key=lambda r: (r.label, r.name))
    return PersonRecord(
        id=person.pk,
        display_name=_display_name(names),
        names=names,
        date_of_birth=person.date_of_birth,
        birth_date_precision=person.birth_date_precision,
        gender=Person.Gender(person.gender).label,
        deceased_on=person.deceased_on,
        addresses=addresses,
        relationships=relationships,
    )
