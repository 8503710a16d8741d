"""The casework pages the journey does not walk through: the case list, a
corrected note, a plan edited by two workers at once, documents and email,
and the whānau chronology. Each is checked with axe-core, and the bad-input
answers (a file that is not what its name says, an email that does not
parse, a plan clash) are pages a keyboard user can recover from."""

from __future__ import annotations

import datetime as dt
import re
from email.message import EmailMessage

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.casework import services as casework
from tiaki.casework.models import CaseEmail, Document, PlanVersion
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.demo.work import ensure_demo_work
from tiaki.people.models import Relationship
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _eml() -> bytes:
    message = EmailMessage()
    message["From"] = "Kaiako Aroha <aroha.kaiako@example.school.nz>"
    message["To"] = "tiaki@example.govt.nz"
    message["Subject"] = "Attendance for Manaia"
    message["Date"] = "Mon, 16 Nov 2026 09:05:00 +1300"
    message.set_content("Kia ora, Manaia has been at school every day this week.\nNgā mihi, Aroha")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="attendance.pdf")
    return message.as_bytes()


def test_the_other_casework_pages_are_accessible_and_recover_from_bad_input(live_server, page, tmp_path, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {**settings.STORAGES["default"],
                                                          "OPTIONS": {"location": str(tmp_path)}}}  # fmt: skip
    ensure_demo_accounts()
    ensure_demo_work()
    base = live_server.url
    worker = User.objects.get(username="demo-social-worker")
    children = [
        PersonNameFactory(given_names=given, family_name="Ngata", person__date_of_birth=born,
                          person__created_by=worker).person
        for given, born in (("Manaia", dt.date(2016, 2, 9)), ("Tūī", dt.date(2018, 7, 1)))
    ]  # fmt: skip
    Relationship.objects.create(from_person=children[0], to_person=children[1], kind=Relationship.Kind.SIBLING)
    case = casework.case_open(actor=worker, kind="assessment", child_ids=[c.pk for c in children])
    note = casework.note_add(
        actor=worker, case_id=case.pk, kind="visit", occurred_at=timezone.now() - dt.timedelta(hours=2),
        title="Visit to both tamariki", text="Saw Manaia and Tūī at home.", child_seen=True,
    )  # fmt: skip
    casework.note_correct(actor=worker, note_id=note.pk, base_version=1, title="Visit to both tamariki",
                          text="Saw Manaia and Tūī at home with their nan.", reason="Nan was there too.")  # fmt: skip
    casework.plan_save(
        actor=worker, case_id=case.pk, child_id=children[0].pk, base_version=0,
        goals=[{"goal": "Safe at night", "action": "Stay at Nan's", "who": "Nan", "by": ""}],
        child_voice="I like Nan's.", whanau_views="", review_on=timezone.localdate() + dt.timedelta(days=60),
    )  # fmt: skip

    sign_in_by_keyboard(page, base, "demo-social-worker")
    page.goto(f"{base}/cases/")
    assert case.reference in page.content()
    assert_accessible(page, "the case list")
    page.goto(f"{base}/cases/notes/{note.pk}/")
    assert "Nan was there too." in page.content()
    assert_accessible(page, "a corrected note with its versions")

    # Two workers on one plan: the other saves first; this one is told, keeps their text and can save again.
    plan_id = PlanVersion.objects.get().plan_id
    page.goto(f"{base}/cases/{case.pk}/plans/{children[0].pk}/edit/")
    casework.plan_save(
        actor=worker, case_id=case.pk, child_id=children[0].pk, base_version=1,
        goals=[{"goal": "Safe at night", "action": "Stay at Nan's", "who": "Nan and Mum", "by": ""}],
        child_voice="I like Nan's.", whanau_views="", review_on=timezone.localdate() + dt.timedelta(days=60),
        reason="Mum helps now.",
    )  # fmt: skip
    page.get_by_label(re.compile("own words")).fill("I like Nan's porridge best.")
    page.get_by_label("What changed and why").fill("Manaia told me more.")
    page.get_by_role("button", name="Save the plan").click()
    page.wait_for_selector(".govuk-error-summary")
    assert "I like Nan's porridge best." in page.content()
    assert "Mum helps now." in page.content()
    assert_accessible(page, "the plan clash")
    screenshot(page, "casework-plan-clash")
    page.get_by_role("button", name="Save the plan").click()
    page.wait_for_url(re.compile(rf"/cases/plans/{plan_id}/$"))
    assert PlanVersion.objects.filter(plan_id=plan_id).count() == 3

    # Documents: a PNG named .pdf is refused with a specific error; a real PDF is kept.
    page.goto(f"{base}/cases/{case.pk}/documents/add/")
    assert_accessible(page, "the upload form")
    page.get_by_label("Title").fill("School report")
    page.get_by_label("File", exact=True).set_input_files(
        {"name": "report.pdf", "mimeType": "application/pdf", "buffer": b"\x89PNG\r\n\x1a\n" + b"0" * 64}
    )
    page.get_by_role("button", name="Upload the document").click()
    page.wait_for_selector("text=This file is not a PDF file")
    assert not Document.objects.exists()
    assert_accessible(page, "the upload form with an error")
    page.get_by_label("File", exact=True).set_input_files(
        {"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Upload the document").click()
    page.wait_for_url(re.compile(rf"/cases/{case.pk}/"))
    assert Document.objects.get().title == "School report"

    # Email: garbage is refused; a real .eml keeps its text and its PDF attachment.
    page.goto(f"{base}/cases/{case.pk}/emails/add/")
    page.get_by_label("Email file (.eml)").set_input_files(
        {"name": "broken.eml", "mimeType": "message/rfc822", "buffer": b"\x00\x01 not an email"}
    )
    page.get_by_role("button", name="Add the email").click()
    page.wait_for_selector(".govuk-error-summary")
    assert not CaseEmail.objects.exists()
    assert_accessible(page, "the email form with an error")
    page.get_by_label("Email file (.eml)").set_input_files(
        {"name": "attendance.eml", "mimeType": "message/rfc822", "buffer": _eml()}
    )
    page.get_by_role("button", name="Add the email").click()
    page.wait_for_selector("text=Manaia has been at school every day")
    assert Document.objects.filter(source="attachment", original_name="attendance.pdf").exists()
    assert_accessible(page, "an email on the case")

    # The whānau chronology: one visit about both children shows once, naming both.
    # The 409 and 400 answers above are expected: they are the pages a user recovers from.
    page.console_problems[:] = [p for p in page.console_problems if not re.search(r"status of (400|409)", p)]
    page.goto(f"{base}/people/{children[0].pk}/chronology/whanau/")
    assert page.locator("li", has_text="Visit: Visit to both tamariki (corrected)").count() == 1
    assert_accessible(page, "the whānau chronology")
    screenshot(page, "casework-whanau-chronology")
