"""The disclosure pipeline in the browser: a page showing SENSITIVE
information (a protected address) carries the viewer's name and the time as
an on-screen watermark, an ordinary page does not; the sender's page after a
release offers the file's one download; the privacy officer finds the
record from the id on a page. axe-core finds nothing; each page reflows at
320 CSS px (the page fixture checks every page visited)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.casework.models import Case, CaseParticipant
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.demo.work import ensure_demo_work
from tiaki.disclosure.artefacts import Artefact, Item, Recipient
from tiaki.disclosure.services.pipeline import release
from tiaki.people.models import Address, PersonAddress
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def _child_on_case(worker: User):
    child = PersonNameFactory(given_names="Tūī", family_name="Te Whare").person
    refuge = Address.objects.create(street="14 Rātā Street", suburb="Raumanga", city="Whangārei", postcode="0110")
    PersonAddress.objects.create(person=child, address=refuge, protected=True, valid_from=timezone.localdate())
    case = Case.objects.create(kind=Case.Kind.ASSESSMENT, site=worker.site, allocated_worker=worker,
                               opened_at=timezone.now(), opened_by=worker)  # fmt: skip
    CaseParticipant.objects.create(case=case, person=child, role=CaseParticipant.Role.CHILD)
    return child, case


def _watermark(page) -> str | None:
    found = page.locator(".tiaki-watermark")
    if found.count() == 0:
        return None
    assert found.get_attribute("aria-hidden") == "true"
    style = page.evaluate("""() => {
      const el = document.querySelector('.tiaki-watermark');
      const before = getComputedStyle(el, '::before');
      return {content: before.content, events: getComputedStyle(el).pointerEvents,
              position: getComputedStyle(el).position};
    }""")
    assert style["events"] == "none"
    assert style["position"] == "fixed"
    return style["content"]


def test_a_sensitive_page_is_watermarked_and_the_file_leaves_once(live_server, page):
    ensure_demo_accounts()
    ensure_demo_work()
    base = live_server.url
    worker = User.objects.get(username="demo-social-worker")
    child, case = _child_on_case(worker)

    sign_in_by_keyboard(page, base, "demo-social-worker")
    assert _watermark(page) is None  # the home page shows nothing SENSITIVE
    page.goto(f"{base}/people/{child.pk}/")
    content = _watermark(page)
    assert content is not None
    assert "Viewed by Tūī Herewini · " in content
    assert "14 Rātā Street" in page.content()
    assert_accessible(page, "a person page with a protected address")
    screenshot(page, "pipeline-watermark-person-1280")
    page.set_viewport_size({"width": 320, "height": 800})
    screenshot(page, "pipeline-watermark-person-320")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The sender's page after a release: the one download.
    artefact = Artefact(kind="case_summary", title="Case summary for Tūī Te Whare", case_id=case.pk,
                        subject_ids=[child.pk],
                        items=[Item(key=f"s{n}", label=f"Section {n}", text="Tūī is doing well at kura. " * 30,
                                    section="Summary") for n in range(12)])  # fmt: skip
    out = release(actor=worker, artefact=artefact, recipient=Recipient(kind="person", label="Tūī Te Whare",
                  person_id=child.pk), purpose="Her own record", channel="download")  # fmt: skip
    d = out.disclosure
    page.goto(f"{base}/disclosures/{d.pk}/made/")
    assert_accessible(page, "the sender's disclosure page")
    screenshot(page, "pipeline-made-1280")
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Download the PDF").click()
    data = Path(waiting.value.path()).read_bytes()
    texts = [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]
    assert len(texts) == d.pages
    assert all(d.document_id in text for text in texts)
    page.goto(f"{base}/disclosures/{d.pk}/made/")
    assert "You downloaded the file" in page.content()

    # The privacy officer finds it from the id on a page.
    page.context.clear_cookies()
    sign_in_by_keyboard(page, base, "demo-privacy-officer")
    page.goto(f"{base}/disclosures/")
    assert_accessible(page, "the disclosures list")
    page.get_by_label("Document id").fill(d.document_id.lower())
    page.get_by_role("button", name="Find the disclosure").click()
    page.wait_for_url(f"{base}/disclosures/{d.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == d.document_id
    assert "Her own record" in page.content()
    assert_accessible(page, "a disclosure record")
    screenshot(page, "pipeline-record-1280")
    page.set_viewport_size({"width": 320, "height": 800})
    screenshot(page, "pipeline-record-320")
