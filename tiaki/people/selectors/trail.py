"""The register as the privacy office reads the audit trail: the names of
the people its events are about, and finding a person by name to search
the trail for. Privacy officers hold no ``person:read``: they see a name and
a birth year, never the record. Sealed records (and their own) are absent,
by the one rule every list of people applies (tiaki.access.sealed): the
trail shows them as "a sealed record" and a name search does not find them.
Both reads are audited, so the privacy office's own looking is on the trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from tiaki.access import Permission, scoping, sealed
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.people.matching import MatchQuery
from tiaki.people.models import Person
from tiaki.people.selectors.match_keys import find_candidates
from tiaki.people.selectors.record import display_names
from tiaki.staff.models import User

#: The relationship these reads are recorded with ("while reading the audit trail").
TRAIL = "audit-trail"
#: A name search shows at most this many people.
FIND_LIMIT = 20


@selector(AuditAction.PERSON_LIST, permission=Permission.AUDIT_READ)
def person_names_for_trail(*, actor: User, person_ids: Iterable[int]) -> dict[int, str]:
    """The names of ``person_ids`` for the audit trail's sentences, leaving
    out everyone sealed from the actor. One event for the names shown."""
    ids = sorted({int(pid) for pid in person_ids})
    decision = scoping.list_decision(actor, Permission.AUDIT_READ)
    with reading(actor, decision=decision, subject_type="person", relationship=TRAIL) as step:
        shown = [pid for pid in ids if pid not in sealed.hidden_person_ids(actor, ids)]
        names = display_names(shown)
        step.subject_ids = sorted(names)
    return names


@dataclass(frozen=True)
class TrailPerson:
    """A person the privacy office may search the trail for."""

    id: int
    name: str
    born: str


@selector(AuditAction.PERSON_SEARCH, permission=Permission.AUDIT_READ)
def person_find_for_trail(*, actor: User, given_names: str, family_name: str) -> list[TrailPerson]:
    """People whose names match, best first, to pick whose trail to search:
    the whole register less what is sealed from the actor. Audited as a
    search showing the people found."""
    decision = scoping.list_decision(actor, Permission.AUDIT_READ)
    with reading(actor, decision=decision, subject_type="person", relationship=TRAIL) as step:
        query = MatchQuery(given_names=given_names, family_name=family_name)
        found = [c.person_id for c in find_candidates(query, limit=FIND_LIMIT * 2)]
        hidden = sealed.hidden_person_ids(actor, found)
        found = [pid for pid in found if pid not in hidden][:FIND_LIMIT]
        names = display_names(found)
        born = dict(Person.objects.filter(pk__in=found).values_list("pk", "date_of_birth"))
        step.subject_ids = found
    return [TrailPerson(pid, names.get(pid, "Name not recorded"), _born(born.get(pid))) for pid in found]


def _born(date_of_birth: dt.date | None) -> str:
    return f"born {date_of_birth.year}" if date_of_birth is not None else ""


__all__ = ["FIND_LIMIT", "TRAIL", "TrailPerson", "person_find_for_trail", "person_names_for_trail"]
