"""The breach and near-miss register's writes (Privacy Act 2020, Part 6).

Any staff member reports a concern (``incident_report``); a privacy officer
assesses it against the serious-harm factors (``incident_assess``: a
notifiable breach starts the Commissioner's 72-hour clock), records
containment and root cause, actions with owners, links to audit events,
notices to the people affected (a letter through the disclosure pipeline,
guard included, or recorded), that the Commissioner was told, and closes it
once every action is done. Near misses also arrive by themselves
(``near_misses_collect``: the disclosure guard's blocks and refused
emergency access), and the clock's job escalates
(``commissioner_clock_escalate``).

Bad input is an IncidentError naming the field: nothing saved, the attempt
audited as a refusal (tiaki.privacy.reasons). Every change posts back the
``expected_version`` it saw (StaleIncident: 409, nothing saved). A closed
incident is read-only."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from tiaki.access import Permission, scoping
from tiaki.access.enforcement import enforce, refusal_record, refuse
from tiaki.access.ids import record_id
from tiaki.access.paths import service, writing
from tiaki.access.roles import Role
from tiaki.audit.actions import AuditAction, Outcome
from tiaki.audit.models import AuditEvent
from tiaki.disclosure.models import Disclosure, GuardFinding
from tiaki.inbox.models import Notification
from tiaki.inbox.services import notification_send
from tiaki.people.models import Person
from tiaki.privacy import harm, reasons
from tiaki.privacy.models import IncidentAction, IncidentAuditLink, IncidentNotice, IncidentPerson, PrivacyIncident
from tiaki.privacy.models.incidents import COMMISSIONER_HOURS
from tiaki.privacy.references import new_incident_reference
from tiaki.staff.models import User

__all__ = [
    "IncidentError",
    "LetterBlocked",
    "StaleIncident",
    "commissioner_clock_escalate",
    "incident_action_add",
    "incident_action_done",
    "incident_assess",
    "incident_close",
    "incident_commissioner_told",
    "incident_containment",
    "incident_letter_send",
    "incident_link_add",
    "incident_notice_record",
    "incident_report",
    "near_misses_collect",
]

PI = PrivacyIncident
SUBJECT = "privacy_incident"
MAX_TEXT = 10_000
#: The clock warns the privacy office when this little is left (escalation level 1).
WARN_HOURS = 24
#: How far back the near-miss collector looks (a first run is bounded).
LOOK_BACK_DAYS = 400

#: The guard's rule -> the near miss's category (a protected detail, else sent where it should not go).
_GUARD_CATEGORY = {
    "protected_address": PI.Category.PROTECTED_DETAILS,
    "placement_location": PI.Category.PROTECTED_DETAILS,
    "notifier_identity": PI.Category.PROTECTED_DETAILS,
    "other_child": PI.Category.OVER_DISCLOSURE,
    "sensitive": PI.Category.OVER_DISCLOSURE,
    "sealed": PI.Category.WRONG_RECIPIENT,
}


class IncidentError(ValueError):
    """The incident cannot be changed as asked: nothing was saved and the
    attempt was audited. ``field`` names the input at fault, ``reason`` the
    refusal code (tiaki.privacy.reasons) it was audited with."""

    def __init__(self, message: str, field: str, reason: str = reasons.PRIVACY_INCIDENT_INVALID) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.reason = reason
        #: The incident it was about, once known.
        self.incident_id: int | None = None


class StaleIncident(IncidentError):  # noqa: N818 - reads as what happened
    """Someone else changed the incident since the form was opened: nothing was saved."""

    def __init__(self) -> None:
        super().__init__(
            "Someone else changed this incident since you opened it: nothing was saved. "
            "Check what changed and try again.",
            "version",
            reasons.PRIVACY_STALE,
        )


class LetterBlocked(IncidentError):  # noqa: N818 - reads as what happened
    """The disclosure guard stopped the letter: nothing left, the block is itself a near miss."""

    def __init__(self, words: list[str], near_miss: PrivacyIncident | None) -> None:
        super().__init__(
            "The disclosure guard stopped the letter: " + " ".join(words), "body", reasons.PRIVACY_INCIDENT_INVALID
        )
        self.words = words
        self.near_miss = near_miss


def relationship_of(incident_id: int) -> str:
    return f"privacy-incident:{incident_id}"


def _text(value: str | None, field: str, what: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise IncidentError(f"Enter {what}.", field)
    if len(value) > limit:
        raise IncidentError(f"Keep {what} under {limit:,} characters.", field)
    return value


def _refused(actor: User, exc: IncidentError, action: AuditAction, incident_id: int | None = None) -> None:
    refusal_record(actor, exc.reason, action=action, subject_type=SUBJECT if incident_id else "",
                   subject_ids=[incident_id] if incident_id else [],
                   relationship=relationship_of(incident_id) if incident_id else "")  # fmt: skip


def _officers() -> list[User]:
    return list(User.objects.filter(role=Role.PRIVACY_OFFICER, is_active=True).order_by("pk"))


def _create(**fields: object) -> PrivacyIncident:
    """A new incident with a fresh reference (a clash of eight random characters is retried)."""
    for _attempt in range(5):  # pragma: no branch - a clash is rare
        try:
            with transaction.atomic():
                return PrivacyIncident.objects.create(reference=new_incident_reference(), **fields)
        except IntegrityError as exc:  # pragma: no cover - the reference was taken
            if "reference" not in str(exc).lower():
                raise
    raise RuntimeError("No free incident reference.")  # pragma: no cover


@service(AuditAction.PRIVACY_INCIDENT_REPORT, permission=Permission.PRIVACY_CONCERN_REPORT)
def incident_report(
    *,
    actor: User,
    kind: str,
    occurred_on: dt.date | None,
    description: str,
    how_found: str,
    occurred_time: dt.time | None = None,
    whose_information: str = "",
    how_found_detail: str = "",
    action_taken: str = "",
    category: str = "",
    person_ids: Iterable[int] = (),
    now: dt.datetime | None = None,
) -> PrivacyIncident:
    """Report a breach or near miss: the agency became aware now (the
    Commissioner's clock, if it is notifiable, runs from here). The privacy
    officers are told by its reference only."""
    action = AuditAction.PRIVACY_INCIDENT_REPORT
    now = now or timezone.now()
    today = timezone.localdate(now)
    try:
        if kind not in PI.Kind.values:
            raise IncidentError("Choose whether it was a breach or a near miss.", "kind")
        if occurred_on is None:
            raise IncidentError("Enter the date it happened (your best guess if you are not sure).", "occurred_on")
        if occurred_on > today:
            raise IncidentError("The date it happened must be today or in the past.", "occurred_on")
        if occurred_on < today - dt.timedelta(days=3660):
            raise IncidentError("That date is more than ten years ago: check the year.", "occurred_on")
        description = _text(description, "description", "what happened")
        if how_found not in PI.HowFound.values:
            raise IncidentError("Choose how it was found.", "how_found")
        if category and category not in PI.Category.values:
            raise IncidentError("Choose what kind of concern it is.", "category")
        whose_information = _text(whose_information, "whose_information", "whose information it was", required=False)
        how_found_detail = _text(how_found_detail, "how_found_detail", "how it was found", required=False)
        action_taken = _text(action_taken, "action_taken", "what was done already", required=False)
        people = sorted({record_id(p) for p in person_ids})
        if people and Person.objects.filter(pk__in=people).count() != len(people):
            raise IncidentError("One of the person numbers is not on the register.", "person_ids")
    except IncidentError as exc:
        _refused(actor, exc, action)
        raise
    decision = scoping.gate(actor, Permission.PRIVACY_CONCERN_REPORT, induction=False) or scoping.Decision(True)
    with writing(actor, decision=decision, subject_type=SUBJECT) as step:
        incident = _create(
            kind=kind, source=PI.Source.REPORTED, category=category, occurred_on=occurred_on,
            occurred_time=occurred_time, became_aware_at=now, description=description,
            whose_information=whose_information, how_found=how_found, how_found_detail=how_found_detail,
            action_taken=action_taken, site_id=actor.site_id, reported_by=actor, reported_at=now,
            created_at=now, updated_at=now,
        )  # fmt: skip
        IncidentPerson.objects.bulk_create(
            [IncidentPerson(incident=incident, person_id=p, added_by=actor, added_at=now) for p in people]
        )
        _tell_officers(incident, exclude=actor)
        step.subject_ids = [incident.pk]
        step.relationship = relationship_of(incident.pk)
    return incident


def _tell_officers(incident: PrivacyIncident, *, exclude: User | None = None) -> None:
    officers = [u for u in _officers() if exclude is None or u.pk != exclude.pk]
    if not officers:
        return
    what = "breach" if incident.kind == PI.Kind.BREACH else "near miss"
    notification_send(
        users=officers, kind=Notification.Kind.PRIVACY_CONCERN_REPORTED,
        text=f"A privacy {what} was reported: {incident.reference}. Assess it in the privacy register.",
        email_text="A privacy breach or near miss was reported and is waiting in the privacy register.",
        about=Notification.About.PRIVACY_INCIDENT, about_id=incident.pk,
    )  # fmt: skip


def _changed(
    actor: User,
    incident_id: int,
    expected_version: int | None,
    change: Callable[[PrivacyIncident], None],
    *,
    action: AuditAction = AuditAction.PRIVACY_INCIDENT_UPDATE,
    relationship: str = "",
    closed_ok: bool = False,
) -> PrivacyIncident:
    """Change one incident: permission and induction (refused: audited), a
    missing one 404, then locked, its version compared, ``change`` applied
    and saved with the version bumped, in one transaction with its event.
    ``change`` raises IncidentError for bad input: rolled back, audited."""
    decision = scoping.gate(actor, Permission.PRIVACY_INCIDENT_MANAGE) or scoping.Decision(True)
    enforce(actor, decision, action=action, subject_type=SUBJECT, subject_ids=[])
    pk = record_id(incident_id)
    if not PrivacyIncident.objects.filter(pk=pk).exists():
        refuse(actor, scoping.NOT_FOUND, action=action, subject_type=SUBJECT)
    try:
        with writing(actor, subject_type=SUBJECT, subject_ids=[pk], action=action,
                     relationship=relationship_of(pk) + (f":{relationship}" if relationship else "")):  # fmt: skip
            incident = PrivacyIncident.objects.select_for_update().get(pk=pk)
            if expected_version is not None and incident.version != expected_version:
                raise StaleIncident
            if incident.status == PI.Status.CLOSED and not closed_ok:
                raise IncidentError("This incident is closed: it can no longer be changed.", "status")
            change(incident)
            incident.version += 1
            incident.updated_at = timezone.now()
            incident.save()
    except IncidentError as exc:
        exc.incident_id = pk
        _refused(actor, exc, action, pk)
        raise
    return incident


@service(AuditAction.PRIVACY_INCIDENT_ASSESS, permission=Permission.PRIVACY_INCIDENT_MANAGE)
def incident_assess(
    *,
    actor: User,
    incident_id: int,
    expected_version: int | None,
    harm_factors: dict[str, dict[str, str]],
    serious_harm_likely: bool | None,
    reasoning: str,
    category: str,
    caused_by_id: int | None = None,
    kind: str = "",
    now: dt.datetime | None = None,
) -> PrivacyIncident:
    """Assess against the serious-harm factors (s113). Serious harm likely:
    notifiable, and the Commissioner is due 72 hours after the agency became
    aware. Never by the person who caused it (assess_own)."""
    now = now or timezone.now()

    def change(incident: PrivacyIncident) -> None:
        caused_by = caused_by_id if caused_by_id is not None else incident.caused_by_id
        if caused_by is not None and caused_by == actor.pk:
            raise IncidentError(
                "You caused this incident, so someone else in the privacy office must assess it.",
                "caused_by", reasons.ASSESS_OWN,
            )  # fmt: skip
        if caused_by_id is not None and not User.objects.filter(pk=record_id(caused_by_id)).exists():
            raise IncidentError("Choose the staff member who caused it from the list.", "caused_by")
        if kind and kind not in PI.Kind.values:
            raise IncidentError("Choose whether it was a breach or a near miss.", "kind")
        if category not in PI.Category.values:
            raise IncidentError("Choose what kind of breach or near miss it was.", "category")
        factors: dict[str, dict[str, str]] = {}
        for code, words in harm.FACTORS:
            given = (harm_factors or {}).get(code) or {}
            level = given.get("level", "")
            if level not in harm.LEVEL_CODES:
                raise IncidentError(f"Rate this factor low, medium or high: {words.lower()}.", f"factor_{code}")
            note = _text(given.get("note", ""), f"factor_{code}", "the note", required=False, limit=2_000)
            factors[code] = {"level": level, "note": note}
        if serious_harm_likely is None:
            raise IncidentError("Say whether serious harm is likely.", "serious_harm_likely")
        incident.assessment_reasoning = _text(reasoning, "reasoning", "why you decided this")
        incident.harm_factors = factors
        incident.serious_harm_likely = serious_harm_likely
        incident.notifiable = bool(serious_harm_likely) and (kind or incident.kind) == PI.Kind.BREACH
        if kind:
            incident.kind = kind
        if incident.notifiable and incident.commissioner_due_at is None:
            incident.commissioner_due_at = incident.became_aware_at + dt.timedelta(hours=COMMISSIONER_HOURS)
        elif not incident.notifiable:
            incident.commissioner_due_at = None
            incident.escalation_level = 0
        incident.category = category
        incident.caused_by_id = caused_by
        incident.assessed_by = actor
        incident.assessed_at = now
        if incident.status == PI.Status.OPEN:
            incident.status = PI.Status.ASSESSED

    return _changed(actor, incident_id, expected_version, change, action=AuditAction.PRIVACY_INCIDENT_ASSESS)


@service(AuditAction.PRIVACY_INCIDENT_UPDATE, permission=Permission.PRIVACY_INCIDENT_MANAGE)
def incident_containment(
    *, actor: User, incident_id: int, expected_version: int | None, containment: str, root_cause: str, cause: str
) -> PrivacyIncident:
    """What was done to contain it, and its root cause (in words and as a Cause)."""

    def change(incident: PrivacyIncident) -> None:
        incident.containment = _text(containment, "containment", "what was done to contain it", required=False)
        incident.root_cause = _text(root_cause, "root_cause", "the root cause", required=False)
        if cause and cause not in PI.Cause.values:
            raise IncidentError("Choose the cause from the list.", "cause")
        if not (incident.containment or incident.root_cause or cause):
            raise IncidentError("Enter what was done to contain it, or its root cause.", "containment")
        incident.cause = cause

    return _changed(actor, incident_id, expected_version, change, relationship="containment")


@service(AuditAction.PRIVACY_INCIDENT_UPDATE, permission=Permission.PRIVACY_INCIDENT_MANAGE)
def incident_action_add(
    *,
    actor: User,
    incident_id: int,
    expected_version: int | None,
    description: str,
    owner_id: int | None,
    due_on: dt.date | None,
    now: dt.datetime | None = None,
) -> IncidentAction:
    """Something to do, with an owner (any active staff member, told by an
    INCIDENT_ACTION notice) and a due date."""
    now = now or timezone.now()
    made: list[IncidentAction] = []

    def change(incident: PrivacyIncident) -> None:
        text = _text(description, "description", "what needs doing", limit=2_000)
        owner = User.objects.filter(pk=record_id(owner_id or 0), is_active=True).first() if owner_id else None
        if owner is None:
            raise IncidentError("Choose who will do it from the list of staff.", "owner")
        if due_on is None:
            raise IncidentError("Enter the date it is due.", "due_on")
        if due_on < timezone.localdate(now):
            raise IncidentError("The due date must be today or later.", "due_on")
        row = IncidentAction.objects.create(incident=incident, description=text, owner=owner, due_on=due_on,
                                            created_by=actor, created_at=now)  # fmt: skip
        notification_send(
            users=[owner], kind=Notification.Kind.INCIDENT_ACTION,
            text=f"An action on privacy incident {incident.reference} is yours, due {due_on.day} {due_on:%B %Y}.",
            email_text="An action on a privacy incident is yours: its due date is in Tiaki.",
        )  # fmt: skip
        made.append(row)

    _changed(actor, incident_id, expected_version, change, relationship="action")
    return made[0]


@service(AuditAction.PRIVACY_INCIDENT_UPDATE, permission=Permission.PRIVACY_INCIDENT_MANAGE)
def incident_action_done(
    *, actor: User, action_id: int, note: str = "", now: dt.datetime | None = None
) -> IncidentAction:
    """Mark an action done (once: doing it again changes nothing)."""
    now = now or timezone.now()
    row = IncidentAction.objects.filter(pk=record_id(action_id)).first()
    if row is None:
        scoping_decision = scoping.gate(actor, Permission.PRIVACY_INCIDENT_MANAGE)
        if scoping_decision is not None:
            enforce(actor, scoping_decision, action=AuditAction.PRIVACY_INCIDENT_UPDATE, subject_type=SUBJECT,
                    subject_ids=[])  # fmt: skip
        refuse(actor, scoping.NOT_FOUND, action=AuditAction.PRIVACY_INCIDENT_UPDATE, subject_type=SUBJECT)
    done: list[IncidentAction] = []

    def change(incident: PrivacyIncident) -> None:
        locked = IncidentAction.objects.select_for_update().get(pk=row.pk)
        if locked.done_at is None:
            locked.done_at = now
            locked.done_by = actor
            locked.done_note = _text(note, "note", "the note", required=False, limit=2_000)
            locked.save()
        done.append(locked)

    _changed(actor, row.incident_id, None, change, relationship=f"action-done:{row.pk}")
    return done[0]


@service(AuditAction.PRIVACY_INCIDENT_UPDATE, permission=Permission.PRIVACY_INCIDENT_MANAGE)
def incident_link_add(
    *, actor: User, incident_id: int, event_seq: int | None, note: str = "", now: dt.datetime | None = None
) -> IncidentAuditLink:
    """Link an audit event (by its number on the trail) to the incident."""
    now = now or timezone.now()
    made: list[IncidentAuditLink] = []

    def change(incident: PrivacyIncident) -> None:
        if not event_seq or event_seq < 1 or not AuditEvent.objects.filter(seq=event_seq).exists():
            raise IncidentError("There is no audit event with that number: check it in the audit search.", "event_seq")
        if IncidentAuditLink.objects.filter(incident=incident, event_seq=event_seq).exists():
            raise IncidentError("That audit event is already linked.", "event_seq")
        made.append(IncidentAuditLink.objects.create(
            incident=incident, event_seq=event_seq, note=_text(note, "note", "the note", required=False, limit=300),
            added_by=actor, added_at=now,
        ))  # fmt: skip

    _changed(actor, incident_id, None, change, relationship="link")
    return made[0]


def _person(person_id: int | None) -> int:
    if not person_id or not Person.objects.filter(pk=record_id(person_id)).exists():
        raise IncidentError("Enter the person number of someone on the register.", "person_id")
    return record_id(person_id)


@service(AuditAction.PRIVACY_INCIDENT_UPDATE, permission=Permission.PRIVACY_INCIDENT_MANAGE)
def incident_notice_record(
    *,
    actor: User,
    incident_id: int,
    person_id: int | None,
    method: str,
    notified_on: dt.date | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> IncidentNotice:
    """Record telling an affected person by phone or in person, or not
    telling them (with the reason). A letter goes by incident_letter_send."""
    now = now or timezone.now()
    made: list[IncidentNotice] = []
    methods = {IncidentNotice.Method.PHONE, IncidentNotice.Method.IN_PERSON, IncidentNotice.Method.NOT_NOTIFYING}

    def change(incident: PrivacyIncident) -> None:
        pid = _person(person_id)
        if method not in methods:
            raise IncidentError("Choose how they were told (a letter is sent from the letter form).", "method")
        text = _text(note, "note", "the note", required=False, limit=2_000)
        when = notified_on
        if method == IncidentNotice.Method.NOT_NOTIFYING:
            if not text:
                raise IncidentError("Say why they are not being told.", "note")
            when = None
        elif when is None:
            raise IncidentError("Enter the date they were told.", "notified_on")
        elif when > timezone.localdate(now):
            raise IncidentError("The date they were told must be today or in the past.", "notified_on")
        made.append(IncidentNotice.objects.create(incident=incident, person_id=pid, method=method, notified_on=when,
                                                  note=text, recorded_by=actor, recorded_at=now))  # fmt: skip

    _changed(actor, incident_id, None, change, relationship="notice")
    return made[0]


@service(AuditAction.PRIVACY_INCIDENT_UPDATE, permission=Permission.PRIVACY_INCIDENT_MANAGE)
def incident_letter_send(
    *, actor: User, incident_id: int, person_id: int | None, subject: str, body: str, channel: str = "post"
) -> IncidentNotice:
    """Tell an affected person by letter, through the disclosure pipeline
    (guard included). A blocked letter leaves nothing, is itself a near miss
    on the register (LetterBlocked carries the guard's words), and records
    no notice. Called outside any transaction (the pipeline's near miss must
    be committed)."""
    from tiaki.disclosure.artefacts import Artefact, Item, Recipient
    from tiaki.disclosure.services import pipeline
    from tiaki.disclosure.services.subject_access.review import _postal_address

    action = AuditAction.PRIVACY_INCIDENT_UPDATE
    decision = scoping.gate(actor, Permission.PRIVACY_INCIDENT_MANAGE) or scoping.Decision(True)
    enforce(actor, decision, action=action, subject_type=SUBJECT, subject_ids=[])
    incident = PrivacyIncident.objects.filter(pk=record_id(incident_id)).first()
    if incident is None:
        refuse(actor, scoping.NOT_FOUND, action=action, subject_type=SUBJECT)
    try:
        if incident.status == PI.Status.CLOSED:
            raise IncidentError("This incident is closed: it can no longer be changed.", "status")
        pid = _person(person_id)
        subject = _text(subject, "subject", "the letter's subject", limit=200)
        body = _text(body, "body", "the letter")
        address = _postal_address(pid)
        if channel == "post" and not address:
            raise IncidentError("There is no postal address on record for this person: record a call instead.",
                                "person_id")  # fmt: skip
    except IncidentError as exc:
        _refused(actor, exc, action, incident.pk)
        raise
    # The incident's people are the letter's subjects too: the guard checks what it says about each of them.
    about = [pid, *IncidentPerson.objects.filter(incident=incident).exclude(person_id=pid)
             .order_by("person_id").values_list("person_id", flat=True)]  # fmt: skip
    artefact = Artefact(kind=Disclosure.Kind.LETTER, title=subject, case_id=None, subject_ids=about,
                        items=[Item(key="body", label="The letter", text=body, about_person=pid)],
                        letter_subject=subject)  # fmt: skip
    recipient = Recipient(kind="person", label="The person affected", person_id=pid, address_lines=address)
    purpose = f"Telling a person affected by privacy incident {incident.reference}"
    try:
        released = pipeline.release(actor=actor, artefact=artefact, recipient=recipient, purpose=purpose,
                                    channel=channel)  # fmt: skip
    except pipeline.DisclosureBlocked as blocked:
        near_miss = _near_miss_from_disclosure(blocked.disclosure)
        stopped = LetterBlocked([f.words for f in blocked.findings], near_miss)
        _refused(actor, stopped, action, incident.pk)
        raise stopped from None
    except pipeline.DisclosureError as failed:
        bad = IncidentError(failed.message, failed.field or "body")
        _refused(actor, bad, action, incident.pk)
        raise bad from None
    made: list[IncidentNotice] = []

    def change(row: PrivacyIncident) -> None:
        made.append(IncidentNotice.objects.create(
            incident=row, person_id=pid, method=IncidentNotice.Method.LETTER, notified_on=timezone.localdate(),
            note=f"Letter {released.disclosure.document_id} sent ({released.disclosure.get_channel_display()}).",
            recorded_by=actor, recorded_at=timezone.now(),
        ))  # fmt: skip

    _changed(actor, incident.pk, None, change, relationship=f"letter:{released.disclosure.document_id}")
    return made[0]


@service(AuditAction.PRIVACY_INCIDENT_UPDATE, permission=Permission.PRIVACY_INCIDENT_MANAGE)
def incident_commissioner_told(
    *,
    actor: User,
    incident_id: int,
    expected_version: int | None,
    notified_at: dt.datetime | None,
    reference: str = "",
    now: dt.datetime | None = None,
) -> PrivacyIncident:
    """Record that the Commissioner was told (when, and the Commissioner's
    reference): the clock stops."""
    now = now or timezone.now()

    def change(incident: PrivacyIncident) -> None:
        if not incident.notifiable:
            raise IncidentError("Only a breach assessed as notifiable is reported to the Commissioner.", "notified_at")
        if notified_at is None:
            raise IncidentError("Enter when the Commissioner was told.", "notified_at")
        if notified_at > now + dt.timedelta(minutes=5):
            raise IncidentError("When the Commissioner was told must be now or in the past.", "notified_at")
        if notified_at < incident.became_aware_at - dt.timedelta(days=1):
            raise IncidentError("That is before the agency knew of the breach: check the date.", "notified_at")
        incident.commissioner_notified_at = notified_at
        incident.commissioner_reference = _text(reference, "reference", "the Commissioner's reference",
                                                required=False, limit=60)  # fmt: skip

    return _changed(actor, incident_id, expected_version, change, relationship="commissioner")


@service(AuditAction.PRIVACY_INCIDENT_CLOSE, permission=Permission.PRIVACY_INCIDENT_MANAGE)
def incident_close(
    *, actor: User, incident_id: int, expected_version: int | None, summary: str, now: dt.datetime | None = None
) -> PrivacyIncident:
    """Close it: refused while any action is not done (actions_open), or
    while a notifiable breach's Commissioner notice is not recorded."""
    now = now or timezone.now()

    def change(incident: PrivacyIncident) -> None:
        open_actions = IncidentAction.objects.filter(incident=incident, done_at__isnull=True).count()
        if open_actions:
            raise IncidentError(
                f"{open_actions} action{' is' if open_actions == 1 else 's are'} not done yet: "
                "mark each done before closing.", "actions", reasons.ACTIONS_OPEN,
            )  # fmt: skip
        if incident.status == PI.Status.OPEN:
            raise IncidentError("Assess it before closing it.", "status")
        if incident.notifiable and incident.commissioner_notified_at is None:
            raise IncidentError("Record when the Commissioner was told before closing it.", "notified_at")
        incident.closing_summary = _text(summary, "summary", "a closing summary")
        incident.status = PI.Status.CLOSED
        incident.closed_at = now
        incident.closed_by = actor

    return _changed(actor, incident_id, expected_version, change, action=AuditAction.PRIVACY_INCIDENT_CLOSE)


def _site_managers(site_id: int | None) -> list[User]:
    if site_id is None:
        return []
    return list(User.objects.filter(role=Role.SITE_MANAGER, site_id=site_id, is_active=True).order_by("pk"))


def _in_words(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%A} {local.day} {local:%B %Y}, {local:%H:%M}"


@service(AuditAction.PRIVACY_INCIDENT_ESCALATE)
def commissioner_clock_escalate(*, now: dt.datetime | None = None) -> int:
    """The clock's job (``privacy.commissioner_clock``): a notifiable breach
    not yet reported with 24 hours or less left rises to level 1 (every
    privacy officer told); overdue, to level 2 (told again, and the site
    managers of its site). Levels only rise, so a second run tells nobody
    twice. Returns how many incidents rose."""
    now = now or timezone.now()
    risen = 0
    waiting = PrivacyIncident.objects.filter(
        notifiable=True, commissioner_notified_at__isnull=True, commissioner_due_at__isnull=False,
        escalation_level__lt=2,
    ).exclude(status=PI.Status.CLOSED)  # fmt: skip
    officers: list[User] | None = None
    for candidate in waiting.order_by("commissioner_due_at", "pk").values_list("pk", flat=True):
        with writing(None, subject_type=SUBJECT, subject_ids=[candidate]) as step:
            incident = PrivacyIncident.objects.select_for_update().get(pk=candidate)
            due = incident.commissioner_due_at
            assert due is not None
            level = 2 if due <= now else 1 if due - now <= dt.timedelta(hours=WARN_HOURS) else 0
            if (level <= incident.escalation_level or incident.commissioner_notified_at is not None
                    or incident.status == PI.Status.CLOSED):  # fmt: skip
                step.nothing_done()
                continue
            officers = officers if officers is not None else _officers()
            managers = [m for m in _site_managers(incident.site_id) if m.pk not in {u.pk for u in officers}]
            if level == 2:
                text = (f"Privacy incident {incident.reference}: the time to tell the Commissioner ran out on "
                        f"{_in_words(due)}. Tell the Commissioner now and record it.")  # fmt: skip
                if officers:
                    notification_send(
                        users=officers, kind=Notification.Kind.COMMISSIONER_CLOCK, text=text, urgent=True,
                        email_text="A notifiable privacy breach's time to tell the Privacy Commissioner has run out.",
                        about=Notification.About.PRIVACY_INCIDENT, about_id=incident.pk,
                    )  # fmt: skip
                if managers:
                    # Site managers do not open the register: their notice links nowhere.
                    notification_send(
                        users=managers, kind=Notification.Kind.COMMISSIONER_CLOCK, text=text, urgent=True,
                        email_text="A notifiable privacy breach at your site has not been reported to the Privacy "
                        "Commissioner in time.",
                    )  # fmt: skip
            elif officers:
                text = (f"Privacy incident {incident.reference}: tell the Commissioner by {_in_words(due)} "
                        "(less than 24 hours left).")  # fmt: skip
                notification_send(
                    users=officers, kind=Notification.Kind.COMMISSIONER_CLOCK, text=text,
                    email_text="A notifiable privacy breach must be reported to the Privacy Commissioner within 24 "
                    "hours.",
                    about=Notification.About.PRIVACY_INCIDENT, about_id=incident.pk,
                )  # fmt: skip
            incident.escalation_level = level
            incident.save(update_fields=["escalation_level"])
            step.relationship = f"{relationship_of(incident.pk)}:level-{level}"
            risen += 1
    return risen


def _near_miss_from_disclosure(disclosure: Disclosure) -> PrivacyIncident | None:
    """The near miss of one blocked disclosure (once: the one-to-one)."""
    if PrivacyIncident.objects.filter(disclosure=disclosure).exists():
        return PrivacyIncident.objects.filter(disclosure=disclosure).first()
    return _near_miss_collect_one(disclosure.pk)


@service(AuditAction.PRIVACY_INCIDENT_REPORT)
def _near_miss_collect_one(disclosure_id: int) -> PrivacyIncident | None:
    disclosure = Disclosure.objects.select_related("sender").get(pk=disclosure_id)
    rules = list(GuardFinding.objects.filter(disclosure=disclosure).values_list("rule", flat=True))
    category = PI.Category.WRONG_RECIPIENT
    for rule in rules:
        if _GUARD_CATEGORY.get(rule) == PI.Category.PROTECTED_DETAILS:
            category = PI.Category.PROTECTED_DETAILS
            break
        category = _GUARD_CATEGORY.get(rule, category)
    people = sorted(set(disclosure.subjects.values_list("person_id", flat=True)))
    made_at = disclosure.made_at
    words = f"The disclosure guard stopped {disclosure.get_kind_display().lower()} {disclosure.document_id} " + (
        f"from going to {disclosure.get_recipient_kind_display().lower()}: "
        f"{len(rules)} thing{'s' if len(rules) != 1 else ''} the recipient may not receive."
    )
    now = timezone.now()
    try:
        with writing(None, subject_type=SUBJECT, relationship=f"near-miss:disclosure:{disclosure.document_id}") as step:
            incident = _create(
                kind=PI.Kind.NEAR_MISS, source=PI.Source.DISCLOSURE_GUARD, category=category,
                occurred_on=timezone.localdate(made_at), occurred_time=timezone.localtime(made_at).time(),
                became_aware_at=made_at, description=words, how_found=PI.HowFound.GUARD,
                action_taken="Nothing left the agency: the guard stopped it.",
                site_id=disclosure.sender.site_id, reported_at=now, caused_by=disclosure.sender,
                disclosure=disclosure, created_at=now, updated_at=now,
            )  # fmt: skip
            IncidentPerson.objects.bulk_create(
                [IncidentPerson(incident=incident, person_id=p, added_at=now) for p in people]
            )
            step.subject_ids = [incident.pk]
    except IntegrityError:  # another run made it first
        return PrivacyIncident.objects.filter(disclosure=disclosure).first()
    return incident


@service(AuditAction.PRIVACY_INCIDENT_REPORT)
def near_misses_collect(*, now: dt.datetime | None = None) -> int:
    """The near-miss job (``privacy.near_misses``): every disclosure the
    guard blocked and every refused emergency access in the last 400 days
    that is not on the register yet becomes a near miss. Idempotent (the
    disclosure one-to-one and the event's seq are unique). Returns how many
    were added."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=LOOK_BACK_DAYS)
    added = 0
    blocked = (
        Disclosure.objects.filter(outcome=Disclosure.Outcome.BLOCKED, made_at__gte=since, privacy_incident__isnull=True)
        .order_by("made_at", "pk")
        .values_list("pk", flat=True)
    )
    for pk in list(blocked):
        if _near_miss_collect_one(pk) is not None:
            added += 1
    taken = PrivacyIncident.objects.filter(source=PI.Source.BREAKGLASS_REFUSED).values_list(
        "source_event_seq", flat=True
    )
    events = (
        AuditEvent.objects.filter(
            action=AuditAction.BREAKGLASS_OPEN.value, outcome=Outcome.REFUSED.value, occurred_at__gte=since
        )
        .exclude(seq__in=taken)
        .order_by("seq")
    )
    words_of = _breakglass_words()
    for event in list(events):
        ids = [int(i) for i in json.loads(event.subject_ids or "[]")]
        actor = User.objects.filter(pk=event.actor_id).first() if event.actor_id else None
        made = timezone.now()
        try:
            with writing(None, subject_type=SUBJECT, relationship=f"near-miss:event:{event.seq}") as step:
                incident = _create(
                    kind=PI.Kind.NEAR_MISS, source=PI.Source.BREAKGLASS_REFUSED,
                    category=PI.Category.UNAUTHORISED_ACCESS,
                    occurred_on=timezone.localdate(event.occurred_at),
                    occurred_time=timezone.localtime(event.occurred_at).time(), became_aware_at=event.occurred_at,
                    description=(f"Emergency access was refused ({words_of(event.reason)}). "
                                 "Check whether there was a work reason to look."),
                    how_found=PI.HowFound.MONITORING, action_taken="Nothing was shown: the access was refused.",
                    site_id=actor.site_id if actor else None, reported_at=made, caused_by=actor,
                    source_event_seq=event.seq, created_at=made, updated_at=made,
                )  # fmt: skip
                IncidentPerson.objects.bulk_create(
                    [IncidentPerson(incident=incident, person_id=p, added_at=made)
                     for p in ids if event.subject_type == "person" and Person.objects.filter(pk=p).exists()]
                )  # fmt: skip
                IncidentAuditLink.objects.create(incident=incident, event_seq=event.seq, added_at=made,
                                                 note="The refused emergency access")  # fmt: skip
                step.subject_ids = [incident.pk]
        except IntegrityError:  # pragma: no cover - another run made it first
            continue
        added += 1
    return added


def _breakglass_words() -> Callable[[str], str]:
    from tiaki.privacy import words

    def said(reason: str) -> str:
        if reason == scoping.PERMISSION_MISSING:
            return "their role does not include emergency access"
        return words.REASONS.get(reason, "refused")

    return said
