"""Search-before-create, as the searcher may see it. Every search is one
audit event. The disclosure rule (docs/people.md, "What search shows"):

- A hit is a person the searcher may open (scoping.visible_person_ids, the
  bulk form of person_decision). It is scored on everything typed, except
  that a protected address counts only where the access decision may see
  it (``may_see_sensitive``: the field permission through an ongoing
  relationship, never break-glass); it is shown masked otherwise, as the
  person page masks it. Only visible persons are ranked and counted, so
  nothing about the others moves a visible hit.
- Of everyone else, search says at most that a record exists, and only
  from the name typed: a name-only search decides it, so a typed birth
  date, address or number cannot change the answer. It is one fixed notice
  after the hits, with no count, score, strength, reasons or position.
- Sealed records and the searcher's own record (tiaki.access.sealed) are
  absent: not even the notice counts them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.utils import timezone

from tiaki.access import Permission, has_permission, scoping, sealed
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.people.matching import Candidate, MatchQuery
from tiaki.people.matching.keys import person_keys, query_keys
from tiaki.people.matching.records import PersonRecord, PreparedQuery
from tiaki.people.matching.score import score
from tiaki.people.matching.search import MAX_SCORED
from tiaki.people.models import Person, PersonAddress, PersonName
from tiaki.people.selectors.match_keys import candidate_hits, find_candidates, load_records
from tiaki.people.selectors.record import MASKED
from tiaki.people.selectors.variants import refresh_variants
from tiaki.staff.models import User

HOW_TO_ASK = (
    "A record that may be this person exists, but you do not have access to it. "
    "Ask your supervisor to allocate it to you, or use emergency access if a child may be at risk now."
)

#: A name-only score at or above this says "a record may be this person":
#: both names agree at least loosely (the same given name and family name
#: score 0.65, a nickname and a similar family name 0.47; one name alone,
#: or a different given name, stays under 0.3). Names alone never reach
#: MATCH_THRESHOLD, so this is not a "strong match".
NOTICE_SCORE = 0.4


@dataclass(frozen=True)
class SearchHit:
    """A person the searcher may open, as they may see it."""

    person_id: int
    display_name: str
    birth_date_text: str
    address_text: str
    score: float
    reasons: tuple[str, ...]
    is_match: bool

    @property
    def strength(self) -> str:
        return "Strong match" if self.is_match else "Possible match"


@dataclass(frozen=True)
class SearchResult:
    #: Visible persons, best first.
    hits: list[SearchHit] = field(default_factory=list)
    #: Whether to show HOW_TO_ASK once after the hits (module docstring).
    restricted: bool = False

    @property
    def how_to_ask(self) -> str:
        return HOW_TO_ASK if self.restricted else ""

    @property
    def strong(self) -> SearchResult:
        """Only the strong matches (the add-a-person check), the notice kept."""
        return replace(self, hits=[h for h in self.hits if h.is_match])

    def __bool__(self) -> bool:
        return bool(self.hits) or self.restricted


@selector(AuditAction.PERSON_SEARCH)
def person_search(*, actor: User, query: MatchQuery, limit: int = 20) -> SearchResult:
    """Candidates for ``query`` as the actor may see them (module docstring)."""
    decision = scoping.list_decision(actor, Permission.PERSON_SEARCH)
    with reading(actor, decision=decision, subject_type="person", relationship="search") as step:
        refresh_variants()
        visible, sensitive = _reach(actor)
        scored = _visible_candidates(query, visible, sensitive)[:limit]
        restricted = _restricted_ids(actor, query, visible)
        hits = _hits([c.person_id for c in scored], {c.person_id: c for c in scored}, sensitive)
        step.subject_ids = [*[h.person_id for h in hits], *restricted]
    return SearchResult(hits, bool(restricted))


def _reach(actor: User) -> tuple[set[int], set[int]]:
    """Who the actor may open, and whose protected addresses they may see:
    person_decision's ``allowed`` and ``may_see_sensitive`` in bulk (the
    field permission and a relationship other than break-glass; a sealed
    grant counts, as it does there), gathered in one pass."""
    visible, ongoing = scoping.visible_person_reach(actor)
    return visible, ongoing if has_permission(actor, Permission.PERSON_SENSITIVE_READ) else set()


def _visible_candidates(query: MatchQuery, visible: set[int], sensitive: set[int]) -> list[Candidate]:
    """find_candidates over the visible persons only, with protected
    addresses left out where the searcher may not see them: out of the
    score, and out of the blocking (a person found only through the
    postcode of an address they may not see is not found)."""
    prepared = PreparedQuery.of(query)
    keys = query_keys(prepared)
    counts = candidate_hits(keys)
    chosen = [pid for pid, _ in counts.most_common() if pid in visible][:MAX_SCORED]
    protected = set(
        PersonAddress.objects.filter(person_id__in=chosen, protected=True).values_list("person_id", flat=True)
    )
    masked = protected - sensitive
    records = load_records(chosen, without_protected=masked)
    wanted = set(keys)
    scored = [
        score(prepared, records[pid])
        for pid in chosen
        if pid in records and (pid not in masked or _record_keys(records[pid]) & wanted)
    ]
    scored.sort(key=lambda c: (-c.score, c.person_id))
    return scored


def _record_keys(record: PersonRecord) -> set[str]:
    """The blocking keys ``record`` would have from what it holds (for a
    masked record, without its protected addresses)."""
    return person_keys(
        names=[(n.given_shown, n.family_shown) for n in record.names],
        date_of_birth=record.date_of_birth,
        year_only=record.year_only,
        identifiers=[value for _, value in record.identifiers],
        postcodes=[postcode for _, postcode in record.addresses if postcode],
    )


def _restricted_ids(actor: User, query: MatchQuery, visible: set[int]) -> list[int]:
    """Persons the actor may not open whose names alone match the typed
    name: the notice's evidence. Sealed and own records are left out."""
    if not (query.given_names.strip() and query.family_name.strip()):
        return []
    by_name = MatchQuery(given_names=query.given_names, family_name=query.family_name)
    others = [
        c.person_id
        for c in find_candidates(by_name, limit=MAX_SCORED)
        if c.person_id not in visible and c.score >= NOTICE_SCORE
    ]
    hidden = sealed.hidden_person_ids(actor, others)
    return [pid for pid in others if pid not in hidden]


def _birth_text(person: Person) -> str:
    if person.date_of_birth is None:
        return "Not known"
    if person.birth_date_precision == Person.BirthDatePrecision.YEAR:
        return f"About {person.date_of_birth.year}"
    return f"{person.date_of_birth.day} {person.date_of_birth:%B %Y}"


def _hits(ids: list[int], scored: dict[int, Candidate], sensitive: set[int]) -> list[SearchHit]:
    people = Person.objects.in_bulk(ids)
    names = {n.person_id: str(n) for n in PersonName.objects.filter(person_id__in=ids, is_primary=True)}
    today = timezone.localdate()
    addresses: dict[int, str] = {}
    for pa in (
        PersonAddress.objects.filter(person_id__in=ids)
        .select_related("address")
        .order_by("person_id", "-valid_from", "-pk")
    ):
        if pa.person_id in addresses or (pa.valid_to is not None and pa.valid_to < today):
            continue
        addresses[pa.person_id] = MASKED if pa.protected and pa.person_id not in sensitive else str(pa.address)
    return [
        SearchHit(
            pid,
            names.get(pid, "Name not recorded"),
            _birth_text(people[pid]),
            addresses.get(pid, "No current address"),
            scored[pid].score,
            scored[pid].reasons,
            scored[pid].is_match,
        )
        for pid in ids
        if pid in people
    ]


__all__ = ["HOW_TO_ASK", "NOTICE_SCORE", "SearchHit", "SearchResult", "person_search"]
