"""Making the quarterly privacy report to the chief executive: the PDF and
the CSV of its figures both leave through the disclosure pipeline (kind
PRIVACY_REPORT, a STAFF recipient: the chief executive, received by the
privacy officer who makes it), so each copy is recorded with a document id
and the PDF is watermarked on every page; each is also audited
privacy_report.make naming the quarter and the document."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from tiaki.access import Permission
from tiaki.access.enforcement import refusal_record
from tiaki.access.paths import service, writing
from tiaki.audit.actions import AuditAction
from tiaki.disclosure.artefacts import Recipient
from tiaki.disclosure.models import Disclosure
from tiaki.disclosure.services import pipeline
from tiaki.privacy import reasons
from tiaki.privacy.quarters import QuarterError
from tiaki.privacy.report import artefact_for, csv_bytes, title_of
from tiaki.privacy.selectors.report import QuarterlyReport, parsed_quarter, report_figures
from tiaki.staff.models import User

FORMATS = ("pdf", "csv")
#: Who the report is for, on its watermark and disclosure record.
CHIEF_EXECUTIVE = "The chief executive"


@dataclass(frozen=True)
class ReportFile:
    filename: str
    content_type: str
    data: bytes
    document_id: str
    report: QuarterlyReport


@service(AuditAction.PRIVACY_REPORT_MAKE, permission=Permission.PRIVACY_REPORT_MAKE)
def privacy_report_release(
    *, actor: User, quarter: str, file_format: str = "pdf", now: dt.datetime | None = None
) -> ReportFile:
    """The quarter's report as a PDF (charts, each with its table) or a CSV
    (one row per figure), released through the disclosure pipeline to the
    chief executive. Privacy officers only; a bad quarter or format is refused."""
    now = now or timezone.now()
    if file_format not in FORMATS:
        refusal_record(actor, reasons.QUARTER_INVALID, action=AuditAction.PRIVACY_REPORT_MAKE,
                       relationship="invalid:format")  # fmt: skip
        raise QuarterError("Choose PDF or CSV.", field="format")
    chosen = parsed_quarter(actor, quarter, today=timezone.localdate(now))
    report = report_figures(chosen, now=now)
    artefact = artefact_for(report)
    recipient = Recipient(kind=Disclosure.RecipientKind.STAFF, label=CHIEF_EXECUTIVE, user_id=actor.pk)
    purpose = f"The quarterly privacy report to the chief executive for {chosen.code}"
    released = pipeline.release(actor=actor, artefact=artefact, recipient=recipient, purpose=purpose,
                                channel=Disclosure.Channel.DOWNLOAD, render=file_format == "pdf")  # fmt: skip
    document_id = released.disclosure.document_id
    with writing(actor, subject_type="", relationship=f"report:{chosen.code}:{file_format}:{document_id}"):
        pass
    if file_format == "pdf":
        assert released.pdf is not None  # rendered: a download is a file channel
        data, content_type = released.pdf, "application/pdf"
    else:
        data, content_type = csv_bytes(report, document_id=document_id), "text/csv; charset=utf-8"
    filename = f"privacy-report-{chosen.code}-{document_id}.{file_format}"
    return ReportFile(filename, content_type, data, document_id, report)


__all__ = ["CHIEF_EXECUTIVE", "FORMATS", "ReportFile", "parsed_quarter", "privacy_report_release", "title_of"]
