"""The notice page an email links to, and the email notifications page."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tiaki.access.roles import Role
from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditEvent
from tiaki.inbox.models import EmailPreference, Notification
from tiaki.inbox.services import notification_send
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

K = Notification.Kind


def notice_for(user, about="case", about_id=42) -> Notification:
    notification_send(users=[user], kind=K.CASE_ALLOCATED, text="Case C-000042 is allocated to you.",
                      email_text="A case has been allocated to you.", about=about, about_id=about_id)  # fmt: skip
    return Notification.objects.filter(user=user).latest("pk")


@pytest.fixture
def worker():
    return UserFactory(username="worker", email="worker@agency.example")


@pytest.mark.parametrize(
    ("about", "about_id", "link"),
    [
        ("case", 42, "/cases/42/"),
        ("report", 7, "/intake/reports/7/"),
        ("break-glass-queue", None, "/privacy/break-glass/"),
    ],
)
def test_the_notice_page_marks_it_read_and_goes_on_to_the_record(client, worker, about, about_id, link):
    notice = notice_for(worker, about, about_id)
    client.force_login(worker)
    response = client.get(f"/inbox/{notice.pk}/")
    assert response.status_code == 302
    assert response["Location"] == link
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_someone_elses_notice_is_not_found_and_stays_unread(client, worker):
    notice = notice_for(worker)
    client.force_login(UserFactory(username="colleague"))
    assert client.get(f"/inbox/{notice.pk}/").status_code == 404
    assert client.get(f"/inbox/{notice.pk + 1000}/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_signed_out_the_sign_in_page_brings_them_back_to_the_notice(client, worker):
    notice = notice_for(worker)
    response = client.get(f"/inbox/{notice.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/sign-in/?next=/inbox/{notice.pk}/"
    signed_in = client.post(
        f"/sign-in/?next=/inbox/{notice.pk}/", {"username": "worker", "password": "correct-horse-battery"}
    )
    assert signed_in["Location"] == f"/inbox/{notice.pk}/"
    assert client.get(signed_in["Location"])["Location"] == "/cases/42/"


def test_the_top_bar_offers_email_notifications_to_every_staff_role(client):
    for role in (Role.SOCIAL_WORKER, Role.ADMINISTRATOR, Role.PRIVACY_OFFICER, Role.CONTACT_CENTRE):
        client.force_login(UserFactory(username=f"u-{role}", role=role))
        assert 'href="/inbox/email/">Email notifications</a>' in client.get("/").content.decode()


def test_the_page_shows_the_defaults_and_the_kinds_always_emailed(client, worker):
    client.force_login(worker)
    page = client.get("/inbox/email/").content.decode()
    assert "Email notifications" in page
    assert 'value="case-allocated" checked>' in page
    assert 'value="case-closure-decided">' in page
    assert 'value="child-unsafe-now" checked disabled' in page
    # A social worker is sent a child unsafe now, not the leaders' escalations.
    assert page.count("Always emailed: someone needs to act on it now.") == 1
    assert "no email address" not in page
    assert 'value="report-approval"' not in page
    assert 'value="breakglass-review"' not in page


def test_each_role_is_offered_only_the_kinds_it_is_sent(client):
    officer = UserFactory(username="officer", role=Role.PRIVACY_OFFICER, email="po@agency.example")
    client.force_login(officer)
    page = client.get("/inbox/email/").content.decode()
    assert 'value="breakglass-review" checked>' in page
    assert 'value="breakglass-overdue" checked disabled' in page
    assert 'value="case-allocated"' not in page
    assert 'value="child-unsafe-now"' not in page
    # A kind the page does not offer this role, sent by hand: refused, nothing saved.
    response = client.post("/inbox/email/", {"emailed": ["case-allocated"]})
    assert response.status_code == 400
    assert not EmailPreference.objects.filter(user=officer).exists()


def test_saving_choices_keeps_them_and_is_audited(client, worker):
    client.force_login(worker)
    response = client.post("/inbox/email/", {"emailed": ["case-closure-decided", "report-allocated"]})
    assert response.status_code == 302
    chosen = dict(EmailPreference.objects.filter(user=worker).values_list("kind", "emailed"))
    assert chosen["case-closure-decided"] is True
    assert chosen["case-allocated"] is False
    assert "child-unsafe-now" not in chosen
    event = AuditEvent.objects.get(action=AuditAction.EMAIL_PREFERENCES_UPDATE)
    assert (event.actor_id, event.subject_type, event.subject_ids) == (worker.pk, "user", f"[{worker.pk}]")
    page = client.get("/inbox/email/").content.decode()
    assert "Your choices are saved." in page
    assert 'value="case-allocated">' in page
    assert 'value="case-closure-decided" checked>' in page


def test_a_kind_the_page_does_not_offer_is_a_form_error_and_changes_nothing(client, worker):
    client.force_login(worker)
    response = client.post("/inbox/email/", {"emailed": ["everything"]})
    assert response.status_code == 400
    assert "Choose from the kinds of notice listed." in response.content.decode()
    assert not EmailPreference.objects.exists()


def test_the_page_says_when_the_account_has_no_address(client):
    client.force_login(UserFactory(username="no-address", email=""))
    assert "no email address" in client.get("/inbox/email/").content.decode()


def test_opening_a_notice_twice_keeps_the_first_reading(client, worker):
    notice = notice_for(worker)
    client.force_login(worker)
    client.get(f"/inbox/{notice.pk}/")
    notice.refresh_from_db()
    first = notice.read_at
    client.get(f"/inbox/{notice.pk}/")
    notice.refresh_from_db()
    assert notice.read_at == first
    assert first <= timezone.now()
