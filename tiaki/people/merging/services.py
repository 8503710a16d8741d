"""Merging two records of one person, undoing a merge, and dismissing a pair.

Nothing is deleted. A merge re-points every row that refers to the merged
record (found generically: tiaki.people.merging.references) to the survivor
and lists each one in PersonMergeMove, so person_unmerge can put back exactly
what was moved. PersonMergeMove.field says what the merge did to the row:

- a key's name ("person", "from_person"): re-pointed to the survivor;
- FLAG_PRIMARY ("is_primary"): a merged name stopped being primary, so the
  survivor keeps exactly one primary name (its own);
- "kept:<key>:<why>": left on the merged record because re-pointing it would
  collide (<why> names the unique constraint) or make it refer to the
  survivor twice ("self-reference": a relationship between the two records).
  The merged record stays reachable from the survivor (merged_records), so
  these rows are still shown (tiaki.people.selectors.duplicates).

The survivor's unknown birth date, gender and date of death are filled in
from the merged record; PersonMerge.survivor_before holds {"before": ...,
"after": ...} for those fields only, so an undo can restore them and see
whether anyone has changed them since.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone

from tiaki.access import Permission, has_permission, scoping
from tiaki.access.enforcement import refusal_record
from tiaki.access.ids import NO_RECORD
from tiaki.access.models import StaffSubjectLink
from tiaki.access.paths import Step, service, writing
from tiaki.audit.actions import AuditAction
from tiaki.people.merging.references import SELF_REFERENCE, Reference, movable_references
from tiaki.people.models import DuplicateCandidate, Person, PersonMerge, PersonMergeMove, PersonName
from tiaki.staff.models import User

FLAG_PRIMARY = "is_primary"
KEPT_PREFIX = "kept:"
# PersonMergeMove.field is 40 characters; a longer constraint name is cut.
_MOVE_FIELD_LENGTH = 40

# Refusal codes, stored in the audit trail.
SAME_RECORD = "same_record"
ALREADY_MERGED = "already_merged"
SURVIVOR_MERGED = "survivor_merged"
SEALED = "sealed"
ALREADY_UNDONE = "already_undone"
LATER_MERGE = "later_merge"
CHANGED_SINCE_MERGE = "changed_since_merge"
ALREADY_REVIEWED = "already_reviewed"
REASON_MISSING = "reason_missing"
BREAK_GLASS_ONLY = "break_glass_only"


class MergeError(ValueError):
    """The merge, undo or dismissal cannot be done as asked; the message says
    why, for the page, and ``reason`` is the code in the audit trail."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@service(AuditAction.PERSON_UPDATE)
def person_merge(*, actor: User, survivor_id: int, merged_id: int, reason: str) -> PersonMerge:
    """Fold ``merged_id`` into ``survivor_id`` so that it can be undone
    exactly. Needs person:merge and read access to both records; refuses a
    record into itself, a merged or sealed record, a merged survivor."""
    subjects = [survivor_id, merged_id]
    try:
        with _merging(actor, subjects) as step:
            reason = _reason(reason, "Say why these two records are the same person.")
            refs = movable_references()
            if survivor_id == merged_id:
                raise MergeError(SAME_RECORD, "A record cannot be merged into itself.")
            survivor, merged = _lock_people(survivor_id, merged_id)
            _check_mergeable(survivor, merged)
            now = timezone.now()
            merge = PersonMerge.objects.create(
                survivor=survivor,
                merged=merged,
                reason=reason,
                merged_by=actor,
                merged_at=now,
                survivor_before=_fill_survivor(survivor, merged),
            )
            moves = _demote_merged_primary_names(merge) + _repoint_rows(merge, refs)
            PersonMergeMove.objects.bulk_create(moves)
            merged.merged_into = survivor
            merged.version += 1
            merged.save(update_fields=["merged_into", "version", "updated_at"])
            _pair_for(survivor_id, merged_id).update(
                status=DuplicateCandidate.Status.MERGED, reviewed_by=actor, reviewed_at=now
            )
            # After merged_into is set: index_persons gives a merged record no
            # keys, so search finds this person through the survivor only.
            _index([survivor_id, merged_id])
            step.subject_ids, step.relationship = subjects, f"merge:{merge.pk}"
    except MergeError as refusal:
        _record_refusal(actor, subjects, refusal, relationship="merge")
        raise
    return merge


@service(AuditAction.PERSON_UPDATE)
def person_unmerge(*, actor: User, merge_id: int, reason: str) -> None:
    """Undo a merge exactly: every moved row and cleared flag put back, the
    survivor's filled-in fields restored, the merged record separate again.
    Refused twice, while a later merge depends on it (the survivor was since
    merged), or if anything the merge changed has been changed since: an undo
    that restored it would lose that later work, one that kept it would not
    be exact. The actor needs person:update and read access to the survivor,
    which holds the merged record's information while merged."""
    found = PersonMerge.objects.filter(pk=merge_id).values_list("survivor_id", "merged_id").first()
    # Ids no record has when the merge does not exist: _merging refuses it.
    survivor_id, merged_id = found or (NO_RECORD, NO_RECORD)
    try:
        with _merging(actor, None if found is None else [survivor_id]) as step:
            reason = _reason(reason, "Say why this merge is being undone.")
            merge = PersonMerge.objects.select_for_update().get(pk=merge_id)
            survivor, merged = _lock_people(survivor_id, merged_id)
            if merge.undone_at is not None:
                raise MergeError(ALREADY_UNDONE, "This merge has already been undone.")
            if survivor.merged_into_id is not None or merged.merged_into_id != survivor.pk:
                raise MergeError(
                    LATER_MERGE,
                    f"Record {survivor.pk} has since been merged into record {survivor.merged_into_id}: "
                    "undo that merge first.",
                )
            moves = list(merge.moves.order_by("-pk"))
            _check_unchanged(merge, moves, survivor)
            _undo_moves(moves, merged_id)
            _restore_survivor(merge, survivor)
            merged.merged_into = None
            merged.version += 1
            merged.save(update_fields=["merged_into", "version", "updated_at"])
            now = timezone.now()
            merge.undone_by = actor
            merge.undone_at = now
            merge.undo_reason = reason
            merge.save(update_fields=["undone_by", "undone_at", "undo_reason"])
            # Undoing is a reviewer's judgement that these are two people:
            # the pair does not go back to the queue to be merged again.
            _pair_for(survivor_id, merged_id).update(
                status=DuplicateCandidate.Status.NOT_DUPLICATE, reviewed_by=actor, reviewed_at=now
            )
            _index([survivor_id, merged_id])
            step.subject_ids, step.relationship = [survivor_id, merged_id], f"unmerge:{merge.pk}"
    except MergeError as refusal:
        _record_refusal(actor, [survivor_id, merged_id], refusal, relationship=f"unmerge:{merge_id}")
        raise


@service(AuditAction.PERSON_UPDATE)
def duplicate_dismiss(*, actor: User, candidate_id: int) -> DuplicateCandidate:
    """Record that a suggested pair are two different people (siblings, twins):
    the scan never suggests them again. Needs person:update and read access
    to both records."""
    pair = DuplicateCandidate.objects.filter(pk=candidate_id).values_list("person_a_id", "person_b_id").first()
    subjects = list(pair or ())
    try:
        with _merging(actor, None if pair is None else subjects) as step:
            candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate_id)
            if candidate.status != DuplicateCandidate.Status.OPEN:
                raise MergeError(ALREADY_REVIEWED, "This pair has already been reviewed.")
            candidate.status = DuplicateCandidate.Status.NOT_DUPLICATE
            candidate.reviewed_by = actor
            candidate.reviewed_at = timezone.now()
            candidate.save(update_fields=["status", "reviewed_by", "reviewed_at"])
            step.subject_ids, step.relationship = subjects, f"not-duplicate:{candidate.pk}"
    except MergeError as refusal:
        _record_refusal(actor, subjects, refusal, relationship=f"not-duplicate:{candidate_id}")
        raise
    return candidate


def _merging(actor: User, person_ids: list[int] | None) -> AbstractContextManager[Step]:
    """The write path for a merge, an undo or a dismissal of the records
    ``person_ids`` (None: the merge or pair asked for does not exist, the
    same audited 404 as a person out of reach, so its existence does not
    leak). person:merge is checked here rather than by @service: its refusal
    names the records asked about, as the privacy office has always seen it."""
    if person_ids is None:
        return writing(actor, decision=scoping.refuse(scoping.NOT_FOUND))
    decision, named = _reach(actor, person_ids)
    return writing(actor, decision=decision, subject_type="person", subject_ids=named)


def _reach(actor: User, person_ids: list[int]) -> tuple[scoping.Decision, list[int]]:
    """person:merge, then need-to-know for each record through an ongoing
    relationship (emergency access is for reading, not for merging): the
    first refusal and the records it names (a 403 for the permission, a 404
    for a record out of reach), else allowed."""
    if not has_permission(actor, Permission.PERSON_MERGE):
        signed_in = getattr(actor, "is_authenticated", False)
        return scoping.refuse(scoping.PERMISSION_MISSING if signed_in else scoping.NOT_SIGNED_IN), person_ids
    for person_id in person_ids:
        decision = scoping.person_decision(actor, person_id)
        if not decision.allowed:
            return decision, [person_id]
        if decision.via_break_glass:
            return scoping.refuse(BREAK_GLASS_ONLY), [person_id]
    return scoping.Decision(True), person_ids


def _reason(reason: str, ask: str) -> str:
    # A missing reason is a form to finish, not a refused attempt: not audited
    # (person_merge's and person_unmerge's handlers re-raise it unrecorded).
    reason = reason.strip()
    if not reason:
        raise MergeError(REASON_MISSING, ask)
    return reason


def _record_refusal(actor: User, subjects: list[int], refusal: MergeError, *, relationship: str) -> None:
    # Its own transaction, after the refused work rolled back: the refusal is
    # kept even though nothing else is.
    if refusal.reason == REASON_MISSING:
        return
    refusal_record(actor, refusal.reason, action=AuditAction.PERSON_UPDATE, subject_type="person",
                   subject_ids=subjects, relationship=relationship)  # fmt: skip


def _lock_people(survivor_id: int, merged_id: int) -> tuple[Person, Person]:
    # Locked in id order, whichever is the survivor, so two merges of the
    # same pair in opposite directions queue instead of deadlocking. A second
    # merge of the same record waits here and then sees merged_into set.
    locked = Person.objects.select_for_update().filter(pk__in=[survivor_id, merged_id]).order_by("pk")
    people = {person.pk: person for person in locked}
    if len(people) != len({survivor_id, merged_id}):
        raise MergeError(scoping.NOT_FOUND, "One of these records no longer exists.")
    return people[survivor_id], people[merged_id]


def _check_mergeable(survivor: Person, merged: Person) -> None:
    if merged.merged_into_id is not None:
        raise MergeError(
            ALREADY_MERGED, f"Record {merged.pk} has already been merged into record {merged.merged_into_id}."
        )
    if survivor.merged_into_id is not None:
        raise MergeError(
            SURVIVOR_MERGED,
            f"Record {survivor.pk} has been merged into record {survivor.merged_into_id}: merge into that one.",
        )
    # A staff link seals a record for its staff member even before the flag
    # is set (tiaki.access.scoping.person_decision), so both count.
    ids = [survivor.pk, merged.pk]
    if survivor.sealed or merged.sealed or StaffSubjectLink.objects.filter(person_id__in=ids).exists():
        raise MergeError(SEALED, "Sealed records cannot be merged. Ask a privacy officer.")


def _fill_survivor(survivor: Person, merged: Person) -> dict[str, dict[str, Any]]:
    """Copy what the survivor does not know from the merged record; the
    survivor's own values always win. Returns PersonMerge.survivor_before."""
    changed: dict[str, Any] = {}
    # Birth date and precision travel together (person_birth_date_matches_precision).
    if survivor.date_of_birth is None and merged.date_of_birth is not None:
        changed["date_of_birth"] = merged.date_of_birth
        changed["birth_date_precision"] = merged.birth_date_precision
    if survivor.gender == Person.Gender.UNKNOWN and merged.gender != Person.Gender.UNKNOWN:
        changed["gender"] = merged.gender
    if survivor.deceased_on is None and merged.deceased_on is not None:
        changed["deceased_on"] = merged.deceased_on
    before = {name: _as_json(getattr(survivor, name)) for name in changed}
    for name, value in changed.items():
        setattr(survivor, name, value)
    survivor.version += 1
    survivor.save(update_fields=[*changed, "version", "updated_at"])
    return {"before": before, "after": {name: _as_json(value) for name, value in changed.items()}}


def _as_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _from_json(name: str, value: Any) -> Any:
    if value is not None and isinstance(Person._meta.get_field(name), models.DateField):
        return dt.date.fromisoformat(value)
    return value


def _demote_merged_primary_names(merge: PersonMerge) -> list[PersonMergeMove]:
    """The survivor keeps exactly one primary name, its own; the merged
    record's become other names of the survivor (person_one_primary_name)."""
    if not PersonName.objects.filter(person_id=merge.survivor_id, is_primary=True).exists():
        return []
    demoted = list(PersonName.objects.filter(person_id=merge.merged_id, is_primary=True).values_list("pk", flat=True))
    PersonName.objects.filter(pk__in=demoted).update(is_primary=False)
    label = PersonName._meta.label
    return [PersonMergeMove(merge=merge, model=label, row_id=pk, field=FLAG_PRIMARY) for pk in demoted]


def _repoint_rows(merge: PersonMerge, refs: list[Reference]) -> list[PersonMergeMove]:
    moves = []
    for ref in refs:
        rows = list(_rows(ref).filter(**{ref.column: merge.merged_id}).order_by("pk").values("pk", *ref.columns_needed))
        for row in rows:
            # One row at a time, so each collision check sees the rows this
            # merge has already moved.
            why = _collision(ref, row, merge.survivor_id)
            if why is None:
                _rows(ref).filter(pk=row["pk"]).update(**{ref.column: merge.survivor_id})
                field = ref.field
            else:
                field = f"{KEPT_PREFIX}{ref.field}:{why}"[:_MOVE_FIELD_LENGTH]
            moves.append(PersonMergeMove(merge=merge, model=ref.label, row_id=row["pk"], field=field))
    return moves


def _rows(ref: Reference) -> models.QuerySet[Any]:
    # The base manager: a default manager that hides rows (soft deletion,
    # say) must not hide them from a merge, or they would stay behind.
    return ref.model._base_manager.all()


def _collision(ref: Reference, row: Mapping[str, Any], survivor_id: int) -> str | None:
    """Why ``row`` of ``ref`` cannot be re-pointed at ``survivor_id`` (a
    constraint name or SELF_REFERENCE), or None if it can. Checked against
    the database as it is now, so rows already moved by this merge count."""
    if any(row[column] == survivor_id for column in ref.other_person_columns):
        return SELF_REFERENCE
    for rule in ref.unique_rules:
        lookup = {column: survivor_id if column == ref.column else row[column] for column in rule.columns}
        if rule.nulls_distinct and any(value is None for value in lookup.values()):
            continue
        clash = _rows(ref).filter(**lookup).exclude(pk=row["pk"])
        if rule.condition is not None:
            if not _rows(ref).filter(rule.condition, pk=row["pk"]).exists():
                continue
            clash = clash.filter(rule.condition)
        if clash.exists():
            return rule.name
    return None


def _check_unchanged(merge: PersonMerge, moves: list[PersonMergeMove], survivor: Person) -> None:
    """Refuse an undo that would silently lose or misplace later work."""
    expected: dict[tuple[str, str], list[int]] = defaultdict(list)
    for move in moves:
        if not move.field.startswith(KEPT_PREFIX):
            expected[(move.model, move.field)].append(move.row_id)
    for (label, field), row_ids in expected.items():
        model = apps.get_model(label)
        if field == FLAG_PRIMARY:
            still = model._base_manager.filter(pk__in=row_ids, is_primary=False)
        else:
            still = model._base_manager.filter(pk__in=row_ids, **{model._meta.get_field(field).attname: survivor.pk})
        if still.count() != len(set(row_ids)):
            raise MergeError(
                CHANGED_SINCE_MERGE,
                f"Some {model._meta.verbose_name_plural} moved by this merge have been changed or moved since. "
                "Put them back as the merge left them, or correct the records by hand.",
            )
    after = merge.survivor_before.get("after", {})
    edited = [name for name, value in after.items() if _as_json(getattr(survivor, name)) != value]
    if edited:
        labels = ", ".join(name.replace("_", " ") for name in edited)
        raise MergeError(
            CHANGED_SINCE_MERGE,
            f"The survivor's {labels} changed after the merge filled it in; undoing would lose that change.",
        )


def _undo_moves(moves: list[PersonMergeMove], merged_id: int) -> None:
    # Newest first: names go back to the merged record before their primary
    # flag is restored.
    for move in moves:
        if move.field.startswith(KEPT_PREFIX):
            continue
        model = apps.get_model(move.model)
        if move.field == FLAG_PRIMARY:
            model._base_manager.filter(pk=move.row_id).update(is_primary=True)
        else:
            column = model._meta.get_field(move.field).attname
            model._base_manager.filter(pk=move.row_id).update(**{column: merged_id})


def _restore_survivor(merge: PersonMerge, survivor: Person) -> None:
    before = merge.survivor_before.get("before", {})
    for name, value in before.items():
        setattr(survivor, name, _from_json(name, value))
    # The version moves on rather than back: it guards concurrent edits
    # (tiaki.people.services), and an undo is an edit.
    survivor.version += 1
    survivor.save(update_fields=[*before, "version", "updated_at"])


def _pair_for(first_id: int, second_id: int) -> Any:
    low, high = sorted((first_id, second_id))
    return DuplicateCandidate.objects.filter(person_a_id=low, person_b_id=high)


def _index(person_ids: list[int]) -> None:
    # Imported late, as tiaki.people.services.register does.
    from tiaki.people.services.match_keys import index_persons

    index_persons(person_ids)
