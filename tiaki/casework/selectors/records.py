"""Reading one record on a case, as the actor may see it: a note or a plan
with every version, a Family Group Conference, a court order, a document to
download, an email.

Every selector is declared (``@selector``) and reads on the one read path
(tiaki.access.paths.reading): need-to-know first (tiaki.casework.reach.case_decision: 404
when out of reach), then the read and one audit event in its transaction.
SENSITIVE notes, documents and emails are masked or refused for readers
without the field permission. What the reader may do next comes back with
the record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tiaki.access import Permission, has_permission, sealed
from tiaki.access.enforcement import enforce, refuse
from tiaki.access.ids import NO_RECORD
from tiaki.access.paths import reading, selector
from tiaki.access.scoping import NO_RELATIONSHIP, SEALED, Decision
from tiaki.audit.actions import AuditAction
from tiaki.casework.models import (
    Case,
    CaseEmail,
    CaseNote,
    CaseNoteVersion,
    CaseParticipant,
    CourtOrder,
    Document,
    EngagementAttempt,
    FamilyGroupConference,
    NoteSubject,
    Plan,
    PlanVersion,
)
from tiaki.casework.reach import case_decision, may_record_on_case
from tiaki.casework.selectors.masking import NoteView, note_views, user_name
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.selectors import statements_for
from tiaki.people.selectors.record import display_names
from tiaki.staff.models import User


@dataclass(frozen=True)
class NoteVersionView:
    number: int
    title: str
    text: str
    written_by: str
    written_at: dt.datetime
    reason: str


@dataclass
class NoteHistory:
    note: NoteView
    case: Case
    versions: list[NoteVersionView]
    may_record: bool
    #: Statements of correction attached to the note (tiaki.chronology.models.CorrectionStatement), oldest first.
    statements: list[str] = field(default_factory=list)


def _decided(actor: User, case_id: int, action: AuditAction = AuditAction.CASE_READ) -> Decision:
    """The case's read decision, enforced now: for a selector that refuses
    more (sealed, SENSITIVE) before its read's transaction, where a refusal's
    event is kept."""
    decision = case_decision(actor, case_id)
    enforce(actor, decision, action=action, subject_type="case", subject_ids=[case_id])
    return decision


def _refuse_if_sealed(actor: User, person_id: int, case_id: int, action: AuditAction = AuditAction.CASE_READ) -> None:
    """A record about one child sealed from the reader is absent: the 404 of
    a missing one, audited as a refusal (tiaki.access.sealed)."""
    if sealed.hidden_person_ids(actor, [person_id]):
        refuse(actor, SEALED, action=action, subject_type="case", subject_ids=[case_id])


def _fgc_children(*, actor: User, fgc: FamilyGroupConference) -> list[tuple[int, str]]:
    """The children on a conference's case, by name, for a reader fgc_get
    let in; a child sealed from them is left out."""
    ids = list(
        CaseParticipant.objects.filter(case_id=fgc.case_id, role=CaseParticipant.Role.CHILD)
        .order_by("pk")
        .values_list("person_id", flat=True)
    )
    ids = sealed.shown_person_ids(actor, ids)
    names = display_names(ids)
    return [(pid, names.get(pid, "Name not recorded")) for pid in ids]


@selector(AuditAction.CASE_READ)
def note_get(*, actor: User, note_id: int, to_correct: bool = False) -> NoteHistory:
    """A note with every version, newest first; masked as the reader must see
    it. ``to_correct``: for the correction page, refused (audited, after the
    read) unless the reader may correct it."""
    case_id = CaseNote.objects.filter(pk=note_id).values_list("case_id", flat=True).first() or NO_RECORD
    # A missing record is decided as a missing case (NO_RECORD): the same
    # statements, audit event and 404 as one out of reach, so neither the
    # answer nor its timing tells them apart.
    decision = _decided(actor, case_id)
    subjects = list(NoteSubject.objects.filter(note_id=note_id).values_list("person_id", flat=True))
    if subjects and set(subjects) <= sealed.hidden_person_ids(actor, subjects):
        # About nobody but people sealed from the reader: absent with them, as
        # case_get leaves it out (refused before the read's transaction, so kept).
        refuse(actor, SEALED, action=AuditAction.CASE_READ, subject_type="case", subject_ids=[case_id])
    with reading(actor, decision=decision, subject_type="case", subject_ids=[case_id],
                 relationship=f"note:{note_id}:{decision.relationship}"):  # fmt: skip
        case = Case.objects.get(pk=case_id)
        note = note_views(CaseNote.objects.filter(pk=note_id), decision.may_see_sensitive, actor)[0]
        versions = [] if note.masked else [
            NoteVersionView(v.number, v.title, v.text, user_name(v.written_by), v.written_at, v.reason)
            for v in CaseNoteVersion.objects.filter(note_id=note_id).select_related("written_by").order_by("-number")
        ]  # fmt: skip
        # A statement travels with the note; one made by someone sealed from the reader stays with them.
        hidden = sealed.hidden_person_ids(actor, subjects)
        source = (ChronologyEntry.Kind.NOTE, note_id)
        attached = [] if note.masked else statements_for([source]).get(source, [])
        statements: list[str] = [s for s in attached if s.person_id in subjects and s.person_id not in hidden]
    history = NoteHistory(
        note,
        case,
        versions,
        may_record_on_case(actor, decision) and case.status == Case.Status.OPEN and not note.masked,
        statements,
    )
    if to_correct and not history.may_record:
        refuse(actor, "case_closed", action=AuditAction.NOTE_CORRECT, subject_type="case", subject_ids=[case_id],
               message="This note cannot be corrected: its case is closed or not in your line.")  # fmt: skip
    return history


@dataclass
class PlanHistory:
    plan: Plan
    case: Case
    child_name: str
    versions: list[PlanVersion]
    may_record: bool

    @property
    def current(self) -> PlanVersion | None:
        return self.versions[0] if self.versions else None


@selector(AuditAction.CASE_READ)
def plan_get(*, actor: User, plan_id: int) -> PlanHistory:
    """A child's plan with every version, newest first."""
    found = Plan.objects.filter(pk=plan_id).values_list("case_id", "child_id").first()
    case_id, child_id = found or (NO_RECORD, NO_RECORD)
    decision = _decided(actor, case_id)
    # Refused outside the read's transaction, so the refusal's audit event is kept.
    _refuse_if_sealed(actor, child_id, case_id)
    with reading(actor, decision=decision, subject_type="case", subject_ids=[case_id],
                 relationship=f"plan:{plan_id}:{decision.relationship}"):  # fmt: skip
        plan = Plan.objects.select_related("case").get(pk=plan_id)
        versions = list(PlanVersion.objects.filter(plan=plan).select_related("written_by", "fgc").order_by("-number"))
    name = display_names([plan.child_id]).get(plan.child_id, "Name not recorded")
    return PlanHistory(
        plan,
        plan.case,
        name,
        versions,
        may_record_on_case(actor, decision) and plan.case.status == Case.Status.OPEN,
    )


@selector(AuditAction.DOCUMENT_READ)
def document_open(*, actor: User, document_id: int) -> Document:
    """A document to download, if the reader may see its case and, for a
    SENSITIVE one, SENSITIVE fields. The download is audited."""
    case_id = Document.objects.filter(pk=document_id).values_list("case_id", flat=True).first() or NO_RECORD
    decision = _decided(actor, case_id, AuditAction.DOCUMENT_READ)
    document = Document.objects.get(pk=document_id)
    if document.person_id is not None:
        _refuse_if_sealed(actor, document.person_id, case_id, AuditAction.DOCUMENT_READ)
    # Refused outside the read's transaction, so the refusal's audit event is kept.
    if document.sensitive and not decision.may_see_sensitive:
        refuse(actor, NO_RELATIONSHIP, action=AuditAction.DOCUMENT_READ, subject_type="case", subject_ids=[case_id])
    # The download is the read: its event is recorded before the file is handed over.
    with reading(actor, decision=decision, subject_type="case", subject_ids=[case_id],
                 relationship=f"document:{document_id}:{decision.relationship}"):  # fmt: skip
        return document


@dataclass
class EmailRecord:
    message: CaseEmail
    case: Case
    #: The original .eml and the attachments kept as documents.
    documents: list[Document]


@selector(AuditAction.CASE_READ)
def email_get(*, actor: User, email_id: int) -> EmailRecord:
    """An email's headers and text, and its documents, if the reader may see it."""
    case_id = CaseEmail.objects.filter(pk=email_id).values_list("case_id", flat=True).first() or NO_RECORD
    decision = _decided(actor, case_id)
    message = CaseEmail.objects.get(pk=email_id)
    if message.sensitive and not decision.may_see_sensitive:
        refuse(actor, NO_RELATIONSHIP, action=AuditAction.CASE_READ, subject_type="case", subject_ids=[case_id])
    with reading(actor, decision=decision, subject_type="case", subject_ids=[case_id],
                 relationship=f"email:{email_id}:{decision.relationship}"):  # fmt: skip
        documents = list(message.documents.select_related("uploaded_by").order_by("source", "pk"))
        return EmailRecord(message, message.case, documents)


@dataclass
class FgcRecord:
    fgc: FamilyGroupConference
    case: Case
    #: Whether to offer recording its outcome; the service decides on the save.
    may_record: bool
    #: The children on the case, by name, once a plan is agreed (each gets a plan).
    children: list[tuple[int, str]]


@selector(AuditAction.CASE_READ)
def fgc_get(*, actor: User, fgc_id: int, to_record: bool = False) -> FgcRecord:
    """One conference on a case the reader may see. ``to_record``: for the
    page recording its outcome, refused (audited, after the read) once its
    case is closed."""
    case_id = FamilyGroupConference.objects.filter(pk=fgc_id).values_list("case_id", flat=True).first() or NO_RECORD
    decision = case_decision(actor, case_id)
    with reading(actor, decision=decision, subject_type="case", subject_ids=[case_id],
                 relationship=f"fgc:{fgc_id}:{decision.relationship}"):  # fmt: skip
        fgc = FamilyGroupConference.objects.select_related("case", "coordinator", "referred_by").get(pk=fgc_id)
    is_open = fgc.case.status == Case.Status.OPEN
    if to_record and not is_open:
        refuse(actor, "case_closed", action=AuditAction.FGC_RECORD, subject_type="case", subject_ids=[case_id],
               message="This case is closed: nothing more can be recorded on it.")  # fmt: skip
    agreed = fgc.outcome == FamilyGroupConference.Outcome.PLAN_AGREED
    return FgcRecord(
        fgc,
        fgc.case,
        has_permission(actor, Permission.CASE_UPDATE) and is_open,
        _fgc_children(actor=actor, fgc=fgc) if agreed and not to_record else [],
    )


@dataclass
class CourtOrderRecord:
    order: CourtOrder
    case: Case
    child_name: str
    #: The attempts to engage the whānau (an s78 order), earliest first.
    attempts: list[EngagementAttempt]


@selector(AuditAction.CASE_READ)
def court_order_get(*, actor: User, order_id: int) -> CourtOrderRecord:
    """One court order, with its engagement attempts."""
    found = CourtOrder.objects.filter(pk=order_id).values_list("case_id", "child_id").first()
    case_id, child_id = found or (NO_RECORD, NO_RECORD)
    decision = _decided(actor, case_id)
    _refuse_if_sealed(actor, child_id, case_id)
    with reading(actor, decision=decision, subject_type="case", subject_ids=[case_id],
                 relationship=f"order:{order_id}:{decision.relationship}"):  # fmt: skip
        order = (
            CourtOrder.objects.select_related("case", "recorded_by")
            .prefetch_related("engagement_attempts")
            .get(pk=order_id)
        )
        attempts = sorted(order.engagement_attempts.all(), key=lambda a: a.attempted_at)
    name = display_names([order.child_id]).get(order.child_id, "Name not recorded")
    return CourtOrderRecord(order, order.case, name, attempts)
