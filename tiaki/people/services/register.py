"""Creating and changing person records.

Rules enforced here (each service's docstring names its own):
- permission, privacy induction and need-to-know through tiaki.access;
- search before create: a new record that strongly matches existing ones is
  refused until the person creating it confirms none of them is this person;
- names stored exactly as given (NFC), identifiers validated and unique;
- concurrent edits: details carry a version, and a stale one is refused;
- every write audited in the same transaction (tiaki.access.paths.writing),
  and the matching index rebuilt.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from django.db import IntegrityError
from django.utils import timezone

from tiaki.access import Permission, scoping, sealed
from tiaki.access.enforcement import refuse
from tiaki.access.ids import NO_RECORD, record_id
from tiaki.access.paths import Step, service, writing
from tiaki.audit.actions import AuditAction
from tiaki.people import identifiers
from tiaki.people.codes import ETHNICITIES
from tiaki.people.models import (
    Address,
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
from tiaki.people.services.inputs import (
    AddressInput,
    BirthDateInput,
    NameInput,
    PersonInput,
    PersonInputError,
    nfc,
)
from tiaki.staff.models import User

if TYPE_CHECKING:
    from tiaki.people.selectors.search import SearchHit, SearchResult

__all__ = [
    "AddressInput",
    "BirthDateInput",
    "NameInput",
    "PersonInput",
    "PersonInputError",
    "PossibleDuplicates",
    "StaleVersion",
]


_PHONE = re.compile(r"\+?[0-9 ()\-]{6,20}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class PossibleDuplicates(Exception):  # noqa: N818 - a condition the form shows, not a failure
    """Existing records strongly match the new person, or one the actor may
    not open has the same name (the search selector's disclosure rule): the
    caller shows ``result`` and may create anyway only with ``confirmed_new=True``."""

    def __init__(self, result: SearchResult) -> None:
        super().__init__("Possible existing records")
        self.result = result
        #: The strong matches the actor may open (the notice is result.restricted).
        self.candidates: Sequence[SearchHit] = result.hits


class StaleVersion(Exception):  # noqa: N818 - a condition the form shows, not a failure
    """Someone else changed the record since it was loaded: nothing was saved."""


def _reindex(person_ids: Iterable[int]) -> None:
    # Imported late, so importing the services does not load the matching
    # rules; the index is rebuilt inside the service, after its write.
    from tiaki.people.services.match_keys import index_persons

    index_persons(list(person_ids))


def _changing(actor: User, person_id: int, decision: scoping.Decision | None = None) -> AbstractContextManager[Step]:
    """The write path for a change to one person's record: need-to-know
    enforced, the event naming the person and the relationship used."""
    if decision is None:
        decision = scoping.person_decision(actor, person_id)
    return writing(actor, decision=decision, subject_type="person", subject_ids=[person_id])


def _clean_identifiers(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    cleaned, errors = [], {}
    for index, (kind, raw) in enumerate(pairs):
        if not raw.strip():
            continue
        try:
            cleaned.append((kind, identifiers.validate(kind, raw)))
        except identifiers.IdentifierError as exc:
            errors[f"identifiers.{index}"] = str(exc)
    if errors:
        raise PersonInputError(errors)
    taken = [
        PersonIdentifier.Kind(kind).label
        for kind, value in cleaned
        if PersonIdentifier.objects.filter(kind=kind, value=value).exists()
    ]
    if taken:
        # Existence only: the record holding it may be outside the actor's reach.
        raise PersonInputError(
            {"identifiers": f"A record with this {taken[0]} already exists. Search for it, or ask for access to it."}
        )
    return cleaned


@service(AuditAction.PERSON_CREATE, permission=Permission.PERSON_CREATE)
def person_create(*, actor: User, data: PersonInput, confirmed_new: bool = False) -> Person:
    """Add a person to the register, after a search: strong matches must be
    looked at (PossibleDuplicates) unless the actor confirms this is someone new."""
    if why := scoping.induction_refusal(actor):
        # Before the input is looked at, and before the search below (whose
        # own event must outlive a PossibleDuplicates): not in writing().
        refuse(actor, why, action=AuditAction.PERSON_CREATE)
    if not data.names:
        raise PersonInputError({"name.given_names": "Enter the person's name."})
    names = [name.cleaned(f"names.{i}") for i, name in enumerate(data.names)]
    birth_date, precision = data.birth_date.resolve()
    if data.gender not in Person.Gender.values:
        raise PersonInputError({"gender": "Choose a gender, or 'Not known'."})
    unknown = [code for code in data.ethnicities if code not in ETHNICITIES]
    if unknown:
        raise PersonInputError({"ethnicities": "Choose ethnicities from the list."})
    address = data.address.cleaned() if data.address else None
    pairs = _clean_identifiers(data.identifiers)
    if not confirmed_new:
        from tiaki.people.matching import MatchQuery
        from tiaki.people.selectors.search import person_search

        primary = names[0]
        query = MatchQuery(
            given_names=primary.given_names,
            family_name=primary.family_name,
            birth_date=birth_date.isoformat() if birth_date and precision == Person.BirthDatePrecision.EXACT else "",
            address=f"{address.street} {address.suburb} {address.city}" if address else "",
            identifier=pairs[0][1] if pairs else "",
        )
        # The check is a search (one audit event) and shows what a search
        # would: what typed details match on a record the actor may not open
        # must not decide whether this page stops them.
        found = person_search(actor=actor, query=query, limit=10).strong
        if found:
            raise PossibleDuplicates(found)
    now = timezone.now()
    source = nfc(data.source)[:100]
    try:
        with writing(actor, subject_type="person", relationship="created") as step:
            person = Person.objects.create(
                date_of_birth=birth_date, birth_date_precision=precision, gender=data.gender, created_by=actor
            )
            PersonName.objects.bulk_create(
                PersonName(
                    person=person,
                    kind=name.kind,
                    given_names=name.given_names,
                    family_name=name.family_name,
                    is_primary=index == 0,
                    valid_from=name.valid_from,
                    valid_to=name.valid_to,
                    source=source,
                    recorded_at=now,
                )
                for index, name in enumerate(names)
            )
            PersonIdentifier.objects.bulk_create(
                PersonIdentifier(person=person, kind=kind, value=value, source=source, recorded_at=now)
                for kind, value in pairs
            )
            PersonEthnicity.objects.bulk_create(
                PersonEthnicity(person=person, code=code, source=source) for code in dict.fromkeys(data.ethnicities)
            )
            PersonIwi.objects.bulk_create(
                PersonIwi(person=person, iwi=nfc(iwi)[:100], source=source)
                for iwi in dict.fromkeys(data.iwi)
                if iwi.strip()
            )
            if address:
                _address_create(person, address, source)
            _reindex([person.pk])
            step.subject_ids = [person.pk]
    except IntegrityError:
        # Two people adding the same identifier at the same moment: the
        # database's unique constraint decided; nothing was half-saved.
        raise PersonInputError({"identifiers": "A record with this identifier was just added. Search again."}) from None
    return person


def person_add_from_referral(
    *, recorded_by: User, given_names: str, family_name: str, birth_date: dt.date | None, nhi: str, source: str
) -> int:
    """For a report of concern from a partner agency, which may not search
    the register: the person with exactly this NHI if there is one (an NHI
    belongs to one person), else a new record whose source is the referral,
    for the duplicate scan and intake to reconcile.

    Not an access point: a helper inside the caller's service. It runs in
    tiaki.intake.services.report_record's transaction, which checks the
    permission and records the one audit event naming every person;
    ``recorded_by`` is that service's actor, kept as the record's creator."""
    name = NameInput(given_names, family_name).cleaned()
    if nhi.strip():
        value = identifiers.validate(PersonIdentifier.Kind.NHI, nhi)
        existing = (
            PersonIdentifier.objects.filter(kind=PersonIdentifier.Kind.NHI, value=value)
            .values_list("person_id", flat=True)
            .first()
        )
        if existing is not None:
            return existing
    date_of_birth, precision = BirthDateInput(date=birth_date).resolve()
    person = Person.objects.create(date_of_birth=date_of_birth, birth_date_precision=precision, created_by=recorded_by)
    PersonName.objects.create(
        person=person, given_names=name.given_names, family_name=name.family_name, is_primary=True,
        source=nfc(source)[:100], recorded_at=timezone.now(),
    )  # fmt: skip
    if nhi.strip():
        PersonIdentifier.objects.create(
            person=person, kind=PersonIdentifier.Kind.NHI, value=identifiers.normalise(nhi), source=nfc(source)[:100]
        )
    _reindex([person.pk])
    return person.pk


def _address_create(person: Person, data: AddressInput, source: str) -> PersonAddress:
    address, _ = Address.objects.get_or_create(
        street=data.street, suburb=data.suburb, city=data.city, postcode=data.postcode
    )
    return PersonAddress.objects.create(
        person=person, address=address, protected=data.protected, valid_from=data.valid_from, source=source
    )


@service(AuditAction.PERSON_UPDATE, permission=Permission.PERSON_UPDATE)
def person_details_update(
    *, actor: User, person_id: int, version: int, birth_date: BirthDateInput, gender: str, deceased_on: dt.date | None
) -> Person:
    """Change birth date, gender or date of death. ``version`` is the one the
    form loaded: if the record changed since, nothing is saved (StaleVersion)."""
    with _changing(actor, person_id) as step:
        step.relationship = "details"
        date_of_birth, precision = birth_date.resolve()
        if gender not in Person.Gender.values:
            raise PersonInputError({"gender": "Choose a gender, or 'Not known'."})
        if deceased_on and deceased_on > timezone.localdate():
            raise PersonInputError({"deceased_on": "The date of death cannot be in the future."})
        if deceased_on and date_of_birth and deceased_on < date_of_birth:
            raise PersonInputError({"deceased_on": "The date of death is before the date of birth."})
        person = Person.objects.select_for_update().get(pk=person_id)
        if person.version != version:
            raise StaleVersion
        person.date_of_birth, person.birth_date_precision = date_of_birth, precision
        person.gender, person.deceased_on = gender, deceased_on
        person.version += 1
        person.save(
            update_fields=["date_of_birth", "birth_date_precision", "gender", "deceased_on", "version", "updated_at"]
        )
        _reindex([person_id])
    return person


@service(AuditAction.PERSON_UPDATE, permission=Permission.PERSON_UPDATE)
def name_add(*, actor: User, person_id: int, name: NameInput, source: str = "") -> PersonName:
    """Add a previous name, preferred name or alias; the legal primary name stays."""
    with _changing(actor, person_id):
        clean = name.cleaned()
        row = PersonName.objects.create(
            person_id=person_id,
            kind=clean.kind,
            given_names=clean.given_names,
            family_name=clean.family_name,
            valid_from=clean.valid_from,
            valid_to=clean.valid_to,
            source=nfc(source)[:100],
            recorded_at=timezone.now(),
        )
        _reindex([person_id])
    return row


@service(AuditAction.PERSON_UPDATE, permission=Permission.PERSON_UPDATE)
def identifier_add(*, actor: User, person_id: int, kind: str, value: str, source: str = "") -> PersonIdentifier:
    """Add a validated identifier; a value already on another record is refused."""
    try:
        with _changing(actor, person_id):
            if not value.strip():
                raise PersonInputError({"identifiers.0": "Enter the number."})
            [(kind, clean)] = _clean_identifiers([(kind, value)])
            row = PersonIdentifier.objects.create(
                person_id=person_id, kind=kind, value=clean, source=nfc(source)[:100], recorded_at=timezone.now()
            )
            _reindex([person_id])
    except IntegrityError:
        raise PersonInputError({"identifiers": "A record with this identifier was just added. Search again."}) from None
    return row


@service(AuditAction.PERSON_UPDATE, permission=Permission.PERSON_UPDATE)
def address_add(*, actor: User, person_id: int, address: AddressInput, source: str = "") -> PersonAddress:
    """Record a new address; a protected one (a refuge, a protection order)
    needs the SENSITIVE field permission, so nobody can set what they cannot see."""
    decision = scoping.person_decision(actor, person_id)
    clean = address.cleaned() if decision.allowed else None
    if clean is not None and clean.protected and not decision.may_see_sensitive:
        # Refused before writing() opens its transaction, so the refusal's
        # event is kept; one out of reach is refused by writing() instead.
        refuse(
            actor, "sensitive_permission_missing", action=AuditAction.PERSON_UPDATE, subject_type="person",
            subject_ids=[person_id], message="Only staff who may see protected addresses can record one.",
        )  # fmt: skip
    with _changing(actor, person_id, decision):
        assert clean is not None  # writing() refuses a decision that is not allowed
        row = _address_create(Person(pk=person_id), clean, nfc(source)[:100])
        _reindex([person_id])
    return row


@service(AuditAction.PERSON_UPDATE, permission=Permission.PERSON_UPDATE)
def alert_add(
    *,
    actor: User,
    person_id: int,
    kind: str,
    note: str,
    source: str,
    review_on: dt.date,
    other_person_id: int | None = None,
) -> PersonAlert:
    """Record a safety alert (SENSITIVE) with its source and review date, and
    who it protects the person from when known (``other_person_id``, a person
    on the register the actor can find: the disclosure guard keeps this
    person's protected details from them and those linked to them)."""
    with _changing(actor, person_id):
        errors = {}
        if other_person_id is not None:
            other_person_id = record_id(other_person_id)
            if other_person_id == person_id:
                errors["other_person_id"] = "Choose someone other than this person."
            elif not Person.objects.filter(pk=other_person_id).exists() or sealed.hidden_person_ids(
                actor, [other_person_id]
            ):
                # A person sealed from the actor answers as one not on the register.
                errors["other_person_id"] = "Choose a person on the register: find them first, then enter their number."
        if kind not in PersonAlert.Kind.values:
            errors["kind"] = "Choose the kind of alert."
        if not source.strip():
            errors["source"] = "Say where this information came from."
        if review_on <= timezone.localdate():
            errors["review_on"] = "The review date must be in the future."
        if len(note) > 2000:
            errors["note"] = "Keep the note under 2,000 characters."
        if errors:
            raise PersonInputError(errors)
        return PersonAlert.objects.create(
            person_id=person_id, kind=kind, note=nfc(note), source=nfc(source)[:100], review_on=review_on,
            recorded_by=actor, recorded_at=timezone.now(), other_person_id=other_person_id,
        )  # fmt: skip


@service(AuditAction.PERSON_UPDATE, permission=Permission.PERSON_UPDATE)
def contact_add(
    *, actor: User, person_id: int, kind: str, value: str, note: str = "", source: str = ""
) -> PersonContact:
    """Record a phone number or email address (checked for shape, not dialled)."""
    with _changing(actor, person_id):
        value = nfc(value)
        errors = {}
        if kind not in PersonContact.Kind.values:
            errors["kind"] = "Choose phone, email or other."
        elif kind == PersonContact.Kind.PHONE and not _PHONE.fullmatch(value):
            errors["value"] = "Enter a phone number using digits, spaces, brackets, '+' or '-', like 021 123 4567."
        elif kind == PersonContact.Kind.EMAIL and not _EMAIL.fullmatch(value):
            errors["value"] = "Enter an email address like name@example.co.nz."
        elif not value or len(value) > 200:
            errors["value"] = "Enter the contact detail (up to 200 characters)."
        if errors:
            raise PersonInputError(errors)
        return PersonContact.objects.create(
            person_id=person_id, kind=kind, value=value, note=nfc(note)[:200], source=nfc(source)[:100]
        )


@service(AuditAction.PERSON_UPDATE, permission=Permission.PERSON_UPDATE)
def alert_end(*, actor: User, alert_id: int) -> None:
    """End a safety alert on a record the actor may change."""
    # A missing alert is decided as a missing person (NO_RECORD): the same
    # refusal, audit event and 404 as an alert on a record out of reach.
    person_id = PersonAlert.objects.filter(pk=alert_id).values_list("person_id", flat=True).first() or NO_RECORD
    with _changing(actor, person_id):
        PersonAlert.objects.filter(pk=alert_id, ended_on__isnull=True).update(ended_on=timezone.localdate())


@service(AuditAction.PERSON_UPDATE, permission=Permission.PERSON_UPDATE)
def relationship_add(
    *, actor: User, person_id: int, other_person_id: int, kind: str, other_is: bool, started_on: dt.date | None = None
) -> Relationship:
    """Record how two people are related. ``other_is`` True reads "the other
    person is <kind> of this person" (her mother is her parent). The actor needs
    reach to ``person_id``; the other person need only exist."""
    try:
        with _changing(actor, person_id) as step:
            if kind not in Relationship.Kind.values:
                raise PersonInputError({"kind": "Choose the relationship."})
            if other_person_id == person_id:
                raise PersonInputError({"other_person_id": "A person cannot be related to themselves."})
            # A person sealed from the actor is absent here as everywhere
            # (tiaki.access.sealed): the same answer as a number nobody has.
            if not Person.objects.filter(
                pk=other_person_id, merged_into__isnull=True
            ).exists() or sealed.hidden_person_ids(actor, [other_person_id]):
                raise PersonInputError({"other_person_id": "There is no person with that number."})
            if started_on and started_on > timezone.localdate():
                raise PersonInputError({"started_on": "The start date cannot be in the future."})
            source_id, target_id = (other_person_id, person_id) if other_is else (person_id, other_person_id)
            row = Relationship.objects.create(
                from_person_id=source_id, to_person_id=target_id, kind=kind, started_on=started_on
            )
            step.subject_ids = [person_id, other_person_id]
    except IntegrityError:
        raise PersonInputError({"kind": "This relationship is already recorded."}) from None
    return row


@service(AuditAction.PERSON_UPDATE, permission=Permission.PERSON_UPDATE)
def relationship_end(*, actor: User, relationship_id: int, ended_on: dt.date) -> None:
    """Record that a relationship ended; needs reach to the person it is recorded on."""
    # A missing relationship is decided as a missing person (NO_RECORD), like
    # one on a record out of reach.
    row = Relationship.objects.filter(pk=relationship_id).first()
    with _changing(actor, row.to_person_id if row is not None else NO_RECORD) as step:
        assert row is not None  # the decision refuses NO_RECORD
        if ended_on > timezone.localdate():
            raise PersonInputError({"ended_on": "The end date cannot be in the future."})
        Relationship.objects.filter(pk=relationship_id).update(ended_on=ended_on)
        step.subject_ids = [row.from_person_id, row.to_person_id]
