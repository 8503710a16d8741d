"""The subject access journey (issue 16's "done means"): Manaia, a
19-year-old care leaver (tests/browser/sar_world.py), asks for her records.
The privacy officer records the request and how her identity was checked,
reviews everything Tiaki holds, withholds a passage about her cousin with a
reason, and prepares a stage; a second privacy officer reads the pack and
approves it inside the 20-working-day clock; the first releases it. The PDF,
downloaded through the page and read with pypdf, explains every redaction
and never names the notifier. She asks for a correction; her statement of
correction is attached, and her social worker sees it beside the original
entry in her chronology. axe-core finds nothing on any page, and every page
reflows at 320 px (the page fixture checks each page visited)."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.browser.conftest import assert_accessible, horizontal_overflow, screenshot
from tests.browser.date_input import fill_date
from tests.browser.sar_world import COUSIN, NOTIFIER, NOTIFIER_PHONE, care_leaver, second_privacy_officer
from tests.browser.test_casework_journey import landed
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.chronology.models import CorrectionStatement
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.demo.work import ensure_demo_work
from tiaki.disclosure.models import Disclosure, Redaction, ReleaseStage, SubjectAccessRequest
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db(transaction=True)

COUSIN_REASON = "This is about your cousin. It is his information, so it is his to ask for."
STATEMENT = "I did not say I felt safe there. I was scared and asked to move."


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/sign-in/"))


def _shots(page, name: str) -> None:
    """The page at 1280 px and at 320 px (saved under TIAKI_SCREENSHOTS), which must not scroll sideways."""
    screenshot(page, f"{name}-1280")
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    assert horizontal_overflow(page) == 0, f"{name} scrolls sideways at 320 px"
    screenshot(page, f"{name}-320")
    page.set_viewport_size(size)


def _pdf_text(data: bytes) -> tuple[list[str], str]:
    pages = [" ".join(sheet.extract_text().split()) for sheet in PdfReader(io.BytesIO(data)).pages]
    return pages, " ".join(pages)


def test_a_care_leaver_gets_her_records_explained_and_her_correction_travels(live_server, page):
    ensure_demo_accounts()
    ensure_demo_work()  # the demo accounts' inductions
    base = live_server.url
    worker = User.objects.get(username="demo-social-worker")
    officer = User.objects.get(username="demo-privacy-officer")
    lead = second_privacy_officer(officer.site)
    manaia = care_leaver(worker)
    today = timezone.localdate()

    # 1. The privacy officer records her request from the register, finding her by name and date of birth.
    sign_in_by_keyboard(page, base, officer.username)
    page.goto(f"{base}/subject-access/")
    assert_accessible(page, "the subject access register")
    page.get_by_role("link", name="Record a request").click()
    landed(page, r"/subject-access/new/$")
    page.get_by_label("Given names").fill("Manaia")
    page.get_by_label("Family name").fill("Te Rangi")
    fill_date(page, "Date of birth", manaia.born)
    page.get_by_role("button", name="Find them").click()
    page.get_by_role("heading", name="2. The request").wait_for()
    assert_accessible(page, "recording a request, the person found")
    page.get_by_label(re.compile(r"^Manaia Te Rangi")).check()
    page.get_by_label("A care-experienced adult").check()
    page.get_by_label("What they asked for").fill("Everything you hold about me from when I was in care.")
    fill_date(page, "Date received", today)
    page.get_by_label("Someone to go through it with them (optional)").fill("Aroha from VOYCE Whakarongo Mai")
    page.get_by_role("button", name="Record the request").click()
    landed(page, r"/subject-access/\d+/$")
    request = SubjectAccessRequest.objects.get(person=manaia.person)
    assert request.status == SubjectAccessRequest.Status.RECEIVED
    assert_accessible(page, "the request, identity not verified")

    # 2. How her identity was checked (never a document number); she is now the officer's to review.
    page.get_by_label("Known to a social worker who confirmed who they are").check()
    page.get_by_label("A short note on the check (optional)").fill("Her transition worker confirmed who she is.")
    page.get_by_role("button", name="Record the check").click()
    page.get_by_text("Verified by").wait_for()
    request.refresh_from_db()
    assert request.identity_verified_at is not None
    assert request.reviewer_id == officer.pk
    assert_accessible(page, "the request, identity verified")
    screenshot(page, "subject-access-request")

    # 3. The review: Tiaki withholds the notifier itself; the officer withholds her cousin, with a reason.
    page.get_by_role("link", name="Gather and review their information").click()
    landed(page, rf"/subject-access/{request.pk}/review/$")
    start = page.get_by_role("button", name="Start review")
    if start.count():
        start.click()
        landed(page, rf"/subject-access/{request.pk}/review/")
    assert Redaction.objects.filter(request=request, automatic=True, ground="notifier").exists()
    assert_accessible(page, "the review workspace")
    note = page.locator(".govuk-summary-card").filter(has_text=COUSIN).filter(has_text="Case note").first
    note.get_by_text("Withhold this item or part of it").click()
    note.get_by_label("The words to withhold (optional)").fill(COUSIN)
    note.get_by_label("It is about someone else").check()
    note.get_by_label("The reason, as they will read it").fill(COUSIN_REASON)
    note.get_by_role("button", name="Withhold").click()
    landed(page, rf"/subject-access/{request.pk}/review/")
    assert Redaction.objects.filter(request=request, passage=COUSIN, reason=COUSIN_REASON).exists()
    assert_accessible(page, "the review with a passage withheld")

    # 4. One stage with everything in it.
    page.get_by_label("What this stage is (optional)").fill("Your time in care")
    for box in page.locator("input[name=item_keys]").all():
        box.check()
    page.get_by_role("button", name="Prepare stage").click()
    landed(page, rf"/subject-access/{request.pk}/stages/1/(#.*)?$")
    assert_accessible(page, "the prepared stage")
    # The reviewer may not approve their own stage: no button for them.
    assert page.get_by_role("button", name="Approve stage 1").count() == 0
    _sign_out(page)

    # 5. The second privacy officer reads the pack as Manaia will, then approves it, inside the clock.
    sign_in_by_keyboard(page, base, lead.username)
    page.goto(f"{base}/subject-access/{request.pk}/stages/1/")
    page.get_by_role("link", name="Read the pack as they will read it").click()
    landed(page, rf"/subject-access/{request.pk}/stages/1/pack/$")
    assert_accessible(page, "the pack as she will read it")
    pack = page.locator("main").inner_text()
    assert NOTIFIER not in pack
    assert NOTIFIER_PHONE not in pack
    assert COUSIN not in pack
    assert COUSIN_REASON in pack
    assert pack.index("Before you read") < pack.index("A letter to you")
    assert "Aroha from VOYCE Whakarongo Mai" in pack
    _shots(page, "subject-access-pack")
    # The contents list takes her to each section.
    page.get_by_role("navigation", name="Contents").get_by_role("link", name="Your story").click()
    page.wait_for_url(re.compile(r"#your-story$"))
    assert "Tipene whānau" in page.locator("#your-story").inner_text()
    page.goto(f"{base}/subject-access/{request.pk}/stages/1/")
    page.get_by_role("button", name="Approve stage 1").click()
    page.get_by_text(re.compile(f"By {lead.get_full_name()}")).first.wait_for()
    stage = ReleaseStage.objects.get(request=request, number=1)
    assert stage.approved_by_id == lead.pk
    assert timezone.localtime(stage.approved_at).date() <= (request.extended_to or request.due_on)
    assert_accessible(page, "the approved stage")
    _sign_out(page)

    # 6. The reviewer releases it through the pipeline and downloads the PDF once.
    sign_in_by_keyboard(page, base, officer.username)
    page.goto(f"{base}/subject-access/{request.pk}/stages/1/")
    page.get_by_label("Download it to give or send them yourself").check()
    page.get_by_role("button", name="Release stage 1").click()
    download_button = page.get_by_role("button", name=re.compile(r"^Download the PDF"))
    download_button.wait_for()
    assert_accessible(page, "the released pack")
    screenshot(page, "subject-access-released")
    stage.refresh_from_db()
    assert stage.status == ReleaseStage.Status.RELEASED
    released = Disclosure.objects.get(pk=stage.disclosure_id)
    assert released.kind == Disclosure.Kind.SUBJECT_ACCESS
    with page.expect_download() as download:
        download_button.click()
    pages, text = _pdf_text(download.value.path().read_bytes())

    # 7. The PDF: the notifier nowhere, every redaction numbered and its reason explained, watermarked.
    assert NOTIFIER not in text
    assert NOTIFIER_PHONE not in text
    assert "Mereana" not in text
    assert COUSIN not in text
    reasons = set(Redaction.objects.filter(request=request).values_list("reason", flat=True))
    assert COUSIN_REASON in reasons
    for reason in reasons:
        assert " ".join(reason.split()) in text, f"the PDF does not explain: {reason}"
    numbers = {int(n) for n in re.findall(r"see note (\d+)\]", text)}
    assert numbers
    for number in numbers:
        assert f"Note {number}." in text
    assert "The law protects people who tell us, so we never give out who they are." in text
    assert "Privacy Commissioner" in text
    for number, sheet in enumerate(pages, start=1):
        assert released.document_id in sheet, f"page {number} has no document id"
        assert "Manaia Te Rangi" in sheet, f"page {number} does not say who it is for"

    # 8. She asks for a correction of the note; her statement of correction is attached.
    page.goto(f"{base}/subject-access/{request.pk}/")
    page.get_by_role("link", name="Record a request to correct something").click()
    landed(page, rf"/subject-access/{request.pk}/corrections/new/$")
    assert_accessible(page, "recording a correction request")
    page.get_by_label("What they ask to correct").select_option(f"note:{manaia.note.pk}")
    page.get_by_label("What they say is wrong").fill("It says I felt safe there. I did not.")
    fill_date(page, "Date received", today)
    page.get_by_role("button", name="Record the correction request").click()
    landed(page, r"/corrections/\d+/$")
    assert_accessible(page, "the correction request")
    page.get_by_label("Their statement of correction").fill(STATEMENT)
    page.get_by_role("button", name="Attach the statement").click()
    page.get_by_text(STATEMENT).first.wait_for()
    assert CorrectionStatement.objects.filter(kind="note", source_id=manaia.note.pk, text=STATEMENT).exists()
    assert_accessible(page, "the statement attached")
    _sign_out(page)

    # 9. Her social worker sees the statement beside the original entry in her chronology.
    sign_in_by_keyboard(page, base, worker.username)
    page.goto(f"{base}/people/{manaia.person.pk}/chronology/")
    entry = page.locator(".tiaki-chronology__entry").filter(has_text="Visit: Home visit")
    assert entry.count() == 1
    assert "Statement of correction" in entry.inner_text()
    assert STATEMENT in entry.inner_text()
    assert_accessible(page, "her chronology with the statement")
    _shots(page, "subject-access-chronology-statement")
