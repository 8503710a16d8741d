"""The PDF (tiaki.disclosure.pdf): every page of a multi-page export carries
the watermark (who it is for, who made it, when in New Zealand time, the
document id) and "Page n of N", read back from the file; a letter has the
recipient's address block, date and subject line; an encrypted file cannot
be read without its password and can with it."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from tiaki.disclosure import pdf
from tiaki.disclosure.services.pipeline import release
from tiaki.disclosure.tests.conftest_pipeline import long_artefact
from tiaki.web.templatetags.tiaki_dates import moment

pytestmark = pytest.mark.django_db


def page_texts(data: bytes, password: str = "") -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    if password:
        reader.decrypt(password)
    # Words may wrap in a margin box: compare with whitespace folded.
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_every_page_of_a_multi_page_export_carries_the_watermark(alice, whanau, mother_recipient):
    artefact = long_artefact([whanau.child.pk], 60, case_id=whanau.case.pk)
    out = release(actor=alice, artefact=artefact, recipient=mother_recipient, purpose="Her own record",
                  channel="download")  # fmt: skip
    d = out.disclosure
    texts = page_texts(out.pdf)
    assert len(texts) == d.pages
    assert d.pages >= 3
    mark = f"For Aroha Pene · made by {alice.get_full_name()} · {moment(d.made_at)} · {d.document_id}"
    for number, text in enumerate(texts, start=1):
        assert mark in text, f"page {number} has no watermark"
        assert f"Page {number} of {d.pages}" in text
        assert "IN-CONFIDENCE" in text
    assert "Chronology of Tūī Te Whare" in texts[0]
    assert "Home visit 59" in texts[-1]


def test_the_watermark_time_is_new_zealand_time(alice, whanau, mother_recipient, letter_about_child):
    out = release(actor=alice, artefact=letter_about_child, recipient=mother_recipient, purpose="Plan",
                  channel="print")  # fmt: skip
    text = page_texts(out.pdf)[0]
    # moment() is New Zealand time (settings.TIME_ZONE), as the pages show it.
    assert moment(out.disclosure.made_at) in text
    assert re.search(r"\d{1,2} \w+ \d{4}, \d{2}:\d{2}", text)


def test_a_letter_has_its_address_block_date_and_subject(alice, whanau, mother_recipient, letter_about_child):
    out = release(actor=alice, artefact=letter_about_child, recipient=mother_recipient, purpose="Plan",
                  channel="post")  # fmt: skip
    text = page_texts(out.pdf)[0]
    assert "Aroha Pene 14 Rātā Street Raumanga Whangārei 0110" in text
    assert "Tūī's care plan" in text
    assert "Kia ora," in text


def test_an_encrypted_file_cannot_be_read_without_its_password(alice, whanau, mother_recipient, letter_about_child):
    out = release(actor=alice, artefact=letter_about_child, recipient=mother_recipient, purpose="Plan",
                  channel="email")  # fmt: skip
    reader = PdfReader(io.BytesIO(out.pdf))
    assert reader.is_encrypted
    with pytest.raises(FileNotDecryptedError):
        reader.pages[0].extract_text()
    assert PdfReader(io.BytesIO(out.pdf)).decrypt("not-the-password") == 0
    texts = page_texts(out.pdf, out.password)
    assert out.disclosure.document_id in texts[0]
    assert b"Aroha" not in out.pdf  # nothing readable in the bytes either


def test_passwords_are_random_and_readable():
    passwords = {pdf.new_password() for _ in range(50)}
    assert len(passwords) == 50
    assert all(re.fullmatch(r"([a-z2-9]{4}-){4}[a-z2-9]{4}", p) for p in passwords)
    assert not any(c in p for p in passwords for c in "01lio")
