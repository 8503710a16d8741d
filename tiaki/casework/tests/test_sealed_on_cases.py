"""A child sealed from the reader is absent from the case, its records and the
chronologies (tiaki.access.sealed); writes naming her answer as for a child
not on the case; a worker connected to someone on a case is not given it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from tiaki.access.models import SealedGrant, StaffSubjectLink
from tiaki.audit.models import AuditEvent
from tiaki.casework import selectors, services
from tiaki.casework.models import Case, CaseNote, CaseParticipant, NoteSubject, Plan
from tiaki.chronology.selectors import whanau_chronology_page
from tiaki.people.models import Person, Relationship
from tiaki.people.tests.factories import PersonNameFactory, RelationshipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sister(case, child) -> Person:
    """Tūī's sister Ana, on alice's case, then sealed (a staff member's whānau)."""
    ana = PersonNameFactory(given_names="Ana", family_name="Sealed-Whānau", is_primary=True).person
    RelationshipFactory(from_person=ana, to_person=child, kind=Relationship.Kind.SIBLING)
    CaseParticipant.objects.create(case=case, person=ana)
    services.case_participant_care(actor=case.allocated_worker, case_id=case.pk, person_id=ana.pk,
                                   in_care_since=timezone.localdate() - dt.timedelta(days=400))  # fmt: skip
    return ana


def seal(person: Person) -> None:
    Person.objects.filter(pk=person.pk).update(sealed=True)


def test_the_case_page_leaves_out_a_sealed_child_and_what_is_about_her(alice, case, child, sister):
    services.note_add(actor=alice, case_id=case.pk, kind=CaseNote.Kind.PHONE, occurred_at=timezone.now(),
                      title="Call", text="Both well.", about_ids=[child.pk, sister.pk])  # fmt: skip
    Plan.objects.create(case=case, child=sister, created_at=timezone.now(), created_by=alice, current_version=0)
    seal(sister)
    view = selectors.case_get(actor=alice, case_id=case.pk)
    assert [p.person_id for p in view.participants] == [child.pk]
    assert sister.pk not in view.names
    assert view.notes[0].about == (child.pk,)
    assert view.plans == []


def test_a_plan_for_a_sealed_child_is_a_404_and_audited(alice, case, sister):
    plan = Plan.objects.create(case=case, child=sister, created_at=timezone.now(), created_by=alice, current_version=0)
    seal(sister)
    with pytest.raises(Http404):
        selectors.plan_get(actor=alice, plan_id=plan.pk)
    refused = AuditEvent.objects.filter(actor_id=alice.pk).latest("seq")
    assert (refused.outcome, refused.reason) == ("refused", "sealed")


def test_a_grant_brings_the_sealed_child_back(alice, case, sister, privacy_officer):
    seal(sister)
    SealedGrant.objects.create(user=alice, person=sister, reason="Her worker", granted_by=privacy_officer,
                               granted_at=timezone.now())  # fmt: skip
    view = selectors.case_get(actor=alice, case_id=case.pk)
    assert {p.person_id for p in view.participants} == {sister.pk, *[p.person_id for p in view.children]}


def test_the_home_counts_and_case_list_do_not_count_a_sealed_child(alice, case, child, sister):
    before = selectors.casework_due(actor=alice).overdue_visits
    seal(sister)
    assert selectors.casework_due(actor=alice).overdue_visits == before - 1
    names = selectors.case_list_for(actor=alice)[0].children
    assert names == ("Tūī Te Whare",)


def test_the_whanau_chronology_does_not_count_a_sealed_child_as_not_shown(alice, case, child, sister):
    stranger = PersonNameFactory(given_names="Rawiri", family_name="Te Whare").person
    RelationshipFactory(from_person=stranger, to_person=child, kind=Relationship.Kind.SIBLING)
    CaseParticipant.objects.filter(person=sister).delete()  # on no case of alice's: not shown either way
    assert whanau_chronology_page(actor=alice, person_id=child.pk).not_shown == 2
    seal(sister)
    page = whanau_chronology_page(actor=alice, person_id=child.pk)
    assert page.not_shown == 1
    assert sister.pk not in page.person_ids


def test_writes_naming_a_sealed_child_answer_as_for_a_child_not_on_the_case(alice, case, child, sister):
    seal(sister)
    with pytest.raises(services.CaseworkError, match="That child is not on this case"):
        services.plan_save(
            actor=alice, case_id=case.pk, child_id=sister.pk, base_version=0, child_voice="Her words",
            goals=[{"goal": "Safe at home", "action": "Weekly visit", "who": "Social worker", "by": ""}],
            whanau_views="", review_on=timezone.localdate() + dt.timedelta(days=30),
        )  # fmt: skip
    with pytest.raises(services.CaseworkError, match="A note can only be about children on this case"):
        services.note_add(actor=alice, case_id=case.pk, kind=CaseNote.Kind.PHONE, occurred_at=timezone.now(),
                          title="Call", text="x", about_ids=[sister.pk])  # fmt: skip
    note = services.note_add(actor=alice, case_id=case.pk, kind=CaseNote.Kind.PHONE, occurred_at=timezone.now(),
                             title="Call", text="About the children I work with.")  # fmt: skip
    assert list(NoteSubject.objects.filter(note=note).values_list("person_id", flat=True)) == [child.pk]


def test_it_refuses_to_reallocate_to_a_worker_connected_to_someone_on_the_case(
    case, sister, supervisor, bob, privacy_officer
):
    StaffSubjectLink.objects.create(user=bob, person=sister, kind=StaffSubjectLink.Kind.WHANAU,
                                    recorded_by=privacy_officer)  # fmt: skip
    with pytest.raises(services.ConflictOfInterest, match="personal connection to someone in this case") as refused:
        services.case_reallocate(actor=supervisor, case_id=case.pk, worker_id=bob.pk, reason="Balance the load")
    assert "Ana" not in str(refused.value)
    assert Case.objects.get(pk=case.pk).allocated_worker_id != bob.pk
    event = AuditEvent.objects.filter(actor_id=supervisor.pk).latest("seq")
    assert (event.outcome, event.reason, event.relationship) == ("refused", "conflict_of_interest", f"worker:{bob.pk}")


def test_a_colleague_without_reach_is_refused_before_learning_of_any_conflict(case, sister, bob, privacy_officer):
    StaffSubjectLink.objects.create(user=case.allocated_worker, person=sister, kind=StaffSubjectLink.Kind.WHANAU,
                                    recorded_by=privacy_officer)  # fmt: skip
    other = PersonNameFactory(given_names="Hine", family_name="Walker").person
    with pytest.raises(Http404):
        services.case_participant_add(actor=bob, case_id=case.pk, person_id=other.pk, role="child")
    assert not AuditEvent.objects.filter(reason="conflict_of_interest").exists()


def test_a_note_about_nobody_but_a_sealed_child_is_absent(alice, case, child, sister):
    only_her = services.note_add(actor=alice, case_id=case.pk, kind=CaseNote.Kind.PHONE, occurred_at=timezone.now(),
                                 title="About Ana", text="Ana's school rang.", about_ids=[sister.pk])  # fmt: skip
    both = services.note_add(actor=alice, case_id=case.pk, kind=CaseNote.Kind.PHONE, occurred_at=timezone.now(),
                             title="Both", text="Both well.", about_ids=[child.pk, sister.pk])  # fmt: skip
    seal(sister)
    assert [n.id for n in selectors.case_get(actor=alice, case_id=case.pk).notes] == [both.pk]
    with pytest.raises(Http404):
        selectors.note_get(actor=alice, note_id=only_her.pk)
    assert selectors.note_get(actor=alice, note_id=both.pk).note.about == (child.pk,)


def test_recording_care_for_a_sealed_child_answers_as_for_a_child_not_on_the_case(alice, case, sister):
    seal(sister)
    with pytest.raises(services.CaseworkError, match="That child is not on this case"):
        services.case_participant_care(actor=alice, case_id=case.pk, person_id=sister.pk, in_care_since=None)
    assert CaseParticipant.objects.get(person=sister).in_care_since is not None
