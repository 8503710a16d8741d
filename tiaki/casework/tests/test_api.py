"""/api/v1 casework: a worker opens a case and records on it through the
API with the same rules as the pages (stale versions refused, s78 orders
need engagement attempts, uploads checked); a colleague without a
relationship gets 404s, the chronology's included (its own API tests are in
tiaki/chronology/tests/test_api.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.audit.models import AuditEvent
from tiaki.casework import services
from tiaki.casework.models import (
    Case,
    CaseNote,
    CaseNoteVersion,
    CaseParticipant,
    CourtOrder,
    Document,
    PlanVersion,
)
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def client_for(user) -> Client:
    _, token = AuthToken.objects.create(user)
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def post(api: Client, url: str, data: dict, key: str | None = None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return api.post(url, data, content_type="application/json", **headers)


def ago(**delta) -> dt.datetime:
    return timezone.now() - dt.timedelta(**delta)


def note_body(**change) -> dict:
    body = {
        "kind": "visit",
        "occurred_at": ago(hours=2).isoformat(),
        "title": "Home visit",
        "text": "Saw Tūī at home with her aunty; she showed me her room.",
        "child_seen": True,
    }
    body.update(change)
    return body


def add_note(actor, case, when: dt.datetime, title: str = "Call", about=()):
    return services.note_add(actor=actor, case_id=case.pk, kind="phone", occurred_at=when, title=title,
                             text="Spoke with whānau.", about_ids=about)  # fmt: skip


def plan_body(base: int, **change) -> dict:
    body = {
        "base_version": base,
        "goals": [{"goal": "Tūī is safe at home", "action": "Weekly visits", "who": "Social worker", "by": ""}],
        "child_voice": "I want to stay with my aunty.",
        "whanau_views": "The whānau want Tūī to stay close to her kura.",
        "review_on": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
        "reason": "" if base == 0 else "Updated after the hui",
    }
    body.update(change)
    return body


def test_a_second_open_case_is_refused_with_the_open_ones_unless_confirmed(alice, case, child):
    api = client_for(alice)
    refused = post(api, "/api/v1/cases", {"kind": "investigation", "child_ids": [child.pk]}, key="case-open-0002")
    assert refused.status_code == 409
    assert refused["Content-Type"].startswith("application/problem+json")
    problem = refused.json()
    assert problem["code"] == "open_case_exists"
    assert problem["existing_cases"] == [{"id": case.pk, "reference": case.reference}]
    assert Case.objects.count() == 1
    no_reason = post(api, "/api/v1/cases", {"kind": "investigation", "child_ids": [child.pk],
                                            "confirm_additional": True}, key="case-open-0003")  # fmt: skip
    assert no_reason.status_code == 400
    assert no_reason.json()["field"] == "additional_reason"
    assert Case.objects.count() == 1


def test_it_opens_a_case_once_per_idempotency_key(alice, case, child):
    api = client_for(alice)
    body = {"kind": "investigation", "child_ids": [child.pk], "confirm_additional": True,
            "additional_reason": "A separate investigation after the police call."}  # fmt: skip
    first = post(api, "/api/v1/cases", body, key="case-open-0001")
    assert first.status_code == 201, first.json()
    opened = Case.objects.get(pk=first.json()["id"])
    assert first.json() == {"id": opened.pk, "reference": opened.reference, "url": f"/api/v1/cases/{opened.pk}"}
    assert opened.allocated_worker == alice
    assert list(CaseParticipant.objects.filter(case=opened).values_list("person_id", flat=True)) == [child.pk]

    again = post(api, "/api/v1/cases", body, key="case-open-0001")
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Case.objects.filter(participants__person=child).count() == 2  # the fixture's case and this one
    assert AuditEvent.objects.filter(actor_id=alice.pk, action="case.open").count() == 1

    listed = api.get("/api/v1/cases").json()
    assert {c["id"] for c in listed["results"]} == {case.pk, opened.pk}
    assert listed["next"] is None
    detail = api.get(first.json()["url"]).json()
    assert detail["reference"] == opened.reference
    assert [(p["person_id"], p["name"], p["role"]) for p in detail["participants"]] == [
        (child.pk, "Tūī Te Whare", "child")
    ]
    assert [e["kind"] for e in detail["events"]] == ["opened"]
    assert detail["may_record"] is True


def test_a_case_needs_a_child_and_a_known_kind(alice, case):
    api = client_for(alice)
    refused = post(api, "/api/v1/cases", {"kind": "investigation"}, key="case-open-0002")
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    assert (refused.json()["code"], refused.json()["field"]) == ("invalid", "child_ids")
    wrong_kind = post(api, "/api/v1/cases", {"kind": "holiday", "child_ids": [1]}, key="case-open-0003")
    assert (wrong_kind.json()["code"], wrong_kind.json()["field"]) == ("invalid", "kind")
    assert Case.objects.count() == 1


def test_it_adds_notes_idempotently_and_lists_them_newest_first_in_pages(alice, case, child):
    api = client_for(alice)
    url = f"/api/v1/cases/{case.pk}/notes"
    body = note_body()
    created = post(api, url, body, key="note-add-0001")
    assert created.status_code == 201, created.json()
    replayed = post(api, url, body, key="note-add-0001")
    assert replayed.json() == created.json()
    assert CaseNote.objects.filter(case=case).count() == 1
    note = CaseNote.objects.get(pk=created.json()["id"])
    assert (note.kind, note.child_seen, note.recorded_by) == ("visit", True, alice)
    add_note(alice, case, ago(days=3), "Older call")
    add_note(alice, case, ago(minutes=10), "Latest call")

    first = api.get(url, {"page_size": 2}).json()
    assert [n["title"] for n in first["results"]] == ["Latest call", "Home visit"]
    assert first["results"][1]["about_ids"] == [child.pk]
    assert first["next"]
    second = api.get(first["next"]).json()
    assert [n["title"] for n in second["results"]] == ["Older call"]
    assert second["next"] is None


@pytest.mark.parametrize(
    ("change", "status", "code", "field"),
    [
        ({"occurred_at": "2026-03-02T14:30:00"}, 400, "validation_failed", "occurred_at"),
        ({"occurred_at": (timezone.now() + dt.timedelta(days=1)).isoformat()}, 400, "invalid", "occurred_at"),
        ({"kind": "gossip"}, 400, "invalid", "kind"),
        ({"kind": "phone", "child_seen": True}, 400, "invalid", "child_seen"),
        ({"about_ids": [987654321]}, 400, "invalid", "about_ids"),
        ({"text": ""}, 400, "invalid", "text"),
    ],
)
def test_a_bad_note_is_refused_by_field_and_saves_nothing(alice, case, change, status, code, field):
    response = post(client_for(alice), f"/api/v1/cases/{case.pk}/notes", note_body(**change), key="note-add-0002")
    assert response.status_code == status, response.json()
    problem = response.json()
    assert problem["code"] == code
    assert field in (problem.get("errors") or {}) or problem.get("field") == field
    assert not CaseNote.objects.exists()


def test_a_stale_correction_is_a_409_and_nothing_is_saved(alice, supervisor, case):
    note = add_note(alice, case, ago(hours=1), "Call with mum")
    mine, theirs = client_for(alice), client_for(supervisor)
    url = f"/api/v1/notes/{note.pk}/corrections"
    first = post(theirs, url, {"base_version": 1, "title": "Call with Mere", "text": "Spoke with Mere.",
                               "reason": "Named the caller"})  # fmt: skip
    assert first.status_code == 201, first.json()
    assert (first.json()["number"], first.json()["reason"]) == (2, "Named the caller")

    stale = post(mine, url, {"base_version": 1, "title": "Call", "text": "Spoke with mum, not dad.", "reason": "Fix"})
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    assert stale.json()["current_version"] == 2
    assert CaseNoteVersion.objects.filter(note=note).count() == 2
    history = mine.get(f"/api/v1/notes/{note.pk}").json()
    assert history["note"]["version"] == 2
    assert [(v["number"], v["title"]) for v in history["versions"]] == [(2, "Call with Mere"), (1, "Call with mum")]


def test_two_plan_saves_from_the_same_base_version_save_once(alice, supervisor, case, child):
    url = f"/api/v1/cases/{case.pk}/plans/{child.pk}"
    first = client_for(alice).put(url, plan_body(0), content_type="application/json")
    assert first.status_code == 201, first.json()
    assert first.json()["number"] == 1
    second = client_for(supervisor).put(url, plan_body(0, child_voice="Different words"),
                                        content_type="application/json")  # fmt: skip
    assert second.status_code == 409, second.json()
    assert (second.json()["code"], second.json()["current_version"]) == ("stale_version", 1)
    assert PlanVersion.objects.count() == 1

    updated = client_for(alice).put(url, plan_body(1), content_type="application/json")
    assert (updated.status_code, updated.json()["number"]) == (200, 2)
    plan = client_for(alice).get(first.json()["url"]).json()
    assert (plan["child_id"], plan["current_version"]) == (child.pk, 2)
    assert [v["number"] for v in plan["versions"]] == [2, 1]
    assert plan["versions"][1]["child_voice"] == "I want to stay with my aunty."
    detail = client_for(alice).get(f"/api/v1/cases/{case.pk}").json()
    assert detail["plans"] == [
        {"id": plan["id"], "child_id": child.pk, "current_version": 2, "url": first.json()["url"]}
    ]


def test_a_plan_goal_half_filled_names_the_row(alice, case, child):
    body = plan_body(0, goals=[plan_body(0)["goals"][0], {"goal": "Back at kura", "action": "", "who": ""}])
    response = client_for(alice).put(f"/api/v1/cases/{case.pk}/plans/{child.pk}", body, content_type="application/json")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("invalid", "goals.1")


def order_body(child, **change) -> dict:
    body = {
        "child_id": child.pk,
        "kind": "s78",
        "court": "Whangārei Family Court",
        "made_on": timezone.localdate().isoformat(),
        "no_safety_plan_reason": "Mum left with the children overnight; no whānau member could be reached.",
    }
    body.update(change)
    return body


def test_an_s78_order_without_engagement_attempts_is_refused_with_the_field(alice, case, child):
    api = client_for(alice)
    url = f"/api/v1/cases/{case.pk}/orders"
    refused = post(api, url, order_body(child))
    assert refused.status_code == 400
    assert (refused.json()["code"], refused.json()["field"]) == ("invalid", "engagement_attempts")
    bad_row = post(api, url, order_body(child, engagement_attempts=[
        {"attempted_at": ago(hours=5).isoformat(), "method": "pigeon", "with_whom": "Mere", "outcome": "None"},
    ]))  # fmt: skip
    assert bad_row.json()["field"] == "engagement_attempts.0"
    assert not CourtOrder.objects.exists()

    attempt = {"attempted_at": ago(hours=5).isoformat(), "method": "phone", "with_whom": "Mere (mother)",
               "outcome": "No answer; voicemail left"}  # fmt: skip
    made = post(api, url, order_body(child, engagement_attempts=[attempt]))
    assert made.status_code == 201, made.json()
    assert (made.json()["kind"], made.json()["without_notice"]) == ("s78", True)
    assert CourtOrder.objects.get().engagement_attempts.count() == 1


@pytest.fixture
def uploads(settings, tmp_path):
    settings.TIAKI_UPLOAD_MAX_MB = 1
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)},
    }}  # fmt: skip
    return tmp_path


def upload(api: Client, case, name: str, data: bytes, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = {"file": SimpleUploadedFile(name, data), "title": "School report", **fields}
    return api.post(f"/api/v1/cases/{case.pk}/documents", body)


def test_a_document_is_uploaded_and_downloaded(uploads, alice, case):
    api = client_for(alice)
    created = upload(api, case, "report.pdf", PDF)
    assert created.status_code == 201, created.json()
    assert created.json()["content_type"] == "application/pdf"
    download = api.get(created.json()["content_url"], HTTP_ACCEPT="application/pdf")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(actor_id=alice.pk, action="document.read", outcome="allowed").exists()
    listed = api.get(f"/api/v1/cases/{case.pk}").json()["documents"]
    assert [(d["title"], d["masked"]) for d in listed] == [("School report", False)]


def test_a_document_that_is_not_what_its_name_says_is_a_400(uploads, alice, case):
    response = upload(client_for(alice), case, "report.pdf", PNG)
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("file_type", "file")
    assert "not a PDF file" in response.json()["detail"]
    assert not Document.objects.exists()
    assert not [path for path in uploads.rglob("*") if path.is_file()]


@pytest.mark.parametrize("size", [1024 * 1024 + 1, 3 * 1024 * 1024])
def test_an_oversized_document_is_a_413(uploads, alice, case, size):
    response = upload(client_for(alice), case, "big.pdf", PDF + b"0" * (size - len(PDF)))
    assert response.status_code == 413
    assert (response.json()["code"], response.json()["field"]) == ("too_large", "file")
    assert "1 MB" in response.json()["detail"]
    assert not Document.objects.exists()


def test_a_colleague_without_a_relationship_gets_404s_and_the_refusals_are_audited(alice, bob, case, child):
    note = add_note(alice, case, ago(hours=1))
    api = client_for(bob)
    for url in (f"/api/v1/cases/{case.pk}", f"/api/v1/cases/{case.pk}/notes", f"/api/v1/notes/{note.pk}",
                f"/api/v1/persons/{child.pk}/chronology", f"/api/v1/persons/{child.pk}/chronology/whanau"):  # fmt: skip
        response = api.get(url)
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found"
    written = post(api, f"/api/v1/cases/{case.pk}/notes", note_body(), key="note-add-bob1")
    assert written.status_code == 404
    assert not CaseNote.objects.exclude(pk=note.pk).exists()
    # Answered inside the idempotent transaction, the refusal's audit row still commits.
    assert AuditEvent.objects.filter(actor_id=bob.pk, action="note.add", outcome="refused").exists()
    assert AuditEvent.objects.filter(actor_id=bob.pk, action="chronology.read", outcome="refused").count() == 2
    corrected = post(api, f"/api/v1/notes/{note.pk}/corrections", {"base_version": 1, "text": "x", "reason": "y"})
    assert corrected.status_code == 404
    assert post(client_for(alice), "/api/v1/notes/987654321/corrections",
                {"base_version": 1, "text": "x", "reason": "y"}).status_code == 404  # fmt: skip


def test_a_role_without_case_access_gets_a_403(site):
    analyst = inducted(UserFactory(username="analyst", role=Role.ANALYST, site=site))
    response = client_for(analyst).get("/api/v1/cases")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_missing"


def test_the_schema_documents_the_casework_operations(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    assert {"201", "400", "422"} <= set(paths["/api/v1/cases"]["post"]["responses"])
    assert "409" in paths["/api/v1/notes/{note_id}/corrections"]["post"]["responses"]
    assert "409" in paths["/api/v1/cases/{case_id}/plans/{child_id}"]["put"]["responses"]
    assert "413" in paths["/api/v1/cases/{case_id}/documents"]["post"]["responses"]
    chronology = paths["/api/v1/persons/{person_id}/chronology"]["get"]
    assert {"type", "since", "until", "significant", "cursor", "page_size"} <= {
        p["name"] for p in chronology["parameters"]
    }
    assert "/api/v1/persons/{person_id}/chronology/whanau" in paths
    assert "/api/v1/documents/{document_id}/content" in paths
