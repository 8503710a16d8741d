"""Documents and emails on a case. A file is kept only if its content is the
type its name says and it is within the size limit (tiaki.casework.uploads);
an email's text and accepted attachments become part of the record, and the
original .eml is kept whole so nothing in it is lost."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone

from tiaki.access import Permission, sealed
from tiaki.access.paths import service
from tiaki.audit.actions import AuditAction
from tiaki.casework.models import CaseEmail, CaseParticipant, Document
from tiaki.casework.services.case_path import case_for_write, child_ids, entered_text
from tiaki.casework.services.errors import CaseworkError
from tiaki.casework.uploads import ParsedEmail, UploadRejected, identify, parse_email
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.services import chronology_add
from tiaki.staff.models import User

Classification = Document.Classification


def _about(actor: User, case_id: int, person_id: int | None) -> list[int]:
    """Who a document is about: the named person, else every child the
    writer may name; a person sealed from them is "not on this case"."""
    if person_id is None:
        return child_ids(case_id, shown_to=actor)
    if not CaseParticipant.objects.filter(case_id=case_id, person_id=person_id).exists() or sealed.hidden_person_ids(
        actor, [person_id]
    ):
        raise CaseworkError("That person is not on this case.", "person")
    return [person_id]


def _store(doc: Document, data: bytes, stored: list[str]) -> None:
    # The name given here is ignored by document_path (a random one is used).
    doc.file.save("upload", ContentFile(data), save=False)
    stored.append(doc.file.name)


def _discard(stored: list[str]) -> None:
    """The transaction failed: remove the files it wrote, so storage never
    holds a file that no record points at."""
    storage = Document._meta.get_field("file").storage
    for name in stored:
        storage.delete(name)


@service(AuditAction.DOCUMENT_UPLOAD, permission=Permission.CASE_UPDATE)
def document_upload(
    *,
    actor: User,
    case_id: int,
    name: str,
    data: bytes,
    title: str,
    classification: str = Classification.IN_CONFIDENCE,
    person_id: int | None = None,
) -> Document:
    """Keep a document on an open case: its content must be the type its name
    says (PDF, image, Office, text) and within the size limit."""
    if classification not in Classification.values:
        raise CaseworkError("Choose a classification.", "classification")
    title = entered_text(title, "title", "a title for the document", limit=200)
    if name.lower().endswith(".eml"):
        raise CaseworkError("That is an email: use 'Add an email' so its text and attachments are kept.", "file")
    try:
        kind = identify(name, data)
    except UploadRejected as exc:
        raise CaseworkError(str(exc), "file") from None
    now = timezone.now()
    stored: list[str] = []
    try:
        return _document_save(actor, case_id, name, data, title, classification, person_id, kind.content_type,
                              kind.label, now, stored)  # fmt: skip
    except BaseException:
        _discard(stored)
        raise


def _document_save(actor: User, case_id: int, name: str, data: bytes, title: str, classification: str,
                   person_id: int | None, content_type: str, label: str, now: dt.datetime,
                   stored: list[str]) -> Document:  # fmt: skip
    with case_for_write(actor, case_id) as (case, step):
        about = _about(actor, case.pk, person_id)
        doc = Document(
            case=case, person_id=person_id, title=title, classification=classification,
            source=Document.Source.UPLOAD, original_name=name[:255], content_type=content_type,
            size_bytes=len(data), sha256=hashlib.sha256(data).hexdigest(), uploaded_by=actor, uploaded_at=now,
        )  # fmt: skip
        _store(doc, data, stored)
        doc.save()
        chronology_add(person_ids=about, kind=ChronologyEntry.Kind.DOCUMENT, occurred_at=now, source_id=doc.pk,
                       case_id=case.pk, title=f"Document added: {title}", summary=label,
                       sensitive=doc.sensitive)  # fmt: skip
        step.relationship = f"document:{doc.pk}"
    return doc


@dataclass
class EmailImport:
    email: CaseEmail
    documents: list[Document] = field(default_factory=list)
    #: Attachments not kept as separate documents (name, why); they stay in the original .eml.
    skipped: list[tuple[str, str]] = field(default_factory=list)


@service(AuditAction.EMAIL_IMPORT, permission=Permission.CASE_UPDATE)
def email_import(
    *,
    actor: User,
    case_id: int,
    name: str,
    data: bytes,
    classification: str = Classification.IN_CONFIDENCE,
    person_id: int | None = None,
) -> EmailImport:
    """Drop an .eml into an open case: its headers and text join the record,
    each accepted attachment becomes a document, and the original is kept."""
    if classification not in Classification.values:
        raise CaseworkError("Choose a classification.", "classification")
    if not name.lower().endswith(".eml"):
        raise CaseworkError("Choose an email saved as a .eml file.", "file")
    try:
        parsed = parse_email(data)
    except UploadRejected as exc:
        raise CaseworkError(str(exc), "file") from None
    stored: list[str] = []
    try:
        return _email_save(actor, case_id, name, data, classification, person_id, parsed, stored)
    except BaseException:
        _discard(stored)
        raise


def _email_save(actor: User, case_id: int, name: str, data: bytes, classification: str, person_id: int | None,
                parsed: ParsedEmail, stored: list[str]) -> EmailImport:  # fmt: skip
    now = timezone.now()
    sensitive = classification == Classification.SENSITIVE
    with case_for_write(actor, case_id) as (case, step):
        about = _about(actor, case.pk, person_id)
        sent_at = parsed.sent_at if parsed.sent_at and timezone.is_aware(parsed.sent_at) else now
        if sent_at > now:
            sent_at = now
        message = CaseEmail.objects.create(
            case=case, subject=parsed.subject, sender=parsed.sender, recipients=parsed.recipients, sent_at=sent_at,
            message_id=parsed.message_id, body_text=parsed.body_text, recorded_by=actor, recorded_at=now,
            sensitive=sensitive,
        )  # fmt: skip
        result = EmailImport(email=message)
        original = Document(
            case=case, person_id=person_id, title=f"Email: {parsed.subject or '(no subject)'}"[:200],
            classification=classification, source=Document.Source.EMAIL, email=message, original_name=name[:255],
            content_type="message/rfc822", size_bytes=len(data), sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=actor, uploaded_at=now,
        )  # fmt: skip
        _store(original, data, stored)
        original.save()
        for attachment in parsed.attachments:
            try:
                kind = identify(attachment.name, attachment.data)
            except UploadRejected as exc:
                result.skipped.append((attachment.name, str(exc)))
                continue
            doc = Document(
                case=case, person_id=person_id, title=attachment.name[:200], classification=classification,
                source=Document.Source.ATTACHMENT, email=message, original_name=attachment.name[:255],
                content_type=kind.content_type, size_bytes=len(attachment.data),
                sha256=hashlib.sha256(attachment.data).hexdigest(), uploaded_by=actor, uploaded_at=now,
            )  # fmt: skip
            _store(doc, attachment.data, stored)
            doc.save()
            result.documents.append(doc)
        kept = len(result.documents)
        summary = parsed.body_text or "(no text)"
        if parsed.attachments:
            summary = f"{kept} of {len(parsed.attachments)} attachment(s) kept as documents. " + summary
        chronology_add(person_ids=about, kind=ChronologyEntry.Kind.EMAIL, occurred_at=sent_at, source_id=message.pk,
                       case_id=case.pk, title=f"Email: {parsed.subject or '(no subject)'}", summary=summary,
                       sensitive=sensitive)  # fmt: skip
        step.relationship = f"email:{message.pk}"
    return result
