"""The letter half of the disclosure journey: a worker writes to a child's
father a letter that would give away the mother's protected address (typed
into the body) and is stopped with the reason, a near miss recorded; the
same letter to the mother goes, and its PDF, downloaded through the page,
carries the watermark on every page. axe-core finds nothing on any page."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_casework_journey import landed
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.casework.models import Case, CaseParticipant
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.demo.work import ensure_demo_work
from tiaki.disclosure.models import Disclosure, GuardFinding, Letter
from tiaki.disclosure.tests.conftest_letters import seeded_templates
from tiaki.disclosure.tests.world import FATHER_STREET, PROTECTED_STREET, SINCE
from tiaki.people.models import Address, PersonAddress, PersonAlert, Relationship
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db(transaction=True)

TEMPLATE = "Appointment with your social worker"
#: Typed into the letter: the mother's protected street, as a worker might write it.
TYPED = f"Aroha and Tūī are staying at {PROTECTED_STREET}, Raumanga, for now."
#: Enough to run the letter over two pages.
MORE = "\n\n".join(
    f"{n}. We will talk about how Tūī is getting on at kura, her health appointments, and the plan for whānau "
    "visits over the coming weeks, and what support would help everyone feel settled."
    for n in range(1, 31)
)


def _person(given: str, family: str, born: dt.date):
    return PersonNameFactory(given_names=given, family_name=family, person__date_of_birth=born).person


def _world(worker: User) -> dict[str, object]:
    """Tūī's open case; her mother Aroha at a refuge (protected), with a
    protection order naming her father Wiremu, who has his own address."""
    now = timezone.now()
    child = _person("Tūī", "Te Whare", dt.date(2016, 5, 4))
    mother = _person("Aroha", "Pene", dt.date(1994, 2, 3))
    father = _person("Wiremu", "Tane", dt.date(1990, 7, 9))
    refuge = Address.objects.create(street=PROTECTED_STREET, suburb="Raumanga", city="Whangārei", postcode="0110")
    PersonAddress.objects.create(person=mother, address=refuge, protected=True, valid_from=SINCE)
    home = Address.objects.create(street=FATHER_STREET, suburb="Otangarei", city="Whangārei", postcode="0112")
    PersonAddress.objects.create(person=father, address=home, valid_from=SINCE)
    PersonAlert.objects.create(
        person=mother, kind=PersonAlert.Kind.PROTECTION_ORDER, note="Protection order, Whangārei District Court.",
        source="Court", review_on=dt.date(2027, 6, 1), recorded_at=now, other_person=father,
    )  # fmt: skip
    for parent in (mother, father):
        Relationship.objects.create(from_person=parent, to_person=child, kind=Relationship.Kind.PARENT)
    case = Case.objects.create(kind=Case.Kind.ONGOING, site=worker.site, allocated_worker=worker, opened_at=now,
                               opened_by=worker)  # fmt: skip
    CaseParticipant.objects.create(case=case, person=child, role=CaseParticipant.Role.CHILD)
    seeded_templates()
    return {"case": case, "child": child, "mother": mother, "father": father}


def _write_to(page, case: Case, recipient: str) -> Letter:
    page.get_by_role("button", name="Write a letter").click()
    landed(page, rf"/cases/{case.pk}/letters/new/$")
    assert_accessible(page, "choosing a template and a recipient")
    page.get_by_label(TEMPLATE).check()
    page.get_by_label(re.compile(rf"^{recipient} \(Parent of Tūī Te Whare\)$")).check()
    page.get_by_role("button", name="Continue").click()
    landed(page, r"/letters/\d+/$")
    letter = Letter.objects.order_by("-pk").first()
    assert letter is not None
    assert letter.body.startswith(f"Kia ora {recipient},")
    assert_accessible(page, f"the letter to {recipient}")
    body = page.get_by_label("Letter", exact=True)
    body.fill(f"{body.input_value()}\n\n{TYPED}\n\n{MORE}")
    return letter


def test_a_letter_with_the_mothers_protected_address_is_stopped_for_the_father_and_goes_to_her(live_server, page):
    ensure_demo_accounts()
    ensure_demo_work()  # the demo accounts' inductions
    base = live_server.url
    worker = User.objects.get(username="demo-social-worker")
    world = _world(worker)
    case = world["case"]
    sign_in_by_keyboard(page, base, "demo-social-worker")

    # 1. From the case page to its letters.
    page.goto(f"{base}/cases/{case.pk}/")
    page.get_by_role("link", name=re.compile("^Letters")).click()
    landed(page, rf"/cases/{case.pk}/letters/$")
    assert_accessible(page, "the case's letters")

    # 2. To the father, with the mother's protected street typed in: stopped, with the reason.
    to_father = _write_to(page, case, "Wiremu Tane")
    page.get_by_role("button", name="Send the letter").click()
    findings = page.locator("#guard-findings")
    findings.wait_for()
    said = findings.inner_text()
    assert "This letter was not sent" in said
    assert "Remove Aroha Pene" in said
    assert PROTECTED_STREET not in said  # the reason never repeats the protected value
    assert TYPED in page.get_by_label("Letter", exact=True).input_value()  # nothing lost
    assert_accessible(page, "the blocked letter")
    screenshot(page, "disclosure-letter-blocked")
    to_father.refresh_from_db()
    assert to_father.status == Letter.Status.BLOCKED
    near_miss = Disclosure.objects.get(outcome=Disclosure.Outcome.BLOCKED)
    assert near_miss.recipient_person_id == world["father"].pk
    assert GuardFinding.objects.filter(disclosure=near_miss).exists()

    # 3. The same letter to the mother goes; its PDF carries the watermark on every page.
    page.get_by_role("link", name="Back to letters").click()
    landed(page, rf"/cases/{case.pk}/letters/$")
    to_mother = _write_to(page, case, "Aroha Pene")
    page.get_by_role("button", name="Send the letter").click()
    page.get_by_role("button", name="Download the letter (PDF)").or_(
        page.get_by_role("link", name="Download the letter (PDF)")
    ).wait_for()
    assert_accessible(page, "the sent letter")
    screenshot(page, "disclosure-letter-sent")
    to_mother.refresh_from_db()
    assert to_mother.status == Letter.Status.SENT
    released = to_mother.disclosure
    assert released is not None
    assert released.outcome == Disclosure.Outcome.RELEASED
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the letter (PDF)").or_(
            page.get_by_role("link", name="Download the letter (PDF)")
        ).click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    assert len(pdf.pages) >= 2
    for number, sheet in enumerate(pdf.pages, start=1):
        text = sheet.extract_text()
        assert released.document_id in text, f"page {number} has no document id"
        assert "Aroha Pene" in text, f"page {number} does not say who it is for"


def test_a_privacy_officer_is_told_which_template_field_does_not_exist(live_server, page):
    ensure_demo_accounts()
    ensure_demo_work()
    seeded_templates()
    base = live_server.url
    sign_in_by_keyboard(page, base, "demo-privacy-officer")
    page.goto(f"{base}/letter-templates/")
    assert_accessible(page, "the letter templates")
    page.get_by_role("link", name=TEMPLATE).click()
    landed(page, r"/letter-templates/\d+/$")
    assert_accessible(page, "a letter template")
    page.get_by_label("Letter text").fill("Kia ora $recipient_name, about $chlid_name.")
    page.get_by_role("button", name="Save template").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "$chlid_name is not a field letters can use. Fields: $recipient_name" in summary.inner_text()
    assert_accessible(page, "a template refused for an unknown field")
    # The refused save answers 400, as a form error does: the browser logs it.
    page.console_problems[:] = [p for p in page.console_problems if not re.search(r"status of 400", p)]
    screenshot(page, "disclosure-template-refused")


def test_a_worker_exports_the_case_summary_watermarked(live_server, page):
    ensure_demo_accounts()
    ensure_demo_work()
    base = live_server.url
    worker = User.objects.get(username="demo-social-worker")
    case = _world(worker)["case"]
    sign_in_by_keyboard(page, base, "demo-social-worker")
    page.goto(f"{base}/cases/{case.pk}/letters/")
    page.get_by_role("link", name="Export the case summary").click()
    landed(page, rf"/cases/{case.pk}/export/case_summary/$")
    assert_accessible(page, "exporting the case summary")
    page.get_by_label("Me: download it").check()
    page.get_by_label("Why it is needed").fill("For the review meeting tomorrow")
    page.get_by_role("button", name="Make the PDF").click()
    page.get_by_role("heading", name="The case summary is ready").wait_for()
    assert_accessible(page, "the export made")
    screenshot(page, "disclosure-export-done")
    made = Disclosure.objects.get(kind=Disclosure.Kind.CASE_SUMMARY)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the PDF").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    for sheet in pdf.pages:
        assert made.document_id in sheet.extract_text()
