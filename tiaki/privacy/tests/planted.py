"""Audit events at chosen times, for the monitoring tests: appended to the
chain as record() would (hashed, linked, the head moved), but with
``occurred_at`` given, since record() stamps its own clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from tiaki.audit.actions import AuditAction, Outcome
from tiaki.audit.chain import event_hash, format_subject_ids, format_time
from tiaki.audit.models import AuditChainHead, AuditEvent, AuditSubject
from tiaki.audit.services import HEAD_PK
from tiaki.staff.models import User


@dataclass(frozen=True)
class Ev:
    at: dt.datetime
    actor: User
    person: int | None
    action: AuditAction = AuditAction.PERSON_READ
    outcome: Outcome = Outcome.ALLOWED
    reason: str = ""
    relationship: str = ""


def read(at: dt.datetime, actor: User, person: int, **kw) -> Ev:
    return Ev(at, actor, person, **kw)


def refused(at: dt.datetime, actor: User, person: int, reason: str = "no_relationship", **kw) -> Ev:
    return Ev(at, actor, person, outcome=Outcome.REFUSED, reason=reason, **kw)


def plant(events: Iterable[Ev]) -> list[int]:
    """Append the events in time order; returns their seqs."""
    # One transaction holding the head lock, as record() appends: a live-server
    # test runs outside any (PostgreSQL refuses SELECT ... FOR UPDATE there).
    with transaction.atomic():
        seqs = []
        head = AuditChainHead.objects.select_for_update().get(pk=HEAD_PK)
        seq, prev = head.last_seq, head.last_hash
        for ev in sorted(events, key=lambda e: e.at):
            seq += 1
            ids = [ev.person] if ev.person is not None else []
            text_ids = format_subject_ids(ids)
            subject_type = "person" if ids else ""
            fields = (str(seq), format_time(ev.at), str(ev.actor.pk), ev.actor.role, ev.action.value, ev.outcome.value,
                      ev.reason, ev.relationship, subject_type, text_ids, "", "", prev)  # fmt: skip
            digest = event_hash(fields)
            event = AuditEvent(seq=seq, occurred_at=ev.at, actor_id=ev.actor.pk, actor_role=ev.actor.role,
                               action=ev.action.value, outcome=ev.outcome.value, reason=ev.reason,
                               relationship=ev.relationship, subject_type=subject_type, subject_ids=text_ids,
                               request_id="", client_address=None, prev_hash=prev, hash=digest)  # fmt: skip
            event.save(force_insert=True)
            for pid in ids:
                AuditSubject.objects.create(event=event, subject_type="person", subject_id=pid)
            prev = digest
            seqs.append(seq)
        AuditChainHead.objects.filter(pk=HEAD_PK).update(last_seq=seq, last_hash=prev)
        return seqs
