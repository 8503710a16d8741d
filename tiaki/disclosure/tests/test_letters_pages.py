"""The letters pages: the template register (refusing an unknown field on
the page), a case's letters, writing one from a template, and sending it:
blocked, the guard's words shown and the letter kept as typed; sent, the
PDF downloads once."""

from __future__ import annotations

import pytest

from tiaki.disclosure.models import Disclosure, Letter, LetterTemplate
from tiaki.disclosure.tests.world import PROTECTED_STREET

pytestmark = pytest.mark.django_db


def test_the_template_register_and_an_unknown_field_on_the_page(client, privacy_officer, appointment_template):
    client.force_login(privacy_officer)
    page = client.get("/letter-templates/").content.decode()
    assert "Appointment with your social worker" in page
    edit = client.get(f"/letter-templates/{appointment_template.pk}/").content.decode()
    assert "$child_first_name" in edit
    assert "Fields you can use" in edit
    posted = {"name": appointment_template.name, "audience": "whanau", "subject": "Hui",
              "body": "Kia ora $chlid_name", "active": "on", "expected_version": "1"}  # fmt: skip
    refused = client.post(f"/letter-templates/{appointment_template.pk}/", posted)
    assert refused.status_code == 400
    assert "$chlid_name is not a field letters can use." in refused.content.decode()
    posted["body"] = "Kia ora $recipient_name"
    assert client.post(f"/letter-templates/{appointment_template.pk}/", posted).status_code == 302
    stale = client.post(f"/letter-templates/{appointment_template.pk}/", posted | {"subject": "Again"})
    assert stale.status_code == 409
    assert "Again" in stale.content.decode()  # nothing lost
    assert LetterTemplate.objects.get(pk=appointment_template.pk).version == 2


def test_a_social_worker_cannot_open_the_template_register(client, alice):
    client.force_login(alice)
    assert client.get("/letter-templates/").status_code == 403


def test_write_block_and_send_a_letter_through_the_pages(client, letters_whanau):
    w = letters_whanau
    client.force_login(w.worker)
    listing = client.get(f"/cases/{w.case.pk}/letters/").content.decode()
    assert "Write a letter" in listing
    new = client.get(f"/cases/{w.case.pk}/letters/new/").content.decode()
    assert "Wiremu Tane (Parent of Tūī Te Whare)" in new
    made = client.post(f"/cases/{w.case.pk}/letters/new/",
                       {"template": w.template.pk, "recipient": f"person:{w.father.pk}"})  # fmt: skip
    letter = Letter.objects.get()
    assert made.url == f"/letters/{letter.pk}/"
    body = letter.body + f"\n\nAroha is staying at {PROTECTED_STREET}."
    form = {"subject": letter.subject, "body": body, "channel": "post", "expected_version": "1", "send": "1"}
    blocked = client.post(f"/letters/{letter.pk}/", form).content.decode()
    assert "This letter was not sent" in blocked
    assert "Remove Aroha Pene" in blocked
    assert PROTECTED_STREET in blocked  # the letter as typed, kept in the form
    letter.refresh_from_db()
    assert letter.status == Letter.Status.BLOCKED
    assert Disclosure.objects.get().outcome == Disclosure.Outcome.BLOCKED
    again = client.get(f"/letters/{letter.pk}/").content.decode()
    assert "This letter was not sent" in again
    assert f"/disclosures/blocked/{letter.disclosure_id}/" in again  # the guard part's decision page
    form |= {"body": letter.body.replace(PROTECTED_STREET, "a safe place"), "expected_version": str(letter.version)}
    assert client.post(f"/letters/{letter.pk}/", form).status_code == 302
    sent = client.get(f"/letters/{letter.pk}/").content.decode()
    assert "Download the letter (PDF)" in sent
    pdf = client.post(f"/letters/{letter.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client.post(f"/letters/{letter.pk}/pdf/").status_code == 404  # once


def test_the_case_page_links_to_its_letters(client, letters_whanau):
    client.force_login(letters_whanau.worker)
    page = client.get(f"/cases/{letters_whanau.case.pk}/").content.decode()
    assert f'href="/cases/{letters_whanau.case.pk}/letters/"' in page
