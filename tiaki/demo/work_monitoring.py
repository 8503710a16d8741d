"""The demo's access monitoring (issue 17): alerts for the privacy office
to triage, raised by a real pass over planted events (ids only).

- A generated social worker (not a demo sign-in) asks for 120 person ids in
  a few seconds, every one refused: the pass raises two open alerts, many
  refused reads and many different records in a short time.
- Another tries a sealed record once: its alert is triaged by
  ``demo-privacy-lead`` as a conversation with the person.

The events are refusals recorded as the access layer records them
(tiaki.access.enforcement.refusal_record); the pass is
tiaki.privacy.monitoring.monitoring_run. Once only: a second run finds the
alerts and adds nothing."""

from __future__ import annotations

import datetime as dt

from tiaki.access.enforcement import refusal_record
from tiaki.access.roles import Role
from tiaki.access.scoping import NO_RELATIONSHIP, SEALED
from tiaki.audit.actions import AuditAction
from tiaki.people.models import Person
from tiaki.privacy.models import AccessAlert, MonitoringRule
from tiaki.privacy.monitoring import monitoring_run
from tiaki.privacy.services.monitoring import alert_triage
from tiaki.staff.models import User

#: Person ids asked for: more than the enumeration rule's 100.
ASKED = 120


def demo_monitoring_work(*, privacy_lead: User | None, now: dt.datetime | None = None) -> int:
    """Plant the events and run a pass; returns the alerts raised (0 on a second run)."""
    if AccessAlert.objects.filter(rule=MonitoringRule.Code.ENUMERATION_DISTINCT).exists():
        return 0
    staff = list(
        User.objects.filter(role=Role.SOCIAL_WORKER, is_active=True)
        .exclude(username__startswith="demo-")
        .order_by("pk")[:2]
    )
    if len(staff) < 2:
        return 0
    asker, curious = staff
    ids = list(Person.objects.order_by("-pk").values_list("pk", flat=True)[:ASKED])
    for person_id in ids:
        refusal_record(asker, NO_RELATIONSHIP, action=AuditAction.PERSON_READ, subject_type="person",
                       subject_ids=[person_id])  # fmt: skip
    if ids:
        refusal_record(curious, SEALED, action=AuditAction.PERSON_READ, subject_type="person", subject_ids=[ids[-1]])
    run = monitoring_run(kind="incremental", now=now)
    sealed = AccessAlert.objects.filter(rule=MonitoringRule.Code.SEALED_ATTEMPT, actor=curious, status="open").first()
    if sealed is not None and privacy_lead is not None:
        alert_triage(actor=privacy_lead, alert_id=sealed.pk, expected_version=sealed.version, outcome="conversation",
                     note="Talked with them: they opened the wrong record from a search. No information was seen.",
                     now=now)  # fmt: skip
    return run.alerts_raised
