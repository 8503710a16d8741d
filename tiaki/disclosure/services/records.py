"""The file of a released disclosure: downloaded once, by its sender, within
24 hours; then gone (its bytes are cleared at the download, and the purge
job deletes the row). The Disclosure record itself stays for ever."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from tiaki.access import Permission, scoping
from tiaki.access.enforcement import enforce, refusal_record
from tiaki.access.paths import service, writing
from tiaki.access.scoping import NOT_FOUND, Decision
from tiaki.audit.actions import AuditAction
from tiaki.disclosure.models import Disclosure, DisclosureFile, DisclosureSubject
from tiaki.disclosure.selectors.records import FILE_KEPT_FOR
from tiaki.staff.models import User


class FileGone(Exception):  # noqa: N818 - says what the sender meets: the file is gone
    """The file was downloaded already, or is older than 24 hours."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FileOut:
    filename: str
    content_type: str
    data: bytes


@service(AuditAction.DISCLOSURE_MAKE, permission=Permission.DISCLOSURE_MAKE)
def disclosure_file_take(*, actor: User, disclosure_id: int) -> FileOut:
    """The file, once, to its sender (anyone else: 404), within 24 hours of
    its release; its bytes are cleared as it is handed over."""
    stopped = scoping.gate(actor, Permission.DISCLOSURE_MAKE)
    row = None if stopped else Disclosure.objects.filter(pk=disclosure_id).values("sender_id", "document_id").first()
    own = row is not None and row["sender_id"] == actor.pk
    decision = stopped or (Decision(True, "sender") if own else scoping.refuse(NOT_FOUND))
    # Refused alike whether it is missing or someone else's: the same queries, no subjects named.
    enforce(actor, decision, action=AuditAction.DISCLOSURE_MAKE, subject_type="person", subject_ids=[])
    assert row is not None  # enforce refused a missing one
    subjects = list(DisclosureSubject.objects.filter(disclosure_id=disclosure_id).values_list("person_id", flat=True))
    relationship = f"download:{row['document_id']}"
    out: FileOut | None = None
    gone = "This file is no longer kept (it was downloaded, or 24 hours passed). Make it again if you need it."
    with writing(actor, subject_type="person", subject_ids=subjects, relationship=relationship) as step:
        file = DisclosureFile.objects.select_for_update().filter(disclosure_id=disclosure_id).first()
        if file is not None and file.downloaded_at is not None:
            gone = "This file has already been downloaded, and Tiaki keeps no copy. Make it again if you need it."
        elif file is not None:
            if timezone.now() < file.made_at + FILE_KEPT_FOR:
                out = FileOut(file.filename, file.content_type, bytes(file.data))
                file.downloaded_at = timezone.now()
                file.data = b""
                file.save(update_fields=["downloaded_at", "data"])
            else:
                gone = "This file was kept for 24 hours and is gone. Make it again if you need it."
        if out is None:
            step.nothing_done()
    if out is None:
        # Audited as what it is: the file no longer exists.
        refusal_record(actor, NOT_FOUND, action=AuditAction.DISCLOSURE_MAKE, subject_type="person",
                       subject_ids=subjects, relationship=relationship)  # fmt: skip
        raise FileGone(gone)
    return out


@service(AuditAction.DISCLOSURE_MAKE)
def disclosure_files_purge() -> int:
    """The scheduled job: delete every file downloaded, or kept past its 24
    hours. Returns how many were deleted. Idempotent: a deleted file is gone."""
    cutoff = timezone.now() - FILE_KEPT_FOR
    with writing(None, subject_type="disclosure", relationship="purge-files") as step:
        stale = DisclosureFile.objects.filter(Q(downloaded_at__isnull=False) | Q(made_at__lte=cutoff))
        ids = sorted(stale.values_list("disclosure_id", flat=True))
        stale.filter(disclosure_id__in=ids).delete()
        step.subject_ids = ids
        if not ids:
            step.nothing_done()
    return len(ids)
