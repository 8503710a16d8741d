"""Reads for duplicate review: the queue of possible duplicates and two
records side by side. Each takes the acting user and shows a pair only to
someone who may read both records (tiaki.access.scoping)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps

from tiaki.access import Permission, scoping
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.people.merging.references import SELF_REFERENCE
from tiaki.people.merging.services import KEPT_PREFIX
from tiaki.people.models import DuplicateCandidate, Person, PersonMerge, PersonMergeMove, PersonName
from tiaki.people.selectors.record import PersonRecord, PersonSummary, _person_record
from tiaki.staff.models import User

# Visible ids are sent to the database in slices this size: under SQLite's
# bound-parameter limit, and a site manager may reach thousands of people.
_CHUNK = 900


@dataclass(frozen=True)
class DuplicatePair:
    id: int
    person_a: PersonSummary
    person_b: PersonSummary
    score: float
    reasons: list[str]
    found_at: dt.datetime


@dataclass(frozen=True)
class KeptRow:
    """A row a merge left on the merged record rather than lose or corrupt it."""

    model: str
    row_id: int
    field: str
    why: str


@dataclass(frozen=True)
class MergedRecord:
    """A record merged into this one, and what stayed with it."""

    person_id: int
    merge_id: int
    merged_at: dt.datetime
    kept: list[KeptRow]


@dataclass(frozen=True)
class PersonComparison:
    left: PersonRecord
    right: PersonRecord
    #: The matcher's view of the pair now (None if either record is merged).
    score: float | None
    reasons: list[str]
    candidate_id: int | None
    candidate_status: str | None
    left_merged: list[MergedRecord]
    right_merged: list[MergedRecord]


@selector(AuditAction.PERSON_LIST)
def duplicate_queue(*, actor: User, limit: int = 50) -> list[DuplicatePair]:
    """Open pairs where the actor may read both records, highest score and
    newest first; one audit event for the list (an empty list included)."""
    decision = scoping.list_decision(actor, Permission.PERSON_READ)
    with reading(actor, decision=decision, subject_type="person", relationship="list:duplicates") as step:
        visible = scoping.visible_person_ids(actor)
        ids = sorted(visible)
        rows = []
        for start in range(0, len(ids), _CHUNK):
            rows += list(
                DuplicateCandidate.objects.filter(
                    status=DuplicateCandidate.Status.OPEN,
                    person_a_id__in=ids[start : start + _CHUNK],
                    person_a__merged_into__isnull=True,
                    person_b__merged_into__isnull=True,
                ).values_list("pk", "person_a_id", "person_b_id", "score", "reasons", "found_at")
            )
        rows = [row for row in rows if row[2] in visible]
        rows.sort(key=lambda row: (-row[3], -row[5].timestamp(), -row[0]))
        rows = rows[:limit]
        people = {pid for row in rows for pid in row[1:3]}
        summaries = _summaries(people)
        step.subject_ids = sorted(people)
    return [
        DuplicatePair(pk, summaries[a], summaries[b], score, list(reasons), found_at)
        for pk, a, b, score, reasons, found_at in rows
    ]


@selector(AuditAction.PERSON_READ)
def person_compare(*, actor: User, person_a_id: int, person_b_id: int) -> PersonComparison:
    """Two records side by side for a reviewer deciding whether they are one
    person: names, identifiers, addresses, relationships, what the matcher
    found, and what earlier merges left on each. 404 unless the actor may
    read both; each read audited with the relationship it used."""
    refused, refused_id, decisions = _pair_decision(actor, person_a_id, person_b_id)
    from tiaki.people.selectors.match_keys import score_pair

    low, high = sorted((person_a_id, person_b_id))
    with reading(actor, decision=refused or decisions[0], subject_type="person", subject_ids=[refused_id]) as step:
        # One event per record, each naming the relationship it was read through.
        step.also(
            AuditAction.PERSON_READ,
            subject_type="person",
            subject_ids=[person_b_id],
            relationship=decisions[1].relationship,
        )
        left = _person_record(person_a_id, decisions[0], actor=actor)
        right = _person_record(person_b_id, decisions[1], actor=actor)
        try:
            match = score_pair(person_a_id, person_b_id)
            score, reasons = match.score, list(match.reasons)
        except LookupError:
            # A merged record is not scored: it is part of its survivor.
            score, reasons = None, []
        candidate = (
            DuplicateCandidate.objects.filter(person_a_id=low, person_b_id=high).values_list("pk", "status").first()
        )
        return PersonComparison(
            left=left,
            right=right,
            score=score,
            reasons=reasons,
            candidate_id=candidate[0] if candidate else None,
            candidate_status=candidate[1] if candidate else None,
            left_merged=merged_records(person_a_id),
            right_merged=merged_records(person_b_id),
        )


def _pair_decision(
    actor: User, person_a_id: int, person_b_id: int
) -> tuple[scoping.Decision | None, int, list[scoping.Decision]]:
    """The first refusal of the pair and the record it names (a record
    compared with itself is refused as a missing record would be), else
    None, the first record, and both decisions in order."""
    if person_a_id == person_b_id:
        return scoping.refuse(scoping.NOT_FOUND), person_a_id, []
    decisions = []
    for person_id in (person_a_id, person_b_id):
        decision = scoping.person_decision(actor, person_id)
        if not decision.allowed:
            return decision, person_id, []
        decisions.append(decision)
    return None, person_a_id, decisions


def merged_records(person_id: int) -> list[MergedRecord]:
    """The records merged into ``person_id`` (not undone) and the rows each
    kept. For a selector that has already decided the actor may read the
    person: the merged records are part of its record (the person page
    lists them so nothing a merge kept apart is out of sight)."""
    merges = list(
        PersonMerge.objects.filter(survivor_id=person_id, undone_at__isnull=True)
        .order_by("merged_at", "pk")
        .values_list("pk", "merged_id", "merged_at")
    )
    kept: dict[int, list[KeptRow]] = {pk: [] for pk, _, _ in merges}
    for merge_id, model, row_id, field in (
        PersonMergeMove.objects.filter(merge_id__in=list(kept), field__startswith=KEPT_PREFIX)
        .order_by("pk")
        .values_list("merge_id", "model", "row_id", "field")
    ):
        key, _, why = field.removeprefix(KEPT_PREFIX).partition(":")
        kept[merge_id].append(KeptRow(_model_name(model), row_id, key, _why_text(why)))
    return [MergedRecord(merged_id, pk, merged_at, kept[pk]) for pk, merged_id, merged_at in merges]


def _model_name(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except LookupError:
        return label


def _why_text(why: str) -> str:
    if why == SELF_REFERENCE:
        return "It links the two merged records to each other."
    return "The survivor already has the same entry."


def _summaries(person_ids: set[int]) -> dict[int, PersonSummary]:
    names: dict[int, str] = {}
    for pid, given, family in (
        PersonName.objects.filter(person_id__in=person_ids)
        .order_by("person_id", "-is_primary", "pk")
        .values_list("person_id", "given_names", "family_name")
    ):
        names.setdefault(pid, f"{given} {family}".strip())
    births = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "date_of_birth"))
    return {pid: PersonSummary(pid, names.get(pid, "Name not recorded"), births.get(pid)) for pid in person_ids}
