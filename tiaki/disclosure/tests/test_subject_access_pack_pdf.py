"""The subject-access pack as a PDF (tiaki.disclosure.pdf, its booklet
template chosen by kind): a title page, each section from a new page, the
watermark on every page, the withheld markers and statements readable, and
the notifier nowhere in the file's text."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tiaki.disclosure import pdf
from tiaki.disclosure.models import Disclosure
from tiaki.disclosure.subject_access.pack import SECTIONS, build_pack
from tiaki.disclosure.tests.test_subject_access_pack import (
    NOTIFIER,
    NOTIFIER_PHONE,
    OTHER,
    OTHER_REASON,
    redaction,
    request,
    stage,
    world,
)

pytestmark = pytest.mark.django_db


def rendered(alice, artefact) -> tuple[list[str], Disclosure]:
    disclosure = Disclosure(
        document_id="DOC-TEST-PACK", kind=artefact.kind, outcome=Disclosure.Outcome.RELEASED, channel="download",
        title=artefact.title, sender=alice, made_at=timezone.now(), recipient_label="Ana Tipene",
    )  # fmt: skip
    data, pages = pdf.render(artefact, disclosure)
    texts = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]
    assert len(texts) == pages
    return texts, disclosure


def test_the_pack_is_a_booklet_with_the_watermark_on_every_page(alice):
    artefact = build_pack(gathered=world(), redactions=[redaction("note:7", OTHER, reason=OTHER_REASON)],
                          stage=stage(), request=request(), sender_name="Hemi Walker")  # fmt: skip
    texts, disclosure = rendered(alice, artefact)
    mark = pdf.watermark(disclosure)
    for number, text in enumerate(texts, start=1):
        assert mark in text, f"page {number} has no watermark"
        assert f"Page {number} of {len(texts)}" in text
    # The title page, then each section from a page of its own, in order.
    assert texts[0].count("Your records: part 1, for Ana Tipene") == 1
    assert "Document DOC-TEST-PACK" in texts[0]
    # Each page's text begins with the faint diagonal mark (the document id), then its first heading.
    starts = [next(n for n, t in enumerate(texts) if t.startswith(f"DOC-TEST-PACK {s} ")) for s in SECTIONS]
    assert starts[0] == 1
    assert starts == sorted(starts)
    assert len(set(starts)) == len(SECTIONS)


def test_the_pdf_explains_every_redaction_and_never_names_the_notifier(alice):
    artefact = build_pack(gathered=world(), redactions=[redaction("note:7", OTHER, reason=OTHER_REASON)],
                          stage=stage(), request=request(), sender_name="Hemi Walker")  # fmt: skip
    whole = " ".join(rendered(alice, artefact)[0])
    for value in (NOTIFIER, NOTIFIER_PHONE, OTHER, "Mereana"):
        assert value not in whole
    assert OTHER_REASON in whole
    assert "The law protects people who tell us, so we never give out who they are." in whole
    assert "[withheld: see note" in whole
    assert "Statement of correction I was at school that day, not at home." in whole
    assert "S78 (a temporary custody order while the court decides) order made." in whole


def test_other_records_keep_their_layout(alice):
    artefact = build_pack(gathered=world(), redactions=[], stage=stage(), request=request(), sender_name="Hemi")
    artefact.kind = "chronology"
    assert "In this pack" not in pdf.html(artefact, rendered(alice, artefact)[1])
