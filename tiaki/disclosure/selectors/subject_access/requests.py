"""Reading the register of subject access requests: the open requests,
soonest due first, and one request with its clock, its stages, its
corrections and what the privacy officer may do next. A request whose
requester is sealed from the officer is absent from the register and a 404
when opened, as any sealed record (tiaki.disclosure.reach.subject_access)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from tiaki.access import Permission, scoping
from tiaki.access.enforcement import refuse
from tiaki.access.ids import NO_RECORD, record_id
from tiaki.access.paths import reading, selector
from tiaki.access.roles import Role
from tiaki.access.sealed import hidden_person_ids
from tiaki.audit.actions import AuditAction
from tiaki.disclosure.models import CorrectionRequest, ReleaseStage, SubjectAccessRequest
from tiaki.disclosure.reach.subject_access import register_decision, request_decision
from tiaki.disclosure.services.subject_access.requests import OPEN, extension_notice, relationship_of
from tiaki.disclosure.subject_access import clock
from tiaki.people.selectors.record import display_names
from tiaki.staff.models import User

__all__ = [
    "Candidate",
    "RegisterRow",
    "RequestView",
    "access_request_get",
    "access_request_list",
    "access_request_person_find",
]

NAME_UNKNOWN = "Name not recorded"


@dataclass(frozen=True)
class RegisterRow:
    id: int
    reference: str
    person_name: str
    requester_kind: str
    received_on: dt.date
    due_on: dt.date
    extended: bool
    working_days_left: int
    clock_words: str
    status: str
    status_label: str
    reviewer: str

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def overdue(self) -> bool:
        return self.is_open and (self.working_days_left < 0 or "overdue" in self.clock_words)

    @property
    def due_soon(self) -> bool:
        """Within the job's warning: 3 working days or fewer, not yet overdue."""
        return self.is_open and not self.overdue and self.working_days_left <= clock.WARN_DAYS


@dataclass(frozen=True)
class StageRow:
    id: int
    number: int
    title: str
    status: str
    status_label: str
    items: int


@dataclass(frozen=True)
class CorrectionRow:
    id: int
    reference: str
    item_label: str
    status_label: str
    due_on: dt.date


@dataclass
class RequestView:
    request: SubjectAccessRequest
    person_name: str
    clock_words: str
    working_days_left: int
    due: dt.date
    transfer_deadline: dt.date
    #: The words of the extension notice to send, once extended.
    notice: str
    reviewer_name: str
    verified_by_name: str
    stages: list[StageRow]
    corrections: list[CorrectionRow]
    #: What may be done next: "verify", "assign", "extend", "transfer", "withdraw", "decide", "review", "correct".
    may: set[str] = field(default_factory=set)
    #: (id, name) of the privacy officers the request may be given to.
    reviewers: list[tuple[int, str]] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.request.status in OPEN


def _name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


@selector(AuditAction.SUBJECT_ACCESS_LIST, permission=Permission.SUBJECT_ACCESS_MANAGE)
def access_request_list(
    *, actor: User, status: str = "open", today: dt.date | None = None, limit: int = 500
) -> list[RegisterRow]:
    """The register: open requests (or ``status="all"``), soonest due
    first; requesters sealed from the actor left out. Listed, not opened:
    audited as one list event naming the people listed."""
    decision = register_decision(actor)
    today = today or timezone.localdate()
    with reading(actor, decision=decision, subject_type="person") as step:
        rows = SubjectAccessRequest.objects.select_related("reviewer")
        if status != "all":
            rows = rows.filter(status__in=OPEN)
        requests = list(rows.order_by("due_on", "pk")[:limit])
        hidden = hidden_person_ids(actor, [r.person_id for r in requests])
        requests = [r for r in requests if r.person_id not in hidden]
        requests.sort(key=lambda r: (r.status not in OPEN, clock.effective_due(r), r.pk))
        names = display_names(r.person_id for r in requests)
        step.subject_ids = sorted({r.person_id for r in requests})
        step.relationship = f"subject-access:register:{'all' if status == 'all' else 'open'}"
        return [
            RegisterRow(
                id=r.pk,
                reference=r.reference,
                person_name=names.get(r.person_id, NAME_UNKNOWN),
                requester_kind=r.get_requester_kind_display(),
                received_on=r.received_on,
                due_on=clock.effective_due(r),
                extended=r.extended_to is not None,
                working_days_left=clock.working_days_left(r, today),
                clock_words=clock.clock_words(r, today),
                status=r.status,
                status_label=r.get_status_display(),
                reviewer=_name(r.reviewer),
            )
            for r in requests
        ]


def privacy_officers() -> list[tuple[int, str]]:
    """Who a request may be given to: the active privacy officers."""
    users = User.objects.filter(role=Role.PRIVACY_OFFICER, is_active=True).order_by("last_name", "first_name", "pk")
    return [(u.pk, _name(u)) for u in users]


def _may(request: SubjectAccessRequest, today: dt.date) -> set[str]:
    if request.status not in OPEN:
        return set()
    may = {"assign", "withdraw", "correct"}
    if request.identity_verified_at is None:
        may.add("verify")
    else:
        may |= {"decide", "review"}
    if request.extended_to is None and today <= request.due_on:
        may.add("extend")
    if today <= clock.transfer_deadline(request.received_on):
        may.add("transfer")
    return may


@selector(AuditAction.SUBJECT_ACCESS_READ, permission=Permission.SUBJECT_ACCESS_MANAGE)
def access_request_get(*, actor: User, request_id: int, today: dt.date | None = None) -> RequestView:
    """One request: its clock in words, identity, reviewer, extension or
    transfer, stages and corrections, and what may be done next. Unknown, or
    its requester sealed from the actor: 404 (the same queries either way)."""
    request = (
        SubjectAccessRequest.objects.select_related("reviewer", "identity_verified_by")
        .filter(pk=record_id(request_id))
        .first()
    )
    person_id = request.person_id if request is not None else NO_RECORD
    decision = request_decision(actor, person_id, relationship_of(request.pk) if request else "subject-access")
    if request is None and decision.allowed:
        refuse(actor, scoping.NOT_FOUND, action=AuditAction.SUBJECT_ACCESS_READ, subject_type="person")
    today = today or timezone.localdate()
    with reading(actor, decision=decision, subject_type="person", subject_ids=[person_id]):
        assert request is not None  # refused above
        stages = [
            StageRow(s.pk, s.number, s.title, s.status, s.get_status_display(), len(s.item_keys or []))
            for s in ReleaseStage.objects.filter(request=request).order_by("number")
        ]
        corrections = [
            CorrectionRow(c.pk, c.reference, c.item_label, c.get_status_display(), c.due_on)
            for c in CorrectionRequest.objects.filter(access_request=request).order_by("received_on", "pk")
        ]
        view = RequestView(
            request=request, person_name=display_names([request.person_id]).get(request.person_id, NAME_UNKNOWN),
            clock_words=clock.clock_words(request, today), working_days_left=clock.working_days_left(request, today),
            due=clock.effective_due(request), transfer_deadline=clock.transfer_deadline(request.received_on),
            notice=extension_notice(request), reviewer_name=_name(request.reviewer),
            verified_by_name=_name(request.identity_verified_by), stages=stages, corrections=corrections,
            may=_may(request, today), reviewers=privacy_officers(),
        )  # fmt: skip
    return view


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    date_of_birth: dt.date | None


#: The most people the finder returns: enough for namesakes born the same day, never a list to browse.
MAX_CANDIDATES = 5


@selector(AuditAction.PERSON_SEARCH, permission=Permission.SUBJECT_ACCESS_MANAGE)
def access_request_person_find(
    *, actor: User, given_names: str, family_name: str, date_of_birth: dt.date | None
) -> list[Candidate]:
    """Who a request is from, for a privacy officer (who cannot search the
    register): only an exact match of a name they have held (given and
    family name, any case, any of their names: a care leaver may have
    changed theirs) and their date of birth, at most a few, sealed ones
    left out. Audited as a search naming whoever it found."""
    from tiaki.people.models import Person, PersonName

    decision = register_decision(actor)
    given = " ".join((given_names or "").split())
    family = " ".join((family_name or "").split())
    with reading(actor, decision=decision, subject_type="person") as step:
        step.relationship = "subject-access:find-person"
        if not given or not family or date_of_birth is None:
            return []
        ids = list(
            PersonName.objects.filter(
                given_names__iexact=given, family_name__iexact=family, person__date_of_birth=date_of_birth,
                person__merged_into__isnull=True,
            )
            .values_list("person_id", flat=True)
            .distinct()
            .order_by("person_id")[: MAX_CANDIDATES * 2]
        )  # fmt: skip
        hidden = hidden_person_ids(actor, ids)
        ids = [pid for pid in ids if pid not in hidden][:MAX_CANDIDATES]
        births = dict(Person.objects.filter(pk__in=ids).values_list("pk", "date_of_birth"))
        names = display_names(ids)
        step.subject_ids = ids
    return [Candidate(pid, names.get(pid, NAME_UNKNOWN), births.get(pid)) for pid in ids]
