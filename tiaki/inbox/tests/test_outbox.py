"""The outbox against a real SMTP server on loopback (conftest.smtp_server):
what an email says, who gets one, and that a mail server that is away
delays email but loses none."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from tiaki.inbox import jobs, outbox
from tiaki.inbox import services as inbox
from tiaki.inbox.models import EmailPreference, Notification
from tiaki.inbox.tests.test_email_texts import personal
from tiaki.jobs.registry import job
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

K = Notification.Kind
PENDING, SENT = Notification.EmailStatus.PENDING, Notification.EmailStatus.SENT


def later(minutes: float) -> dt.datetime:
    """A moment after every notice made so far is due (each is due when it is made)."""
    return timezone.now() + dt.timedelta(minutes=minutes)


def send(users, kind=K.CASE_ALLOCATED, *, urgent=False, email_text="A case has been allocated to you."):
    inbox.notification_send(
        users=users, kind=kind, text="Case C-000042 is allocated to you.", email_text=email_text,
        about="case", about_id=42, urgent=urgent,
    )  # fmt: skip
    return list(Notification.objects.filter(user__in=users).order_by("-pk")[: len(users)])


def subject(message) -> str:
    """The subject as a mail client shows it (a long one is folded over lines)."""
    return " ".join(str(message["Subject"]).split())


@pytest.fixture
def worker():
    return UserFactory(username="worker", email="worker@agency.example", first_name="Tūī", last_name="Herewini")


def test_the_email_gives_the_reason_and_the_link_and_nothing_personal(smtp_server, worker):
    (notice,) = send([worker])
    assert notice.email_status == PENDING

    assert jobs.email_send() == "Sent 1 email(s); 0 waiting for the mail server"

    (message,) = smtp_server.messages
    assert subject(message) == "Tiaki: A case has been allocated to you"
    assert message["To"] == "worker@agency.example"
    assert message["From"] == "Tiaki <tiaki@agency.example>"
    body = message.get_content()
    assert "A case has been allocated to you." in body
    assert f"https://tiaki.agency.example/inbox/{notice.pk}/" in body
    assert "https://tiaki.agency.example/inbox/email/" in body
    for part in (message["Subject"], body):
        assert not personal(part)
        assert "C-000042" not in part
        assert "worker" not in part.replace("worker@agency.example", "")
    notice.refresh_from_db()
    assert notice.email_status == SENT
    assert notice.email_sent_at is not None


def test_a_second_run_sends_nothing_again(smtp_server, worker):
    send([worker])
    outbox.emails_send(now=later(1))
    assert outbox.emails_send(now=later(2)) == outbox.Outcome(sent=0, waiting=0)
    assert len(smtp_server.messages) == 1


def test_a_kind_turned_off_is_not_emailed_and_one_turned_on_is(smtp_server, worker):
    inbox.email_preferences_update(actor=worker, emailed=[K.CASE_CLOSURE_DECIDED])
    (allocated,) = send([worker], K.CASE_ALLOCATED)
    send([worker], K.CASE_CLOSURE_DECIDED, email_text="A supervisor has approved closing your case.")
    outbox.emails_send(now=later(1))
    assert [subject(m) for m in smtp_server.messages] == ["Tiaki: A supervisor has approved closing your case"]
    allocated.refresh_from_db()
    assert allocated.email_status == Notification.EmailStatus.NONE


def test_defaults_email_allocations_and_approvals_but_not_every_kind(worker):
    (allocated,) = send([worker], K.CASE_ALLOCATED)
    (decided,) = send([worker], K.CASE_CLOSURE_DECIDED, email_text="A supervisor has approved closing your case.")
    assert (allocated.email_status, decided.email_status) == (PENDING, Notification.EmailStatus.NONE)


def test_urgent_notices_and_escalations_are_emailed_even_when_turned_off(smtp_server, worker):
    inbox.email_preferences_update(actor=worker, emailed=[])
    # A stored "no" for an always-emailed kind (none is stored by the page) changes nothing either.
    EmailPreference.objects.create(user=worker, kind=K.REPORT_ESCALATED, emailed=False)
    send([worker], K.CHILD_UNSAFE_NOW, urgent=True, email_text="A report at Ōtautahi says a child is unsafe right now.")
    send([worker], K.REPORT_ESCALATED, email_text="A report at Ōtautahi is due in 2 hours and has no response yet.")
    send([worker], K.CASE_ALLOCATED, urgent=True)
    send([worker], K.REPORT_ALLOCATED, email_text="A report of concern has been allocated to you.")
    outbox.emails_send(now=later(1))
    assert sorted(subject(m) for m in smtp_server.messages) == [
        "Tiaki: A case has been allocated to you",
        "Tiaki: A report at Ōtautahi is due in 2 hours and has no response yet",
        "Tiaki: A report at Ōtautahi says a child is unsafe right now",
    ]


def test_nobody_without_an_address_or_switched_off_is_emailed(worker):
    nobody = UserFactory(username="no-address", email="")
    gone = UserFactory(username="gone", email="gone@agency.example", is_active=False)
    notices = send([worker, nobody, gone], K.CHILD_UNSAFE_NOW, urgent=True, email_text="A child is unsafe now.")
    assert {n.user.username: n.email_status for n in notices} == {"worker": PENDING, "no-address": "", "gone": ""}


def test_the_job_is_asked_to_run_when_the_notice_commits(worker, monkeypatch, django_capture_on_commit_callbacks):
    asked: list[str] = []
    monkeypatch.setattr(inbox, "run_soon", asked.append)
    with django_capture_on_commit_callbacks(execute=True):
        send([worker])
    assert asked == ["inbox.email_send"]
    with django_capture_on_commit_callbacks(execute=True):
        send([UserFactory(username="no-address", email="")])
    assert asked == ["inbox.email_send"]


def test_an_email_text_with_a_reference_or_none_is_refused(worker):
    with pytest.raises(ValueError, match="names no record"):
        send([worker], email_text="Case C-000042 is allocated to you.")
    with pytest.raises(ValueError, match="needs an email_text"):
        send([worker], email_text="  ")


def test_a_mail_server_that_is_away_delays_email_and_loses_none(smtp_server, worker):
    other = UserFactory(username="other", email="other@agency.example")
    notices = send([worker, other])
    smtp_server.stop()
    start = later(1)

    attempts_at = start
    for attempts, wait in enumerate((1, 2, 4, 8, 16, 30, 30), start=1):
        assert outbox.emails_send(now=attempts_at) == outbox.Outcome(sent=0, waiting=2)
        for notice in notices:
            notice.refresh_from_db()
            assert (notice.email_status, notice.email_attempts) == (PENDING, attempts)
            assert notice.email_next_attempt_at == attempts_at + dt.timedelta(minutes=wait)
        # Not yet due: nobody tries, nothing changes.
        assert outbox.emails_send(now=attempts_at + dt.timedelta(minutes=wait, seconds=-1)).sent == 0
        attempts_at += dt.timedelta(minutes=wait)
    assert notices[0].email_attempts == 7

    smtp_server.start()
    assert outbox.emails_send(now=attempts_at) == outbox.Outcome(sent=2, waiting=0)
    assert outbox.emails_send(now=attempts_at + dt.timedelta(hours=1)).sent == 0
    assert sorted(m["To"] for m in smtp_server.messages) == ["other@agency.example", "worker@agency.example"]


def test_the_back_off_doubles_to_half_an_hour():
    assert [outbox.back_off(n).total_seconds() / 60 for n in range(1, 9)] == [1, 2, 4, 8, 16, 30, 30, 30]
    assert outbox.back_off(10_000) == dt.timedelta(minutes=30)  # a week of a server away


def test_an_email_claimed_by_a_worker_that_died_is_sent_after_the_lease(smtp_server, worker):
    (notice,) = send([worker])
    now = later(1)
    claimed = outbox._claim(now)  # a worker took it, then was killed before sending
    assert claimed is not None
    assert claimed.pk == notice.pk
    assert outbox.emails_send(now=now).sent == 0
    assert outbox.emails_send(now=now + outbox.LEASE).sent == 1


def test_the_job_is_declared_every_minute():
    declared = job("inbox.email_send")
    assert declared.cron == "* * * * *"
    assert declared.late_after == dt.timedelta(minutes=5)
    assert declared.function is jobs.email_send


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks (skip_locked) are PostgreSQL's")
def test_two_workers_at_once_send_each_email_once(smtp_server):
    users = [UserFactory(username=f"w{i}", email=f"w{i}@agency.example") for i in range(20)]
    send(users)
    now = later(1)
    outcomes: list[outbox.Outcome] = []
    start = threading.Barrier(2)

    def worker_run() -> None:
        try:
            start.wait(timeout=10)
            outcomes.append(outbox.emails_send(now=now))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker_run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(o.sent for o in outcomes) == 20
    recipients = [m["To"] for m in smtp_server.messages]
    assert sorted(recipients) == sorted(u.email for u in users)
    assert Notification.objects.filter(email_status=SENT).count() == 20


def test_the_link_is_to_the_notice_page():
    assert re.fullmatch(r"/inbox/\d+/", outbox.notice_page(7))
