"""The register of subject access requests (Privacy Act 2020, IPP 6): a
privacy officer records a request, checks who is asking (never more than
needed: how it was checked, not the document's number), and the
20-working-day clock runs (tiaki.disclosure.subject_access.clock). The
request may be extended (s48, with a notice saying why, before the due date
passes), transferred (s43, within 10 working days), withdrawn, or decided
with reasons.

Every change posts back the ``version`` it saw (StaleRequest: nothing
saved). Bad input is a SubjectAccessError naming the field: nothing saved,
the attempt audited as a refusal (the reason a code from
tiaki.disclosure.reasons), the subject the requester's record."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable

from django.db import IntegrityError
from django.utils import timezone

from tiaki.access import Permission, has_permission, scoping
from tiaki.access.enforcement import enforce, refusal_record, refuse
from tiaki.access.ids import NO_RECORD, record_id
from tiaki.access.paths import service, writing
from tiaki.access.roles import Role
from tiaki.audit.actions import AuditAction
from tiaki.disclosure import reasons
from tiaki.disclosure.models import ReleaseStage, SubjectAccessRequest
from tiaki.disclosure.reach.subject_access import request_decision
from tiaki.disclosure.services.pipeline import ID_ALPHABET
from tiaki.disclosure.subject_access import clock, errors
from tiaki.people.models import Person
from tiaki.staff.models import User

__all__ = [
    "StaleRequest",
    "SubjectAccessError",
    "access_request_assign",
    "access_request_create",
    "access_request_decide",
    "access_request_extend",
    "access_request_transfer",
    "access_request_verify",
    "access_request_withdraw",
    "access_requests_due_notify",
    "extension_notice",
    "new_reference",
    "relationship_of",
]

MAX_TEXT = 5_000
MAX_NOTE = 300
#: Statuses in which the request is still being worked (the register's "open").
OPEN = (SubjectAccessRequest.Status.RECEIVED, SubjectAccessRequest.Status.IN_REVIEW)

# A document's number: six or more digits in a row (spaces or dashes between
# them allowed), or letters then digits like a passport or licence number.
_DIGITS_RUN = re.compile(r"\d(?:[\s-]?\d){5,}")
_DOCUMENT_LIKE = re.compile(r"\b[A-Za-z]{1,3}[\s-]?\d{5,}\b")


class SubjectAccessError(errors.SubjectAccessError):
    """The request cannot be changed as asked: nothing was saved and the
    attempt was audited. ``field`` names the input at fault; ``reason`` (and
    ``code``, as the review's errors name it) the refusal code it was
    audited with."""

    def __init__(self, message: str, field: str, reason: str = reasons.SUBJECT_ACCESS_INVALID) -> None:
        super().__init__(message, field, code=reason)
        self.reason = reason


class StaleRequest(SubjectAccessError):  # noqa: N818 - reads as what happened
    """Someone else changed the request since the form was opened: nothing was saved."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "version")


def new_reference(prefix: str = "SAR") -> str:
    """ "SAR-" and two groups of four random letters and digits."""
    chars = "".join(secrets.choice(ID_ALPHABET) for _ in range(8))
    return f"{prefix}-{chars[:4]}-{chars[4:]}"


def relationship_of(request_id: int) -> str:
    """What the audit trail records as the reason to look."""
    return f"subject-access:{request_id}"


def _text(value: str, field: str, what: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise SubjectAccessError(f"Enter {what}.", field)
    if len(value) > limit:
        raise SubjectAccessError(f"Keep {what} under {limit:,} characters.", field)
    return value


def _today(now: dt.datetime | None) -> dt.date:
    return timezone.localdate(now or timezone.now())


def _refused(actor: User, exc: SubjectAccessError, action: AuditAction, person_id: int, relationship: str) -> None:
    refusal_record(actor, exc.reason, action=action, subject_type="person",
                   subject_ids=[person_id] if person_id else [], relationship=relationship)  # fmt: skip


@service(AuditAction.SUBJECT_ACCESS_CREATE, permission=Permission.SUBJECT_ACCESS_MANAGE)
def access_request_create(
    *,
    actor: User,
    person_id: int,
    requester_kind: str,
    asked_for: str,
    received_on: dt.date | None,
    agent_name: str = "",
    agent_authority: str = "",
    preferred_format: str = "",
    support_person: str = "",
    now: dt.datetime | None = None,
) -> SubjectAccessRequest:
    """Record a request for the information Tiaki holds about ``person_id``
    (the requester, or the person an agent acts for), received on a New
    Zealand date today or earlier; the decision is due 20 working days
    later. Status RECEIVED until identity is verified."""
    person_id = record_id(person_id)
    # A missing person is decided as a sealed one would be: the same queries, then 404.
    decision = request_decision(actor, person_id, "subject-access:new")
    enforce(actor, decision, action=AuditAction.SUBJECT_ACCESS_CREATE, subject_type="person", subject_ids=[])
    if not Person.objects.filter(pk=person_id, merged_into__isnull=True).exists():
        refuse(actor, scoping.NOT_FOUND, action=AuditAction.SUBJECT_ACCESS_CREATE, subject_type="person")
    now = now or timezone.now()
    today = _today(now)
    try:
        if requester_kind not in SubjectAccessRequest.RequesterKind.values:
            raise SubjectAccessError("Choose who is asking.", "requester_kind")
        asked_for = _text(asked_for, "asked_for", "what they asked for")
        if received_on is None:
            raise SubjectAccessError("Enter the date the request was received.", "received_on")
        if received_on > today:
            raise SubjectAccessError("The date it was received must be today or in the past.", "received_on")
        if received_on < today - dt.timedelta(days=366):
            raise SubjectAccessError("That date is more than a year ago: check the year.", "received_on")
        agent_name = _text(agent_name, "agent_name", "the agent's name", required=False, limit=200)
        agent_authority = _text(agent_authority, "agent_authority", "the agent's authority", required=False)
        if requester_kind == SubjectAccessRequest.RequesterKind.AGENT:
            if not agent_name:
                raise SubjectAccessError("Enter the name of the agent asking for the person.", "agent_name")
            if not agent_authority:
                raise SubjectAccessError(
                    "Enter the agent's authority to ask (for example, a signed authority from the person).",
                    "agent_authority",
                )
        preferred_format = _text(preferred_format, "preferred_format", "how they would like it", required=False,
                                 limit=200)  # fmt: skip
        support_person = _text(support_person, "support_person", "the support person", required=False, limit=200)
    except SubjectAccessError as exc:
        _refused(actor, exc, AuditAction.SUBJECT_ACCESS_CREATE, person_id, "subject-access:new")
        raise
    with writing(actor, decision=decision, subject_type="person", subject_ids=[person_id]) as step:
        for _attempt in range(5):  # pragma: no branch - a clash of eight random characters is rare
            try:
                request = SubjectAccessRequest.objects.create(
                    reference=new_reference(), person_id=person_id, requester_kind=requester_kind,
                    agent_name=agent_name, agent_authority=agent_authority, asked_for=asked_for,
                    preferred_format=preferred_format, support_person=support_person, received_on=received_on,
                    due_on=clock.due_date(received_on), created_by=actor, created_at=now,
                )  # fmt: skip
                break
            except IntegrityError:  # pragma: no cover - the reference was taken
                continue
        step.relationship = relationship_of(request.pk)
    return request


def _changed(
    actor: User,
    request_id: int,
    version: int | None,
    change: Callable[[SubjectAccessRequest], None],
    *,
    action: AuditAction = AuditAction.SUBJECT_ACCESS_UPDATE,
) -> SubjectAccessRequest:
    """Change one request the actor may work on: decided and enforced (a
    missing one as a missing person, by the same queries: 404), then locked,
    its version compared, ``change`` applied and saved with the version
    bumped, in one transaction with its audit event. ``change`` raises
    SubjectAccessError for bad input: rolled back, audited as refused."""
    request = SubjectAccessRequest.objects.filter(pk=record_id(request_id)).first()
    person_id = request.person_id if request is not None else NO_RECORD
    relationship = relationship_of(request.pk) if request is not None else "subject-access"
    decision = request_decision(actor, person_id, relationship)
    enforce(actor, decision, action=action, subject_type="person", subject_ids=[])
    if request is None:
        refuse(actor, scoping.NOT_FOUND, action=action, subject_type="person")
    try:
        with writing(actor, decision=decision, subject_type="person", subject_ids=[person_id]) as step:
            locked = SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)
            if version is not None and version != locked.version:
                raise StaleRequest(
                    "Someone else changed this request since you opened it. Nothing was saved: "
                    "look at the request again and try again."
                )
            change(locked)
            locked.version += 1
            locked.save()
            step.relationship = relationship
    except StaleRequest:
        raise
    except SubjectAccessError as exc:
        _refused(actor, exc, action, person_id, relationship)
        raise
    return locked


def _must_be_open(request: SubjectAccessRequest, doing: str) -> None:
    if request.status not in OPEN:
        raise SubjectAccessError(
            f"This request is {request.get_status_display().lower()}: it cannot be {doing} now.", "status"
        )


def _looks_like_document_number(note: str) -> bool:
    return bool(_DIGITS_RUN.search(note) or _DOCUMENT_LIKE.search(note))


@service(AuditAction.SUBJECT_ACCESS_UPDATE, permission=Permission.SUBJECT_ACCESS_MANAGE)
def access_request_verify(
    *, actor: User, request_id: int, method: str, note: str, version: int | None, now: dt.datetime | None = None
) -> SubjectAccessRequest:
    """Record that the requester's identity was checked, and how (never the
    document's number: only the method and a short note). The request moves
    to review, with the actor as its reviewer if it has none."""
    now = now or timezone.now()

    def change(request: SubjectAccessRequest) -> None:
        _must_be_open(request, "verified")
        if request.identity_verified_at is not None:
            raise SubjectAccessError("Identity has already been verified for this request.", "method")
        if method not in SubjectAccessRequest.Identity.values:
            raise SubjectAccessError("Choose how you checked who they are.", "method")
        if method == SubjectAccessRequest.Identity.AGENT_AUTHORITY and not request.agent_name:
            raise SubjectAccessError("Only a request from an agent is checked by the agent's authority.", "method")
        checked = _text(note, "note", "a short note on how you checked", required=False, limit=MAX_NOTE)
        if _looks_like_document_number(checked):
            raise SubjectAccessError(
                "Record how you checked, not the document's number: Tiaki keeps no identity document numbers.",
                "note",
            )
        request.identity_method = method
        request.identity_note = checked
        request.identity_verified_by = actor
        request.identity_verified_at = now
        request.status = SubjectAccessRequest.Status.IN_REVIEW
        if request.reviewer_id is None:
            request.reviewer = actor

    return _changed(actor, request_id, version, change)


@service(AuditAction.SUBJECT_ACCESS_UPDATE, permission=Permission.SUBJECT_ACCESS_MANAGE)
def access_request_assign(
    *, actor: User, request_id: int, reviewer_id: int, version: int | None
) -> SubjectAccessRequest:
    """Give the request to a privacy officer to gather and review (only one
    who holds subject_access:manage, and who may reach the requester's record)."""

    def change(request: SubjectAccessRequest) -> None:
        _must_be_open(request, "reassigned")
        reviewer = User.objects.filter(pk=record_id(reviewer_id), is_active=True).first()
        if reviewer is None or not has_permission(reviewer, Permission.SUBJECT_ACCESS_MANAGE):
            raise SubjectAccessError("Choose a privacy officer from the list.", "reviewer")
        if not request_decision(reviewer, request.person_id, relationship_of(request.pk)).allowed:
            raise SubjectAccessError(
                "That privacy officer cannot work on this person's record: choose another.", "reviewer"
            )
        request.reviewer = reviewer

    return _changed(actor, request_id, version, change)


def extension_notice(request: SubjectAccessRequest) -> str:
    """The words of the extension notice the officer sends (s48(3)): the
    new date, the reason, and the right to complain."""
    if request.extended_to is None:
        return ""
    return (
        f"We need more time to decide on your request {request.reference}. We will decide by "
        f"{clock.in_words(request.extended_to)}, instead of {clock.in_words(request.due_on)}, because "
        f"{request.extension_reason.rstrip('.')}. If you are unhappy that we need more time, you can "
        "complain to the Privacy Commissioner (privacy.org.nz, 0800 803 909)."
    )


@service(AuditAction.SUBJECT_ACCESS_UPDATE, permission=Permission.SUBJECT_ACCESS_MANAGE)
def access_request_extend(
    *,
    actor: User,
    request_id: int,
    extended_to: dt.date | None,
    reason: str,
    version: int | None,
    now: dt.datetime | None = None,
) -> SubjectAccessRequest:
    """Extend the time to decide (s48): only before the due date passes
    (the notice is given on or before it), to a later date, with the reason
    the requester is told (``extension_notice``). Once only."""
    today = _today(now)

    def change(request: SubjectAccessRequest) -> None:
        _must_be_open(request, "extended")
        if request.extended_to is not None:
            raise SubjectAccessError("This request has already been extended once.", "extended_to")
        if today > request.due_on:
            raise SubjectAccessError(
                f"The due date ({clock.in_words(request.due_on)}) has passed: an extension must be given before it.",
                "extended_to",
            )
        if extended_to is None:
            raise SubjectAccessError("Enter the new date you will decide by.", "extended_to")
        if extended_to <= request.due_on:
            raise SubjectAccessError(
                f"The new date must be after the due date, {clock.in_words(request.due_on)}.", "extended_to"
            )
        if extended_to > request.due_on + dt.timedelta(days=366):
            raise SubjectAccessError("The new date is more than a year away: check the year.", "extended_to")
        request.extension_reason = _text(reason, "reason", "why you need more time")
        request.extended_to = extended_to
        request.extension_noticed_on = today

    return _changed(actor, request_id, version, change)


@service(AuditAction.SUBJECT_ACCESS_UPDATE, permission=Permission.SUBJECT_ACCESS_MANAGE)
def access_request_transfer(
    *,
    actor: User,
    request_id: int,
    agency: str,
    reason: str,
    version: int | None,
    now: dt.datetime | None = None,
) -> SubjectAccessRequest:
    """Transfer the request to the agency that holds the information (s43):
    within 10 working days of receipt."""
    today = _today(now)

    def change(request: SubjectAccessRequest) -> None:
        _must_be_open(request, "transferred")
        deadline = clock.transfer_deadline(request.received_on)
        if today > deadline:
            raise SubjectAccessError(
                f"A request can be transferred only within 10 working days of receipt (by "
                f"{clock.in_words(deadline)}). Decide it instead.",
                "agency",
            )
        request.transferred_to = _text(agency, "agency", "the agency you are transferring it to", limit=200)
        request.transfer_reason = _text(reason, "reason", "why it is being transferred")
        request.transferred_on = today
        request.status = SubjectAccessRequest.Status.TRANSFERRED

    return _changed(actor, request_id, version, change)


@service(AuditAction.SUBJECT_ACCESS_UPDATE, permission=Permission.SUBJECT_ACCESS_MANAGE)
def access_request_withdraw(
    *, actor: User, request_id: int, reason: str, version: int | None, now: dt.datetime | None = None
) -> SubjectAccessRequest:
    """The requester withdrew the request: it leaves the register."""

    def change(request: SubjectAccessRequest) -> None:
        _must_be_open(request, "withdrawn")
        request.decision_reasons = _text(reason, "reason", "what the requester said")
        request.status = SubjectAccessRequest.Status.WITHDRAWN

    return _changed(actor, request_id, version, change)


@service(AuditAction.SUBJECT_ACCESS_UPDATE, permission=Permission.SUBJECT_ACCESS_MANAGE)
def access_request_decide(
    *,
    actor: User,
    request_id: int,
    decision: str,
    reasons: str,
    version: int | None,
    now: dt.datetime | None = None,
) -> SubjectAccessRequest:
    """Decide the request: only once identity is verified (refused as
    IDENTITY_NOT_VERIFIED otherwise). Released in full or in part needs at
    least one stage released; refused or not held needs the reasons the
    requester is told."""
    from tiaki.disclosure import reasons as codes

    today = _today(now)
    Decision = SubjectAccessRequest.Decision  # noqa: N806 - the choices

    def change(request: SubjectAccessRequest) -> None:
        _must_be_open(request, "decided")
        if request.identity_verified_at is None:
            raise SubjectAccessError(
                "Verify who is asking before deciding: nothing can be decided or released until then.",
                "decision",
                codes.IDENTITY_NOT_VERIFIED,
            )
        if decision not in Decision.values:
            raise SubjectAccessError("Choose the decision.", "decision")
        given = _text(reasons, "reasons", "the reasons for the decision", required=False)
        if decision in (Decision.RELEASE_ALL, Decision.RELEASE_PART):
            if not ReleaseStage.objects.filter(request=request, status=ReleaseStage.Status.RELEASED).exists():
                raise SubjectAccessError(
                    "Release at least one stage before recording that information was released.", "decision"
                )
        elif not given:
            raise SubjectAccessError("Enter the reasons: the requester is told them.", "reasons")
        request.decision = decision
        request.decision_reasons = given
        request.decided_on = today
        request.decided_by = actor
        request.status = SubjectAccessRequest.Status.DECIDED

    return _changed(actor, request_id, version, change)


@service(AuditAction.SUBJECT_ACCESS_UPDATE)
def access_requests_due_notify(*, today: dt.date | None = None) -> int:
    """The due-date job (``disclosure.subject_access_due``): each open
    request due within 3 working days, or overdue, sends its reviewer (or,
    with none, every privacy officer) a notice naming its reference only.
    Returns how many requests were noticed.

    Idempotent: a request already noticed today (New Zealand date: a notice
    of its kind about it made since local midnight) is skipped, so a retry
    or a second run on the same day sends nothing more, and the next day's
    run reminds again while it is still due."""
    from tiaki.inbox.models import Notification
    from tiaki.inbox.services import notification_send

    today = today or timezone.localdate()
    horizon = clock.working_day_on_or_after(today, clock.WARN_DAYS)
    midnight = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    noticed = 0
    candidates = (
        SubjectAccessRequest.objects.filter(status__in=OPEN).select_related("reviewer").order_by("due_on", "pk")
    )
    officers: list[User] | None = None
    for request in candidates:
        due = clock.effective_due(request)
        if due > horizon:
            continue
        with writing(None, subject_type="person", subject_ids=[request.person_id],
                     relationship=relationship_of(request.pk)) as step:  # fmt: skip
            already = Notification.objects.filter(
                kind=Notification.Kind.SUBJECT_ACCESS_DUE, about=Notification.About.SUBJECT_ACCESS,
                about_id=request.pk, created_at__gte=midnight,
            ).exists()  # fmt: skip
            if already:
                step.nothing_done()
                continue
            if request.reviewer is not None and request.reviewer.is_active:
                users = [request.reviewer]
            else:
                if officers is None:
                    officers = list(User.objects.filter(role=Role.PRIVACY_OFFICER, is_active=True).order_by("pk"))
                users = officers
            if not users:
                step.nothing_done()
                continue
            if due < today:
                text = f"Subject access request {request.reference} is overdue: it was due {clock.in_words(due)}."
            elif due == today:
                text = f"Subject access request {request.reference} is due today."
            else:
                text = f"Subject access request {request.reference} is due {clock.in_words(due)}."
            notification_send(
                users=users, kind=Notification.Kind.SUBJECT_ACCESS_DUE, text=text,
                email_text="A subject access request you look after is due soon or overdue.",
                about=Notification.About.SUBJECT_ACCESS, about_id=request.pk,
            )  # fmt: skip
            step.relationship = f"{relationship_of(request.pk)}:due-notice"
            noticed += 1
    return noticed
