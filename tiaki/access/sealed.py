"""Sealed means absent: the one rule for which people an actor must not find
at all, and for which people a staff member must not be allocated to.

A record is sealed when it is marked so (the ``sealed`` flag of the person
register, which the people domain declares as tiaki.access.reach's person
subject; set when a staff member is linked to it) or when the actor has a
StaffSubjectLink to it (their own record, or one of their own whānau).
Without an unrevoked SealedGrant naming the actor, a sealed person is not
merely unopenable but absent: lists of related people (relationships, the
whānau map, case participants, a report's people, chronologies) leave them
out, and counts do not include them, so nothing says that a record was
withheld. Nobody finds their own
record, grant or not. This is the same rule as scoping.person_decision's
``sealed`` and ``own_record`` refusals, applied to many ids at once; a merged
record follows its survivor, as it does there.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from tiaki.access.models import SealedGrant, StaffSubjectLink
from tiaki.access.reach import persons
from tiaki.audit.actions import AuditAction
from tiaki.staff.models import User

# Ids are sent to the database in slices this size: under SQLite's
# bound-parameter limit (a site manager may reach thousands of people).
_CHUNK = 900


def hidden_person_ids(actor: User | None, person_ids: Iterable[int]) -> set[int]:
    """Those of ``person_ids`` that must be absent for ``actor``: sealed, or
    linked to the actor, without a grant naming them; and their own record.
    Two small queries for the actor's links and grants, then one per 900 ids."""
    ids = sorted({int(pid) for pid in person_ids})
    if not ids:
        return set()
    links: dict[int, str] = {}
    granted: set[int] = set()
    if actor is not None and actor.is_authenticated:
        links = dict(StaffSubjectLink.objects.filter(user=actor).values_list("person_id", "kind"))
        granted = set(
            SealedGrant.objects.filter(user=actor, revoked_at__isnull=True).values_list("person_id", flat=True)
        )
    linked = sorted(links)
    hidden: set[int] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        where = Q(sealed=True) | Q(merged_into__sealed=True)
        if linked:
            where |= Q(pk__in=linked) | Q(merged_into_id__in=linked)
        for pid, survivor in persons().filter(where, pk__in=chunk).values_list("pk", "merged_into_id"):
            # A merged record is part of its survivor (person_decision decides on the survivor).
            effective = survivor if survivor is not None else pid
            if links.get(effective) == StaffSubjectLink.Kind.SELF or effective not in granted:
                hidden.add(pid)
    return hidden


def shown_person_ids(actor: User | None, person_ids: Iterable[int]) -> list[int]:
    """``person_ids`` in their order, without those hidden from ``actor``."""
    ordered = list(person_ids)
    hidden = hidden_person_ids(actor, ordered)
    return [pid for pid in ordered if pid not in hidden]


def conflicted_person_ids(user: User, person_ids: Iterable[int]) -> set[int]:
    """Those of ``person_ids`` that ``user`` has a personal connection to (a
    StaffSubjectLink: their own record or their own whānau, directly or
    through a merged record): a conflict of interest that bars allocating
    them to a report or case involving that person, grant or not."""
    ids = sorted({int(pid) for pid in person_ids})
    linked = set(StaffSubjectLink.objects.filter(user=user).values_list("person_id", flat=True))
    if not ids or not linked:
        return set()
    found = {pid for pid in ids if pid in linked}
    for start in range(0, len(ids), _CHUNK):
        found.update(
            persons()
            .filter(pk__in=ids[start : start + _CHUNK], merged_into_id__in=sorted(linked))
            .values_list("pk", flat=True)
        )
    return found


#: The audit trail's reason, and the API's problem code, for a refused allocation.
CONFLICT_OF_INTEREST = "conflict_of_interest"


def allocation_conflict(
    *,
    actor: User,
    worker: User,
    person_ids: Iterable[int],
    action: AuditAction,
    subject_type: str,
    subject_ids: Iterable[int],
) -> bool:
    """Whether giving ``worker`` work involving ``person_ids`` is a conflict
    of interest (conflicted_person_ids). If it is, the refusal is audited
    here, in its own transaction, so it is kept when the calling service
    raises its error: call it before the service's own transaction. The
    event names the report or case and the worker, not the person."""
    if not conflicted_person_ids(worker, person_ids):
        return False
    # Imported here: enforcement imports scoping, which imports this module.
    from tiaki.access.enforcement import refusal_record

    refusal_record(actor, CONFLICT_OF_INTEREST, action=action, subject_type=subject_type, subject_ids=subject_ids,
                   relationship=f"worker:{worker.pk}")  # fmt: skip
    return True
