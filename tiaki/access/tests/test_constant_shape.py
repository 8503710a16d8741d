"""Constant-shape decisions: a missing record and one out of reach take the
same path and run the same statements (tiaki.access.scoping), so neither the
answer nor its time tells them apart; the rules themselves are unchanged,
each relationship still named; and an id no record can have is decided as a
missing one, never sent to the database as a number it cannot compare."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tiaki.access import scoping
from tiaki.access.ids import MAX_ID, NO_RECORD, record_id
from tiaki.access.models import SealedGrant, StaffSubjectLink
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.casework import reach as casework_reach
from tiaki.casework.models import CaseParticipant
from tiaki.intake import reach as intake_reach
from tiaki.intake.models import ReportOfConcern, ReportPerson
from tiaki.people.models import Person
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MISSING = 987_654_321

_LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+\b|::int[248]\b")


def statements(decide, *args, **kwargs) -> tuple[scoping.Decision, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        decision = decide(*args, **kwargs)
    return decision, [_LITERAL.sub("?", q["sql"]) for q in queries.captured_queries]


def test_it_decides_a_missing_person_with_the_statement_it_uses_for_one_out_of_reach(bob, child, case):
    out_of_reach, asked = statements(scoping.person_decision, bob, child.pk)
    missing, same = statements(scoping.person_decision, bob, MISSING)
    assert (out_of_reach.reason, missing.reason) == (scoping.NO_RELATIONSHIP, scoping.NOT_FOUND)
    assert asked == same
    assert len(asked) == 2


def test_the_allocated_workers_read_stops_after_the_first_statement(alice, child, case):
    # Allowed reads may stop early: their reader may know the record exists.
    allowed, asked = statements(scoping.person_decision, alice, child.pk)
    assert allowed.relationship == f"allocated-case:{case.pk}"
    assert len(asked) == 1


@pytest.mark.parametrize("hidden_by", ["sealed", "own_record", "merged"])
def test_a_sealed_own_or_merged_record_costs_what_a_missing_one_does(bob, child, case, privacy_officer, hidden_by):
    if hidden_by == "sealed":
        Person.objects.filter(pk=child.pk).update(sealed=True)
    elif hidden_by == "own_record":
        StaffSubjectLink.objects.create(user=bob, person=child, kind=StaffSubjectLink.Kind.SELF, recorded_by=bob)
    else:
        merged = PersonNameFactory(given_names="Tui", family_name="Te Whare").person
        Person.objects.filter(pk=merged.pk).update(merged_into=child)
        child = merged
    refused, asked = statements(scoping.person_decision, bob, child.pk)
    _, same = statements(scoping.person_decision, bob, MISSING)
    assert refused.reason in scoping.HIDDEN - {scoping.NOT_FOUND}
    assert asked == same


def test_it_decides_a_missing_report_with_the_statement_it_uses_for_one_out_of_reach(alice, bob, child):
    report = ReportOfConcern.objects.create(reference="R-9", site=alice.site, received_at=timezone.now(),
                                            allocated_to=alice)  # fmt: skip
    out_of_reach, asked = statements(intake_reach.report_decision, bob, report.pk)
    missing, same = statements(intake_reach.report_decision, bob, MISSING)
    assert (out_of_reach.reason, missing.reason) == (scoping.NO_RELATIONSHIP, scoping.NOT_FOUND)
    assert asked == same


@pytest.mark.parametrize("write", [False, True])
def test_it_decides_a_missing_case_with_the_statements_it_uses_for_one_out_of_reach(bob, case, write):
    out_of_reach, asked = statements(casework_reach.case_decision, bob, case.pk, write=write)
    missing, same = statements(casework_reach.case_decision, bob, MISSING, write=write)
    assert (out_of_reach.reason, missing.reason) == (scoping.NO_RELATIONSHIP, scoping.NOT_FOUND)
    assert asked == same


@pytest.mark.parametrize("value", [0, -1, 2**63, 2**64, 10**30])
def test_it_decides_an_impossible_id_as_a_missing_record(alice, case, value):
    assert scoping.person_decision(alice, value).reason == scoping.NOT_FOUND
    assert intake_reach.report_decision(alice, value).reason == scoping.NOT_FOUND
    assert casework_reach.case_decision(alice, value).reason == scoping.NOT_FOUND


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", 1), (str(MAX_ID), MAX_ID), ("007", 7), (MAX_ID, MAX_ID), (" 42 ", 42)]
    + [(bad, NO_RECORD) for bad in ["0", "-1", str(2**63), "9" * 5000, "", "12a", "١٢", 0, -5, 2**63]],
)
def test_record_id_keeps_every_id_a_record_can_have_and_no_other(value, expected):
    assert record_id(value) == expected


# The rules read in the one statement, each still named as before.


def test_the_person_who_added_a_record_reads_it_for_24_hours(bob):
    person = PersonNameFactory(given_names="Aroha", family_name="Ngata", person__created_by=bob).person
    assert scoping.person_decision(bob, person.pk).relationship == f"created:{person.pk}"
    later = timezone.now() + dt.timedelta(hours=25)
    assert scoping.person_decision(bob, person.pk, now=later).reason == scoping.NO_RELATIONSHIP


def test_the_supervision_line_reaches_a_report_and_stops_four_levels_up(site, other_site, child):
    line = [inducted(UserFactory(username="worker", role=Role.SOCIAL_WORKER, site=site))]
    for level in range(5):
        # At another site: the report's own site queue would let them in anyway.
        line.append(inducted(UserFactory(username=f"above-{level}", role=Role.SUPERVISOR, site=other_site)))
        line[-2].supervisor = line[-1]
        line[-2].save(update_fields=["supervisor"])
    report = ReportOfConcern.objects.create(reference="R-7", site=site, received_at=timezone.now(),
                                            allocated_to=line[0])  # fmt: skip
    ReportPerson.objects.create(report=report, person=child)
    assert scoping.person_decision(line[4], child.pk).relationship == f"supervision-line:report:{report.pk}"
    assert scoping.person_decision(line[5], child.pk).reason == scoping.NO_RELATIONSHIP
    assert intake_reach.report_decision(line[4], report.pk).relationship == f"supervision-line:report:{report.pk}"
    assert intake_reach.report_decision(line[5], report.pk).reason == scoping.NO_RELATIONSHIP


def test_a_merged_record_is_read_through_its_survivor(alice, bob, child, case):
    merged = PersonNameFactory(given_names="Tui", family_name="Te Whare").person
    Person.objects.filter(pk=merged.pk).update(merged_into=child)
    assert scoping.person_decision(alice, merged.pk).relationship == f"merged-into:{child.pk}:allocated-case:{case.pk}"
    assert scoping.person_decision(bob, merged.pk).reason == scoping.NO_RELATIONSHIP
    # Merged again since: the chain is followed to the last survivor.
    first = PersonNameFactory(given_names="Tūī", family_name="Whare").person
    Person.objects.filter(pk=first.pk).update(merged_into=merged)
    assert scoping.person_decision(alice, first.pk).relationship == (
        f"merged-into:{merged.pk}:merged-into:{child.pk}:allocated-case:{case.pk}"
    )


def test_a_sealed_grant_opens_a_sealed_record_and_its_revocation_closes_it(bob, child, privacy_officer):
    Person.objects.filter(pk=child.pk).update(sealed=True)
    grant = SealedGrant.objects.create(user=bob, person=child, reason="Court order", granted_by=privacy_officer,
                                       granted_at=timezone.now())  # fmt: skip
    assert scoping.person_decision(bob, child.pk).relationship == f"sealed-grant:{grant.pk}"
    SealedGrant.objects.filter(pk=grant.pk).update(revoked_at=timezone.now())
    assert scoping.person_decision(bob, child.pk).reason == scoping.SEALED


def test_a_reader_of_a_child_reads_their_case_but_does_not_record_on_it(site, bob, child, case):
    report = ReportOfConcern.objects.create(reference="R-8", site=site, received_at=timezone.now(), allocated_to=bob)
    ReportPerson.objects.create(report=report, person=child)
    sibling = PersonNameFactory(given_names="Rawiri", family_name="Te Whare").person
    CaseParticipant.objects.create(case=case, person=sibling)
    read = casework_reach.case_decision(bob, case.pk)
    assert read.relationship == f"via-person:{child.pk}:allocated-report:{report.pk}"
    assert casework_reach.case_decision(bob, case.pk, write=True).reason == scoping.NO_RELATIONSHIP


def test_a_report_is_read_by_whoever_recorded_it_for_24_hours_and_by_the_site_queue(site, bob, supervisor):
    report = ReportOfConcern.objects.create(reference="R-6", site=site, received_at=timezone.now(), recorded_by=bob,
                                            status=ReportOfConcern.Status.CLOSED)  # fmt: skip
    assert intake_reach.report_decision(bob, report.pk).relationship == f"recorded:{report.pk}"
    later = timezone.now() + dt.timedelta(hours=25)
    assert intake_reach.report_decision(bob, report.pk, now=later).reason == scoping.NO_RELATIONSHIP
    ReportOfConcern.objects.filter(pk=report.pk).update(status=ReportOfConcern.Status.OPEN)
    assert intake_reach.report_decision(supervisor, report.pk).relationship == f"site-queue:{site.pk}"
