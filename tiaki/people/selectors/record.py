"""Reads of the person register. Every function takes the acting user and
returns only what that user may see; SENSITIVE fields are masked here, once,
so pages, API and exports cannot forget to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.utils import timezone

from tiaki.access import Permission, has_permission, scoping, sealed
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.people.codes import ETHNICITIES
from tiaki.people.models import (
    INVERSE_LABELS,
    Person,
    PersonAddress,
    PersonAlert,
    PersonContact,
    PersonEthnicity,
    PersonIdentifier,
    PersonIwi,
    PersonName,
    Relationship,
)
from tiaki.people.reach import visible_persons
from tiaki.staff.models import User

MASKED = "Protected: you do not have access to this address"
ALERT_MASKED = (
    "There is a safety alert on this record that you do not have access to. "
    "Talk to the allocated social worker before any visit or contact."
)


@dataclass(frozen=True)
class AlertView:
    id: int | None
    kind: str
    note: str
    source: str
    review_on: date | None
    masked: bool
    #: Who the alert or order protects this person from (PersonAlert.other_person),
    #: when named and not sealed from the reader; masked with the alert.
    protects_from_id: int | None = None
    protects_from: str = ""


@dataclass(frozen=True)
class IdentifierView:
    kind: str
    value: str


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
    #: How the reader reached this record (tiaki.access.scoping), shown on
    #: the page when it is emergency access.
    decision: scoping.Decision
    identifiers: list[IdentifierView]
    ethnicities: list[str]
    iwi: list[str]
    alerts: list[AlertView]
    contacts: list[tuple[str, str, str]]
    version: int
    merged_into_id: int | None
    #: Records merged into this one (their rows now belong here; each merge
    #: can be undone from the comparison page).
    merged_ids: list[int]
    #: The reader's role may open a case (the page's "Open a case" link).
    may_open_case: bool = False

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


@selector(AuditAction.PERSON_READ)
def person_get(*, actor: User, person_id: int) -> PersonRecord:
    """One person's record as ``actor`` may see it; 404 if outside their reach.
    The read and its audit event are one transaction: no event, no record."""
    decision = scoping.person_decision(actor, person_id)
    with reading(actor, decision=decision, subject_type="person", subject_ids=[person_id]):
        return _person_record(person_id, decision, actor=actor)


def _person_record(person_id: int, decision: scoping.Decision, *, actor: User) -> PersonRecord:
    person = Person.objects.get(pk=person_id)
    names = list(PersonName.objects.filter(person_id=person_id).order_by("-is_primary", "kind", "pk"))
    today = timezone.localdate()
    addresses = [
        AddressView(
            text=MASKED if (pa.protected and not decision.may_see_sensitive) else str(pa.address),
            protected=pa.protected,
            masked=pa.protected and not decision.may_see_sensitive,
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
    # Sealed means absent: a relative sealed from the reader is not listed at
    # all (no row, no placeholder), so the list does not say one was withheld.
    hidden = sealed.hidden_person_ids(actor, [r[0] for r in rels] + [r[0] for r in inverse])
    rels = [r for r in rels if r[0] not in hidden]
    inverse = [r for r in inverse if r[0] not in hidden]
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
    current_alerts = list(
        PersonAlert.objects.filter(person_id=person_id, ended_on__isnull=True).order_by("-recorded_at")
    )
    named = {a.other_person_id for a in current_alerts if a.other_person_id is not None}
    if not decision.may_see_sensitive:
        named = set()  # masked with the alert, below
    elif named:
        # Sealed means absent: a person sealed from the reader is not named here either.
        named -= sealed.hidden_person_ids(actor, named)
    named_as = display_names(named)
    alerts = [
        AlertView(
            a.pk,
            a.get_kind_display(),
            a.note,
            a.source,
            a.review_on,
            False,
            a.other_person_id if a.other_person_id in named_as else None,
            named_as.get(a.other_person_id, "") if a.other_person_id is not None else "",
        )
        for a in current_alerts
    ]
    if alerts and not decision.may_see_sensitive:
        # SENSITIVE: the kind and detail of a safety alert are masked; that
        # one exists is not, so nobody visits unprepared.
        alerts = [AlertView(None, "Safety alert", ALERT_MASKED, "", None, True)]
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
        decision=decision,
        identifiers=[
            IdentifierView(PersonIdentifier.Kind(k).label, v)
            for k, v in PersonIdentifier.objects.filter(person_id=person_id)
            .order_by("kind", "pk")
            .values_list("kind", "value")
        ],
        ethnicities=[
            ETHNICITIES.get(code, code)
            for code in PersonEthnicity.objects.filter(person_id=person_id)
            .order_by("pk")
            .values_list("code", flat=True)
        ],
        iwi=[
            f"{iwi} ({hapu})" if hapu else iwi
            for iwi, hapu in PersonIwi.objects.filter(person_id=person_id).order_by("pk").values_list("iwi", "hapu")
        ],
        alerts=alerts,
        contacts=[
            (PersonContact.Kind(kind).label, value, note)
            for kind, value, note in PersonContact.objects.filter(person_id=person_id)
            .order_by("pk")
            .values_list("kind", "value", "note")
        ],
        version=person.version,
        merged_into_id=person.merged_into_id,
        merged_ids=list(Person.objects.filter(merged_into_id=person_id).order_by("pk").values_list("pk", flat=True)),
        may_open_case=has_permission(actor, Permission.CASE_CREATE),
    )


@dataclass(frozen=True)
class PersonSummary:
    id: int
    display_name: str
    date_of_birth: date | None


@selector(AuditAction.PERSON_LIST)
def person_list_allocated(*, actor: User, limit: int = 50) -> list[PersonSummary]:
    """The people the actor works with through allocation or supervision (not
    duty or break-glass), for their home page; one audit event for the list."""
    decision = scoping.list_decision(actor, Permission.PERSON_READ)
    with reading(actor, decision=decision, subject_type="person", relationship="list:allocated") as step:
        people = list(
            visible_persons(actor, include_break_glass=False, include_duty=False)
            .order_by("date_of_birth", "pk")
            .values_list("pk", "date_of_birth")[:limit]
        )
        ids = [pid for pid, _ in people]
        names = {n.person_id: str(n) for n in PersonName.objects.filter(person_id__in=ids, is_primary=True)}
        step.subject_ids = ids
    return [PersonSummary(pid, names.get(pid, "Name not recorded"), dob) for pid, dob in people]


def display_names(person_ids: Iterable[int]) -> dict[int, str]:
    """Each person's primary name (else their first recorded one), for headings."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    table = connection.ops.quote_name(PersonName._meta.db_table)
    sql = (
        f"SELECT person_id, given_names, family_name FROM {table} "  # noqa: S608 - fixed names; values are parameters
        f"WHERE person_id IN ({', '.join(['%s'] * len(ids))}) ORDER BY person_id, is_primary DESC, id"
    )
    names: dict[int, str] = {}
    with connection.cursor() as db:
        db.execute(sql, ids)
        for person_id, given, family in db.fetchall():
            names.setdefault(person_id, f"{given} {family}".strip())
    return names
