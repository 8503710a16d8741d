"""A person sealed from the reader is absent from a report (its people and
the children's history) and from the record-a-report form's linked people;
a worker connected to someone on a report is not allocated it."""

from __future__ import annotations

import pytest

from tiaki.access.models import StaffSubjectLink
from tiaki.audit.models import AuditEvent
from tiaki.intake import services as intake
from tiaki.intake.models import ReportOfConcern
from tiaki.intake.selectors.report import report_get, report_link_candidates
from tiaki.people.models import Person
from tiaki.people.tests.factories import PersonNameFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(alice, child, site):
    mother = PersonNameFactory(given_names="Aroha", family_name="Ngata", is_primary=True).person
    sister = PersonNameFactory(given_names="Ana", family_name="Sealed-Whānau", is_primary=True).person
    recorded = intake.report_record(
        actor=alice,
        data=intake.ReportInput(
            site_id=site.pk,
            persons=[intake.ReportPersonInput(child.pk), intake.ReportPersonInput(sister.pk),
                     intake.ReportPersonInput(mother.pk, "adult")],
            concerns=[intake.ConcernInput("neglect", "No food")], narrative="The kura rang.",
        ),
    )  # fmt: skip
    recorded.sister = sister  # type: ignore[attr-defined]
    return recorded


def sister_of(report: ReportOfConcern) -> Person:
    return report.sister  # type: ignore[attr-defined]


def test_the_report_leaves_out_a_sealed_child_and_her_history(alice, report, child):
    sister = sister_of(report)
    Person.objects.filter(pk=sister.pk).update(sealed=True)
    view = report_get(actor=alice, report_id=report.pk)
    assert [p.person_id for p in view.children] == [child.pk]
    assert [p.name for p in view.adults] == ["Aroha Ngata"]
    assert len(view.history) == 1
    assert all(h.person_id != sister.pk for h in view.history)


def test_a_sealed_person_on_the_linking_form_shows_as_a_number_nobody_has(alice, report):
    sister = sister_of(report)
    Person.objects.filter(pk=sister.pk).update(sealed=True)
    sealed_row, missing_row = report_link_candidates(actor=alice, links=[(sister.pk, "child"), (987_654, "child")])
    assert sealed_row.name == f"Person number {sister.pk}"
    assert (sealed_row.history.report_count, sealed_row.history.open_case_count) == (0, 0)
    assert sealed_row.history == missing_row.history


def test_it_refuses_to_allocate_a_report_to_a_worker_connected_to_someone_on_it(
    report, site_manager, bob, privacy_officer
):
    intake.triage_decide(actor=site_manager, report_id=report.pk, outcome="assessment", reasons="Visit.",
                         timeframe_code="urgent")  # fmt: skip
    StaffSubjectLink.objects.create(user=bob, person=sister_of(report), kind=StaffSubjectLink.Kind.WHANAU,
                                    recorded_by=privacy_officer)  # fmt: skip
    with pytest.raises(intake.ConflictOfInterest) as refused:
        intake.report_allocate(actor=site_manager, report_id=report.pk, worker_id=bob.pk)
    assert refused.value.field == "worker_id"
    assert "Ana" not in str(refused.value)
    assert ReportOfConcern.objects.get(pk=report.pk).allocated_to_id is None
    event = AuditEvent.objects.filter(actor_id=site_manager.pk).latest("seq")
    assert (event.action, event.outcome, event.reason) == ("report.allocate", "refused", "conflict_of_interest")
    # Another worker is allocated as usual.
    intake.report_allocate(actor=site_manager, report_id=report.pk, worker_id=report.recorded_by_id)
    assert ReportOfConcern.objects.get(pk=report.pk).allocated_to_id == report.recorded_by_id


def test_linking_a_sealed_person_by_number_answers_as_a_number_nobody_has(alice, site, child):
    sealed_one = PersonNameFactory(given_names="Ana", family_name="Sealed-Whānau").person
    Person.objects.filter(pk=sealed_one.pk).update(sealed=True)
    messages = []
    for number in (sealed_one.pk, 987_654):
        with pytest.raises(intake.ReportInputError) as refused:
            intake.report_record(
                actor=alice,
                data=intake.ReportInput(
                    site_id=site.pk, persons=[intake.ReportPersonInput(child.pk), intake.ReportPersonInput(number)],
                    concerns=[intake.ConcernInput("neglect", "No food")], narrative="The kura rang.",
                ),
            )  # fmt: skip
        messages.append(refused.value.errors["persons.1"].replace(str(number), "N"))
    assert messages[0] == messages[1] == "There is no person with number N: search again."
