"""The duplicate scan (tiaki.people.merging's system job): a background job (``tiaki people_scan_duplicates``)
that looks for records which may be one person and queues each pair for a
person to review (tiaki.people.selectors.duplicates.duplicate_queue).

It only suggests: nothing is merged without a reviewer, because siblings and
twins share a surname, an address and even a birth date (DESIGN.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Case, QuerySet, When

from tiaki.access.paths import service, writing
from tiaki.audit.actions import AuditAction
from tiaki.people.models import DuplicateCandidate, Person, PersonAddress, PersonIdentifier, PersonName

if TYPE_CHECKING:
    from tiaki.people.matching import MatchQuery

#: Candidates asked of the matcher per person.
PER_PERSON = 20


@service(AuditAction.PERSON_SEARCH)
def duplicates_scan(*, person_ids: Iterable[int] | None = None, limit: int | None = None) -> int:
    """Queue every pair scoring at least MATCH_THRESHOLD that is not queued
    already; a pair already reviewed (merged, or not the same person) is
    never re-opened. Scans ``person_ids`` (default: everyone), at most
    ``limit`` persons. Returns how many new pairs were queued."""
    from tiaki.people.matching import MATCH_THRESHOLD
    from tiaki.people.selectors.match_keys import find_candidates

    people = _scannable(Person.objects.all()).order_by("pk")
    if person_ids is not None:
        people = people.filter(pk__in=list(person_ids))
    all_ids = people.values_list("pk", flat=True)
    ids = list(all_ids[:limit] if limit is not None else all_ids)
    new = 0
    for person_id in ids:
        query = _query_for(person_id)
        if query is None:
            continue
        found = [
            c
            for c in find_candidates(query, limit=PER_PERSON, exclude=(person_id,))
            if c.person_id != person_id and c.score >= MATCH_THRESHOLD
        ]
        if not found:
            continue
        others = Person.objects.filter(pk__in=[c.person_id for c in found])
        allowed = set(_scannable(others).values_list("pk", flat=True))
        for candidate in found:
            if candidate.person_id in allowed:
                new += _queue(person_id, candidate.person_id, candidate.score, candidate.reasons)
    return new


def _scannable(people: QuerySet[Person]) -> QuerySet[Person]:
    # Merged records are reached through their survivor; sealed ones (and a
    # staff member's linked record) cannot be merged (person_merge), and a
    # pair would only put them in front of more reviewers.
    return people.filter(merged_into__isnull=True, sealed=False).exclude(staff_links__isnull=False)


def _query_for(person_id: int) -> MatchQuery | None:
    """The person's own details as a search: primary name, birth date, an
    identifier (NHI first) and their latest address that is not protected."""
    from tiaki.people.matching import MatchQuery

    name = (
        PersonName.objects.filter(person_id=person_id)
        .order_by("-is_primary", "pk")
        .values_list("given_names", "family_name")
        .first()
    )
    if name is None:
        return None
    dob, precision = Person.objects.filter(pk=person_id).values_list("date_of_birth", "birth_date_precision").get()
    birth_date = ""
    if dob is not None:
        birth_date = str(dob.year) if precision == Person.BirthDatePrecision.YEAR else dob.isoformat()
    identifier = (
        PersonIdentifier.objects.filter(person_id=person_id)
        .order_by(Case(When(kind=PersonIdentifier.Kind.NHI, then=0), default=1), "pk")
        .values_list("value", flat=True)
        .first()
    )
    # A protected address (a refuge) is left out: "same address" between a
    # victim's record and another would tell the reviewer where they are.
    address = (
        PersonAddress.objects.filter(person_id=person_id, protected=False)
        .select_related("address")
        .order_by("-valid_from", "-pk")
        .first()
    )
    return MatchQuery(
        given_names=name[0],
        family_name=name[1],
        birth_date=birth_date,
        identifier=identifier or "",
        address=f"{address.address.street} {address.address.suburb} {address.address.city} {address.address.postcode}"
        if address
        else "",
    )


def _queue(first_id: int, second_id: int, score: float, reasons: tuple[str, ...]) -> int:
    """1 if the pair is new, else 0. An open pair keeps the higher of its
    scores (each record of a pair is scored as the query in turn); a
    reviewed pair is left exactly as reviewed."""
    low, high = sorted((first_id, second_id))
    # The system job's write (no actor), audited like any other (ids only);
    # only a new pair is an event.
    with writing(None, subject_type="person", subject_ids=[low, high]) as step:
        pair, created = DuplicateCandidate.objects.get_or_create(
            person_a_id=low, person_b_id=high, defaults={"score": score, "reasons": list(reasons)}
        )
        step.relationship = f"duplicate-scan:{pair.pk}"
        if not created:
            step.nothing_done()
            if pair.status == DuplicateCandidate.Status.OPEN and pair.score < score:
                pair.score = score
                pair.reasons = list(reasons)
                pair.save(update_fields=["score", "reasons"])
    return int(created)
