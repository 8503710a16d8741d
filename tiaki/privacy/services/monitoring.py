"""Access monitoring's writes: the rules' thresholds (policy data, changed
by privacy officers), the watched records (records in the news), and the
triage of an alert. The pass itself is tiaki.privacy.monitoring.

Bad input is a MonitoringError naming the field: nothing saved, the attempt
audited as a refusal (THRESHOLD_INVALID for a rule, PRIVACY_INCIDENT_INVALID
for a triage or a watched record). Every change posts back the version it
saw (StaleMonitoring: 409, nothing saved). A triage as a near miss or a
breach puts an incident on the register in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from tiaki.access import Permission, scoping
from tiaki.access.enforcement import refusal_record, refuse
from tiaki.access.ids import record_id
from tiaki.access.paths import service, writing
from tiaki.audit.actions import AuditAction
from tiaki.people.models import Person
from tiaki.privacy import reasons
from tiaki.privacy.models import (
    AccessAlert,
    IncidentAuditLink,
    MonitoringRule,
    PrivacyIncident,
    WatchedRecord,
)
from tiaki.privacy.monitoring.describe import alert_describe
from tiaki.privacy.references import new_incident_reference
from tiaki.privacy.services.monitoring_pass.defaults import rules_ensure
from tiaki.staff.models import User

__all__ = [
    "MonitoringError",
    "StaleMonitoring",
    "alert_triage",
    "monitoring_rule_update",
    "watched_record_add",
    "watched_record_remove",
]

MAX_NOTE = 5_000
MAX_REASON = 300
#: Rules whose threshold counts over a window (the others look at one NZ day or one event).
FACTOR_RULES = (MonitoringRule.Code.VOLUME,)
DAY_RULES = (MonitoringRule.Code.OUT_OF_HOURS,)


class MonitoringError(ValueError):
    """Nothing saved, the attempt audited. ``field``: the input at fault;
    ``reason``: the refusal code it was audited with."""

    def __init__(self, message: str, field: str, reason: str = reasons.PRIVACY_INCIDENT_INVALID) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.reason = reason


class StaleMonitoring(MonitoringError):  # noqa: N818 - reads as what happened
    def __init__(self, message: str = "Someone else changed this since you opened it: nothing was saved. "
                 "Look again and try once more.") -> None:  # fmt: skip
        super().__init__(message, "version", reasons.PRIVACY_STALE)


def _refused(actor: User, exc: MonitoringError, action: AuditAction, subject_type: str, ids: list[int]) -> None:
    refusal_record(actor, exc.reason, action=action, subject_type=subject_type, subject_ids=ids)


# -- the rules -----------------------------------------------------------------------------------------------------


def _positive(value: object, field: str, what: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise MonitoringError(f"Enter {what} as a whole number, 1 or more.", field, reasons.THRESHOLD_INVALID) from None
    if number < 1:
        raise MonitoringError(f"{what[0].upper()}{what[1:]} must be 1 or more.", field, reasons.THRESHOLD_INVALID)
    if number > 1_000_000:
        raise MonitoringError(f"{what[0].upper()}{what[1:]} must be under a million.", field,
                              reasons.THRESHOLD_INVALID)  # fmt: skip
    return number


@service(AuditAction.PRIVACY_MONITORING_POLICY_UPDATE, permission=Permission.MONITORING_POLICY_MANAGE)
def monitoring_rule_update(
    *,
    actor: User,
    code: str,
    expected_version: int,
    enabled: bool,
    threshold: object,
    window_minutes: object,
    factor: object = None,
    day_starts: dt.time | None = None,
    day_ends: dt.time | None = None,
    now: dt.datetime | None = None,
) -> MonitoringRule:
    """Change one rule: on or off, its threshold and window, the volume
    rule's factor (above 1), the out-of-hours rule's working day (ends after
    it starts). Takes effect from the next pass."""
    action = AuditAction.PRIVACY_MONITORING_POLICY_UPDATE
    rules_ensure()
    rule = MonitoringRule.objects.filter(code=str(code)).first()
    if rule is None:
        refuse(actor, scoping.NOT_FOUND, action=action, subject_type="monitoring_rule")
    try:
        threshold = _positive(threshold, "threshold", "the threshold")
        window_minutes = _positive(window_minutes, "window_minutes", "the window (minutes)")
        decimal_factor = None
        if rule.code in FACTOR_RULES:
            try:
                decimal_factor = Decimal(str(factor).strip()) if factor not in (None, "") else None
            except InvalidOperation:
                decimal_factor = None
            if decimal_factor is None or not decimal_factor.is_finite() or decimal_factor <= 1:
                raise MonitoringError("The factor must be a number above 1 (for example 3).", "factor",
                                      reasons.THRESHOLD_INVALID)  # fmt: skip
            if decimal_factor >= 1000:
                raise MonitoringError("The factor must be under 1,000.", "factor", reasons.THRESHOLD_INVALID)
            decimal_factor = decimal_factor.quantize(Decimal("0.01"))
        if rule.code in DAY_RULES:
            if day_starts is None:
                raise MonitoringError("Enter when the working day starts.", "day_starts", reasons.THRESHOLD_INVALID)
            if day_ends is None:
                raise MonitoringError("Enter when the working day ends.", "day_ends", reasons.THRESHOLD_INVALID)
            if day_ends <= day_starts:
                raise MonitoringError("The working day must end after it starts.", "day_ends",
                                      reasons.THRESHOLD_INVALID)  # fmt: skip
    except MonitoringError as exc:
        _refused(actor, exc, action, "monitoring_rule", [rule.pk])
        raise
    with writing(actor, subject_type="monitoring_rule", subject_ids=[rule.pk]) as step:
        locked = MonitoringRule.objects.select_for_update().get(pk=rule.pk)
        if locked.version != expected_version:
            step.nothing_done()
            stale = StaleMonitoring()
        else:
            stale = None
            locked.enabled = bool(enabled)
            locked.threshold = threshold
            locked.window_minutes = window_minutes
            if rule.code in FACTOR_RULES:
                locked.factor = decimal_factor
            if rule.code in DAY_RULES:
                locked.day_starts, locked.day_ends = day_starts, day_ends
            locked.updated_by = actor
            locked.updated_at = now or timezone.now()
            locked.version += 1
            locked.save()
    if stale is not None:
        _refused(actor, stale, action, "monitoring_rule", [rule.pk])
        raise stale
    return locked


# -- watched records ------------------------------------------------------------------------------------------------


@service(AuditAction.PRIVACY_MONITORING_POLICY_UPDATE, permission=Permission.MONITORING_POLICY_MANAGE)
def watched_record_add(
    *, actor: User, person_id: object, reason: str, until: dt.date | None = None, now: dt.datetime | None = None
) -> WatchedRecord:
    """Watch a record in the news: reads of it other than through an
    allocation or supervision line raise an alert (the news-record rule)."""
    action = AuditAction.PRIVACY_MONITORING_POLICY_UPDATE
    now = now or timezone.now()
    pid = record_id(str(person_id or "").strip()) if str(person_id or "").strip().isdigit() else 0
    try:
        if not pid or not Person.objects.filter(pk=pid, merged_into__isnull=True).exists():
            raise MonitoringError("Enter the number of a person on the register.", "person_id")
        reason = (reason or "").strip()
        if not reason:
            raise MonitoringError("Say why the record is watched (for example, in the news this week).", "reason")
        if len(reason) > MAX_REASON:
            raise MonitoringError(f"Keep the reason under {MAX_REASON} characters.", "reason")
        if until is not None and until < timezone.localdate(now):
            raise MonitoringError("The date to watch it until must be today or later.", "until")
        if WatchedRecord.objects.filter(person_id=pid, removed_at__isnull=True).exists():
            raise MonitoringError("That record is already watched.", "person_id")
    except MonitoringError as exc:
        _refused(actor, exc, action, "person", [pid] if pid else [])
        raise
    with writing(actor, subject_type="person", subject_ids=[pid]):
        return WatchedRecord.objects.create(person_id=pid, reason=reason, until=until, added_by=actor, added_at=now)


@service(AuditAction.PRIVACY_MONITORING_POLICY_UPDATE, permission=Permission.MONITORING_POLICY_MANAGE)
def watched_record_remove(*, actor: User, watched_id: int, now: dt.datetime | None = None) -> WatchedRecord:
    """Stop watching a record (kept, with when it was removed)."""
    action = AuditAction.PRIVACY_MONITORING_POLICY_UPDATE
    watched = WatchedRecord.objects.filter(pk=record_id(watched_id), removed_at__isnull=True).first()
    if watched is None:
        refuse(actor, scoping.NOT_FOUND, action=action, subject_type="person")
    with writing(actor, subject_type="person", subject_ids=[watched.person_id]):
        watched.removed_at = now or timezone.now()
        watched.save(update_fields=["removed_at"])
    return watched


# -- triage -------------------------------------------------------------------------------------------------------


@service(AuditAction.ACCESS_ALERT_TRIAGE, permission=Permission.ACCESS_ALERT_TRIAGE)
def alert_triage(
    *,
    actor: User,
    alert_id: int,
    expected_version: int,
    outcome: str,
    note: str,
    now: dt.datetime | None = None,
) -> AccessAlert:
    """Decide what an alert was: no concern, a conversation with the person,
    a near miss or a breach (the last two go on the privacy register as an
    incident from monitoring, caused by the alert's staff member, with the
    alert's first and last events linked). A note saying why is required.
    Nobody triages an alert about themselves."""
    action = AuditAction.ACCESS_ALERT_TRIAGE
    alert = AccessAlert.objects.filter(pk=record_id(alert_id)).first()
    if alert is None:
        refuse(actor, scoping.NOT_FOUND, action=action, subject_type="access_alert")
    ids = [alert.pk]
    now = now or timezone.now()
    try:
        if alert.actor_id == actor.pk:
            raise MonitoringError("This alert is about your own access: another privacy officer triages it.",
                                  "alert", reasons.TRIAGE_OWN)  # fmt: skip
        if alert.status != AccessAlert.Status.OPEN or alert.version != expected_version:
            raise StaleMonitoring()
        if outcome not in AccessAlert.Outcome.values:
            raise MonitoringError("Choose what the alert was.", "outcome")
        note = (note or "").strip()
        if not note:
            raise MonitoringError("Say why: a note is needed for every outcome.", "note")
        if len(note) > MAX_NOTE:
            raise MonitoringError(f"Keep the note under {MAX_NOTE:,} characters.", "note")
    except MonitoringError as exc:
        _refused(actor, exc, action, "access_alert", ids)
        raise
    with writing(actor, subject_type="access_alert", subject_ids=ids) as step:
        locked = AccessAlert.objects.select_for_update().get(pk=alert.pk)
        if locked.version != expected_version or locked.status != AccessAlert.Status.OPEN:
            step.nothing_done()
            stale: StaleMonitoring | None = StaleMonitoring()
        else:
            stale = None
            locked.status = AccessAlert.Status.TRIAGED
            locked.outcome = outcome
            locked.triage_note = note
            locked.triaged_by = actor
            locked.triaged_at = now
            locked.version += 1
            if outcome in (AccessAlert.Outcome.NEAR_MISS, AccessAlert.Outcome.BREACH):
                incident = _incident_from(locked, actor=actor, note=note, now=now)
                locked.incident = incident
                step.also(
                    AuditAction.PRIVACY_INCIDENT_REPORT, subject_type="privacy_incident", subject_ids=[incident.pk]
                )
            locked.save()
    if stale is not None:
        _refused(actor, stale, action, "access_alert", ids)
        raise stale
    return locked


def _incident_from(alert: AccessAlert, *, actor: User, note: str, now: dt.datetime) -> PrivacyIncident:
    staff = User.objects.filter(pk=alert.actor_id).select_related("site").first()
    kind = (
        PrivacyIncident.Kind.BREACH if alert.outcome == AccessAlert.Outcome.BREACH else PrivacyIncident.Kind.NEAR_MISS
    )
    found = alert_describe(alert)
    description = (
        f"Access monitoring alert {alert.pk} ({MonitoringRule.Code(alert.rule).label.lower()}): {found}. "
        f"Triaged by the privacy office as {AccessAlert.Outcome(alert.outcome).label.lower()}: {note}"
    )
    local = timezone.localtime(alert.window_start)
    for _attempt in range(5):  # pragma: no branch - a clash of eight random characters is rare
        try:
            with transaction.atomic():
                incident = PrivacyIncident.objects.create(
                reference=new_incident_reference(), kind=kind, source=PrivacyIncident.Source.MONITORING,
                category=PrivacyIncident.Category.UNAUTHORISED_ACCESS, occurred_on=local.date(),
                occurred_time=local.time().replace(microsecond=0), became_aware_at=now, description=description,
                how_found=PrivacyIncident.HowFound.MONITORING, site=staff.site if staff else None,
                reported_by=actor, reported_at=now, caused_by_id=alert.actor_id, created_at=now, updated_at=now,
                )  # fmt: skip
            break
        except IntegrityError:  # pragma: no cover - the reference was taken
            continue
    for seq in sorted({alert.first_seq, alert.last_seq}):
        IncidentAuditLink.objects.create(incident=incident, event_seq=seq, added_by=actor, added_at=now,
                                         note="The first event behind the access alert" if seq == alert.first_seq
                                         else "The last event behind the access alert")  # fmt: skip
    return incident
