"""What an uploaded file really is (its bytes, not its name), and reading
emails: tiaki.casework.uploads."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage

import pytest
from django.test import override_settings

from tiaki.casework.uploads import UploadRejected, identify, parse_email

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def zipped(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def docx() -> bytes:
    return zipped({
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                               'content-types"/>',
        "word/document.xml": '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                             'wordprocessingml/2006/main"><w:body/></w:document>',
    })  # fmt: skip


def email_bytes(**headers: str) -> bytes:
    message = EmailMessage()
    for name, value in {"From": "kura@example.nz", "To": "alice@tiaki.example", "Subject": "Tūī at school",
                        "Date": "Tue, 03 Mar 2026 09:15:00 +1300", **headers}.items():  # fmt: skip
        if value:
            message[name] = value
    message.set_content("Tūī was at kura all week.")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="attendance.pdf")
    return message.as_bytes()


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("photo.PNG", PNG, "image/png"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("letter.docx", None, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("notes.txt", "Kia ora, Tūī.".encode(), "text/plain"),
    ],
)
def test_it_accepts_files_whose_content_is_what_their_name_says(name, data, content_type):
    assert identify(name, data if data is not None else docx()).content_type == content_type


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", PNG, "not a PDF file"),
        ("photo.png", PDF, "not a PNG file"),
        ("letter.docx", None, "not a DOCX file"),  # a plain zip
        ("letter.docx", b"PK\x03\x04 not really a zip", "not a DOCX file"),
        ("setup.exe", b"MZ\x90\x00\x03", "does not keep .exe files"),
        ("report", PDF, "has no type"),
        ("empty.pdf", b"", "empty"),
        ("notes.txt", b"\xff\xfe\x00t", "not a TXT file"),
        ("notes.txt", "Kia ora".encode("utf-16-le"), "not a TXT file"),
    ],
)
def test_it_refuses_files_that_are_not_what_they_say_or_not_kept(name, data, message):
    with pytest.raises(UploadRejected, match=message):
        identify(name, data if data is not None else zipped({"readme.txt": "hello"}))


@override_settings(TIAKI_UPLOAD_MAX_MB=1)
def test_it_refuses_a_file_over_the_size_limit():
    assert identify("big.pdf", PDF + b"0" * (1024 * 1024 - len(PDF))).label == "PDF"
    with pytest.raises(UploadRejected, match="largest Tiaki keeps is 1 MB"):
        identify("big.pdf", PDF + b"0" * (1024 * 1024))


def test_it_reads_an_email_with_its_text_and_attachments():
    parsed = parse_email(email_bytes(Cc="nan@example.nz"))
    assert (parsed.sender, parsed.subject) == ("kura@example.nz", "Tūī at school")
    assert parsed.recipients == "alice@tiaki.example, nan@example.nz"
    assert parsed.sent_at is not None
    assert parsed.sent_at.utcoffset() is not None
    assert parsed.body_text == "Tūī was at kura all week."
    assert [(a.name, a.data) for a in parsed.attachments] == [("attendance.pdf", PDF)]


def test_it_reads_the_text_of_an_html_only_email():
    message = EmailMessage()
    message["From"], message["Date"] = "kura@example.nz", "Tue, 03 Mar 2026 09:15:00 +1300"
    message.set_content("<p>Tūī was <b>at kura</b>.</p>", subtype="html")
    assert parse_email(message.as_bytes()).body_text == "Tūī was at kura."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x01\x02garbage\xff" * 10, "not an email"),
        (b"this is not an email at all, just words\n", "no email headers"),
        (email_bytes(From=""), "no sender"),
        (email_bytes(Date=""), "no date"),
        (email_bytes(Date="sometime last week"), "no date"),
        (b"", "empty"),
    ],
)
def test_it_refuses_what_is_not_a_readable_email(data, message):
    with pytest.raises(UploadRejected, match=message):
        parse_email(data)
