"""Reading cases, as the actor may see them: a case with everything on it,
the actor's case list, and the home page's counts. One record on a case (a
note, plan, conference, order, document or email) is read through
tiaki.casework.selectors.records.

Every selector is declared (``@selector``) and reads on the one read path
(tiaki.access.paths.reading): need-to-know first (tiaki.casework.reach.case_decision: 404
when out of reach), then the read and its audit event in one transaction.
SENSITIVE notes, documents and emails are masked for readers without the
field permission. What a reader may do next (record, approve a closure,
reallocate) comes back with the case, so a page does not ask again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone

from tiaki.access import Permission, has_permission, scoping, sealed
from tiaki.access.enforcement import refuse
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.casework import placement_facts
from tiaki.casework.models import (
    Case,
    CaseEmail,
    CaseEvent,
    CaseNote,
    CaseParticipant,
    CourtOrder,
    Document,
    FamilyGroupConference,
    NoteSubject,
    Plan,
    PlanVersion,
    Task,
)
from tiaki.casework.reach import case_decision, may_record_on_case
from tiaki.casework.selectors.masking import NoteView, note_views, user_name
from tiaki.people.models import Person
from tiaki.people.selectors.record import display_names
from tiaki.staff.models import User


@dataclass(frozen=True)
class ParticipantView:
    person_id: int
    name: str
    role: str
    role_label: str
    in_care_since: dt.date | None
    visit_every_days: int | None
    last_seen_at: dt.datetime | None
    visit_due_on: dt.date | None
    #: From the register: whether someone not on the case as its child is a
    #: child (a sibling) or an adult is their age, not their role.
    date_of_birth: dt.date | None = None

    @property
    def visit_overdue(self) -> bool:
        return self.visit_due_on is not None and self.visit_due_on < timezone.localdate()

    @property
    def under_18(self) -> bool | None:
        """Whether they are under 18 today (local date); None when their birth date is not known."""
        if self.date_of_birth is None:
            return None
        return age_on(self.date_of_birth, timezone.localdate()) < ADULT_AGE


#: The age at which the Oranga Tamariki Act stops calling someone a child or young person.
ADULT_AGE = 18


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years from ``born`` to ``day`` (a 29 February birthday comes on 1 March)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class TaskView:
    id: int
    title: str
    due_on: dt.date
    assigned_to: str
    done_at: dt.datetime | None

    @property
    def overdue(self) -> bool:
        return self.done_at is None and self.due_on < timezone.localdate()


@dataclass(frozen=True)
class DocumentView:
    id: int
    title: str
    classification_label: str
    source_label: str
    content_type: str
    size_bytes: int
    uploaded_at: dt.datetime
    uploaded_by: str
    masked: bool
    email_id: int | None


@dataclass
class CaseView:
    case: Case
    relationship: str
    may_see_sensitive: bool
    #: The reader is on the case team and the case is open (what the service
    #: will check again on the save).
    may_record: bool
    may_approve_closure: bool
    may_reallocate: bool
    worker_name: str
    participants: list[ParticipantView]
    events: list[CaseEvent]
    notes: list[NoteView]
    tasks: list[TaskView]
    plans: list[Plan]
    fgcs: list[FamilyGroupConference]
    orders: list[CourtOrder]
    documents: list[DocumentView]
    emails: list[CaseEmail]
    names: dict[int, str] = field(default_factory=dict)
    #: Each shown plan's current version, by the child's id (for the plan page).
    current_plans: dict[int, PlanVersion] = field(default_factory=dict)

    @property
    def children(self) -> list[ParticipantView]:
        """The children the case is about (their role), who are visited and planned for."""
        return [p for p in self.participants if p.role == CaseParticipant.Role.CHILD]

    @property
    def other_children(self) -> list[ParticipantView]:
        """Others on the case who are under 18 (a sibling joined as whānau): not adults."""
        return [p for p in self.participants if p.role != CaseParticipant.Role.CHILD and p.under_18]

    @property
    def adults(self) -> list[ParticipantView]:
        """Others on the case who are 18 or over."""
        return [p for p in self.participants if p.role != CaseParticipant.Role.CHILD and p.under_18 is False]

    @property
    def age_not_known(self) -> list[ParticipantView]:
        """Others on the case whose birth date is not recorded: neither listed as a child nor as an adult."""
        return [p for p in self.participants if p.role != CaseParticipant.Role.CHILD and p.under_18 is None]

    @property
    def overdue_visits(self) -> list[ParticipantView]:
        return [p for p in self.children if p.visit_overdue]


def last_visits(person_ids: list[int]) -> dict[int, dt.datetime]:
    """When each child was last seen on a visit (any case)."""
    rows = (
        NoteSubject.objects.filter(person_id__in=person_ids, note__kind=CaseNote.Kind.VISIT, note__child_seen=True)
        .values("person_id")
        .annotate(last=Max("note__occurred_at"))
        .values_list("person_id", "last")
    )
    return dict(rows)


def visit_due_on(
    in_care_since: dt.date | None, every: int | None, last: dt.datetime | None, placed_on: dt.date | None = None
) -> dt.date | None:
    """When a child in care must next be seen: ``every`` days after they were
    last seen on a visit, or after they came into care if later or never seen;
    and within 7 days of their current placement's start (``placed_on``,
    tiaki.casework.placement_facts) until they are seen after it."""
    if every is None or in_care_since is None:
        return None
    start = max(timezone.localdate(last), in_care_since) if last else in_care_since
    due = start + dt.timedelta(days=every)
    if placed_on is not None and (last is None or timezone.localdate(last) < placed_on):
        due = min(due, placed_on + dt.timedelta(days=placement_facts.AFTER_PLACEMENT_DAYS))
    return due


def _participants(actor: User, case: Case) -> list[ParticipantView]:
    """The case's people, without those sealed from ``actor`` (absent: no row,
    no placeholder; tiaki.access.sealed)."""
    rows = list(CaseParticipant.objects.filter(case=case).select_related("visit_frequency").order_by("role", "pk"))
    hidden = sealed.hidden_person_ids(actor, [p.person_id for p in rows])
    rows = [p for p in rows if p.person_id not in hidden]
    names = display_names([p.person_id for p in rows])
    born = dict(Person.objects.filter(pk__in=[p.person_id for p in rows]).values_list("pk", "date_of_birth"))
    seen = last_visits([p.person_id for p in rows if p.in_care_since])
    placed = placement_facts.placement_starts([p.person_id for p in rows if p.in_care_since])
    views = []
    for p in rows:
        every = p.visit_frequency.interval_days if p.visit_frequency and p.in_care_since else None
        last = seen.get(p.person_id)
        due = visit_due_on(p.in_care_since, every, last, placed.get(p.person_id))
        views.append(ParticipantView(p.person_id, names.get(p.person_id, "Name not recorded"), p.role,
                                     p.get_role_display(), p.in_care_since, every, last, due,
                                     born.get(p.person_id)))  # fmt: skip
    return views


def _document_views(case: Case, may_see_sensitive: bool, shown: set[int]) -> list[DocumentView]:
    """The case's documents; one about a child not in ``shown`` is left out."""
    views = []
    for d in Document.objects.filter(case=case).select_related("uploaded_by").order_by("-uploaded_at", "-pk"):
        if d.person_id is not None and d.person_id not in shown:
            continue
        masked = d.sensitive and not may_see_sensitive
        views.append(DocumentView(
            d.pk, "Restricted document" if masked else d.title, d.get_classification_display(),
            d.get_source_display(), d.content_type, d.size_bytes, d.uploaded_at, user_name(d.uploaded_by), masked,
            d.email_id,
        ))  # fmt: skip
    return views


#: Why a recording page is refused when the reader may read the case but not
#: record on it: its case closed, or they are not on its team.
CLOSED = "This case is closed: nothing more can be recorded on it."
NOT_CASE_TEAM = "Only the case's allocated worker and their supervision line record on it."


@selector(AuditAction.CASE_READ)
def case_get(*, actor: User, case_id: int, notes_limit: int = 100, to_record: bool = False) -> CaseView:
    """A case with everything on it, as ``actor`` may see it. ``to_record``:
    for a page that records on it, refused (audited, after the read) unless
    the reader may record there."""
    decision = case_decision(actor, case_id)
    with reading(actor, decision=decision, subject_type="case", subject_ids=[case_id]):
        case = Case.objects.select_related("allocated_worker", "site", "team", "origin_report").get(pk=case_id)
        sensitive = decision.may_see_sensitive
        may_record = may_record_on_case(actor, decision) and case.status == Case.Status.OPEN
        emails = list(CaseEmail.objects.filter(case=case).order_by("-sent_at", "-pk"))
        participants = _participants(actor, case)
        # A child's plan, order or document is about them: absent with them.
        shown = {p.person_id for p in participants}
        plans = [p for p in Plan.objects.filter(case=case).order_by("pk") if p.child_id in shown]
        view = CaseView(
            case=case,
            relationship=decision.relationship,
            may_see_sensitive=sensitive,
            may_record=may_record,
            may_approve_closure=(
                case.awaiting_closure
                and may_record
                and has_permission(actor, Permission.CASE_APPROVE)
                and case.closure_requested_by_id != actor.pk
            ),
            may_reallocate=may_record and has_permission(actor, Permission.CASE_APPROVE),
            worker_name=user_name(case.allocated_worker),
            participants=participants,
            events=list(CaseEvent.objects.filter(case=case).select_related("by").order_by("at", "pk")),
            notes=note_views(
                CaseNote.objects.filter(case=case).order_by("-occurred_at", "-pk")[:notes_limit],
                sensitive,
                actor,
            ),
            tasks=[
                TaskView(t.pk, t.title, t.due_on, user_name(t.assigned_to), t.done_at)
                for t in Task.objects.filter(case=case).select_related("assigned_to").order_by("done_at", "due_on")
            ],
            plans=plans,
            fgcs=list(
                FamilyGroupConference.objects.filter(case=case).select_related("coordinator").order_by("-referred_at")
            ),
            orders=[o for o in CourtOrder.objects.filter(case=case).order_by("-made_on", "-pk") if o.child_id in shown],
            documents=_document_views(case, sensitive, shown),
            emails=[e for e in emails if sensitive or not e.sensitive],
        )
        view.names = {p.person_id: p.name for p in view.participants}
        if to_record:
            view.current_plans = _current_versions(plans)
    if to_record and not may_record:
        # After the read's transaction, so the refusal's event is kept.
        closed = case.status != Case.Status.OPEN
        refuse(actor, "case_closed" if closed else "not_case_team", action=AuditAction.CASE_UPDATE,
               subject_type="case", subject_ids=[case_id], message=CLOSED if closed else NOT_CASE_TEAM)  # fmt: skip
    return view


def _current_versions(plans: list[Plan]) -> dict[int, PlanVersion]:
    current = {(p.pk, p.current_version): p.child_id for p in plans}
    versions = PlanVersion.objects.filter(plan__in=plans).select_related("written_by", "fgc")
    return {current[(v.plan_id, v.number)]: v for v in versions if (v.plan_id, v.number) in current}


@dataclass(frozen=True)
class CaseSummary:
    id: int
    reference: str
    kind_label: str
    status: str
    opened_at: dt.datetime
    worker_name: str
    children: tuple[str, ...]
    awaiting_closure: bool
    overdue_tasks: int


@selector(AuditAction.CASE_READ)
def case_list_for(*, actor: User, limit: int = 100, refused_as_empty: bool = True) -> list[CaseSummary]:
    """The open cases the actor holds or supervises, and those awaiting their
    closure approval, most recently opened first. A role without case access
    gets an empty list (the home page's panel), or with ``refused_as_empty``
    False the refusal, audited (the API, whose client should hear why)."""
    decision = scoping.list_decision(actor, Permission.CASE_READ)
    if not decision.allowed and refused_as_empty:
        return []
    with reading(actor, decision=decision, subject_type="case") as step:
        # One's own caseload, shown on every home page: not audited, so the
        # near misses the privacy office looks for are not buried under it.
        step.nothing_done()
        return _case_summaries(actor, limit)


def _case_summaries(actor: User, limit: int) -> list[CaseSummary]:
    workers = [actor.pk, *scoping.supervisees(actor)]
    cases = list(
        Case.objects.filter(status=Case.Status.OPEN, allocated_worker_id__in=workers)
        .select_related("allocated_worker")
        .order_by("-opened_at")[:limit]
    )
    ids = [c.pk for c in cases]
    children: dict[int, list[int]] = {}
    links = list(
        CaseParticipant.objects.filter(case_id__in=ids, role=CaseParticipant.Role.CHILD).values_list(
            "case_id", "person_id"
        )
    )
    hidden = sealed.hidden_person_ids(actor, [pid for _, pid in links])
    for case_id, person_id in links:
        if person_id not in hidden:
            children.setdefault(case_id, []).append(person_id)
    names = display_names({pid for pids in children.values() for pid in pids})
    today = timezone.localdate()
    overdue: dict[int, int] = {}
    for case_id in Task.objects.filter(case_id__in=ids, done_at__isnull=True, due_on__lt=today).values_list(
        "case_id", flat=True
    ):
        overdue[case_id] = overdue.get(case_id, 0) + 1
    return [
        CaseSummary(
            c.pk,
            c.reference,
            c.get_kind_display(),
            c.status,
            c.opened_at,
            user_name(c.allocated_worker),
            tuple(names.get(pid, "Name not recorded") for pid in children.get(c.pk, [])),
            c.awaiting_closure,
            overdue.get(c.pk, 0),
        )
        for c in cases
    ]


@dataclass(frozen=True)
class CaseworkDue:
    open_cases: int
    overdue_tasks: int
    overdue_visits: int
    awaiting_approval: int


@selector(AuditAction.CASE_READ)
def casework_due(*, actor: User) -> CaseworkDue:
    """Counts for the home page: the actor's open cases (and those of the
    people they supervise), overdue tasks assigned to them, children in
    care on those cases whose statutory visit is overdue, and closures
    waiting for their approval. Counts only: no names, and not audited (every
    home page shows them). A role without case access counts nothing."""
    decision = scoping.list_decision(actor, Permission.CASE_READ)
    if not decision.allowed:
        return CaseworkDue(0, 0, 0, 0)
    with reading(actor, decision=decision, subject_type="case") as step:
        step.nothing_done()
        return _casework_due(actor)


def _casework_due(actor: User) -> CaseworkDue:
    workers = [actor.pk, *scoping.supervisees(actor)]
    open_cases = Case.objects.filter(status=Case.Status.OPEN, allocated_worker_id__in=workers)
    today = timezone.localdate()
    tasks = Task.objects.filter(assigned_to=actor, done_at__isnull=True, due_on__lt=today).count()
    in_care = list(
        CaseParticipant.objects.filter(
            case__in=open_cases, role=CaseParticipant.Role.CHILD, in_care_since__isnull=False
        ).values_list("person_id", "in_care_since", "visit_frequency__interval_days")
    )
    # A child sealed from the actor is not counted either (tiaki.access.sealed).
    hidden = sealed.hidden_person_ids(actor, [pid for pid, _, _ in in_care])
    in_care = [row for row in in_care if row[0] not in hidden]
    seen = last_visits([pid for pid, _, _ in in_care])
    placed = placement_facts.placement_starts([pid for pid, _, _ in in_care])
    overdue = 0
    for person_id, since, every in in_care:
        if since is None or not every:
            continue
        due = visit_due_on(since, every, seen.get(person_id), placed.get(person_id))
        if due is not None and due < today:
            overdue += 1
    approvals = 0
    if has_permission(actor, Permission.CASE_APPROVE):
        approvals = open_cases.filter(closure_requested_at__isnull=False).exclude(closure_requested_by=actor).count()
    return CaseworkDue(open_cases.count(), tasks, overdue, approvals)
