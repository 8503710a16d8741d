"""The guard's pages and API: the blocked queue and decision page for
leaders, the near-miss list for the privacy office, and their problems."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken

from tiaki.disclosure.models import Disclosure
from tiaki.disclosure.tests.world import PROTECTED_STREET

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
REASON = "Police asked us to confirm the address in writing; the father is in custody."


def api_for(user) -> Client:
    _, token = AuthToken.objects.create(user)
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def test_a_leader_sees_the_blocked_letter_with_the_findings_but_not_the_address(client, supervisor, blocked_letter):
    client.force_login(supervisor)
    queue = client.get(reverse("web:disclosure-blocked"))
    assert queue.status_code == 200
    assert "Letter to Wiremu Tane" in queue.text
    page = client.get(reverse("web:disclosure-decide", args=[blocked_letter.pk]))
    assert page.status_code == 200
    assert "Remove Aroha Pene&#x27;s address from &#x27;Letter body&#x27;" in page.text
    assert PROTECTED_STREET not in page.text
    assert "Rata" not in page.text
    assert "Override and let it go out" in page.text


def test_a_leader_overrides_from_the_page(client, supervisor, blocked_letter):
    client.force_login(supervisor)
    response = client.post(reverse("web:disclosure-decide", args=[blocked_letter.pk]), {"reason": REASON})
    assert response.status_code == 302
    assert Disclosure.objects.get(pk=blocked_letter.pk).override_by == supervisor
    assert "Letter to Wiremu Tane" not in client.get(reverse("web:disclosure-blocked")).text


def test_a_short_reason_is_shown_by_the_field(client, supervisor, blocked_letter):
    client.force_login(supervisor)
    response = client.post(reverse("web:disclosure-decide", args=[blocked_letter.pk]), {"reason": "ok"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    assert "Say more about why" in response.text
    assert Disclosure.objects.get(pk=blocked_letter.pk).override_by is None


def test_the_sender_sees_their_own_attempt_is_not_theirs_to_decide(client, whanau, blocked_letter):
    whanau.worker.role = "supervisor"
    whanau.worker.save(update_fields=["role"])
    client.force_login(whanau.worker)
    assert "Letter to Wiremu Tane" not in client.get(reverse("web:disclosure-blocked")).text
    page = client.get(reverse("web:disclosure-decide", args=[blocked_letter.pk]))
    assert "another leader must decide it" in page.text
    refused = client.post(reverse("web:disclosure-decide", args=[blocked_letter.pk]), {"reason": REASON})
    assert refused.status_code == 403


def test_a_leader_without_reach_gets_not_found(client, far_leader, blocked_letter):
    client.force_login(far_leader)
    assert "Letter to Wiremu Tane" not in client.get(reverse("web:disclosure-blocked")).text
    assert client.get(reverse("web:disclosure-decide", args=[blocked_letter.pk])).status_code == 404


def test_a_social_worker_may_not_open_the_queue(client, alice, blocked_letter):
    client.force_login(alice)
    assert client.get(reverse("web:disclosure-blocked")).status_code == 403


def test_the_privacy_office_sees_every_near_miss_without_names(client, privacy_officer, supervisor, blocked_letter):
    client.force_login(privacy_officer)
    page = client.get(reverse("web:disclosure-near-misses"))
    assert page.status_code == 200
    assert "A protected address" in page.text
    assert "Not overridden" in page.text
    assert "Wiremu" not in page.text
    assert "A person on the register" in page.text
    Disclosure.objects.filter(pk=blocked_letter.pk).update(override_by=supervisor, override_reason=REASON)
    assert "Overridden by" in client.get(reverse("web:disclosure-near-misses")).text


def test_the_api_lists_blocked_attempts_and_overrides_one(supervisor, blocked_letter):
    api = api_for(supervisor)
    listed = api.get("/api/v1/disclosures/blocked")
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()] == [blocked_letter.pk]
    assert listed.json()[0]["rules"] == ["A protected address"]
    done = api.post(f"/api/v1/disclosures/{blocked_letter.pk}/override", {"reason": REASON},
                    content_type="application/json")  # fmt: skip
    assert done.status_code == 200
    assert done.json()["override_by"] == supervisor.pk
    again = api.post(f"/api/v1/disclosures/{blocked_letter.pk}/override", {"reason": REASON},
                     content_type="application/json")  # fmt: skip
    assert (again.status_code, again["Content-Type"], again.json()["code"]) == (409, PROBLEM, "already_decided")


def test_the_api_answers_each_refusal_as_a_problem(whanau, supervisor, far_leader, blocked_letter):
    url = f"/api/v1/disclosures/{blocked_letter.pk}/override"
    short = api_for(supervisor).post(url, {"reason": "ok"}, content_type="application/json")
    assert (short.status_code, short.json()["code"], short.json()["field"]) == (400, "invalid", "reason")
    assert api_for(far_leader).post(url, {"reason": REASON}, content_type="application/json").status_code == 404
    whanau.worker.role = "supervisor"
    whanau.worker.save(update_fields=["role"])
    own = api_for(whanau.worker).post(url, {"reason": REASON}, content_type="application/json")
    assert (own.status_code, own["Content-Type"], own.json()["code"]) == (403, PROBLEM, "override_own")
