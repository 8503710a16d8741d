"""The case-record pages as a social worker uses them: plans (every version
kept; two workers at once), FGCs, court orders (s78 needs engagement
attempts), documents and emails (checked, stored, downloaded)."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.audit.models import AuditEvent
from tiaki.casework import services
from tiaki.casework.models import (
    Case,
    CaseEmail,
    CaseParticipant,
    CourtOrder,
    Document,
    FamilyGroupConference,
    Plan,
    PlanVersion,
)
from tiaki.people import services as people_services
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.tests.factories import UserFactory
from tiaki.web.tests.dates import date_parts, typed_parts

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")},
    }}  # fmt: skip
    return tmp_path / "media"


@pytest.fixture
def kid(alice):
    data = people_services.PersonInput(
        names=[people_services.NameInput("Aroha", "Ngata")],
        birth_date=people_services.BirthDateInput(date=dt.date(2016, 5, 2)),
        gender="female",
        source="Test referral",
    )
    return people_services.person_create(actor=alice, data=data, confirmed_new=True)


@pytest.fixture
def kase(alice, kid) -> Case:
    return services.case_open(actor=alice, kind=Case.Kind.ASSESSMENT, child_ids=[kid.pk])


def _review(days: int = 90) -> dict[str, str]:
    on = timezone.localdate() + dt.timedelta(days=days)
    return date_parts("review_on", on)


def _plan_post(base: int, voice: str, goal: str = "Aroha goes to school every day", **extra: str) -> dict[str, str]:
    return {
        "base_version": str(base), "goal_rows": "3", "goals-1-goal": goal, "goals-1-action": "Walk with her nan",
        "goals-1-who": "Nan (Hine)", **date_parts("by", None, prefix="goals-1"), "child_voice": voice,
        "whanau_views": "Nan wants her home", **_review(), **extra,
    }  # fmt: skip


def _audited(action: str, since: int) -> int:
    return AuditEvent.objects.filter(pk__gt=since, action=action).count()


def _head() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# --- Who may see and record ----------------------------------------------------------------


def test_it_shows_the_pages_only_to_the_case_team(client, alice, bob, charlie, kase, kid):
    pages = [
        f"/cases/{kase.pk}/plans/{kid.pk}/edit/",
        f"/cases/{kase.pk}/fgc/refer/",
        f"/cases/{kase.pk}/orders/add/",
        f"/cases/{kase.pk}/documents/add/",
        f"/cases/{kase.pk}/emails/add/",
    ]
    client.force_login(alice)
    for url in pages:
        assert client.get(url).status_code == 200, url
    for outsider in (bob, charlie):
        client.force_login(outsider)
        for url in pages:
            assert client.get(url).status_code == 404, url
        refused = client.post(f"/cases/{kase.pk}/fgc/refer/", {"reason": "Whānau hui needed"})
        assert refused.status_code == 404
    assert not FamilyGroupConference.objects.exists()


def test_a_colleague_cannot_open_a_record_by_its_number(client, alice, bob, kase):
    fgc = services.fgc_refer(actor=alice, case_id=kase.pk, reason="Whānau hui needed")
    client.force_login(bob)
    since = _head()
    assert client.get(f"/cases/fgc/{fgc.pk}/").status_code == 404
    assert client.get(f"/cases/fgc/{fgc.pk}/record/").status_code == 404
    assert AuditEvent.objects.filter(pk__gt=since, actor_id=bob.pk, outcome="refused").exists()


# --- Plans ----------------------------------------------------------------------------------


def test_a_plan_is_made_then_changed_and_the_first_version_stays(client, alice, kase, kid):
    client.force_login(alice)
    url = f"/cases/{kase.pk}/plans/{kid.pk}/edit/"
    page = client.get(url).content.decode()
    assert "In Aroha Ngata&#x27;s own words" in page
    assert page.count('name="goals-') == 3 * 6  # three blank goal rows: goal, action, who and three date boxes
    more = client.post(url, {**_plan_post(0, "I like my school"), "add_goal": "1"})
    assert more.status_code == 200
    assert 'name="goals-4-goal"' in more.content.decode()
    assert "I like my school" in more.content.decode()
    assert "There is a problem" not in more.content.decode()
    since = _head()
    made = client.post(url, _plan_post(0, "I like my school"))
    assert made.status_code == 302
    plan = Plan.objects.get(case=kase, child=kid)
    assert _audited("plan.save", since) == 1
    no_reason = client.post(url, _plan_post(1, "I want to stay with Nan"))
    assert no_reason.status_code == 400
    assert "Enter what changed and why" in no_reason.content.decode()
    changed = client.post(url, _plan_post(1, "I want to stay with Nan", reason="Aroha asked to add her words"))
    assert changed.status_code == 302
    assert plan.versions.count() == 2
    detail = client.get(changed["Location"]).content.decode()
    assert "I want to stay with Nan" in detail
    assert "Version 1:" in detail  # the earlier version, to expand
    assert "I like my school" in detail
    assert "Aroha asked to add her words" in detail
    assert f"/cases/plans/{plan.pk}/" in client.get(f"/cases/{kase.pk}/").content.decode()


def test_the_case_page_offers_a_plan_for_each_child_without_one(client, alice, kase, kid):
    sibling = PersonNameFactory(given_names="Mika", family_name="Ngata").person
    CaseParticipant.objects.create(case=kase, person=sibling)
    client.force_login(alice)
    client.post(f"/cases/{kase.pk}/plans/{sibling.pk}/edit/", _plan_post(0, "Mika's words"))
    plan = Plan.objects.get(child=sibling)
    page = client.get(f"/cases/{kase.pk}/").content.decode()
    records = page[page.index('id="plans"') : page.index('id="fgcs"')]
    assert 'Make a plan<span class="govuk-visually-hidden"> for Aroha Ngata' in records
    assert 'Make a plan<span class="govuk-visually-hidden"> for Mika Ngata' not in records
    assert f"/cases/plans/{plan.pk}/" in records
    assert records.count("No plan yet") == 1


def test_a_half_filled_goal_is_shown_on_its_row(client, alice, kase, kid):
    client.force_login(alice)
    post = _plan_post(0, "I like my school")
    post["goals-2-goal"] = "See her dad on Saturdays"
    response = client.post(f"/cases/{kase.pk}/plans/{kid.pk}/edit/", post)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Goal 2: enter the action and who does it." in page
    assert 'href="#goals-2"' in page
    assert "See her dad on Saturdays" in page
    assert not Plan.objects.exists()


def test_a_goal_date_that_cannot_be_is_shown_on_its_row_and_the_summary_focuses_its_day_box(client, alice, kase, kid):
    client.force_login(alice)
    post = {**_plan_post(0, "I like my school"), **typed_parts("goals-1-by", "31", "2", "2027")}
    response = client.post(f"/cases/{kase.pk}/plans/{kid.pk}/edit/", post)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Goal 1: the &#x27;by when&#x27; date must be a real date." in page
    assert 'href="#goals-1-by_0"' in page
    assert (
        'id="goals-1-by_0" name="goals-1-by_day" type="text" inputmode="numeric" spellcheck="false" value="31"' in page
    )
    assert not Plan.objects.exists()
    saved = client.post(
        f"/cases/{kase.pk}/plans/{kid.pk}/edit/", {**post, **date_parts("by", dt.date(2027, 2, 28), prefix="goals-1")}
    )
    assert saved.status_code == 302
    again = client.get(f"/cases/{kase.pk}/plans/{kid.pk}/edit/").content.decode()
    assert 'name="goals-1-by_year" type="text" inputmode="numeric" spellcheck="false" value="2027"' in again


def test_two_workers_saving_the_same_plan_the_second_is_told_and_loses_nothing(client, alice, supervisor, kase, kid):
    url = f"/cases/{kase.pk}/plans/{kid.pk}/edit/"
    client.force_login(alice)
    client.post(url, _plan_post(0, "First words"))
    # Both open version 1; the supervisor saves first.
    services.plan_save(
        actor=supervisor, case_id=kase.pk, child_id=kid.pk, base_version=1,
        goals=[{"goal": "Stay safe", "action": "Safety plan", "who": "Whānau"}], child_voice="Supervisor's words",
        whanau_views="", review_on=timezone.localdate() + dt.timedelta(days=30), reason="After supervision",
    )  # fmt: skip
    response = client.post(url, _plan_post(1, "Alice's words", reason="Visit on Monday"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "saved a new version of this plan since you opened it" in page
    assert "Alice&#x27;s words" in page  # what she typed
    assert "Supervisor&#x27;s words" in page  # what they saved, beside it
    assert 'name="base_version" value="2"' in page
    assert list(PlanVersion.objects.order_by("number").values_list("child_voice", flat=True)) == [
        "First words",
        "Supervisor's words",
    ]
    merged = client.post(url, _plan_post(2, "Alice's and the supervisor's words", reason="Merged"))
    assert merged.status_code == 302
    assert PlanVersion.objects.count() == 3


# --- FGCs ---------------------------------------------------------------------------------


def test_an_fgc_is_referred_and_its_agreed_plan_offered_as_the_childs_plan(client, alice, kase, kid):
    client.force_login(alice)
    empty = client.post(f"/cases/{kase.pk}/fgc/refer/", {"reason": "  "})
    assert empty.status_code == 400
    referred = client.post(f"/cases/{kase.pk}/fgc/refer/", {"reason": "Whānau hui to plan for Aroha"})
    assert referred.status_code == 302
    fgc = FamilyGroupConference.objects.get()
    held = timezone.localdate() - dt.timedelta(days=1)
    form = {
        "version": str(fgc.version), "outcome": "plan_agreed", "attendees": "Nan\nAroha\nCoordinator",
        **date_parts("held_on", held),
        "agreed_plan": "", **_review(),
    }  # fmt: skip
    missing = client.post(f"/cases/fgc/{fgc.pk}/record/", form)
    assert missing.status_code == 400
    assert "Enter the plan agreed" in missing.content.decode()
    saved = client.post(f"/cases/fgc/{fgc.pk}/record/", {**form, "agreed_plan": "Aroha lives with Nan"})
    assert saved.status_code == 302
    detail = client.get(saved["Location"]).content.decode()
    link = f"/cases/{kase.pk}/plans/{kid.pk}/edit/?fgc={fgc.pk}"
    assert "Record this as the child's plan" in detail
    assert link in detail
    assert f'<option value="{fgc.pk}" selected>' in client.get(link).content.decode()
    stale = client.post(f"/cases/fgc/{fgc.pk}/record/", {**form, "agreed_plan": "Something else"})
    assert stale.status_code == 409
    assert "Something else" in stale.content.decode()
    fgc.refresh_from_db()
    assert fgc.agreed_plan == "Aroha lives with Nan"


# --- Court orders ---------------------------------------------------------------------------


def _order_post(kid, kind: str = "s78", **extra: str) -> dict[str, str]:
    made = timezone.localdate()
    return {
        "child": str(kid.pk), "kind": kind, "court": "Whangārei Family Court", **date_parts("made_on", made),
        "attempt_rows": "3", **extra,
    }  # fmt: skip


def test_an_s78_order_without_engagement_attempts_is_refused(client, alice, kase, kid):
    client.force_login(alice)
    response = client.post(
        f"/cases/{kase.pk}/orders/add/", _order_post(kid, no_safety_plan_reason="Threats to the worker")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "can only be recorded with the attempts made to engage the whānau" in page
    assert "Threats to the worker" in page
    assert 'id="conditional-s78"' in page
    assert "govuk-radios__conditional--hidden" not in page  # the s78 part stays open
    assert not CourtOrder.objects.exists()


def test_an_s78_order_with_an_attempt_and_a_reason_is_saved(client, alice, kase, kid):
    client.force_login(alice)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    attempt = {
        **date_parts("date", yesterday, prefix="attempts-1"), "attempts-1-time": "10:30", "attempts-1-method": "visit",
        "attempts-1-with_whom": "Mum (Rangi)", "attempts-1-outcome": "Door not answered; note left",
    }  # fmt: skip
    more = client.post(f"/cases/{kase.pk}/orders/add/", {**_order_post(kid), **attempt, "add_attempt": "1"})
    assert 'name="attempts-4-date_day"' in more.content.decode()
    assert "Mum (Rangi)" in more.content.decode()
    saved = client.post(
        f"/cases/{kase.pk}/orders/add/",
        {**_order_post(kid, no_safety_plan_reason="Mum refused every safety plan"), **attempt},
    )
    assert saved.status_code == 302
    order = CourtOrder.objects.get()
    assert order.without_notice
    assert order.engagement_attempts.get().with_whom == "Mum (Rangi)"
    detail = client.get(saved["Location"]).content.decode()
    assert "Without notice" in detail
    assert "Door not answered; note left" in detail


def test_a_non_s78_order_ignores_the_hidden_s78_fields(client, alice, kase, kid):
    client.force_login(alice)
    response = client.post(
        f"/cases/{kase.pk}/orders/add/", _order_post(kid, kind="s101", no_safety_plan_reason="left over")
    )
    assert response.status_code == 302
    order = CourtOrder.objects.get()
    assert not order.without_notice
    assert order.no_safety_plan_reason == ""


# --- Documents -------------------------------------------------------------------------------


def _upload(client, kase, name: str, data: bytes, **extra: str):
    return client.post(
        f"/cases/{kase.pk}/documents/add/",
        {"title": "School report", "classification": "in_confidence", "file": SimpleUploadedFile(name, data), **extra},
    )


def test_a_pdf_is_uploaded_and_downloads_byte_for_byte(client, alice, kase, media):
    client.force_login(alice)
    page = client.get(f"/cases/{kase.pk}/documents/add/").content.decode()
    assert ".pdf" in page
    assert "20 MB" in page
    response = _upload(client, kase, "report.pdf", PDF)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.content_type == "application/pdf"
    download = client.get(f"/cases/documents/{document.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert 'attachment; filename="report.pdf"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"


def test_a_png_called_pdf_is_refused_and_nothing_is_kept(client, alice, kase, media):
    client.force_login(alice)
    response = _upload(client, kase, "report.pdf", PNG)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This file is not a PDF file" in page
    assert "School report" in page  # the title typed stays
    assert not Document.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_an_oversized_file_is_refused_before_it_is_read(client, alice, kase, media, settings):
    settings.TIAKI_UPLOAD_MAX_MB = 1
    client.force_login(alice)
    response = _upload(client, kase, "big.pdf", PDF + b"0" * (1536 * 1024))
    assert response.status_code == 400
    assert "The file is 1.5 MB: the largest Tiaki keeps is 1 MB." in response.content.decode()
    assert not Document.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_a_sensitive_document_is_masked_and_refused_for_a_trainee(client, alice, site, kase, kid):
    client.force_login(alice)
    _upload(client, kase, "safe-address.pdf", PDF, classification="sensitive", title="Safe house address")
    document = Document.objects.get()
    # The trainee holds another open case with the same child: a relationship,
    # but no person_sensitive:read (tiaki.access.role_permissions).
    trainee = inducted(UserFactory(username="trainee", role=Role.TRAINEE, site=site))
    theirs = Case.objects.create(kind=Case.Kind.ASSESSMENT, site=site, allocated_worker=trainee,
                                 opened_at=timezone.now())  # fmt: skip
    CaseParticipant.objects.create(case=theirs, person=kid)
    client.force_login(trainee)
    since = _head()
    assert client.get(f"/cases/documents/{document.pk}/").status_code == 404
    assert AuditEvent.objects.filter(pk__gt=since, actor_id=trainee.pk, action="document.read",
                                     outcome="refused").exists()  # fmt: skip
    assert client.get(f"/cases/{kase.pk}/documents/add/").status_code == 403
    page = client.get(f"/cases/{kase.pk}/").content.decode()
    assert "Restricted document" in page
    assert "Safe house address" not in page
    assert f"/cases/documents/{document.pk}/" not in page


# --- Emails ---------------------------------------------------------------------------------


def _eml(attachment: tuple[str, bytes, str, str] | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = "Kōwhai School <office@kowhai.school.nz>"
    message["To"] = "alice@tiaki.example"
    message["Subject"] = "Aroha's attendance"
    message["Date"] = "Mon, 02 Mar 2026 09:15:00 +1300"
    message.set_content("Kia ora,\nAroha has missed four days this fortnight.\nNgā mihi")
    if attachment:
        name, data, maintype, subtype = attachment
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def test_an_email_with_an_attachment_is_kept_with_its_text(client, alice, kase):
    client.force_login(alice)
    data = _eml(("attendance.pdf", PDF, "application", "pdf"))
    response = client.post(
        f"/cases/{kase.pk}/emails/add/",
        {"classification": "in_confidence", "file": SimpleUploadedFile("attendance.eml", data)},
    )
    assert response.status_code == 302
    email = CaseEmail.objects.get()
    assert "missed four days" in email.body_text
    assert set(email.documents.values_list("source", "original_name")) == {
        ("email", "attendance.eml"),
        ("attachment", "attendance.pdf"),
    }
    page = client.get(response["Location"]).content.decode()
    assert '<pre class="tiaki-email-body">' in page
    assert "Aroha has missed four days this fortnight." in page
    attachment = email.documents.get(source="attachment")
    assert f"/cases/documents/{attachment.pk}/" in page
    assert b"".join(client.get(f"/cases/documents/{attachment.pk}/").streaming_content) == PDF


def test_an_email_attachment_that_is_not_kept_is_listed_with_why(client, alice, kase):
    client.force_login(alice)
    data = _eml(("notes.pdf", PNG, "application", "pdf"))
    response = client.post(
        f"/cases/{kase.pk}/emails/add/",
        {"classification": "in_confidence", "file": SimpleUploadedFile("notes.eml", data)},
        follow=True,
    )
    page = response.content.decode()
    assert "0 of 1 attachment(s) kept" in page
    assert "notes.pdf" in page
    assert "This file is not a PDF file" in page


def test_a_file_that_is_not_an_email_is_refused(client, alice, kase, media):
    client.force_login(alice)
    response = client.post(
        f"/cases/{kase.pk}/emails/add/",
        {"classification": "in_confidence", "file": SimpleUploadedFile("garbage.eml", b"\x00\x01binary junk")},
    )
    assert response.status_code == 400
    assert "This file is not an email (.eml)" in response.content.decode()
    assert not CaseEmail.objects.exists()
    assert not Document.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]
