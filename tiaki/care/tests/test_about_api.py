"""/api/v1 About me: read and save a child's About me with the same rules as
the pages: a stale expected_version is a 409 problem carrying the version
now saved, bad items a 400 naming each; a colleague without a relationship
gets a 404, audited; a trainee reads but cannot save."""

from __future__ import annotations

import pytest
from django.test import Client
from knox.models import AuthToken

from tiaki.care.models import AboutMeVersion
from tiaki.care.tests.about_fixtures import LIKES, MARAE, SLEEP, events_since, head, save

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def client_for(user) -> Client:
    _, token = AuthToken.objects.create(user)
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def url(child, rest: str = "") -> str:
    return f"/api/v1/care/children/{child.pk}/about-me{'/' + rest if rest else ''}"


def put(api: Client, child, body: dict):
    return api.put(url(child), body, content_type="application/json")


def test_a_worker_saves_and_reads_about_me_and_the_flags_round_trip(alice, child, in_care):
    api = client_for(alice)
    empty = api.get(url(child)).json()
    assert (empty["current_version"], empty["version"], empty["versions"], empty["may_edit"]) == (0, None, [], True)
    created = put(api, child, {"expected_version": 0, "items": [MARAE, LIKES, SLEEP]})
    assert created.status_code == 201, created.json()
    assert created.json()["number"] == 1
    assert [i["topic"] for i in created.json()["items"]] == ["sleep", "likes", "iwi"]
    changed = put(api, child, {"expected_version": 1, "items": [SLEEP | {"shareable": False}], "reason": "Less"})
    assert changed.status_code == 200
    body = api.get(url(child)).json()
    assert body["current_version"] == 2
    assert body["version"]["items"] == [
        {"topic": "sleep", "topic_label": "Sleep and bedtime", "text": SLEEP["text"], "own_words": False,
         "shareable": False},
    ]  # fmt: skip
    assert [v["number"] for v in body["versions"]] == [2, 1]
    assert body["versions"][1]["url"] == url(child, "versions/1")
    first = api.get(url(child, "versions/1")).json()["version"]
    assert [(i["topic"], i["own_words"], i["shareable"]) for i in first["items"]] == [
        ("sleep", False, True),
        ("likes", True, True),
        ("iwi", False, False),
    ]
    assert api.get(url(child, "versions/3")).status_code == 404


def test_a_stale_save_is_a_409_with_the_version_now_saved_and_nothing_is_lost(alice, supervisor, child, in_care):
    save(alice, child)
    save(supervisor, child, expected_version=1, items=[MARAE], reason="Her marae")
    stale = put(client_for(alice), child, {"expected_version": 1, "items": [LIKES], "reason": "Her likes"})
    assert stale.status_code == 409
    assert stale["Content-Type"] == PROBLEM
    problem = stale.json()
    assert (problem["code"], problem["current_version"]) == ("stale_version", 2)
    assert problem["current"]["items"][0]["text"] == MARAE["text"]
    assert problem["current"]["reason"] == "Her marae"
    assert AboutMeVersion.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"expected_version": 0, "items": [SLEEP | {"text": " "}, LIKES | {"text": "x" * 2001}]}, "items.0"),
        ({"expected_version": 0, "items": []}, "items"),
    ],
)
def test_bad_items_are_a_400_naming_each(alice, child, in_care, body, field):
    response = put(client_for(alice), child, body)
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert (problem["code"], problem["field"]) == ("invalid", field)
    if field == "items.0":
        assert set(problem["errors"]) == {"items.0", "items.1"}
        assert problem["errors"]["items.1"] == ["Item 2: keep it under 2,000 characters."]
    assert not AboutMeVersion.objects.exists()


def test_a_body_that_is_not_an_about_me_is_a_400_with_field_errors(alice, child, in_care):
    response = put(client_for(alice), child, {"expected_version": -1, "items": [{"topic": "pets", "text": "Cat"}]})
    assert response.status_code == 400
    problem = response.json()
    assert problem["code"] == "validation_failed"
    assert set(problem["errors"]) == {"expected_version", "items"}


def test_a_later_version_without_a_reason_is_refused(alice, child, in_care):
    save(alice, child)
    response = put(client_for(alice), child, {"expected_version": 1, "items": [SLEEP]})
    assert (response.status_code, response.json()["field"]) == (400, "reason")


@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
def test_a_colleague_and_an_outsider_get_404_and_are_audited(request, alice, child, in_care, actor_name):
    save(alice, child)
    actor = request.getfixturevalue(actor_name)
    api = client_for(actor)
    before = head()
    assert api.get(url(child)).status_code == 404
    assert api.get(url(child, "versions/1")).status_code == 404
    assert put(api, child, {"expected_version": 1, "items": [SLEEP], "reason": "Mine"}).status_code == 404
    assert [(e.action, e.outcome, e.reason) for e in events_since(before, actor)] == [
        ("about_me.read", "refused", "no_relationship"),
        ("about_me.read", "refused", "no_relationship"),
        ("about_me.save", "refused", "no_relationship"),
    ]
    assert AboutMeVersion.objects.count() == 1


def test_a_trainee_reads_but_a_save_is_403_and_audited(trainee, alice, child, in_care):
    save(alice, child)
    api = client_for(trainee)
    read = api.get(url(child)).json()
    assert (read["current_version"], read["may_edit"]) == (1, False)
    before = head()
    refused = put(api, child, {"expected_version": 1, "items": [SLEEP], "reason": "Mine"})
    assert (refused.status_code, refused.json()["code"]) == (403, "permission_missing")
    assert [(e.action, e.outcome) for e in events_since(before, trainee)] == [("about_me.save", "refused")]


def test_the_schema_documents_the_conflict(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    about = paths["/api/v1/care/children/{child_id}/about-me"]
    assert {"200", "201", "400", "409"} <= set(about["put"]["responses"])
