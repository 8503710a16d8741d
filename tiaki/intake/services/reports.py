"""Recording a report of concern, by phone (with a draft saved as the kaimahi
types), by web referral or through the API. Nothing is half-saved: the
report, its people and concerns and its audit event are one transaction."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
import uuid
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from tiaki.access import Permission, scoping, sealed
from tiaki.access.models import IntakeDuty
from tiaki.access.paths import service, writing
from tiaki.access.role_permissions import permissions_for
from tiaki.access.roles import Role
from tiaki.audit.actions import AuditAction
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.services import chronology_add
from tiaki.inbox.models import Notification
from tiaki.inbox.services import notification_send
from tiaki.intake.models import ReportConcern, ReportDraft, ReportOfConcern, ReportPerson
from tiaki.people import identifiers
from tiaki.people.models import Person, PersonIdentifier
from tiaki.people.services import person_add_from_referral
from tiaki.staff.models import Site, User

MAX_NARRATIVE = 20_000
MAX_DRAFT_BYTES = 100_000


class ReportInputError(ValueError):
    """What is wrong, field by field, in words for the person who typed it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class ReportPersonInput:
    person_id: int
    role: str = ReportPerson.Role.CHILD


@dataclass(frozen=True)
class UnlinkedPersonInput:
    """Someone a partner agency names but cannot link (it may not search the
    register): linked by exact NHI if known, else added for reconciliation."""

    given_names: str
    family_name: str
    birth_date: dt.date | None = None
    nhi: str = ""
    role: str = ReportPerson.Role.CHILD


@dataclass(frozen=True)
class ConcernInput:
    category: str
    detail: str = ""


@dataclass(frozen=True)
class ReportInput:
    site_id: int
    persons: list[ReportPersonInput]
    concerns: list[ConcernInput]
    narrative: str = ""
    immediate_safety: str = ""
    child_unsafe_now: bool = False
    received_at: dt.datetime | None = None
    channel: str = ReportOfConcern.Channel.PHONE
    notifier_name: str = ""
    notifier_relationship: str = ""
    notifier_contact: str = ""
    notifier_confidential: bool = False
    referrer_agency: str = ""
    referrer_reference: str = ""
    unlinked: list[UnlinkedPersonInput] = field(default_factory=list)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def _validate(data: ReportInput, now: dt.datetime, actor: User) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not Site.objects.filter(pk=data.site_id).exists():
        errors["site_id"] = "Choose the site the report is for."
    if data.received_at is not None and data.received_at > now + dt.timedelta(minutes=5):
        errors["received_at"] = "The time the report was received cannot be in the future."
    if data.channel not in ReportOfConcern.Channel.values:
        errors["channel"] = "Choose how the report came in."
    roles = [p.role for p in data.persons] + [u.role for u in data.unlinked]
    if not roles:
        errors["persons"] = "Link at least one child: search for them first, or add them."
    elif ReportPerson.Role.CHILD not in roles:
        errors["persons"] = "At least one of the people must be the child or young person of concern."
    for index, named in enumerate(data.unlinked):
        if not named.given_names.strip() and not named.family_name.strip():
            errors[f"unlinked.{index}"] = "Give the child's name."
        if named.birth_date is not None and named.birth_date > now.date():
            errors[f"unlinked.{index}.birth_date"] = "The date of birth cannot be in the future."
        if named.nhi.strip():
            try:
                identifiers.validate(PersonIdentifier.Kind.NHI, named.nhi)
            except identifiers.IdentifierError as exc:
                errors[f"unlinked.{index}.nhi"] = str(exc)
        if named.role not in ReportPerson.Role.values:
            errors[f"unlinked.{index}.role"] = "Choose the person's part in the report."
    ids = [p.person_id for p in data.persons]
    if len(set(ids)) != len(ids):
        errors["persons"] = "The same person is linked twice."
    found = set(Person.objects.filter(pk__in=ids, merged_into__isnull=True).values_list("pk", flat=True))
    # A person sealed from the recorder is absent: the same answer as a number
    # nobody has (tiaki.access.sealed), so linking by number is no oracle.
    found -= sealed.hidden_person_ids(actor, found)
    for index, person in enumerate(data.persons):
        if person.person_id not in found:
            errors[f"persons.{index}"] = f"There is no person with number {person.person_id}: search again."
        if person.role not in ReportPerson.Role.values:
            errors[f"persons.{index}.role"] = "Choose the person's part in the report."
    if not data.concerns:
        errors["concerns"] = "Choose at least one kind of concern."
    categories = [c.category for c in data.concerns]
    if len(set(categories)) != len(categories):
        errors["concerns"] = "Each kind of concern once: put all the detail for it together."
    for index, concern in enumerate(data.concerns):
        if concern.category not in ReportConcern.Category.values:
            errors[f"concerns.{index}"] = "Choose the kind of concern from the list."
        if len(concern.detail) > MAX_NARRATIVE:
            errors[f"concerns.{index}"] = f"Keep each concern under {MAX_NARRATIVE:,} characters."
    if not data.narrative.strip() and not any(c.detail.strip() for c in data.concerns):
        errors["narrative"] = "Say what the notifier told you."
    if len(data.narrative) > MAX_NARRATIVE:
        errors["narrative"] = (
            f"The account is {len(data.narrative):,} characters: keep it under {MAX_NARRATIVE:,}, "
            "and attach longer documents to the case."
        )
    if len(data.immediate_safety) > 5_000:
        errors["immediate_safety"] = "Keep the safety note under 5,000 characters."
    if data.channel != ReportOfConcern.Channel.PHONE and not data.referrer_agency.strip():
        errors["referrer_agency"] = "Name the agency making the referral."
    for name in ("notifier_name", "notifier_relationship", "notifier_contact", "referrer_agency", "referrer_reference"):
        if len(getattr(data, name)) > 200:
            errors[name] = "Keep this under 200 characters."
    return errors


def report_summary(report: ReportOfConcern, categories: list[str]) -> str:
    """The chronology's line for a report: what was reported and how, never
    who reported it (the notifier is SENSITIVE and stays on the report)."""
    labels = [ReportConcern.Category(c).label.lower() for c in dict.fromkeys(categories)]
    text = f"Concerns: {', '.join(labels)}." if labels else "No concern category recorded."
    text += f" Received by {report.get_channel_display().lower()}."
    if report.child_unsafe_now:
        text += " The child was said to be unsafe now."
    return text


def _recorder_decision(actor: User) -> scoping.Decision:
    """A recorder needs their privacy induction; a partner agency's worker,
    who reads nobody's record, does not."""
    if actor.role != "partner-worker" and (why := scoping.induction_refusal(actor)):
        return scoping.refuse(why)
    return scoping.Decision(True)


@service(AuditAction.REPORT_CREATE, permission=Permission.REPORT_CREATE)
def report_record(*, actor: User, data: ReportInput, draft_id: int | None = None) -> ReportOfConcern:
    """Record a report of concern with its children, adults and concerns, and
    answer with its reference. A draft it came from is removed in the same
    transaction, so a saved report never leaves a stale draft behind; a child
    said to be unsafe right now is told to the site at once, in it too
    (unsafe_now_recipients, an urgent notice naming nobody)."""
    # The refusal names nobody (subject_type stays empty): nothing was looked at.
    with writing(actor, decision=_recorder_decision(actor)) as step:
        now = timezone.now()
        errors = _validate(data, now, actor)
        if errors:
            raise ReportInputError(errors)
        report = ReportOfConcern.objects.create(
            reference=f"PENDING-{uuid.uuid4().hex[:12]}",  # replaced by the id-based reference below
            site_id=data.site_id,
            received_at=data.received_at or now,
            channel=data.channel,
            recorded_by=actor,
            notifier_name=_nfc(data.notifier_name),
            notifier_relationship=_nfc(data.notifier_relationship),
            notifier_contact=_nfc(data.notifier_contact),
            notifier_confidential=data.notifier_confidential,
            referrer_agency=_nfc(data.referrer_agency),
            referrer_reference=_nfc(data.referrer_reference),
            narrative=_nfc(data.narrative),
            immediate_safety=_nfc(data.immediate_safety),
            child_unsafe_now=data.child_unsafe_now,
        )
        # The reference follows the id, so it is unique without a second counter.
        report.reference = f"ROC-{timezone.localtime(report.received_at):%Y}-{report.pk:07d}"
        report.save(update_fields=["reference"])
        links = [(p.person_id, p.role) for p in data.persons]
        for person in data.unlinked:
            person_id = person_add_from_referral(
                recorded_by=actor, given_names=person.given_names, family_name=person.family_name,
                birth_date=person.birth_date, nhi=person.nhi, source=f"referral {report.reference}",
            )  # fmt: skip
            if person_id not in [pid for pid, _ in links]:
                links.append((person_id, person.role))
        ReportPerson.objects.bulk_create(ReportPerson(report=report, person_id=pid, role=role) for pid, role in links)
        ReportConcern.objects.bulk_create(
            ReportConcern(report=report, category=c.category, detail=_nfc(c.detail)) for c in data.concerns
        )
        if draft_id is not None:
            ReportDraft.objects.filter(pk=draft_id, owner=actor).delete()
        chronology_add(
            person_ids=[pid for pid, role in links if role == ReportPerson.Role.CHILD],
            kind=ChronologyEntry.Kind.REPORT, occurred_at=report.received_at, source_id=report.pk,
            report_id=report.pk, significant=True, title=f"Report of concern received ({report.reference})",
            summary=report_summary(report, [c.category for c in data.concerns]),
        )  # fmt: skip
        if report.child_unsafe_now:
            _tell_the_site_now(report, now)
        step.subject_type, step.subject_ids = "person", [pid for pid, _ in links]
        step.relationship = f"report:{report.pk}"
    return report


def unsafe_now_text(report: ReportOfConcern) -> str:
    """The urgent notice's words: the reference and the site, never a name
    (notices are listed on home pages and will be emailed)."""
    return f"Report {report.reference} at {report.site.name}: a child is said to be unsafe right now. Decide now."


def unsafe_now_email_text(report: ReportOfConcern) -> str:
    """The same for an email, which leaves the agency: the site, not the reference."""
    return f"A report at {report.site.name} says a child is unsafe right now: it needs a decision now."


def unsafe_now_recipients(report: ReportOfConcern, now: dt.datetime) -> list[User]:
    """Who must hear of a child unsafe right now at once: every active
    supervisor at the report's site, and anyone on intake duty there now who
    may triage (not the recorder, who knows)."""
    on_duty = IntakeDuty.objects.filter(site_id=report.site_id, starts_at__lte=now, ends_at__gt=now).values_list(
        "user_id", flat=True
    )
    candidates = User.objects.filter(
        Q(role=Role.SUPERVISOR, site_id=report.site_id) | Q(pk__in=on_duty), is_active=True
    ).order_by("pk")
    triage_roles = [role for role in Role if Permission.REPORT_TRIAGE in permissions_for(role)]
    return [user for user in candidates.filter(role__in=triage_roles) if user.pk != report.recorded_by_id]


def _tell_the_site_now(report: ReportOfConcern, now: dt.datetime) -> None:
    """Inside report_record's transaction: the notice exists exactly when the report does."""
    notification_send(
        users=unsafe_now_recipients(report, now), kind=Notification.Kind.CHILD_UNSAFE_NOW,
        text=unsafe_now_text(report), email_text=unsafe_now_email_text(report), about="report", about_id=report.pk,
        urgent=True,
    )  # fmt: skip


@service(AuditAction.REPORT_CREATE, permission=Permission.REPORT_CREATE)
def report_draft_save(*, actor: User, draft_id: int | None, data: dict[str, object]) -> ReportDraft:
    """Keep what the kaimahi has typed so far (their own draft only)."""
    if len(json.dumps(data)) > MAX_DRAFT_BYTES:
        raise ReportInputError({"draft": "The draft is too large to keep: shorten the account."})
    with writing(actor, subject_type="report_draft") as step:
        # One's own typing, not yet a record: keeping it is not an event
        # (recording the report is, report_record).
        step.nothing_done()
        draft = None
        if draft_id is not None:
            draft = ReportDraft.objects.select_for_update().filter(pk=draft_id, owner=actor).first()
        if draft is None:
            draft = ReportDraft.objects.create(owner=actor, data=data)
        else:
            draft.data = data
            draft.save(update_fields=["data", "updated_at"])
    return draft
