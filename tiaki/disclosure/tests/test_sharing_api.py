"""Shares under /api/v1: a worker shares, the caregiver lists and reads,
bad input is a problem naming its field, an ended share is 410 with the
plain words, someone else's is 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.disclosure.models import Share
from tiaki.disclosure.tests.conftest_sharing import ROUTINE, expire

pytestmark = pytest.mark.django_db(transaction=True)


def body(world, **changes) -> dict:
    data = {
        "child_id": world.child.pk, "household_id": world.household.pk, "item_keys": ["about_me:1"],
        "purpose": "So Rangi knows her routines.", "consent": "whanau", "consent_on": str(timezone.localdate()),
        "expires_at": (timezone.now() + dt.timedelta(days=14)).isoformat(),
    }  # fmt: skip
    return {**data, **changes}


def test_a_worker_shares_and_the_caregiver_reads_it_until_it_ends(sharing, client, alice, caregiver_user):
    client.force_login(alice)
    choices = client.get(f"/api/v1/children/{sharing.child.pk}/shares").json()["choices"]
    assert choices[0] == {"key": "about_me:1", "kind": "about_me", "label": "Sleep and bedtime", "text": ROUTINE}
    made = client.post("/api/v1/shares", body(sharing), content_type="application/json")
    assert made.status_code == 201, made.content
    share_id = made.json()["id"]
    client.force_login(caregiver_user)
    mine = client.get("/api/v1/shares").json()
    assert [s["id"] for s in mine["current"]] == [share_id]
    assert mine["current"][0]["items"] == []
    read = client.get(f"/api/v1/shares/{share_id}")
    assert read.status_code == 200
    assert read.json()["items"][0]["text"] == ROUTINE
    expire(share_id)
    gone = client.get(f"/api/v1/shares/{share_id}")
    assert gone.status_code == 410
    assert gone["Content-Type"] == "application/problem+json"
    assert gone.json()["code"] == "share_expired"
    assert gone.json()["detail"].startswith("This was shared until ")
    client.force_login(alice)
    reads = client.get(f"/api/v1/children/{sharing.child.pk}/shares").json()["shares"][0]["reads"]
    assert [r["outcome"] for r in reads] == ["expired", "read"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"purpose": ""}, "purpose"),
        ({"consent": "none", "consent_on": None}, "override_reason"),
        ({"expires_at": (timezone.now() - dt.timedelta(days=1)).isoformat()}, "expires_at"),
    ],
)
def test_bad_input_is_a_problem_naming_its_field(sharing, client, alice, changes, field):
    client.force_login(alice)
    answer = client.post("/api/v1/shares", body(sharing, **changes), content_type="application/json")
    assert answer.status_code == 400
    assert answer.json()["field"] == field
    assert not Share.objects.exists()


def test_a_withdrawn_share_is_gone_and_someone_elses_is_not_found(sharing, client, alice, caregiver_user,
                                                                  partner_user):  # fmt: skip
    client.force_login(alice)
    share_id = client.post("/api/v1/shares", body(sharing), content_type="application/json").json()["id"]
    answer = client.post(f"/api/v1/shares/{share_id}/revoke", {"reason": "Moved."}, content_type="application/json")
    assert answer.status_code == 200
    assert answer.json()["status"] == "Withdrawn"
    client.force_login(caregiver_user)
    assert client.get(f"/api/v1/shares/{share_id}").json()["code"] == "share_revoked"
    client.force_login(partner_user)
    assert client.get(f"/api/v1/shares/{share_id}").status_code == 404
    assert client.get(f"/api/v1/shares/{share_id + 50}").status_code == 404
