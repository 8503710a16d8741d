"""What an uploaded file really is, and whether Tiaki keeps it.

A file is accepted only when its content is the type its name says: the
bytes are read, not the browser's Content-Type. Office files are zip
containers, so a .docx must hold a Word document, not just any zip. This is
a short allow-list rather than libmagic: the types a case needs, each
checked more deeply than a magic number (python-magic would need a system
library on every machine and still call any zip a zip).

Emails (.eml) are parsed with the standard library's RFC 5322 parser.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import zipfile
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import PurePath

from django.conf import settings
from django.utils.html import strip_tags


class UploadRejected(ValueError):  # noqa: N818 - reads as what happened
    """The file is not kept; the message says why, in plain words."""


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str


_OFFICE = "application/vnd.openxmlformats-officedocument"
_OOXML = {
    ".docx": ("word/document.xml", FileKind("Word document", f"{_OFFICE}.wordprocessingml.document")),
    ".xlsx": ("xl/workbook.xml", FileKind("Excel workbook", f"{_OFFICE}.spreadsheetml.sheet")),
    ".pptx": ("ppt/presentation.xml", FileKind("PowerPoint presentation", f"{_OFFICE}.presentationml.presentation")),
}
_ODF = {
    ".odt": FileKind("OpenDocument text", "application/vnd.oasis.opendocument.text"),
    ".ods": FileKind("OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet"),
}
_OLE = {
    ".doc": FileKind("Word 97-2003 document", "application/msword"),
    ".xls": FileKind("Excel 97-2003 workbook", "application/vnd.ms-excel"),
    ".ppt": FileKind("PowerPoint 97-2003 presentation", "application/vnd.ms-powerpoint"),
}
_MAGIC = {
    ".pdf": ((b"%PDF-",), FileKind("PDF", "application/pdf")),
    ".png": ((b"\x89PNG\r\n\x1a\n",), FileKind("PNG image", "image/png")),
    ".jpg": ((b"\xff\xd8\xff",), FileKind("JPEG image", "image/jpeg")),
    ".jpeg": ((b"\xff\xd8\xff",), FileKind("JPEG image", "image/jpeg")),
    ".gif": ((b"GIF87a", b"GIF89a"), FileKind("GIF image", "image/gif")),
    ".tif": ((b"II*\x00", b"MM\x00*"), FileKind("TIFF image", "image/tiff")),
    ".tiff": ((b"II*\x00", b"MM\x00*"), FileKind("TIFF image", "image/tiff")),
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TEXT = FileKind("Text file", "text/plain")

#: Shown on the upload form.
ACCEPTED_EXTENSIONS = sorted({*_OOXML, *_ODF, *_OLE, *_MAGIC, ".txt"})


def max_upload_bytes() -> int:
    return int(settings.TIAKI_UPLOAD_MAX_MB) * 1024 * 1024


def check_size(size: int) -> None:
    if size == 0:
        raise UploadRejected("The file is empty.")
    limit = max_upload_bytes()
    if size > limit:
        raise UploadRejected(
            f"The file is {size / 1024 / 1024:.1f} MB: the largest Tiaki keeps is {settings.TIAKI_UPLOAD_MAX_MB} MB."
        )


def identify(name: str, data: bytes) -> FileKind:
    """The kind of file ``data`` is, if it is what ``name`` says and Tiaki accepts it."""
    check_size(len(data))
    ext = PurePath(name).suffix.lower()
    if not ext:
        raise UploadRejected("The file name has no type (like .pdf or .docx), so Tiaki cannot check it.")
    not_what_it_says = f"This file is not a {ext[1:].upper()} file, though its name says it is. It was not saved."
    if ext in _MAGIC:
        prefixes, kind = _MAGIC[ext]
        if not data.startswith(prefixes):
            raise UploadRejected(not_what_it_says)
        return kind
    if ext in _OLE:
        if not data.startswith(_OLE_MAGIC):
            raise UploadRejected(not_what_it_says)
        return _OLE[ext]
    if ext in _OOXML or ext in _ODF:
        members = _zip_members(data)
        if members is None:
            raise UploadRejected(not_what_it_says)
        if ext in _OOXML:
            part, kind = _OOXML[ext]
            if "[Content_Types].xml" not in members or part not in members:
                raise UploadRejected(not_what_it_says)
            return kind
        kind = _ODF[ext]
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
            except KeyError:
                raise UploadRejected(not_what_it_says) from None
        if declared != kind.content_type:
            raise UploadRejected(not_what_it_says)
        return kind
    if ext == ".txt":
        if b"\x00" in data:
            raise UploadRejected(not_what_it_says)
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise UploadRejected("This text file is not UTF-8 text. Save it as UTF-8 or as a PDF.") from None
        return TEXT
    raise UploadRejected(
        f"Tiaki does not keep {ext} files. Accepted: PDF, images, Word, Excel, PowerPoint, OpenDocument and text."
    )


def _zip_members(data: bytes) -> set[str] | None:
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None


@dataclass
class ParsedAttachment:
    name: str
    data: bytes


@dataclass
class ParsedEmail:
    subject: str
    sender: str
    recipients: str
    sent_at: dt.datetime | None
    message_id: str
    body_text: str
    attachments: list[ParsedAttachment] = field(default_factory=list)


def parse_email(data: bytes) -> ParsedEmail:
    """The headers, text and attachments of an RFC 5322 message; UploadRejected
    if it is not one (no headers, no sender, an unreadable body)."""
    check_size(len(data))
    if b"\x00" in data[:4096]:
        raise UploadRejected("This file is not an email (.eml): it holds binary data, not message text.")
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
    except Exception:  # noqa: BLE001 - the parser's failures are many; each means "not an email"
        raise UploadRejected("This file could not be read as an email (.eml).") from None
    if not isinstance(message, EmailMessage) or not message.keys():
        raise UploadRejected("This file is not an email (.eml): it has no email headers.")
    try:
        sender = str(message.get("From", "") or "").strip()
        date_header = message.get("Date")
        sent_at = getattr(date_header, "datetime", None) if date_header is not None else None
        subject = str(message.get("Subject", "") or "").strip()
        recipients = ", ".join(str(message.get(h, "") or "").strip() for h in ("To", "Cc") if message.get(h))
        message_id = str(message.get("Message-ID", "") or "").strip()
    except Exception:  # noqa: BLE001 - a malformed header raises from deep in email._header_value_parser
        raise UploadRejected("This email's headers could not be read.") from None
    if not sender:
        raise UploadRejected("This file is not an email Tiaki can read: it has no sender (From) line.")
    if sent_at is None:
        raise UploadRejected("This email has no date Tiaki can read (its Date line is missing or malformed).")
    body_text = ""
    try:
        body = message.get_body(preferencelist=("plain", "html"))
        if body is not None:
            content = body.get_content()
            body_text = strip_tags(content) if body.get_content_type() == "text/html" else content
        attachments = []
        for part in message.iter_attachments():
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes):
                continue
            name = PurePath(part.get_filename() or "attachment").name[:200]
            attachments.append(ParsedAttachment(name=name, data=payload))
    except (LookupError, ValueError, AttributeError, TypeError):
        raise UploadRejected(
            "This email's text could not be read (an unknown character set or a broken part)."
        ) from None
    return ParsedEmail(
        subject=subject[:500], sender=sender[:500], recipients=recipients, sent_at=sent_at, message_id=message_id[:500],
        body_text=body_text.strip(), attachments=attachments,
    )  # fmt: skip
