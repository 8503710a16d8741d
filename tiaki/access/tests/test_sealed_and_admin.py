"""Sealed records, administrators and role grants."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from tiaki.access import AccessDenied, scoping
from tiaki.access import services as access_services
from tiaki.access.models import PrivacyInduction, StaffSubjectLink
from tiaki.access.roles import Role
from tiaki.audit.models import AuditEvent
from tiaki.people import reach as people_reach
from tiaki.people import selectors
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_staff_members_whanau_record_is_sealed_until_a_named_grant(alice, bob, child, case, privacy_officer):
    access_services.staff_subject_link(
        actor=privacy_officer, user=bob, person_id=child.pk, kind=StaffSubjectLink.Kind.WHANAU
    )
    with pytest.raises(Http404):
        selectors.person_get(actor=alice, person_id=child.pk)
    assert AuditEvent.objects.filter(actor_id=alice.pk).order_by("-seq").first().reason == "sealed"
    access_services.sealed_grant(
        actor=privacy_officer, user=alice, person_id=child.pk, reason="Allocated worker for the assessment"
    )
    record = selectors.person_get(actor=alice, person_id=child.pk)
    assert record.decision.relationship.startswith("sealed-grant:")
    # bob is whānau: the record stays sealed to him too.
    assert scoping.person_decision(bob, child.pk).reason == "sealed"


def test_nobody_sees_a_sealed_record_about_themselves(alice, child, case, privacy_officer):
    access_services.staff_subject_link(
        actor=privacy_officer, user=alice, person_id=child.pk, kind=StaffSubjectLink.Kind.SELF
    )
    with pytest.raises(access_services.AccessRequestError, match="about themselves"):
        access_services.sealed_grant(actor=privacy_officer, user=alice, person_id=child.pk, reason="Needed")
    with pytest.raises(Http404):
        selectors.person_get(actor=alice, person_id=child.pk)
    assert scoping.person_decision(alice, child.pk).reason == "own_record"
    assert list(people_reach.visible_persons(alice)) == []


def test_revoking_a_sealed_grant_ends_access(alice, bob, child, case, privacy_officer):
    access_services.staff_subject_link(
        actor=privacy_officer, user=bob, person_id=child.pk, kind=StaffSubjectLink.Kind.WHANAU
    )
    grant = access_services.sealed_grant(actor=privacy_officer, user=alice, person_id=child.pk, reason="Allocated")
    assert scoping.person_decision(alice, child.pk).allowed
    access_services.sealed_revoke(actor=privacy_officer, grant_id=grant.pk)
    assert scoping.person_decision(alice, child.pk).reason == "sealed"


def test_a_social_worker_cannot_seal_or_grant(alice, bob, child):
    with pytest.raises(AccessDenied):
        access_services.sealed_grant(actor=alice, user=bob, person_id=child.pk, reason="x")


def test_granting_a_role_is_audited_and_only_for_administrators(alice, site):
    admin = UserFactory(username="admin", role=Role.ADMINISTRATOR, site=site)
    access_services.role_grant(actor=admin, user=alice, role=Role.SUPERVISOR)
    alice.refresh_from_db()
    assert alice.role == Role.SUPERVISOR
    event = AuditEvent.objects.filter(actor_id=admin.pk, action="role.grant").get()
    assert event.subject_ids == f"[{alice.pk}]"
    assert event.relationship == "role:social-worker->supervisor"
    with pytest.raises(AccessDenied):
        access_services.role_grant(actor=alice, user=admin, role=Role.TRAINEE)
    with pytest.raises(access_services.AccessRequestError, match="your own role"):
        access_services.role_grant(actor=admin, user=admin, role=Role.SOCIAL_WORKER)


def test_recording_an_induction_is_audited_and_opens_access(site, child):
    admin = UserFactory(username="admin", role=Role.ADMINISTRATOR, site=site)
    trainee = UserFactory(username="new", role=Role.TRAINEE, site=site)
    assert scoping.person_decision(trainee, child.pk).reason == "induction_incomplete"
    with pytest.raises(access_services.AccessRequestError, match="future"):
        access_services.induction_record(actor=admin, user=trainee, completed_on=dt.date(2099, 1, 1))
    access_services.induction_record(
        actor=admin, user=trainee, completed_on=timezone.localdate() - dt.timedelta(days=2)
    )
    assert PrivacyInduction.objects.filter(user=trainee).exists()
    assert AuditEvent.objects.filter(actor_id=admin.pk, action="induction.record").exists()
    assert scoping.person_decision(trainee, child.pk).reason == "no_relationship"


def test_an_administrator_never_reads_case_data(site, child, case):
    admin = UserFactory(username="admin", role=Role.ADMINISTRATOR, site=site)
    PrivacyInduction.objects.create(
        user=admin, completed_on=timezone.localdate(), course_version="2026.1", recorded_by=admin
    )
    with pytest.raises(AccessDenied):
        selectors.person_get(actor=admin, person_id=child.pk)
    assert list(people_reach.visible_persons(admin)) == []
