"""Break-glass: granted at once, at most 60 minutes, masked, reviewed, escalated."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from tiaki.access import scoping
from tiaki.access import services as access_services
from tiaki.access.models import BreakGlassGrant, StaffSubjectLink
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.audit.models import AuditEvent
from tiaki.inbox.models import Notification
from tiaki.people import selectors
from tiaki.people.selectors import MASKED
from tiaki.privacy.selectors import trail as privacy_selectors
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REASON = "Police called: the child may be at the address tonight and at risk."


def test_it_grants_emergency_access_at_once_and_masks_protected_details(bob, child, privacy_officer):
    grant = access_services.breakglass_open(actor=bob, person_id=child.pk, reason=REASON)
    assert grant.expires_at - grant.granted_at == dt.timedelta(minutes=60)
    record = selectors.person_get(actor=bob, person_id=child.pk)
    assert record.decision.via_break_glass
    assert record.addresses[0].text == MASKED
    opened = AuditEvent.objects.filter(actor_id=bob.pk, action="breakglass.open").get()
    assert opened.relationship == f"break-glass:{grant.pk}"
    read = AuditEvent.objects.filter(actor_id=bob.pk, action="person.read").get()
    assert read.relationship == f"break-glass:{grant.pk}"
    assert Notification.objects.filter(user=privacy_officer, text__contains=str(grant.pk)).exists()
    assert [item.id for item in privacy_selectors.breakglass_queue(actor=privacy_officer)] == [grant.pk]


def test_emergency_access_ends_after_its_time(bob, child):
    grant = access_services.breakglass_open(actor=bob, person_id=child.pk, reason=REASON)
    now = timezone.now()
    BreakGlassGrant.objects.filter(pk=grant.pk).update(
        granted_at=now - dt.timedelta(minutes=61), expires_at=now - dt.timedelta(minutes=1)
    )
    with pytest.raises(Http404):
        selectors.person_get(actor=bob, person_id=child.pk)


@pytest.mark.parametrize(
    ("reason", "minutes", "message"),
    [("because", 60, "at least 20 characters"), (REASON, 61, "at most 60 minutes"), (REASON, 0, "at most 60 minutes")],
)
def test_it_refuses_a_request_that_is_not_well_made(bob, child, reason, minutes, message):
    with pytest.raises(access_services.AccessRequestError, match=message):
        access_services.breakglass_open(actor=bob, person_id=child.pk, reason=reason, minutes=minutes)
    assert not BreakGlassGrant.objects.exists()


def test_it_refuses_a_sealed_record_and_an_unknown_person_and_audits_both(bob, child):
    child.sealed = True
    child.save(update_fields=["sealed"])
    for person_id in (child.pk, 99999999):
        with pytest.raises(access_services.AccessRequestError):
            access_services.breakglass_open(actor=bob, person_id=person_id, reason=REASON)
    reasons = list(
        AuditEvent.objects.filter(actor_id=bob.pk, outcome="refused").order_by("seq").values_list("reason", flat=True)
    )
    assert reasons == ["sealed", "not_found"]


def test_a_trainee_cannot_break_glass(site, child):
    trainee = inducted(UserFactory(username="t", role=Role.TRAINEE, site=site))
    with pytest.raises(access_services.AccessDenied):
        access_services.breakglass_open(actor=trainee, person_id=child.pk, reason=REASON)


def test_the_privacy_officer_closes_the_review(bob, child, privacy_officer):
    grant = access_services.breakglass_open(actor=bob, person_id=child.pk, reason=REASON)
    with pytest.raises(access_services.AccessRequestError, match="what was wrong"):
        access_services.breakglass_review(actor=privacy_officer, grant_id=grant.pk, justified=False, notes="")
    access_services.breakglass_review(actor=privacy_officer, grant_id=grant.pk, justified=True, notes="")
    grant.refresh_from_db()
    assert grant.review == BreakGlassGrant.Review.JUSTIFIED
    assert privacy_selectors.breakglass_queue(actor=privacy_officer) == []
    with pytest.raises(access_services.AccessRequestError, match="already been reviewed"):
        access_services.breakglass_review(actor=privacy_officer, grant_id=grant.pk, justified=True, notes="")


def test_a_social_worker_cannot_review(alice, bob, child):
    grant = access_services.breakglass_open(actor=bob, person_id=child.pk, reason=REASON)
    with pytest.raises(access_services.AccessDenied):
        access_services.breakglass_review(actor=alice, grant_id=grant.pk, justified=True, notes="")


def test_a_review_open_after_five_working_days_escalates_to_the_site_manager(bob, child, site_manager):
    bob.site = site_manager.site
    bob.save(update_fields=["site"])
    # Friday 20 November 2026: 5 working days later is Friday 27 November.
    granted = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
    grant = BreakGlassGrant.objects.create(
        user=bob,
        person=child,
        reason=REASON,
        granted_at=granted,
        expires_at=granted + dt.timedelta(hours=1),
        review_due_on=dt.date(2026, 11, 27),
    )
    assert access_services.breakglass_escalate_overdue(today=dt.date(2026, 11, 27)) == 0
    assert access_services.breakglass_escalate_overdue(today=dt.date(2026, 11, 30)) == 1
    grant.refresh_from_db()
    assert grant.escalated_to == site_manager
    assert Notification.objects.filter(user=site_manager, text__contains="overdue").exists()
    assert AuditEvent.objects.filter(
        action="breakglass.escalate", actor_id__isnull=True, subject_ids=f"[{grant.pk}]"
    ).exists()
    assert [i.id for i in privacy_selectors.breakglass_queue(actor=site_manager)] == [grant.pk]
    assert access_services.breakglass_escalate_overdue(today=dt.date(2026, 12, 1)) == 0  # once only


def test_the_review_due_date_counts_working_days(bob, child):
    grant = access_services.breakglass_open(actor=bob, person_id=child.pk, reason=REASON)
    from tiaki.timeframes.working_days import add_working_days

    assert grant.review_due_on == add_working_days(timezone.localdate(grant.granted_at), 5)
    assert scoping.person_decision(bob, child.pk).via_break_glass


def test_the_escalation_job_runs_as_a_command(bob, child, site_manager, capsys):
    from django.core.management import call_command

    granted = timezone.now() - dt.timedelta(days=30)
    BreakGlassGrant.objects.create(
        user=bob, person=child, reason=REASON, granted_at=granted, expires_at=granted + dt.timedelta(hours=1),
        review_due_on=timezone.localdate() - dt.timedelta(days=1),
    )  # fmt: skip
    call_command("breakglass_escalate")
    assert "Escalated 1 overdue break-glass review." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("reason", "minutes", "code"),
    [("", 60, "reason_missing"), ("because", 60, "reason_too_short"), (REASON, 61, "duration_invalid")],
)
def test_it_audits_a_request_that_is_not_well_made_with_its_code(bob, child, reason, minutes, code):
    with pytest.raises(access_services.AccessRequestError):
        access_services.breakglass_open(actor=bob, person_id=child.pk, reason=reason, minutes=minutes)
    refused = AuditEvent.objects.filter(actor_id=bob.pk, outcome="refused").get()
    assert (refused.action, refused.reason, refused.subject_ids) == ("breakglass.open", code, f"[{child.pk}]")
    # A code, not what was typed (a reason can name people).
    assert refused.relationship == ""


def test_it_audits_an_attempt_on_ones_own_record_as_own_record(bob, child):
    StaffSubjectLink.objects.create(user=bob, person=child, kind=StaffSubjectLink.Kind.SELF, recorded_by=bob)
    with pytest.raises(access_services.AccessRequestError, match="not available for that person number"):
        access_services.breakglass_open(actor=bob, person_id=child.pk, reason=REASON)
    assert list(AuditEvent.objects.filter(actor_id=bob.pk).values_list("reason", flat=True)) == ["own_record"]


def test_trainees_and_the_uninducted_are_refused_and_audited(site, child):
    trainee = inducted(UserFactory(username="t", role=Role.TRAINEE, site=site))
    new = UserFactory(username="n", role=Role.SOCIAL_WORKER, site=site)
    for actor, code in ((trainee, "permission_missing"), (new, "induction_incomplete")):
        with pytest.raises(access_services.AccessDenied):
            access_services.breakglass_open(actor=actor, person_id=child.pk, reason=REASON)
        assert list(AuditEvent.objects.filter(actor_id=actor.pk).values_list("action", "reason")) == [
            ("breakglass.open", code)
        ]


def test_reviewing_ones_own_grant_is_refused_and_audited(site_manager, child):
    grant = access_services.breakglass_open(actor=site_manager, person_id=child.pk, reason=REASON)
    with pytest.raises(access_services.AccessRequestError, match="your own"):
        access_services.breakglass_review(actor=site_manager, grant_id=grant.pk, justified=True, notes="")
    refused = AuditEvent.objects.filter(actor_id=site_manager.pk, outcome="refused").get()
    assert (refused.action, refused.reason) == ("breakglass.review", "own_record")


def test_revoking_a_sealed_grant_that_does_not_exist_is_a_plain_error(privacy_officer):
    with pytest.raises(access_services.AccessRequestError, match="no such grant"):
        access_services.sealed_revoke(actor=privacy_officer, grant_id=987654)
