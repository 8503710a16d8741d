"""The allocation page lists each social worker once (it showed them in a
table and again as the choices), and says who already holds open cases of
the report's children or their siblings, by the worker's name only."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.casework.models import Case, CaseParticipant
from tiaki.intake import services as intake
from tiaki.intake.selectors.queue import report_for_allocation
from tiaki.people.models import Relationship
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import Team
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def worker(username, first, last, site, **extra):
    return inducted(UserFactory(username=username, first_name=first, last_name=last, role=Role.SOCIAL_WORKER,
                                site=site, **extra))  # fmt: skip


def open_case(holder, site, *people):
    case = Case.objects.create(kind=Case.Kind.ASSESSMENT, site=site, allocated_worker=holder, opened_at=timezone.now())
    for person in people:
        CaseParticipant.objects.create(case=case, person=person)
    return case


@pytest.fixture
def family(site, supervisor):
    """A report about Tūī, decided; her brother Kahu (a sibling relationship)
    and her half-sister Mere (through their mother) are in the register."""
    tui = PersonNameFactory(given_names="Tūī", family_name="Walker").person
    kahu = PersonNameFactory(given_names="Kahu", family_name="Walker").person
    mere = PersonNameFactory(given_names="Mere", family_name="Rāwiri").person
    mum = PersonNameFactory(given_names="Ana", family_name="Rāwiri").person
    Relationship.objects.create(from_person=kahu, to_person=tui, kind=Relationship.Kind.SIBLING)
    Relationship.objects.create(from_person=mum, to_person=tui, kind=Relationship.Kind.PARENT)
    Relationship.objects.create(from_person=mum, to_person=mere, kind=Relationship.Kind.PARENT)
    report = intake.report_record(
        actor=supervisor,
        data=intake.ReportInput(site_id=site.pk, persons=[intake.ReportPersonInput(tui.pk)],
                                concerns=[intake.ConcernInput("neglect", "No food")], narrative="Hungry."),
    )  # fmt: skip
    intake.triage_decide(actor=supervisor, report_id=report.pk, outcome="assessment", reasons="Visit.",
                         timeframe_code="urgent")  # fmt: skip
    return {"report": report, "tui": tui, "kahu": kahu, "mere": mere}


def test_each_worker_is_listed_once_with_their_load(client, site, supervisor, family):
    aroha = worker("aroha", "Aroha", "Ngata", site)
    hemi = worker("hemi", "Hēmi", "Parata", site)
    client.force_login(supervisor)
    page = client.get(f"/intake/reports/{family['report'].pk}/allocate/").content.decode()
    for who in (aroha, hemi):
        assert page.count(who.get_full_name()) == 1
        assert f'value="{who.pk}"' in page
    assert "0 open cases, 0 reports awaiting response: 0% of capacity." in page
    assert "<table" not in page.split("<main")[1]  # the choices are the list: no second table of the same people


def test_when_it_cannot_be_allocated_the_list_is_a_table_once(client, site, supervisor, family):
    aroha = worker("aroha", "Aroha", "Ngata", site)
    hemi = worker("hemi", "Hēmi", "Parata", site)
    intake.report_allocate(actor=supervisor, report_id=family["report"].pk, worker_id=hemi.pk)
    client.force_login(supervisor)
    page = client.get(f"/intake/reports/{family['report'].pk}/allocate/").content.decode()
    assert page.count(aroha.get_full_name()) == 1
    assert 'type="radio"' not in page


def test_it_says_who_holds_the_child_and_sibling_cases(client, site, other_site, supervisor, family):
    aroha = worker("aroha", "Aroha", "Ngata", site)
    hemi = worker("hemi", "Hēmi", "Parata", site)
    far = worker("far", "Wiremu", "Kōtuku", other_site)
    worker("free", "Rangi", "Hohaia", site)
    open_case(aroha, site, family["tui"])
    open_case(hemi, site, family["kahu"])
    open_case(far, other_site, family["mere"])
    subject = report_for_allocation(actor=supervisor, report_id=family["report"].pk)
    notes = {c.load.worker.get_full_name(): c.family_note for c in subject.choices}
    assert notes == {
        "Aroha Ngata": "Already holds an open case of a child on this report",
        "Hēmi Parata": "Already holds an open case of a sibling of a child on this report",
        "Rangi Hohaia": "",
    }
    assert [h.name for h in subject.holders_not_listed] == ["Wiremu Kōtuku"]

    client.force_login(supervisor)
    page = client.get(f"/intake/reports/{family['report'].pk}/allocate/").content.decode()
    assert "Already holds an open case of a child on this report." in page
    assert "Wiremu Kōtuku: already holds an open case of a sibling" in page
    # Workers only: no sibling is named.
    for child in ("Kahu", "Mere Rāwiri"):
        assert child not in page


def test_a_holder_outside_the_chosen_team_is_still_named(client, site, supervisor, family):
    team = Team.objects.create(name="Kōwhai", site=site)
    aroha = worker("aroha", "Aroha", "Ngata", site)
    worker("hemi", "Hēmi", "Parata", site, team=team)
    open_case(aroha, site, family["tui"])
    subject = report_for_allocation(actor=supervisor, report_id=family["report"].pk, team_id=team.pk)
    assert [c.load.worker.get_full_name() for c in subject.choices] == ["Hēmi Parata"]
    assert [h.name for h in subject.holders_not_listed] == ["Aroha Ngata"]


def test_a_sealed_sibling_is_absent_even_as_a_case(site, supervisor, family):
    hemi = worker("hemi", "Hēmi", "Parata", site)
    open_case(hemi, site, family["kahu"])
    family["kahu"].sealed = True
    family["kahu"].save(update_fields=["sealed"])
    subject = report_for_allocation(actor=supervisor, report_id=family["report"].pk)
    assert subject.holders == []
    assert [c.family_note for c in subject.choices] == [""]


def test_a_closed_case_is_not_held(site, supervisor, family):
    hemi = worker("hemi", "Hēmi", "Parata", site)
    case = open_case(hemi, site, family["tui"])
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED, closed_at=timezone.now(), closure_reason=Case.ClosureReason.values[0]
    )
    assert report_for_allocation(actor=supervisor, report_id=family["report"].pk).holders == []
