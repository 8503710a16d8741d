"""tiaki.access.sealed: which people are absent for an actor, which are a
conflict of interest for a worker, and linking a staff member to a record
(again)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tiaki.access import scoping, sealed
from tiaki.access import services as access_services
from tiaki.access.models import SealedGrant, StaffSubjectLink
from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditEvent
from tiaki.people.models import Person
from tiaki.people.tests.factories import PersonNameFactory

pytestmark = pytest.mark.django_db


def someone(given: str = "Mere") -> Person:
    return PersonNameFactory(given_names=given, family_name="Horomona", is_primary=True).person


def grant(user, person) -> SealedGrant:
    return SealedGrant.objects.create(
        user=user, person=person, reason="Named by the privacy officer", granted_by=user, granted_at=timezone.now()
    )


def test_it_hides_a_sealed_record_from_everyone_without_a_grant(alice, bob, child):
    sealed_one, open_one = someone("Ana"), someone("Hine")
    Person.objects.filter(pk=sealed_one.pk).update(sealed=True)
    ids = [child.pk, sealed_one.pk, open_one.pk]
    assert sealed.hidden_person_ids(alice, ids) == {sealed_one.pk}
    assert sealed.hidden_person_ids(bob, ids) == {sealed_one.pk}
    assert sealed.hidden_person_ids(AnonymousUser(), ids) == {sealed_one.pk}
    grant(alice, sealed_one)
    assert sealed.hidden_person_ids(alice, ids) == set()
    assert sealed.hidden_person_ids(bob, ids) == {sealed_one.pk}
    assert sealed.shown_person_ids(bob, ids) == [child.pk, open_one.pk]


def test_it_hides_the_actors_own_whanau_even_before_the_record_is_marked_sealed(alice, child):
    StaffSubjectLink.objects.create(user=alice, person=child, kind=StaffSubjectLink.Kind.WHANAU, recorded_by=alice)
    assert not Person.objects.get(pk=child.pk).sealed
    assert sealed.hidden_person_ids(alice, [child.pk]) == {child.pk}


def test_it_hides_the_actors_own_record_grant_or_not(alice, child):
    StaffSubjectLink.objects.create(user=alice, person=child, kind=StaffSubjectLink.Kind.SELF, recorded_by=alice)
    grant(alice, child)
    assert sealed.hidden_person_ids(alice, [child.pk]) == {child.pk}
    assert scoping.person_decision(alice, child.pk).reason == scoping.OWN_RECORD


def test_a_merged_record_follows_its_survivor(alice, child):
    survivor, merged = someone("Ana"), someone("Ana")
    Person.objects.filter(pk=merged.pk).update(merged_into=survivor)
    Person.objects.filter(pk=survivor.pk).update(sealed=True)
    assert sealed.hidden_person_ids(alice, [merged.pk, survivor.pk, child.pk]) == {merged.pk, survivor.pk}


def test_it_agrees_with_person_decision_and_visible_person_ids(alice, child, case):
    Person.objects.filter(pk=child.pk).update(sealed=True)
    assert sealed.hidden_person_ids(alice, [child.pk]) == {child.pk}
    assert scoping.person_decision(alice, child.pk).reason == scoping.SEALED
    assert child.pk not in scoping.visible_person_ids(alice)


def test_it_answers_for_thousands_of_ids(alice):
    # More ids than SQLite binds in one statement: the rule slices them.
    hidden = someone("Ana")
    Person.objects.filter(pk=hidden.pk).update(sealed=True)
    assert sealed.hidden_person_ids(alice, [*range(10_000, 12_500), hidden.pk]) == {hidden.pk}


def test_a_conflict_is_any_staff_link_grant_or_not(alice, bob, child):
    StaffSubjectLink.objects.create(user=alice, person=child, kind=StaffSubjectLink.Kind.WHANAU, recorded_by=bob)
    grant(alice, child)
    other = someone()
    assert sealed.conflicted_person_ids(alice, [child.pk, other.pk]) == {child.pk}
    assert sealed.conflicted_person_ids(bob, [child.pk, other.pk]) == set()


def test_allocation_conflict_audits_the_refusal_without_naming_the_person(alice, supervisor, child):
    StaffSubjectLink.objects.create(user=alice, person=child, kind=StaffSubjectLink.Kind.WHANAU, recorded_by=alice)
    refused = sealed.allocation_conflict(
        actor=supervisor, worker=alice, person_ids=[child.pk], action=AuditAction.REPORT_ALLOCATE,
        subject_type="report", subject_ids=[41],
    )  # fmt: skip
    assert refused
    event = AuditEvent.objects.filter(actor_id=supervisor.pk).latest("seq")
    assert (event.outcome, event.reason, event.subject_type, event.relationship) == (
        "refused", "conflict_of_interest", "report", f"worker:{alice.pk}",
    )  # fmt: skip
    assert event.subject_ids == "[41]"  # the report, never the person
    assert not sealed.allocation_conflict(
        actor=supervisor, worker=supervisor, person_ids=[child.pk], action=AuditAction.REPORT_ALLOCATE,
        subject_type="report", subject_ids=[41],
    )  # fmt: skip


# --- Linking a staff member to a record, again ---------------------------------------


def test_it_links_the_same_person_twice_as_one_idempotent_success(privacy_officer, bob, child):
    first = access_services.staff_subject_link(
        actor=privacy_officer, user=bob, person_id=child.pk, kind=StaffSubjectLink.Kind.WHANAU
    )
    events = AuditEvent.objects.count()
    again = access_services.staff_subject_link(
        actor=privacy_officer, user=bob, person_id=child.pk, kind=StaffSubjectLink.Kind.WHANAU
    )
    assert again.pk == first.pk
    assert StaffSubjectLink.objects.filter(user=bob, person=child).count() == 1
    assert AuditEvent.objects.count() == events  # nothing changed, nothing to record
    assert Person.objects.get(pk=child.pk).sealed


def test_it_refuses_linking_the_same_pair_as_another_kind_with_a_message(privacy_officer, bob, child):
    access_services.staff_subject_link(
        actor=privacy_officer, user=bob, person_id=child.pk, kind=StaffSubjectLink.Kind.WHANAU
    )
    with pytest.raises(access_services.AccessRequestError, match="already linked to this record"):
        access_services.staff_subject_link(
            actor=privacy_officer, user=bob, person_id=child.pk, kind=StaffSubjectLink.Kind.SELF
        )
    assert StaffSubjectLink.objects.get(user=bob, person=child).kind == StaffSubjectLink.Kind.WHANAU


def test_it_refuses_linking_a_person_who_does_not_exist(privacy_officer, bob):
    with pytest.raises(access_services.AccessRequestError, match="no person with that number"):
        access_services.staff_subject_link(
            actor=privacy_officer, user=bob, person_id=987_654_321, kind=StaffSubjectLink.Kind.WHANAU
        )
    assert not StaffSubjectLink.objects.exists()


def test_the_sealed_records_page_links_twice_without_a_500(client, privacy_officer, bob, child):
    client.force_login(privacy_officer)
    form = {"form": "link", "link-username": bob.username, "link-person_id": child.pk, "link-kind": "whanau"}
    assert client.post("/privacy/sealed/", form).status_code == 302
    assert client.post("/privacy/sealed/", form).status_code == 302  # idempotent: the record is sealed
    other_kind = client.post("/privacy/sealed/", {**form, "link-kind": "self"})
    assert other_kind.status_code == 400
    assert "already linked to this record" in other_kind.content.decode()
    missing = client.post("/privacy/sealed/", {**form, "link-person_id": 987_654_321})
    assert missing.status_code == 400
    assert "There is no person with that number." in missing.content.decode()
    assert StaffSubjectLink.objects.filter(user=bob).count() == 1


def test_granting_a_sealed_record_that_does_not_exist_is_a_form_error(client, privacy_officer, alice):
    with pytest.raises(access_services.AccessRequestError, match="no person with that number"):
        access_services.sealed_grant(actor=privacy_officer, user=alice, person_id=987_654_321, reason="Needed")
    client.force_login(privacy_officer)
    response = client.post("/privacy/sealed/", {"form": "grant", "grant-username": alice.username,
                                                "grant-person_id": 987_654_321, "grant-reason": "Needed"})  # fmt: skip
    assert response.status_code == 400
    assert "There is no person with that number." in response.content.decode()
    assert not SealedGrant.objects.exists()
