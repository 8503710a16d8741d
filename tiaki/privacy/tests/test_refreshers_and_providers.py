"""Refreshers (the warnings job, the privacy office's page) and providers
(the overdue disposal job, the privacy office's page)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.access.models import INDUCTION_VALID_DAYS, PrivacyInduction
from tiaki.access.roles import Role
from tiaki.disclosure.models import DisposalConfirmation
from tiaki.disclosure.tests.partners_fixtures import TRUST
from tiaki.inbox.models import Notification
from tiaki.jobs.registry import jobs
from tiaki.privacy.selectors.refreshers import refresher_overview
from tiaki.privacy.services.providers import disposal_overdue_notify
from tiaki.privacy.services.refreshers import refresher_warnings_send
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)


def _completed(user, on: dt.date) -> None:
    PrivacyInduction.objects.filter(user=user).update(completed_on=on)


def _lapsing(user, days_left: int, today: dt.date = TODAY) -> dt.date:
    """Make ``user``'s refresher lapse ``days_left`` days after ``today``."""
    due = today + dt.timedelta(days=days_left)
    _completed(user, due - dt.timedelta(days=INDUCTION_VALID_DAYS))
    return due


def _notices(user):
    return list(Notification.objects.filter(user=user, kind=Notification.Kind.REFRESHER_DUE).order_by("pk"))


def test_the_jobs_are_scheduled():
    scheduled = {job.name: job for job in jobs()}
    assert scheduled["privacy.refreshers"].cron == "0 6 * * *"
    assert scheduled["privacy.disposal_overdue"].cron == "30 7 * * *"


def test_each_warning_is_sent_once_at_30_and_7_days_and_on_the_day(alice, bob, charlie, site_manager,
                                                                     supervisor, privacy_officer):  # fmt: skip
    for user in (bob, charlie, site_manager, supervisor, privacy_officer):
        _lapsing(user, 200)
    due = _lapsing(alice, 30)
    assert refresher_warnings_send(today=TODAY) == 1
    assert refresher_warnings_send(today=TODAY) == 0
    (first,) = _notices(alice)
    assert f"due by {due.day} {due:%B %Y} (30 days from now)" in first.text
    assert "Tūī" not in first.email_text
    assert refresher_warnings_send(today=TODAY + dt.timedelta(days=10)) == 0  # 20 days left: nothing new
    assert refresher_warnings_send(today=TODAY + dt.timedelta(days=23)) == 1  # 7 days left
    assert refresher_warnings_send(today=TODAY + dt.timedelta(days=24)) == 0
    assert refresher_warnings_send(today=due) == 1  # the day it lapses
    assert refresher_warnings_send(today=due + dt.timedelta(days=1)) == 0
    texts = [n.text for n in _notices(alice)]
    assert "(7 days from now)" in texts[1]
    assert "suspended until it is recorded" in texts[2]


def test_a_missed_run_sends_only_the_latest_warning(alice):
    _lapsing(alice, 5)
    assert refresher_warnings_send(today=TODAY) == 1
    assert "(5 days from now)" in _notices(alice)[0].text
    assert refresher_warnings_send(today=TODAY + dt.timedelta(days=1)) == 0


def test_a_new_refresher_starts_new_warnings(alice):
    _lapsing(alice, 7)
    refresher_warnings_send(today=TODAY)
    PrivacyInduction.objects.create(user=alice, completed_on=TODAY, course_version="2026.1", recorded_by=alice,
                                    kind=PrivacyInduction.Kind.REFRESHER)  # fmt: skip
    assert refresher_warnings_send(today=TODAY + dt.timedelta(days=1)) == 0
    later = TODAY + dt.timedelta(days=INDUCTION_VALID_DAYS - 30)
    refresher_warnings_send(today=later)
    assert len(_notices(alice)) == 2
    assert "(30 days from now)" in _notices(alice)[1].text


def test_the_refreshers_page_counts_each_site_and_names_the_staff(client, site, alice, bob, privacy_officer):
    today = timezone.localdate()
    _lapsing(alice, -3, today)
    _lapsing(bob, 12, today)
    UserFactory(username="new-trainee", role=Role.TRAINEE, site=site, first_name="Mere", last_name="Kingi")
    client.force_login(privacy_officer)
    page = client.get("/privacy/refreshers/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Lapsed: access suspended (1)" in body
    assert "Due within 30 days (1)" in body
    assert "Never inducted (1)" in body
    assert "Mere Kingi" in body
    overview = refresher_overview(actor=privacy_officer)
    counts = {s.site: s.counts for s in overview.sites}[site.name]
    assert (counts["lapsed"], counts["due"], counts["never"]) == (1, 1, 1)


def test_only_the_privacy_office_sees_the_refreshers_and_providers_pages(client, alice):
    client.force_login(alice)
    assert client.get("/privacy/refreshers/").status_code == 403
    assert client.get("/privacy/reports/").status_code == 403


def test_an_overdue_disposal_tells_the_privacy_office_once(privacy_officer, trust, trust_shares):
    assert disposal_overdue_notify() == 1
    assert disposal_overdue_notify() == 0
    (notice,) = Notification.objects.filter(kind=Notification.Kind.DISPOSAL_OVERDUE)
    assert notice.user == privacy_officer
    assert "P-" in notice.text
    assert TRUST not in notice.email_text
    # A confirmation covering it ends the overdue disposal: nothing more to tell.
    DisposalConfirmation.objects.create(
        organisation=trust, covers_up_to=timezone.localdate(), confirmed_on=timezone.localdate(),
        confirmed_by_name="Hine Walker", recorded_by=privacy_officer, recorded_at=timezone.now(),
    )  # fmt: skip
    assert disposal_overdue_notify() == 0


def test_the_providers_page_summarises_each_organisation(client, privacy_officer, trust, trust_shares):
    client.force_login(privacy_officer)
    page = client.get("/privacy/providers/")
    assert page.status_code == 200
    body = page.content.decode()
    assert TRUST in body
    assert f'href="/partners/{trust.pk}/"' in body
    assert "1 organisation has a disposal confirmation overdue" in body
    assert "AGR-2026-014" in body
    assert "90 days after a share ends" in body
    assert "1 read" in body
    assert "Never confirmed" in body
    assert "Support at kura" not in body


def test_the_privacy_officers_home_links_the_three_pages(client, privacy_officer):
    client.force_login(privacy_officer)
    page = client.get("/").content.decode()
    for href in ("/privacy/reports/", "/privacy/refreshers/", "/privacy/providers/"):
        assert f'href="{href}"' in page
