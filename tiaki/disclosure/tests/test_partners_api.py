"""The partner register under /api/v1/partners: problem+json refusals naming
the field, a stale change answered 409 with the current version, and the
same counts and disposal dates as the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from tiaki.disclosure.models import PartnerOrganisation
from tiaki.disclosure.tests.partners_fixtures import TRUST

pytestmark = pytest.mark.django_db

BODY = {
    "name": TRUST, "kind": "ngo", "agreement_reference": "AGR-2026-014", "agreement_start": "2026-01-01",
    "agreement_end": "2027-12-31", "may_receive": ["about_me"], "retention_days": 90,
    "postal_address": "PO Box 112\nWhangārei 0140",
}  # fmt: skip


def client_for(user) -> Client:
    _, token = AuthToken.objects.create(user)
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def send(client: Client, method: str, path: str, body: dict, key: str = "") -> object:
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return getattr(client, method)(path, body, content_type="application/json", **extra)


def test_adding_reading_and_changing_an_organisation(privacy_officer):
    api = client_for(privacy_officer)
    created = send(api, "post", "/api/v1/partners", BODY, key="partner-0001")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert send(api, "post", "/api/v1/partners", BODY, key="partner-0001")["Idempotent-Replayed"] == "true"
    detail = api.get(f"/api/v1/partners/{pk}").json()
    assert (detail["name"], detail["version"], detail["may_receive"]) == (TRUST, 1, ["about_me"])
    assert detail["holding"] == {"current_shares": 0, "ended_shares": 0, "next_disposal_due": None,
                                 "disposal_overdue": False, "disposed_up_to": None}  # fmt: skip
    changed = send(api, "put", f"/api/v1/partners/{pk}", {**BODY, "retention_days": 30, "expected_version": 1})
    assert changed.status_code == 200
    stale = send(api, "put", f"/api/v1/partners/{pk}", {**BODY, "retention_days": 60, "expected_version": 1})
    assert stale.status_code == 409
    assert stale["Content-Type"] == "application/problem+json"
    assert (stale.json()["code"], stale.json()["current_version"]) == ("stale_version", 2)
    assert PartnerOrganisation.objects.get().retention_days == 30


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"agreement_reference": ""}, "agreement_reference"),
        ({"agreement_end": "2025-01-01"}, "agreement_end"),
        ({"retention_days": 0}, "retention_days"),
    ],
)
def test_bad_input_is_a_problem_naming_the_field(privacy_officer, changes, field):
    response = send(client_for(privacy_officer), "post", "/api/v1/partners", {**BODY, **changes}, key="partner-0002")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert (response.json()["code"], response.json()["field"]) == ("invalid", field)
    assert not PartnerOrganisation.objects.exists()


def test_a_receivable_outside_the_register_is_refused(privacy_officer):
    response = send(client_for(privacy_officer), "post", "/api/v1/partners",
                    {**BODY, "may_receive": ["case_notes"]}, key="partner-0003")  # fmt: skip
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_disposals_are_listed_and_recorded(privacy_officer, trust, trust_shares):
    api = client_for(privacy_officer)
    url = f"/api/v1/partners/{trust.pk}/disposals"
    before = api.get(url).json()
    assert before["results"] == []
    assert before["holding"]["disposal_overdue"] is True
    today = timezone.localdate()
    future = send(api, "post", url, {"covers_up_to": today.isoformat(), "confirmed_by_name": "Mere Hohaia",
                                     "confirmed_on": (today + dt.timedelta(days=1)).isoformat()})  # fmt: skip
    assert (future.status_code, future.json()["field"]) == (400, "confirmed_on")
    done = send(api, "post", url, {"covers_up_to": today.isoformat(), "confirmed_on": today.isoformat(),
                                   "confirmed_by_name": "Mere Hohaia"})  # fmt: skip
    assert done.status_code == 201
    after = api.get(url).json()
    assert [d["confirmed_by_name"] for d in after["results"]] == ["Mere Hohaia"]
    assert after["holding"]["disposal_overdue"] is False


def test_a_social_worker_reads_but_may_not_change_the_register(alice, trust):
    api = client_for(alice)
    assert api.get("/api/v1/partners").json()["results"][0]["name"] == TRUST
    refused = send(api, "put", f"/api/v1/partners/{trust.pk}", {**BODY, "expected_version": 1})
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"


def test_an_organisation_not_on_the_register_is_a_404_problem(privacy_officer):
    response = client_for(privacy_officer).get("/api/v1/partners/999999")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
