from __future__ import annotations

import contextlib
import hashlib

import pytest
from django.db import transaction
from django.db.transaction import TransactionManagementError

from tiaki import audit
from tiaki.audit.actions import AuditAction, Outcome
from tiaki.audit.chain import GENESIS_HASH
from tiaki.audit.context import RequestContext, request_context
from tiaki.audit.models import AuditChainHead, AuditEvent, AuditSubject
from tiaki.audit.tests.chain_fixtures import head_seq
from tiaki.staff.models import Site
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_request():
    token = request_context.set(RequestContext("req-7f3a", "192.0.2.10"))
    yield
    request_context.reset(token)


def test_it_writes_one_event_with_the_request_id_and_address(in_request):
    alice = UserFactory(username="alice")
    before = head_seq()

    event = audit.record(
        actor=alice,
        action=AuditAction.PERSON_READ,
        subject_type="person",
        subject_ids=[42, 7, 42],
        relationship="allocated-case:12",
    )

    assert head_seq() == before + 1
    stored = AuditEvent.objects.get(seq=before + 1)
    assert stored.pk == event.pk
    assert (stored.actor_id, stored.actor_role) == (alice.pk, alice.role)
    assert (stored.action, stored.outcome) == ("person.read", "allowed")
    assert stored.relationship == "allocated-case:12"
    assert stored.subject_ids == "[7,42]"
    assert (stored.request_id, stored.client_address) == ("req-7f3a", "192.0.2.10")
    subjects = AuditSubject.objects.filter(event=stored).order_by("subject_id")
    assert [(s.subject_type, s.subject_id) for s in subjects] == [("person", 7), ("person", 42)]


def test_it_records_a_refusal_with_its_reason_and_a_system_actor():
    event = audit.record(
        actor=None, action=AuditAction.PERSON_READ, outcome=Outcome.REFUSED, reason="induction_incomplete"
    )

    stored = AuditEvent.objects.get(seq=event.seq)
    assert (stored.actor_id, stored.actor_role) == (None, "system")
    assert (stored.outcome, stored.reason) == ("refused", "induction_incomplete")
    assert (stored.request_id, stored.client_address) == ("", None)
    assert not AuditSubject.objects.filter(event=stored).exists()


def test_it_chains_each_hash_to_the_one_before():
    first = audit.record(actor=None, action=AuditAction.PERSON_SEARCH)
    second = audit.record(actor=None, action=AuditAction.PERSON_READ, subject_type="person", subject_ids=[5])

    assert second.seq == first.seq + 1
    assert second.prev_hash == first.hash
    if first.seq == 1:
        assert first.prev_hash == GENESIS_HASH
    assert AuditChainHead.objects.get(pk=1).last_hash == second.hash
    # The hash is SHA-256 over the documented serialisation (tiaki.audit.chain).
    stored = AuditEvent.objects.get(seq=second.seq)
    text = "\x1f".join(
        [
            str(stored.seq),
            stored.occurred_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "",
            "system",
            "person.read",
            "allowed",
            "",
            "",
            "person",
            "[5]",
            "",
            "",
            first.hash,
        ]
    )
    assert stored.hash == hashlib.sha256(text.encode()).hexdigest()


def test_it_hashes_an_ipv6_address_in_one_form():
    token = request_context.set(RequestContext("r", "2001:db8::1"))
    try:
        event = audit.record(actor=None, action=AuditAction.PERSON_SEARCH)
    finally:
        request_context.reset(token)

    assert AuditEvent.objects.get(seq=event.seq).client_address == "2001:db8::1"
    from tiaki.audit.verify import verify_chain

    assert verify_chain().ok


@pytest.fixture
def broken_append(monkeypatch):
    """Make the insert fail on either backend's path (the ORM on SQLite, the
    single-call function on PostgreSQL)."""

    def broken_insert(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(AuditEvent, "save", broken_insert)
    monkeypatch.setattr("tiaki.audit.services._append_postgres", broken_insert)


@pytest.mark.usefixtures("broken_append")
def test_it_rolls_back_the_callers_work_when_the_append_fails():
    before = head_seq()

    def create_site_and_audit() -> None:
        with transaction.atomic():
            Site.objects.create(name="Ōtara", region="Tāmaki Makaurau")
            audit.record(actor=None, action=AuditAction.PERSON_CREATE, subject_type="person", subject_ids=[1])

    with pytest.raises(RuntimeError, match="disk full"):
        create_site_and_audit()

    assert not Site.objects.filter(name="Ōtara").exists()
    assert head_seq() == before


@pytest.mark.usefixtures("broken_append")
def test_it_lets_no_caller_commit_after_swallowing_an_append_failure():
    def swallow_the_failure_and_carry_on() -> None:
        with transaction.atomic():
            Site.objects.create(name="Ōtara", region="Tāmaki Makaurau")
            with contextlib.suppress(RuntimeError):
                audit.record(actor=None, action=AuditAction.PERSON_CREATE)
            Site.objects.create(name="Manukau", region="Tāmaki Makaurau")

    with pytest.raises(TransactionManagementError):
        swallow_the_failure_and_carry_on()

    assert not Site.objects.filter(name__in=["Ōtara", "Manukau"]).exists()


def test_it_refuses_an_unknown_action_or_control_characters():
    before = head_seq()

    with pytest.raises(ValueError, match=r"person\.peek"):
        audit.record(actor=None, action="person.peek")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="control characters"):
        audit.record(actor=None, action=AuditAction.PERSON_READ, reason="a\x1fb")
    with pytest.raises(ValueError, match="subject_type"):
        audit.record(actor=None, action=AuditAction.PERSON_READ, subject_ids=[1])

    assert head_seq() == before


def test_only_the_benchmark_can_suspend_auditing():
    """The switch is the bench package's (tiaki/bench/tests/test_unaudited.py
    proves it works there); from anywhere else it refuses and writes go on."""
    from tiaki.audit import services
    from tiaki.bench.unaudited import suspended_for_benchmark

    before = head_seq()
    with pytest.raises(RuntimeError, match="only by the benchmark"), suspended_for_benchmark():
        pass
    with pytest.raises(RuntimeError, match="only by the benchmark"):
        services._suspend_for_benchmark()
    audit.record(actor=None, action=AuditAction.PERSON_READ)

    assert head_seq() == before + 1
    assert not hasattr(audit, "suspended_for_benchmark")
