"""Search-before-create: ranked candidates with plain reasons, within the
searcher's reach. A candidate outside it shows only that a possible match
exists and how to ask for access. Every search is one audit event."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from tiaki import audit
from tiaki.access import Permission, has_permission, scoping
from tiaki.access.enforcement import refuse
from tiaki.audit.actions import AuditAction
from tiaki.people.matching import Candidate, MatchQuery, find_candidates
from tiaki.people.models import Person, PersonAddress, PersonName
from tiaki.people.selectors.record import MASKED
from tiaki.staff.models import User

HOW_TO_ASK = (
    "A record that may be this person exists, but you do not have access to it. "
    "Ask your supervisor to allocate it to you, or use emergency access if a child may be at risk now."
)


@dataclass(frozen=True)
class SearchHit:
    person_id: int | None  # None when the candidate is outside the searcher's reach
    display_name: str
    birth_date_text: str
    address_text: str
    score: float
    reasons: tuple[str, ...]
    is_match: bool
    restricted: bool

    @property
    def strength(self) -> str:
        return "Strong match" if self.is_match else "Possible match"


def _birth_text(person: Person) -> str:
    if person.date_of_birth is None:
        return "Not known"
    if person.birth_date_precision == Person.BirthDatePrecision.YEAR:
        return f"About {person.date_of_birth.year}"
    return f"{person.date_of_birth.day} {person.date_of_birth:%B %Y}"


def person_search(*, actor: User, query: MatchQuery, limit: int = 20) -> list[SearchHit]:
    """Candidates for ``query``, best first, as the actor may see them."""
    gate = scoping.person_list_gate(actor, Permission.PERSON_SEARCH)
    if gate is not None:
        refuse(actor, gate, action=AuditAction.PERSON_SEARCH, subject_type="person")
    return _hits(actor, find_candidates(query, limit=limit))


def candidate_hits(*, actor: User, candidates: list[Candidate]) -> list[SearchHit]:
    """Matching's candidates as ``actor`` may see them, audited as one search
    (the add-a-person check for duplicates shows them this way)."""
    gate = scoping.person_list_gate(actor, Permission.PERSON_SEARCH)
    if gate is not None:
        refuse(actor, gate, action=AuditAction.PERSON_SEARCH, subject_type="person")
    return _hits(actor, candidates)


def _hits(actor: User, candidates: list[Candidate]) -> list[SearchHit]:
    ids = [c.person_id for c in candidates]
    visible = scoping.visible_person_ids(actor) & set(ids)
    people = Person.objects.in_bulk(list(visible))
    names = {n.person_id: str(n) for n in PersonName.objects.filter(person_id__in=visible, is_primary=True)}
    may_see_sensitive = has_permission(actor, Permission.PERSON_SENSITIVE_READ)
    today = timezone.localdate()
    addresses: dict[int, str] = {}
    for pa in (
        PersonAddress.objects.filter(person_id__in=visible)
        .select_related("address")
        .order_by("person_id", "-valid_from", "-pk")
    ):
        if pa.person_id in addresses or (pa.valid_to is not None and pa.valid_to < today):
            continue
        addresses[pa.person_id] = MASKED if pa.protected and not may_see_sensitive else str(pa.address)
    hits = []
    for c in candidates:
        if c.person_id in visible:
            person = people[c.person_id]
            hits.append(
                SearchHit(
                    c.person_id,
                    names.get(c.person_id, "Name not recorded"),
                    _birth_text(person),
                    addresses.get(c.person_id, "No current address"),
                    c.score,
                    c.reasons,
                    c.is_match,
                    False,
                )
            )
        else:
            # Existence and strength only: no name, no reasons (they would
            # describe the record), no number.
            hits.append(SearchHit(None, "", "", "", c.score, (), c.is_match, True))
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=AuditAction.PERSON_SEARCH,
            subject_type="person",
            subject_ids=ids,
            relationship="search",
        )
    return hits


__all__ = ["HOW_TO_ASK", "SearchHit", "candidate_hits", "person_search"]
