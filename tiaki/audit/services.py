"""Appending to the audit trail."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable
from contextvars import ContextVar, Token

from django.conf import settings
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from tiaki.audit.actions import AuditAction, Outcome
from tiaki.audit.chain import canonical_address, event_hash, format_subject_ids, format_time
from tiaki.audit.context import request_context
from tiaki.audit.models import AuditChainHead, AuditEvent, AuditSubject
from tiaki.staff.models import User

HEAD_PK = 1
SYSTEM_ROLE = "system"

# Printable text with no control characters: the hash joins fields with
# U+001F (tiaki.audit.chain), which must not occur inside one.
_TEXT = re.compile(r"[^\x00-\x1f\x7f]*")

# While set, record() writes nothing, in this thread or task only: the
# benchmark's measure of what auditing costs (tiaki.bench.unaudited). A
# context variable rather than a setting, so nothing can switch auditing off
# process-wide; set only through _suspend_for_benchmark.
_benchmark_suspended: ContextVar[bool] = ContextVar("audit_benchmark_suspended", default=False)
_SWITCH = "tiaki.bench.unaudited"


def _suspend_for_benchmark() -> Token[bool]:
    """Suspend record() for the benchmark: only for tiaki.bench.unaudited,
    used from within tiaki.bench, and never in production mode. The access
    guard (tiaki.access.guards.benchmark_switch_offences) fails on any other
    module that names the switch."""
    callers: list[str] = []
    frame = inspect.currentframe()
    frame = frame.f_back if frame is not None else None
    while frame is not None and len(callers) < 2:
        module = frame.f_globals.get("__name__", "")
        if module != "contextlib":
            callers.append(module)
        frame = frame.f_back
    switch, user = (*callers, "", "")[:2]
    if switch != _SWITCH or not user.startswith("tiaki.bench."):
        raise RuntimeError("Auditing can be suspended only by the benchmark (tiaki.bench).")
    if settings.PRODUCTION:
        raise RuntimeError("Auditing cannot be suspended in production mode.")
    return _benchmark_suspended.set(True)


def _resume_after_benchmark(token: Token[bool]) -> None:
    _benchmark_suspended.reset(token)


def record(
    *,
    actor: User | None,
    action: AuditAction,
    outcome: Outcome = Outcome.ALLOWED,
    subject_type: str = "",
    subject_ids: Iterable[int] = (),
    relationship: str = "",
    reason: str = "",
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction: if this
    fails the caller's work rolls back with it (fail closed). ``actor`` None is
    a system job. Ids only: reason and relationship are codes, never values.

    While the benchmark has suspended auditing (tiaki.bench.unaudited) nothing
    is written and the event returned is unsaved.
    """
    action = AuditAction(action)
    outcome = Outcome(outcome)
    id_list = sorted({int(i) for i in subject_ids})
    ids = format_subject_ids(id_list)
    if ids != "[]" and not subject_type:
        raise ValueError("subject_ids need a subject_type.")
    for name, value in (("subject_type", subject_type), ("relationship", relationship), ("reason", reason)):
        if not _TEXT.fullmatch(value):
            raise ValueError(f"{name} must not hold control characters.")
    context = request_context.get()
    if not _TEXT.fullmatch(context.request_id):
        raise ValueError("The request id must not hold control characters.")
    address = canonical_address(context.client_address) if context.client_address else ""
    event = AuditEvent(
        actor_id=actor.pk if actor is not None else None,
        actor_role=actor.role if actor is not None else SYSTEM_ROLE,
        action=action.value,
        outcome=outcome.value,
        reason=reason,
        relationship=relationship,
        subject_type=subject_type,
        subject_ids=ids,
        request_id=context.request_id,
        client_address=address or None,
    )
    if _benchmark_suspended.get():
        if settings.PRODUCTION:
            raise RuntimeError("Auditing cannot be suspended in production mode.")
        return event
    # No savepoint: if the append fails the caller's transaction is marked for
    # rollback, so a caller that catches the error still cannot commit its work.
    with transaction.atomic(savepoint=False):
        connection = transaction.get_connection()
        if connection.vendor == "postgresql":
            return _append_postgres(connection, event, id_list)
        head = AuditChainHead.objects.select_for_update().get(pk=HEAD_PK)
        # Taken after the lock, so occurred_at never goes backwards along the chain.
        event.occurred_at = timezone.now()
        event.seq = head.last_seq + 1
        event.prev_hash = head.last_hash
        event.hash = event_hash(
            (
                str(event.seq),
                format_time(event.occurred_at),
                "" if event.actor_id is None else str(event.actor_id),
                event.actor_role,
                event.action,
                event.outcome,
                reason,
                relationship,
                subject_type,
                ids,
                context.request_id,
                address,
                event.prev_hash,
            )
        )
        event.save(force_insert=True)
        if ids != "[]":
            AuditSubject.objects.bulk_create(
                AuditSubject(event=event, subject_type=subject_type, subject_id=subject_id) for subject_id in id_list
            )
        AuditChainHead.objects.filter(pk=HEAD_PK).update(last_seq=event.seq, last_hash=event.hash)
    return event


def _append_postgres(connection: BaseDatabaseWrapper, event: AuditEvent, id_list: list[int]) -> AuditEvent:
    """One round trip while the chain head is locked (migration 0002's
    tiaki_audit_append): the lock is held until commit, so fewer trips under
    it is what lets concurrent writers through faster."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT out_seq, out_occurred_at, out_prev_hash, out_hash FROM tiaki_audit_append"
            "(%s, %s, %s, %s, %s, %s, %s, %s, %s::bigint[], %s, %s::inet, %s)",
            [
                event.actor_id,
                event.actor_role,
                event.action,
                event.outcome,
                event.reason,
                event.relationship,
                event.subject_type,
                event.subject_ids,
                id_list,
                event.request_id,
                event.client_address,
                event.client_address or "",
            ],
        )
        event.seq, event.occurred_at, event.prev_hash, event.hash = cursor.fetchone()
    # The row exists: later saves of this instance must not try to insert it.
    event._state.adding = False
    event._state.db = connection.alias
    return event
