"""Who reaches a caregiver household (tiaki.care.reach.household_decision):
a missing, out-of-reach and sealed household take the same statements and
answer alike; the assessor and the supervision line reach it; a reader
through a placed child may not change it."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiaki.access import scoping
from tiaki.access.models import StaffSubjectLink
from tiaki.access.roles import Role
from tiaki.care.reach import household_decision, may_change_household
from tiaki.care.services import caregivers as services
from tiaki.care.tests.caregiver_fixtures import inducted, place
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MISSING = 987_654_321
_LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+\b|::int[248]\b")


def statements(*args, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        decision = household_decision(*args, **kwargs)
    return decision, [_LITERAL.sub("?", q["sql"]) for q in queries.captured_queries]


@pytest.mark.parametrize("write", [False, True])
def test_a_missing_household_costs_what_an_out_of_reach_one_does(charlie, household, caregiver, write):
    out_of_reach, asked = statements(charlie, household.pk, write=write)
    missing, same = statements(charlie, MISSING, write=write)
    assert (out_of_reach.reason, missing.reason) == (scoping.NO_RELATIONSHIP, scoping.NOT_FOUND)
    assert asked == same


def test_a_sealed_household_costs_what_a_missing_one_does(bob, privacy_officer, household, caregiver):
    StaffSubjectLink.objects.create(user=bob, person=caregiver.person, kind=StaffSubjectLink.Kind.WHANAU,
                                    recorded_by=privacy_officer)  # fmt: skip
    sealed, asked = statements(bob, household.pk)
    _, same = statements(bob, MISSING)
    assert sealed.reason == scoping.SEALED
    assert asked == same


def test_the_assessor_and_the_supervision_line_reach_it(household, supervisor, site_manager, other_site):
    elsewhere = inducted(UserFactory(username="aroha", role=Role.SOCIAL_WORKER, site=other_site))
    services.assessment_start(actor=supervisor, household_id=household.pk, assessor_id=None)
    assert household_decision(supervisor, household.pk).relationship.startswith("household-assessor:")
    assert household_decision(site_manager, household.pk, write=True).allowed
    assert not household_decision(elsewhere, household.pk).allowed


def test_a_reader_through_a_placed_child_reads_but_does_not_change_it(household, child, case, alice, charlie):
    place(child, household, case, alice)
    case.allocated_worker = charlie
    case.save(update_fields=["allocated_worker"])
    read = household_decision(charlie, household.pk)
    assert read.relationship == f"via-child:{child.pk}:allocated-case:{case.pk}"
    assert read.may_see_sensitive
    assert not may_change_household(charlie, read)
    assert household_decision(charlie, household.pk, write=True).reason == scoping.NO_RELATIONSHIP
