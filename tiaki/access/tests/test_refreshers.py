"""The yearly privacy refresher: an induction or refresher keeps access for
INDUCTION_VALID_DAYS; from the day it lapses, access to information about
people is suspended (REFRESHER_LAPSED) on both decision paths, with the
plain reason, until a refresher is recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from knox.models import AuthToken

from tiaki.access import AccessDenied, scoping
from tiaki.access import services as access_services
from tiaki.access.models import INDUCTION_VALID_DAYS, PrivacyInduction
from tiaki.access.permissions import Permission
from tiaki.access.roles import Role
from tiaki.audit.models import AuditEvent
from tiaki.casework import reach as casework_reach
from tiaki.people import selectors
from tiaki.staff.tests.factories import UserFactory
from tiaki.web.tests.dates import date_parts

pytestmark = pytest.mark.django_db


def _completed(user, days_ago: int) -> dt.date:
    completed = timezone.localdate() - dt.timedelta(days=days_ago)
    PrivacyInduction.objects.filter(user=user).update(completed_on=completed)
    return completed


def test_the_last_day_of_the_year_still_reads_and_the_next_is_refused(alice, child, case):
    _completed(alice, INDUCTION_VALID_DAYS - 1)
    assert scoping.person_decision(alice, child.pk).allowed
    assert scoping.gate(alice, Permission.CASE_READ) is None
    _completed(alice, INDUCTION_VALID_DAYS)
    assert scoping.person_decision(alice, child.pk).reason == scoping.REFRESHER_LAPSED
    assert scoping.gate(alice, Permission.CASE_READ).reason == scoping.REFRESHER_LAPSED
    assert casework_reach.case_decision(alice, case.pk).reason == scoping.REFRESHER_LAPSED


def test_a_lapsed_worker_is_refused_with_the_day_it_was_due_and_audited(alice, child, case):
    completed = _completed(alice, INDUCTION_VALID_DAYS + 31)
    due = completed + dt.timedelta(days=INDUCTION_VALID_DAYS)
    with pytest.raises(AccessDenied) as refused:
        selectors.person_get(actor=alice, person_id=child.pk)
    assert refused.value.reason == "refresher_lapsed"
    message = str(refused.value)
    assert f"was due on {due.day} {due:%B %Y}" in message
    assert "suspended until it is recorded" in message
    assert "Ask your manager or the privacy office to book it." in message
    event = AuditEvent.objects.filter(actor_id=alice.pk).order_by("-seq").first()
    assert (event.action, event.outcome, event.reason) == ("person.read", "refused", "refresher_lapsed")


def test_the_page_and_the_api_say_why(client, alice, child, case):
    _completed(alice, INDUCTION_VALID_DAYS + 3)
    client.force_login(alice)
    page = client.get(f"/people/{child.pk}/")
    assert page.status_code == 403
    assert "yearly privacy refresher was due on" in page.content.decode()
    assert "Te Whare" not in page.content.decode()
    _, token = AuthToken.objects.create(alice)
    api = client.get(f"/api/v1/persons/{child.pk}", HTTP_AUTHORIZATION=f"Token {token}")
    assert api.status_code == 403
    assert api.json()["code"] == "refresher_lapsed"
    assert "refresher was due on" in api.json()["detail"]


def test_someone_never_inducted_is_still_told_about_the_induction(site, child):
    new = UserFactory(username="new", role=Role.SOCIAL_WORKER, site=site)
    assert scoping.person_decision(new, child.pk).reason == scoping.INDUCTION_INCOMPLETE
    assert scoping.gate(new, Permission.CASE_READ).reason == scoping.INDUCTION_INCOMPLETE


def test_recording_a_refresher_restores_access_on_the_next_request(site, alice, child, case):
    admin = UserFactory(username="admin", role=Role.ADMINISTRATOR, site=site)
    _completed(alice, INDUCTION_VALID_DAYS + 10)
    assert not scoping.person_decision(alice, child.pk).allowed
    recorded = access_services.induction_record(
        actor=admin, user=alice, completed_on=timezone.localdate(), kind=PrivacyInduction.Kind.REFRESHER
    )
    assert recorded.kind == "refresher"
    assert scoping.person_decision(alice, child.pk).allowed
    with pytest.raises(access_services.AccessRequestError):
        access_services.induction_record(actor=admin, user=alice, completed_on=timezone.localdate(), kind="course")


def test_a_lapsed_worker_cannot_open_emergency_access(alice, child):
    _completed(alice, INDUCTION_VALID_DAYS + 1)
    with pytest.raises(AccessDenied) as refused:
        access_services.breakglass_open(actor=alice, person_id=child.pk, reason="Police called: the child is at risk.")
    assert refused.value.reason == "refresher_lapsed"
    assert "refresher was due on" in str(refused.value)


def test_the_account_page_records_a_refresher(client, site, alice):
    admin = UserFactory(username="admin", role=Role.ADMINISTRATOR, site=site)
    client.force_login(admin)
    page = client.get(f"/admin/users/{alice.pk}/").content.decode()
    assert "Yearly privacy refresher" in page
    today = timezone.localdate()
    client.post(
        f"/admin/users/{alice.pk}/",
        {
            "form": "induction",
            "induction-kind": "refresher",
            **date_parts("completed_on", today, prefix="induction"),
            "induction-course_version": "2026.1",
        },
    )
    assert PrivacyInduction.objects.filter(user=alice, kind="refresher", completed_on=today).exists()


def test_the_home_page_says_the_refresher_lapsed(client, alice):
    _completed(alice, INDUCTION_VALID_DAYS + 2)
    client.force_login(alice)
    page = client.get("/").content.decode()
    assert "Privacy refresher overdue" in page
    assert "Privacy induction needed" not in page
