"""The disclosure records: the privacy office finds a record from the id on
a page (pages and API), reads it in full (audited), and lists recent
disclosures; the sender downloads the file once (nobody else can), sees an
encrypted file's password once, and the purge job deletes what is done."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from tiaki.audit.models import AuditChainHead, AuditEvent
from tiaki.disclosure import jobs
from tiaki.disclosure.models import Disclosure, DisclosureFile
from tiaki.disclosure.selectors import guard
from tiaki.disclosure.selectors.records import normalise_document_id
from tiaki.disclosure.services.pipeline import DisclosureBlocked, release
from tiaki.disclosure.web.views.records import released_response

pytestmark = pytest.mark.django_db


def head() -> int:
    return AuditChainHead.objects.get(pk=1).last_seq


def events_since(seq: int, user) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(seq__gt=seq, actor_id=user.pk).order_by("seq"))


@pytest.fixture
def released(alice, whanau, letter_about_child, mother_recipient):
    return release(actor=alice, artefact=letter_about_child, recipient=mother_recipient,
                   purpose="Tell Aroha about the plan", channel="download")  # fmt: skip


@pytest.fixture
def blocked(monkeypatch, alice, supervisor, whanau, letter_about_child, father_recipient, finding):
    monkeypatch.setattr(guard, "check", lambda artefact, recipient, **_: [finding])
    with pytest.raises(DisclosureBlocked) as raised:
        release(actor=alice, artefact=letter_about_child, recipient=father_recipient, purpose="Tell him",
                channel="post")  # fmt: skip
    row = raised.value.disclosure
    Disclosure.objects.filter(pk=row.pk).update(override_by=supervisor, override_reason="The court directed it.",
                                                override_at=timezone.now())  # fmt: skip
    return row


def test_a_typed_document_id_is_forgiven_its_case_spaces_and_missing_prefix():
    assert normalise_document_id("d-7kq2 m9xt") == "D-7KQ2-M9XT"
    assert normalise_document_id("7KQ2M9XT") == "D-7KQ2-M9XT"
    assert normalise_document_id("D-7KQ2") == ""


def test_the_privacy_officer_finds_the_record_from_the_id_on_a_page(client, privacy_officer, released, alice):
    client.force_login(privacy_officer)
    d = released.disclosure
    response = client.post("/disclosures/", {"document_id": d.document_id.lower().replace("-", " ")})
    assert response.status_code == 302
    assert response["Location"] == f"/disclosures/{d.pk}/"
    before = head()
    page = client.get(response["Location"]).content.decode()
    for shown in (d.document_id, "Letter about Tūī", "Aroha Pene", alice.get_full_name(), "Tell Aroha about the plan",
                  "Downloaded", "Tūī Te Whare", d.file_sha256):  # fmt: skip
        assert shown in page
    [event] = events_since(before, privacy_officer)
    assert (event.action, event.outcome, event.subject_type) == ("disclosure.read", "allowed", "person")
    assert event.relationship == f"privacy-office:disclosure:{d.document_id}"


def test_an_unknown_document_id_says_so(client, privacy_officer, released):
    client.force_login(privacy_officer)
    response = client.post("/disclosures/", {"document_id": "D-2222-2222"})
    assert response.status_code == 404
    assert "No disclosure has that document id" in response.content.decode()
    response = client.post("/disclosures/", {"document_id": ""})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_the_list_shows_recent_disclosures_filtered_by_outcome(client, privacy_officer, released, blocked):
    client.force_login(privacy_officer)
    page = client.get("/disclosures/").content.decode()
    assert released.disclosure.document_id in page
    assert blocked.document_id in page
    page = client.get("/disclosures/?outcome=blocked").content.decode()
    assert blocked.document_id in page
    assert released.disclosure.document_id not in page


def test_a_near_miss_shows_what_the_guard_found_and_who_let_it_out(client, privacy_officer, supervisor, blocked):
    client.force_login(privacy_officer)
    page = client.get(f"/disclosures/{blocked.pk}/").content.decode()
    assert "The disclosure guard stopped this" in page
    assert "A protected address" in page
    assert "Remove Aroha Pene&#x27;s address" in page
    assert "protected from Wiremu Tane" in page
    assert supervisor.get_full_name() in page
    assert "The court directed it." in page


def test_a_social_worker_cannot_open_the_records(client, alice, released):
    client.force_login(alice)
    assert client.get("/disclosures/").status_code == 403
    assert client.get(f"/disclosures/{released.disclosure.pk}/").status_code == 403


def test_the_sender_downloads_the_file_once(client, alice, released):
    client.force_login(alice)
    d = released.disclosure
    page = client.get(f"/disclosures/{d.pk}/made/").content.decode()
    assert "Download the PDF (1 page)" in page
    response = client.post(f"/disclosures/{d.pk}/file/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{d.document_id}.pdf"'
    assert response["Cache-Control"] == "no-store"
    assert response.content == released.pdf
    assert bytes(DisclosureFile.objects.get(disclosure=d).data) == b""
    again = client.post(f"/disclosures/{d.pk}/file/")
    assert again.status_code == 410
    assert "already been downloaded" in again.content.decode()


def test_nobody_but_the_sender_may_download_it(client, bob, supervisor, privacy_officer, released):
    for other in (bob, supervisor):
        client.force_login(other)
        before = head()
        assert client.post(f"/disclosures/{released.disclosure.pk}/file/").status_code == 404
        assert client.get(f"/disclosures/{released.disclosure.pk}/made/").status_code == 404
        assert [(e.action, e.outcome) for e in events_since(before, other)] == [
            ("disclosure.make", "refused"), ("disclosure.read", "refused")]  # fmt: skip
    # A privacy officer sends subject access packs (disclosure:make), so is told only what the others are.
    client.force_login(privacy_officer)
    assert client.post(f"/disclosures/{released.disclosure.pk}/file/").status_code == 404
    assert DisclosureFile.objects.get().downloaded_at is None


def test_a_file_older_than_24_hours_is_gone(client, alice, released):
    DisclosureFile.objects.update(made_at=timezone.now() - dt.timedelta(hours=24, minutes=1))
    client.force_login(alice)
    response = client.post(f"/disclosures/{released.disclosure.pk}/file/")
    assert response.status_code == 410
    assert "kept for 24 hours" in response.content.decode()


def test_the_password_is_shown_once_right_after_release(rf, alice, whanau, letter_about_child, mother_recipient,
                                                        client):  # fmt: skip
    out = release(actor=alice, artefact=letter_about_child, recipient=mother_recipient, purpose="Plan",
                  channel="email")  # fmt: skip
    request = rf.post("/letters/")
    request.user = alice
    response = released_response(request, out)
    page = response.content.decode()
    assert out.password in page
    assert "give it to the recipient another way (a phone call or text), never in the same email" in page.lower()
    assert response["Cache-Control"] == "no-store"
    client.force_login(alice)
    assert out.password not in client.get(f"/disclosures/{out.disclosure.pk}/made/").content.decode()


def test_the_purge_job_deletes_downloaded_and_stale_files_only(alice, whanau, letter_about_child, mother_recipient):
    def make():
        return release(actor=alice, artefact=letter_about_child, recipient=mother_recipient, purpose="Plan",
                       channel="download").disclosure  # fmt: skip

    downloaded, stale, fresh = make(), make(), make()
    DisclosureFile.objects.filter(disclosure=downloaded).update(downloaded_at=timezone.now(), data=b"")
    DisclosureFile.objects.filter(disclosure=stale).update(made_at=timezone.now() - dt.timedelta(hours=25))
    assert jobs.purge_files() == "Deleted 2 released files."
    assert list(DisclosureFile.objects.values_list("disclosure_id", flat=True)) == [fresh.pk]
    assert Disclosure.objects.count() == 3
    assert jobs.purge_files() == "Deleted 0 released files."


# --- API --------------------------------------------------------------------------------


def api_for(user) -> Client:
    _, token = AuthToken.objects.create(user)
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def test_the_api_lists_looks_up_and_reads_disclosures(privacy_officer, released, blocked):
    api = api_for(privacy_officer)
    listed = api.get("/api/v1/disclosures").json()
    assert {r["document_id"] for r in listed["results"]} == {released.disclosure.document_id, blocked.document_id}
    only = api.get("/api/v1/disclosures?outcome=blocked").json()
    assert [r["id"] for r in only["results"]] == [blocked.pk]
    found = api.post("/api/v1/disclosures", {"document_id": blocked.document_id}, content_type="application/json")
    assert found.status_code == 200
    body = found.json()
    assert body["outcome"] == "blocked"
    assert body["findings"][0]["rule"] == "protected_address"
    assert body["override_reason"] == "The court directed it."
    detail = api.get(f"/api/v1/disclosures/{released.disclosure.pk}").json()
    assert detail["file_sha256"] == released.disclosure.file_sha256
    assert detail["subjects"][0]["name"] == "Tūī Te Whare"


def test_the_api_answers_problems(privacy_officer, alice, released):
    missing = api_for(privacy_officer).post("/api/v1/disclosures", {"document_id": "D-2222-2222"},
                                            content_type="application/json")  # fmt: skip
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    assert api_for(privacy_officer).get("/api/v1/disclosures/999999").status_code == 404
    refused = api_for(alice).get("/api/v1/disclosures")
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"


def test_a_record_about_someone_sealed_from_the_reader_is_not_found(privacy_officer, released, whanau):
    from tiaki.people.models import Person

    Person.objects.filter(pk=whanau.child.pk).update(sealed=True)
    api = api_for(privacy_officer)
    assert api.get(f"/api/v1/disclosures/{released.disclosure.pk}").status_code == 404
    assert api.get("/api/v1/disclosures").json()["results"] == []


def test_override_links_are_shown_both_ways(client, privacy_officer, alice, blocked, whanau, letter_about_child,
                                            father_recipient):  # fmt: skip
    out = release(actor=alice, artefact=letter_about_child, recipient=father_recipient, purpose="Court",
                  channel="post", override_of=blocked.pk)  # fmt: skip
    client.force_login(privacy_officer)
    page = client.get(f"/disclosures/{blocked.pk}/").content.decode()
    assert out.disclosure.document_id in page
    page = client.get(f"/disclosures/{out.disclosure.pk}/").content.decode()
    assert f"/disclosures/{blocked.pk}/" in page
