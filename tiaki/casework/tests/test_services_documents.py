"""Keeping documents and emails on a case: through the storage API, under a
random name, never a file without its record."""

from __future__ import annotations

import hashlib
from email.message import EmailMessage
from pathlib import Path
from unittest import mock

import pytest
from django.http import Http404

from tiaki.casework import selectors, services
from tiaki.casework.models import CaseEmail, Document
from tiaki.casework.services import CaseworkError
from tiaki.casework.tests.conftest import events_since, head
from tiaki.casework.tests.test_uploads import PDF, PNG, email_bytes
from tiaki.chronology.models import ChronologyEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def upload(actor, case, name="Tūī Te Whare school report.pdf", data=PDF, **change):
    values = {"title": "School report", "classification": Document.Classification.IN_CONFIDENCE} | change
    return services.document_upload(actor=actor, case_id=case.pk, name=name, data=data, **values)


def test_a_document_is_stored_under_a_random_name_with_its_hash_and_size(alice, child, case, media):
    before = head()
    doc = upload(alice, case)
    [path] = stored_files(media)
    assert path.read_bytes() == PDF
    assert doc.file.name == path.relative_to(media).as_posix()
    assert "Tūī" not in doc.file.name
    assert "school" not in doc.file.name
    assert (doc.original_name, doc.content_type) == ("Tūī Te Whare school report.pdf", "application/pdf")
    assert (doc.size_bytes, doc.sha256) == (len(PDF), hashlib.sha256(PDF).hexdigest())
    assert ChronologyEntry.objects.filter(kind="document", source_id=doc.pk, person=child).exists()
    assert [(e.action, e.relationship) for e in events_since(before, alice)] == [
        ("document.upload", f"document:{doc.pk}")
    ]
    # A second upload with the same original name gets a different stored name.
    assert upload(alice, case).file.name != doc.file.name


def test_a_file_that_is_not_what_it_says_is_refused_and_not_stored(alice, case, media):
    for name, data in (("photo.pdf", PNG), ("tool.exe", b"MZ\x90\x00"), ("empty.pdf", b""), ("mail.eml", PDF)):
        with pytest.raises(CaseworkError) as failed:
            upload(alice, case, name=name, data=data)
        assert failed.value.field == "file"
    assert stored_files(media) == []
    assert not Document.objects.exists()


def test_a_failed_save_leaves_no_file_behind(alice, case, media):
    with mock.patch("tiaki.audit.record", side_effect=RuntimeError("audit unavailable")), \
            pytest.raises(RuntimeError, match="audit unavailable"):  # fmt: skip
        upload(alice, case)
    assert stored_files(media) == []
    assert not Document.objects.exists()
    assert not ChronologyEntry.objects.filter(kind="document").exists()


@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
def test_a_colleague_and_an_outsider_cannot_upload(actor_name, request, case, media):
    actor = request.getfixturevalue(actor_name)
    before = head()
    with pytest.raises(Http404):
        upload(actor, case)
    assert [(e.action, e.outcome) for e in events_since(before, actor)] == [("document.upload", "refused")]
    assert stored_files(media) == []


def test_a_sensitive_document_opens_for_the_worker_and_not_under_break_glass(alice, bob, child, case, media):
    from tiaki.access.services import breakglass_open

    doc = upload(alice, case, classification=Document.Classification.SENSITIVE)
    before = head()
    assert selectors.document_open(actor=alice, document_id=doc.pk) == doc
    assert [e.action for e in events_since(before, alice)] == ["document.read"]
    breakglass_open(actor=bob, person_id=child.pk, reason="Police at the door asking where Tūī is placed tonight")
    before = head()
    with pytest.raises(Http404):
        selectors.document_open(actor=bob, document_id=doc.pk)
    assert [(e.action, e.outcome) for e in events_since(before, bob)] == [("document.read", "refused")]


def test_an_email_keeps_its_text_its_readable_attachments_and_the_original(alice, child, case, media):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "kura@example.nz", "alice@tiaki.example", "Attendance"
    message["Date"] = "Tue, 03 Mar 2026 09:15:00 +1300"
    message["Message-ID"] = "<attendance-1@example.nz>"
    message.set_content("Tūī was at kura all week.")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="attendance.pdf")
    message.add_attachment(b"MZ\x90\x00\x03", maintype="application", subtype="octet-stream", filename="game.exe")
    data = message.as_bytes()
    before = head()
    result = services.email_import(actor=alice, case_id=case.pk, name="attendance.eml", data=data)
    saved = CaseEmail.objects.get()
    assert result.email == saved
    assert (saved.sender, saved.subject, saved.body_text) == ("kura@example.nz", "Attendance",
                                                              "Tūī was at kura all week.")  # fmt: skip
    assert saved.message_id == "<attendance-1@example.nz>"
    assert [(d.original_name, d.source, d.content_type) for d in result.documents] == [
        ("attendance.pdf", "attachment", "application/pdf")
    ]
    with result.documents[0].file.open("rb") as stored:
        assert stored.read() == PDF
    [(skipped_name, why)] = result.skipped
    assert skipped_name == "game.exe"
    assert ".exe" in why
    original = Document.objects.get(email=saved, source=Document.Source.EMAIL)
    assert (original.content_type, original.sha256) == ("message/rfc822", hashlib.sha256(data).hexdigest())
    assert len(stored_files(media)) == 2
    [entry] = ChronologyEntry.objects.filter(kind="email", source_id=saved.pk)
    assert entry.person_id == child.pk
    assert entry.summary.startswith("1 of 2 attachment(s) kept as documents.")
    assert [e.action for e in events_since(before, alice)] == ["email.import"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("garbage.eml", b"\x00\x01\x02garbage\xff" * 10),
        ("nofrom.eml", email_bytes(From="")),
        ("nodate.eml", email_bytes(Date="")),
        ("letter.pdf", email_bytes()),
    ],
)
def test_an_unreadable_email_is_refused_on_the_file_field(alice, case, media, name, data):
    with pytest.raises(CaseworkError) as failed:
        services.email_import(actor=alice, case_id=case.pk, name=name, data=data)
    assert failed.value.field == "file"
    assert not CaseEmail.objects.exists()
    assert stored_files(media) == []


def test_a_failed_email_import_leaves_no_file_behind(alice, case, media):
    with mock.patch("tiaki.audit.record", side_effect=RuntimeError("audit unavailable")), \
            pytest.raises(RuntimeError):  # fmt: skip
        services.email_import(actor=alice, case_id=case.pk, name="mail.eml", data=email_bytes())
    assert stored_files(media) == []
    assert not Document.objects.exists()
