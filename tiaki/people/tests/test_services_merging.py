"""Merging two records of one person loses nothing, and undoing it restores
both exactly. Every row that refers to either record is snapshotted (found
the same generic way the merge finds them), checked after the merge, and
compared field by field after the undo."""

from __future__ import annotations

import datetime as dt
import threading
import time
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, models
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone

from tiaki.access import AccessDenied
from tiaki.access.models import BreakGlassGrant, SealedGrant
from tiaki.access.roles import Role
from tiaki.access.tests import conftest as cast
from tiaki.audit.models import AuditChainHead, AuditEvent
from tiaki.casework.models import Case, CaseParticipant
from tiaki.intake.models import ReportOfConcern, ReportPerson
from tiaki.people import merging
from tiaki.people.merging import references as refs_module
from tiaki.people.merging import services as merge_services
from tiaki.people.models import (
    Address,
    DuplicateCandidate,
    MatchKey,
    Person,
    PersonAddress,
    PersonAlert,
    PersonContact,
    PersonEthnicity,
    PersonIdentifier,
    PersonIwi,
    PersonMerge,
    PersonName,
    Relationship,
)
from tiaki.people.selectors import person_get
from tiaki.people.selectors.duplicates import merged_records
from tiaki.staff.models import User
from tiaki.staff.tests.factories import UserFactory

# The access tests' cast: alice allocated, bob a colleague, charlie an outsider.
site = cast.site
other_site = cast.other_site
site_manager = cast.site_manager
supervisor = cast.supervisor
alice = cast.alice
bob = cast.bob
charlie = cast.charlie

REASON = "Same NHI and birth date; whānau confirmed at the FGC."


def head() -> int:
    return AuditChainHead.objects.get(pk=1).last_seq


def events_since(seq: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(seq__gt=seq).order_by("seq"))


def person(given: str, family: str, **fields: Any) -> Person:
    fields.setdefault("date_of_birth", dt.date(2015, 3, 14))
    created = Person.objects.create(**fields)
    PersonName.objects.create(person=created, given_names=given, family_name=family, is_primary=True)
    return created


def snapshot(*person_ids: int) -> dict[tuple[str, int], dict[str, Any]]:
    """Every row, all fields, that refers to these persons through any key a
    merge handles, plus the persons themselves (less version and updated_at,
    which move on with every edit, an undo included)."""
    rows: dict[tuple[str, int], dict[str, Any]] = {}
    for model, field in merging.person_foreign_keys():
        if (model._meta.label, field.name) in merging.SKIPPED:
            continue
        for row in model._base_manager.filter(**{f"{field.attname}__in": person_ids}).values():
            rows[(model._meta.label, row[model._meta.pk.attname])] = row
    for row in Person.objects.filter(pk__in=person_ids).values():
        row.pop("version")
        row.pop("updated_at")
        rows[("people.Person", row["id"])] = row
    return rows


class World(SimpleNamespace):
    survivor: Person
    merged: Person
    sibling: Person
    parent: Person
    case: Case
    closed_case: Case
    report: ReportOfConcern


@pytest.fixture
def world(site, alice, bob) -> World:
    """Two records of one child, with everything that can collide: the same
    ethnicity and iwi, the same sibling, the same case, and a relationship
    between the two records; plus reports, cases and grants on the merged one."""
    now = timezone.now()
    survivor = person("Tūī", "Te Whare", gender=Person.Gender.UNKNOWN)
    merged = person("Tui", "Tewhare", gender=Person.Gender.FEMALE, date_of_birth=dt.date(2015, 4, 13))
    PersonName.objects.create(person=merged, kind=PersonName.Kind.ALIAS, given_names="Tūī", family_name="Smith")
    sibling = person("Hēmi", "Te Whare")
    parent = person("Mere", "Te Whare", date_of_birth=dt.date(1990, 1, 2))
    PersonIdentifier.objects.create(person=survivor, kind=PersonIdentifier.Kind.NSN, value="123456789")
    PersonIdentifier.objects.create(person=merged, kind=PersonIdentifier.Kind.NHI, value="ZZZ0016")
    PersonIdentifier.objects.create(person=merged, kind=PersonIdentifier.Kind.MSD, value="987654321")
    for record in (survivor, merged):
        PersonEthnicity.objects.create(person=record, code="21111")
        PersonIwi.objects.create(person=record, iwi="Ngāpuhi")
        Relationship.objects.create(from_person=record, to_person=sibling, kind=Relationship.Kind.SIBLING)
    PersonEthnicity.objects.create(person=merged, code="11111")
    PersonIwi.objects.create(person=merged, iwi="Te Rarawa", hapu="Te Patu")
    Relationship.objects.create(from_person=parent, to_person=merged, kind=Relationship.Kind.PARENT)
    Relationship.objects.create(from_person=survivor, to_person=merged, kind=Relationship.Kind.OTHER)
    PersonContact.objects.create(person=merged, kind=PersonContact.Kind.PHONE, value="021 555 0101")
    PersonAlert.objects.create(
        person=merged,
        kind=PersonAlert.Kind.PROTECTION_ORDER,
        note="Father not to visit",
        source="Court",
        review_on=dt.date(2027, 1, 1),
        recorded_by=alice,
        recorded_at=now,
    )
    home = Address.objects.create(street="12 Kōwhai Street", city="Whangārei", postcode="0110")
    refuge = Address.objects.create(street="1 Safe Place", city="Whangārei")
    PersonAddress.objects.create(person=survivor, address=home, valid_from=dt.date(2020, 1, 1))
    PersonAddress.objects.create(person=merged, address=home, valid_from=dt.date(2021, 1, 1))
    PersonAddress.objects.create(person=merged, address=refuge, protected=True)
    case = Case.objects.create(kind=Case.Kind.ASSESSMENT, site=site, allocated_worker=alice, opened_at=now)
    closed_case = Case.objects.create(
        kind=Case.Kind.INVESTIGATION,
        site=site,
        status=Case.Status.CLOSED,
        opened_at=now,
        closed_at=now,
        closure_reason="other",
    )
    for record in (survivor, merged):
        CaseParticipant.objects.create(case=case, person=record)
    CaseParticipant.objects.create(case=closed_case, person=merged)
    report = ReportOfConcern.objects.create(reference="R-MERGE-1", site=site, received_at=now, allocated_to=alice)
    ReportPerson.objects.create(report=report, person=merged)
    granted = now - dt.timedelta(days=2)
    BreakGlassGrant.objects.create(
        user=bob,
        person=merged,
        reason="Urgent call from the school about this child.",
        granted_at=granted,
        expires_at=granted + dt.timedelta(hours=1),
        review_due_on=timezone.localdate(),
    )
    SealedGrant.objects.create(
        user=bob, person=merged, reason="Earlier sealed period", granted_by=alice, granted_at=granted, revoked_at=now
    )
    DuplicateCandidate.objects.create(person_a=survivor, person_b=merged, score=0.93, reasons=["same birth year"])
    from tiaki.people.services.match_keys import index_persons

    index_persons([survivor.pk, merged.pk, sibling.pk, parent.pk])
    return World(
        survivor=survivor,
        merged=merged,
        sibling=sibling,
        parent=parent,
        case=case,
        closed_case=closed_case,
        report=report,
    )


def kept_moves(merge: PersonMerge) -> dict[tuple[str, int], str]:
    return {(m.model, m.row_id): m.field for m in merge.moves.filter(field__startswith="kept:")}


@pytest.mark.django_db
def test_it_loses_nothing_and_undo_restores_both_records_exactly(world, alice):
    s, m = world.survivor, world.merged
    before = snapshot(s.pk, m.pk)
    seq = head()

    merge = merging.person_merge(actor=alice, survivor_id=s.pk, merged_id=m.pk, reason=REASON)

    # Nothing deleted, everything reachable from the survivor: each row now
    # points at the survivor, or stayed on the merged record for a named reason.
    kept = kept_moves(merge)
    for label, row_id in before:
        if label == "people.Person":
            continue
        model = apps.get_model(label)
        now_row = model._base_manager.filter(pk=row_id).values().get()
        refers = {v for k, v in now_row.items() if k in _person_columns(model)}
        if (label, row_id) in kept:
            assert m.pk in refers, (label, row_id)
        else:
            assert m.pk not in refers, (label, row_id)
    m.refresh_from_db()
    s.refresh_from_db()
    assert m.merged_into_id == s.pk
    assert list(s.merged_records.all()) == [m]
    assert sorted(kept.values()) == [
        "kept:from_person:relationship_unique",
        "kept:person:case_participant_unique",
        "kept:person:person_ethnicity_unique",
        "kept:person:person_iwi_unique",
        "kept:to_person:self-reference",
    ]
    moved = merge.moves.exclude(field__startswith="kept:").exclude(field="is_primary").count()
    rows_of_merged = sum(
        1
        for (label, _), row in before.items()
        if label != "people.Person" and m.pk in {row[c] for c in _person_columns(apps.get_model(label))}
    )
    assert moved + len(kept) == rows_of_merged

    # One primary name, the survivor's; the merged record's names are the survivor's other names.
    names = list(PersonName.objects.filter(person=s).order_by("pk").values_list("given_names", "is_primary"))
    assert names == [("Tūī", True), ("Tui", False), ("Tūī", False)]
    assert not PersonName.objects.filter(person=m).exists()
    # Unknown gender filled in; the survivor's own birth date wins.
    assert (s.gender, s.date_of_birth) == (Person.Gender.FEMALE, dt.date(2015, 3, 14))
    assert merge.survivor_before == {"before": {"gender": "unknown"}, "after": {"gender": "female"}}

    # The survivor's page shows what came from the merged record, and lists
    # the merged record with what stayed on it.
    page = person_get(actor=alice, person_id=s.pk)
    assert {i.value for i in page.identifiers} == {"123456789", "ZZZ0016", "987654321"}
    assert {r.person_id for r in page.relationships} >= {world.sibling.pk, world.parent.pk, m.pk}
    assert len(page.addresses) == 3
    assert [(r.person_id, len(r.kept)) for r in merged_records(s.pk)] == [(m.pk, 5)]
    assert ReportPerson.objects.get(report=world.report).person_id == s.pk

    assert DuplicateCandidate.objects.get().status == DuplicateCandidate.Status.MERGED
    assert not MatchKey.objects.filter(person=m).exists()
    assert MatchKey.objects.filter(person=s).exists()
    merge_events = events_since(seq)
    assert [(e.action, e.outcome, e.relationship, e.subject_ids) for e in merge_events[:1]] == [
        ("person.update", "allowed", f"merge:{merge.pk}", f"[{s.pk},{m.pk}]")
    ]

    seq = head()
    merging.person_unmerge(actor=alice, merge_id=merge.pk, reason="Two different children: twins.")

    after = snapshot(s.pk, m.pk)
    assert after.keys() == before.keys()
    for key, row in before.items():
        assert after[key] == row, key
    s.refresh_from_db()
    assert s.version == 3  # merge and undo are both edits: the version never goes back
    merge.refresh_from_db()
    assert (merge.undone_by, merge.undo_reason) == (alice, "Two different children: twins.")
    assert merged_records(s.pk) == []
    assert MatchKey.objects.filter(person=m).exists()
    assert DuplicateCandidate.objects.get().status == DuplicateCandidate.Status.NOT_DUPLICATE
    assert [(e.action, e.outcome, e.relationship) for e in events_since(seq)] == [
        ("person.update", "allowed", f"unmerge:{merge.pk}")
    ]


def _person_columns(model: type[models.Model]) -> set[str]:
    return {f.attname for f in model._meta.concrete_fields if f.is_relation and f.related_model is Person}


@pytest.mark.django_db
@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
def test_it_refuses_a_colleague_and_an_outsider_and_audits_it(world, actor_name, request):
    actor = request.getfixturevalue(actor_name)
    before = snapshot(world.survivor.pk, world.merged.pk)
    seq = head()
    with pytest.raises(Http404):
        merging.person_merge(actor=actor, survivor_id=world.survivor.pk, merged_id=world.merged.pk, reason=REASON)
    assert [(e.actor_id, e.outcome, e.reason) for e in events_since(seq)] == [(actor.pk, "refused", "no_relationship")]
    assert snapshot(world.survivor.pk, world.merged.pk) == before
    assert not PersonMerge.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_role_without_person_update_and_audits_it(world, site):
    trainee = cast.inducted(UserFactory(username="trainee", role=Role.TRAINEE, site=site))
    seq = head()
    with pytest.raises(AccessDenied):
        merging.person_merge(actor=trainee, survivor_id=world.survivor.pk, merged_id=world.merged.pk, reason=REASON)
    assert [(e.outcome, e.reason) for e in events_since(seq)] == [("refused", "permission_missing")]


@pytest.mark.django_db
def test_it_refuses_merging_a_record_into_itself(world, alice):
    seq = head()
    with pytest.raises(merging.MergeError, match="into itself"):
        merging.person_merge(actor=alice, survivor_id=world.merged.pk, merged_id=world.merged.pk, reason=REASON)
    assert [(e.outcome, e.reason) for e in events_since(seq)] == [("refused", "same_record")]


@pytest.mark.django_db
def test_it_refuses_a_record_already_merged_and_a_merged_survivor(world, alice):
    s, m = world.survivor, world.merged
    third = person("Tūī", "Te Whare")
    CaseParticipant.objects.create(case=world.case, person=third)
    merging.person_merge(actor=alice, survivor_id=s.pk, merged_id=m.pk, reason=REASON)
    seq = head()
    with pytest.raises(merging.MergeError, match="already been merged"):
        merging.person_merge(actor=alice, survivor_id=third.pk, merged_id=m.pk, reason=REASON)
    with pytest.raises(merging.MergeError, match="merge into that one"):
        merging.person_merge(actor=alice, survivor_id=m.pk, merged_id=third.pk, reason=REASON)
    assert [e.reason for e in events_since(seq) if e.outcome == "refused"] == ["already_merged", "survivor_merged"]
    assert PersonMerge.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_sealed_records_even_with_a_sealed_grant(world, alice, site_manager):
    Person.objects.filter(pk=world.merged.pk).update(sealed=True)
    seq = head()
    with pytest.raises(Http404):
        merging.person_merge(actor=alice, survivor_id=world.survivor.pk, merged_id=world.merged.pk, reason=REASON)
    SealedGrant.objects.create(
        user=alice, person=world.merged, reason="Named by the privacy officer", granted_by=site_manager,
        granted_at=timezone.now(),
    )  # fmt: skip
    with pytest.raises(merging.MergeError, match="Sealed"):
        merging.person_merge(actor=alice, survivor_id=world.survivor.pk, merged_id=world.merged.pk, reason=REASON)
    assert [(e.outcome, e.reason) for e in events_since(seq)] == [("refused", "sealed"), ("refused", "sealed")]
    assert not PersonMerge.objects.exists()


@pytest.mark.django_db
def test_it_refuses_to_undo_twice_and_audits_it(world, alice):
    merge = merging.person_merge(actor=alice, survivor_id=world.survivor.pk, merged_id=world.merged.pk, reason=REASON)
    merging.person_unmerge(actor=alice, merge_id=merge.pk, reason="Twins")
    seq = head()
    with pytest.raises(merging.MergeError, match="already been undone"):
        merging.person_unmerge(actor=alice, merge_id=merge.pk, reason="Twins")
    assert [(e.outcome, e.reason) for e in events_since(seq)] == [("refused", "already_undone")]


@pytest.mark.django_db
def test_it_refuses_an_unknown_merge_like_an_unknown_person(alice):
    seq = head()
    with pytest.raises(Http404):
        merging.person_unmerge(actor=alice, merge_id=999_999, reason="Twins")
    assert [(e.outcome, e.reason) for e in events_since(seq)] == [("refused", "not_found")]


@pytest.mark.django_db
def test_it_undoes_a_chain_of_merges_only_newest_first(world, alice):
    s, m = world.survivor, world.merged
    top = person("Tūī", "Te Whare")
    CaseParticipant.objects.create(case=world.case, person=top)
    before = snapshot(s.pk, m.pk, top.pk)
    first = merging.person_merge(actor=alice, survivor_id=s.pk, merged_id=m.pk, reason=REASON)
    second = merging.person_merge(actor=alice, survivor_id=top.pk, merged_id=s.pk, reason=REASON)
    # Rows that came from the merged record travelled on to the top record.
    assert ReportPerson.objects.get(report=world.report).person_id == top.pk

    with pytest.raises(merging.MergeError, match="undo that merge first"):
        merging.person_unmerge(actor=alice, merge_id=first.pk, reason="Wrong child")
    merging.person_unmerge(actor=alice, merge_id=second.pk, reason="Wrong child")
    merging.person_unmerge(actor=alice, merge_id=first.pk, reason="Wrong child")

    assert snapshot(s.pk, m.pk, top.pk) == before


@pytest.mark.django_db
def test_it_refuses_an_undo_that_would_lose_a_later_edit(world, alice):
    s = world.survivor
    merge = merging.person_merge(actor=alice, survivor_id=s.pk, merged_id=world.merged.pk, reason=REASON)
    Person.objects.filter(pk=s.pk).update(gender=Person.Gender.ANOTHER)
    seq = head()
    with pytest.raises(merging.MergeError, match="gender changed after the merge"):
        merging.person_unmerge(actor=alice, merge_id=merge.pk, reason="Twins")
    assert [(e.outcome, e.reason) for e in events_since(seq)] == [("refused", "changed_since_merge")]
    # Put back as the merge left it, the undo goes through.
    Person.objects.filter(pk=s.pk).update(gender=Person.Gender.FEMALE)
    merging.person_unmerge(actor=alice, merge_id=merge.pk, reason="Twins")
    s.refresh_from_db()
    assert s.gender == Person.Gender.UNKNOWN


@pytest.mark.django_db
def test_it_refuses_an_undo_when_a_moved_row_was_moved_again(world, alice):
    merge = merging.person_merge(actor=alice, survivor_id=world.survivor.pk, merged_id=world.merged.pk, reason=REASON)
    PersonContact.objects.filter(person=world.survivor).update(person=world.parent)
    with pytest.raises(merging.MergeError, match="changed or moved since"):
        merging.person_unmerge(actor=alice, merge_id=merge.pk, reason="Twins")
    assert Person.objects.get(pk=world.merged.pk).merged_into_id == world.survivor.pk


@pytest.mark.django_db
def test_the_same_nhi_cannot_be_on_two_records_so_it_never_collides(world):
    # person_identifier_unique is over (kind, value) for the whole register:
    # the duplicate that search-before-create refuses is never stored, so a
    # merge moves identifiers without collisions. This holds the assumption.
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        PersonIdentifier.objects.create(person=world.survivor, kind=PersonIdentifier.Kind.NHI, value="ZZZ0016")


@pytest.mark.django_db
def test_a_missing_reason_is_refused_before_anything_changes(world, alice):
    with pytest.raises(merging.MergeError, match="Say why"):
        merging.person_merge(actor=alice, survivor_id=world.survivor.pk, merged_id=world.merged.pk, reason="  ")
    assert not PersonMerge.objects.exists()


@pytest.mark.django_db
def test_a_merged_survivor_without_a_primary_name_takes_the_merged_one(world, alice):
    PersonName.objects.filter(person=world.survivor).update(is_primary=False)
    merging.person_merge(actor=alice, survivor_id=world.survivor.pk, merged_id=world.merged.pk, reason=REASON)
    primary = PersonName.objects.filter(person=world.survivor, is_primary=True)
    assert [n.given_names for n in primary] == ["Tui"]


def test_every_key_to_person_is_merged_or_deliberately_skipped():
    # Found independently of the merge (Django's own reverse relations,
    # hidden ones included): a new table pointing at Person that the merge
    # would not re-point, or could not handle, fails here.
    reverse = {
        (rel.related_model._meta.label, rel.field.name)
        for rel in Person._meta.get_fields(include_hidden=True)
        if rel.auto_created and not rel.concrete
    }
    handled = {(ref.label, ref.field) for ref in merging.movable_references()}
    assert reverse == handled | set(merging.SKIPPED)
    assert handled.isdisjoint(merging.SKIPPED)
    # Nothing the merge handles may cascade-delete with a person.
    for ref in merging.movable_references():
        field = ref.model._meta.get_field(ref.field)
        assert field.remote_field.on_delete is not models.CASCADE, ref.label  # type: ignore[union-attr]


def test_a_unique_constraint_it_cannot_reason_about_stops_every_merge():
    meta = SimpleNamespace(
        concrete_fields=[],
        unique_together=(),
        constraints=[models.UniqueConstraint(Lower("value"), name="identifier_value_folded")],
    )
    with pytest.raises(merging.UnsupportedReference, match="identifier_value_folded"):
        refs_module._unique_rules(SimpleNamespace(_meta=meta), "people.Example")  # type: ignore[arg-type]


@pytest.mark.skipif(connection.vendor == "sqlite", reason="in-memory SQLite fails a second writer at once")
@pytest.mark.django_db(transaction=True)
def test_it_refuses_the_second_of_two_concurrent_merges_of_one_record(world, alice, monkeypatch):
    other = person("Tūī", "Te Whare")
    CaseParticipant.objects.create(case=world.case, person=other)
    fill = merge_services._fill_survivor

    def slow_fill(survivor: Person, merged: Person) -> dict[str, Any]:
        # Whoever holds the locks first holds them until the other merge is
        # seen waiting on a lock (or ten seconds pass): no fixed sleep.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                )
                if cursor.fetchone()[0]:
                    break
            time.sleep(0.01)
        return fill(survivor, merged)

    monkeypatch.setattr(merge_services, "_fill_survivor", slow_fill)
    start = threading.Barrier(2)
    results: dict[int, object] = {}

    def merge_into(survivor_id: int) -> None:
        try:
            start.wait()
            results[survivor_id] = merging.person_merge(
                actor=User.objects.get(pk=alice.pk), survivor_id=survivor_id, merged_id=world.merged.pk, reason=REASON
            )
        except Exception as exc:  # noqa: BLE001 - examined by the main thread below
            results[survivor_id] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=merge_into, args=(pid,)) for pid in (world.survivor.pk, other.pk)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    done = [r for r in results.values() if isinstance(r, PersonMerge)]
    refused = [r for r in results.values() if isinstance(r, merging.MergeError)]
    assert (len(done), len(refused)) == (1, 1), results
    assert refused[0].reason == "already_merged"
    assert "has already been merged into record" in str(refused[0])
    assert Person.objects.get(pk=world.merged.pk).merged_into_id == done[0].survivor_id
    assert PersonMerge.objects.count() == 1
