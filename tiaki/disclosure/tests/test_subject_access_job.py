"""The due-date job (disclosure.subject_access_due): open requests due
within 3 working days or overdue tell their reviewer (or every privacy
officer when there is none), by reference only, once a day."""

from __future__ import annotations

import datetime as dt

import pytest

from tiaki.disclosure.models import SubjectAccessRequest
from tiaki.disclosure.services.subject_access.requests import access_request_create, access_requests_due_notify
from tiaki.inbox.links import notice_url
from tiaki.inbox.models import Notification

pytestmark = pytest.mark.django_db


def _received(actor, person, day: dt.date) -> SubjectAccessRequest:
    return access_request_create(
        actor=actor, person_id=person.pk, requester_kind="care_experienced", asked_for="My file", received_on=day,
        now=dt.datetime(2026, 12, 3, tzinfo=dt.UTC),
    )  # fmt: skip


def test_it_tells_the_reviewer_of_a_request_due_within_three_working_days(privacy_officer, privacy_lead, care_leaver):
    request = _received(privacy_officer, care_leaver.person, dt.date(2026, 11, 2))  # due Monday 30 November
    SubjectAccessRequest.objects.filter(pk=request.pk).update(reviewer=privacy_lead)
    assert access_requests_due_notify(today=dt.date(2026, 11, 24)) == 0  # 4 working days ahead
    assert access_requests_due_notify(today=dt.date(2026, 11, 25)) == 1  # 3 working days ahead
    notice = Notification.objects.get()
    assert notice.user == privacy_lead
    assert notice.kind == Notification.Kind.SUBJECT_ACCESS_DUE
    assert notice.text == f"Subject access request {request.reference} is due Monday 30 November 2026."
    assert "Manaia" not in notice.text
    assert "SAR-" not in notice.email_text
    assert notice_url(notice) == f"/subject-access/{request.pk}/"


def test_it_sends_once_a_day_and_again_the_next_day_while_overdue(privacy_officer, privacy_lead, care_leaver):
    request = _received(privacy_officer, care_leaver.person, dt.date(2026, 11, 2))
    assert access_requests_due_notify(today=dt.date(2026, 12, 2)) == 1
    assert access_requests_due_notify(today=dt.date(2026, 12, 2)) == 0  # a retry the same day sends nothing
    # No reviewer: every privacy officer hears of it.
    assert set(Notification.objects.values_list("user_id", flat=True)) == {privacy_officer.pk, privacy_lead.pk}
    assert Notification.objects.filter(text__contains="is overdue").count() == 2
    assert request.reference in Notification.objects.first().text


def test_it_leaves_closed_requests_alone(privacy_officer, access_request):
    SubjectAccessRequest.objects.filter(pk=access_request.pk).update(status=SubjectAccessRequest.Status.WITHDRAWN)
    assert access_requests_due_notify(today=access_request.due_on) == 0
