"""Enumeration: a script walks ids, looking for the ones that exist.

Every URL pattern that takes an id, found by walking the URLconf (pages and
API, not a hand-written list), is asked by bob (a same-site colleague with no
relationship to anything here) for a record that exists out of his reach and
for one that does not; both must answer with the same status and the same
body, and neither may be a 500. Ids no record can have (0, negative, 2^63 and
beyond, a hundred digits) must answer exactly as a missing record does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from knox.models import AuthToken

from tiaki.web.converters import RecordIdConverter

pytestmark = pytest.mark.django_db

#: What record each id parameter names. A new id parameter fails the walk
#: until it is listed here, so it cannot go untested.
KINDS = {
    "person_id": "person",
    "child_id": "person",
    "left_id": "person",
    # A comparison of a record with itself stops before any decision.
    "right_id": "sibling",
    "case_id": "case",
    "report_id": "report",
    "note_id": "note",
    "plan_id": "plan",
    "fgc_id": "fgc",
    "order_id": "order",
    "document_id": "document",
    "email_id": "email",
    "task_id": "task",
    "grant_id": "grant",
    "user_id": "user",
    # A notice is its own user's only (the email's link, tiaki.inbox).
    "notification_id": "notification",
    # A version of a child's About me, by its number (tiaki.care.api).
    "version": "about_me_version",
    # Care (tiaki.care): a placement's approval, a missing episode's return.
    "placement_id": "placement",
    "missing_id": "missing",
    "household_id": "household",
    # What left Tiaki (tiaki.disclosure): a disclosure record, by its number (a released
    # letter; the guard's blocked-attempt pages take the same id and refuse bob first).
    "disclosure_id": "disclosure",
    # The partner register (tiaki.disclosure) holds no personal data and is
    # open to every partner:read holder: no organisation is out of anyone's
    # reach, so only missing and impossible ids are walked.
    "organisation_id": "partner_unlisted",
    # Letters (tiaki.disclosure): a letter on the case, and a letter template.
    "letter_id": "letter",
    "template_id": "letter_template",
    # Sharing (tiaki.disclosure): a share to a caregiver household.
    "share_id": "share",
    # Subject access (tiaki.disclosure): a request about the child, and a stage of it by its number.
    "request_id": "access_request",
    "number": "stage_number",
    # The review (tiaki.disclosure): a redaction and a stage by their own ids (the API's).
    "redaction_id": "redaction",
    "stage_id": "stage",
    # Corrections (tiaki.disclosure): a correction request about the note, privacy officers' only.
    "correction_id": "correction",
    # The privacy register (tiaki.privacy): a concern alice reported (its page is hers), and an action on it.
    "incident_id": "incident",
    "action_id": "incident_action",
    # Access monitoring (tiaki.privacy): an alert about alice, privacy officers' only.
    "alert_id": "alert",
    # Access monitoring's rules (policy data, tiaki.privacy): privacy officers' only.
    "rule_id": "monitoring_rule",
}

#: Ids that no record can have: each must answer as a missing record does.
IMPOSSIBLE = ["0", str(2**63), str(2**64), str(10**30), "9" * 100, "-1"]

_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def id_params(route: str) -> list[re.Match[str]]:
    """The parameters of ``route`` that name a record by number: any int or
    id converter, or a parameter called ``..._id`` (an opaque token, such as
    a search's, is not a record number and is not walked here)."""
    return [m for m in _PARAM.finditer(route) if m["converter"] in ("int", "id") or m["name"].endswith("_id")]


def id_routes(patterns: Any = None, prefix: str = "") -> Iterator[str]:
    """Every route in the URLconf that takes an id."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from id_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and id_params(prefix + str(pattern.pattern)):
            yield prefix + str(pattern.pattern)


def fill(route: str, ids: dict[str, str], vary: str, value: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match["name"] not in numbered:
            return match[0]
        return value if match["name"] == vary else ids[KINDS[match["name"]]]

    numbered = {m["name"] for m in id_params(route)}
    return "/" + _PARAM.sub(one, route)


#: The parts of a body that differ between any two requests: the request id
#: (the reference to quote to support) and the masked CSRF token.
_PER_REQUEST = re.compile(rb"[0-9a-f]{32}|(csrfmiddlewaretoken\" value=\"|\"X-CSRFToken\": \")[^\"]+")


def answer(client: Any, method: str, url: str, **extra: Any) -> tuple[int, bytes]:
    response = getattr(client, method)(url, **extra)
    return response.status_code, _PER_REQUEST.sub(rb"\1", response.content)


def test_the_walk_finds_every_kind_of_id_addressed_page_and_endpoint():
    routes = list(id_routes())
    assert "people/<id:person_id>/" in routes
    assert "api/v1/persons/<id:person_id>" in routes
    assert "api/v1/cases/<id:case_id>" in routes
    unknown = {m["name"] for r in routes for m in id_params(r)} - set(KINDS)
    assert unknown == set()


def test_it_bounds_every_id_in_the_urlconf():
    """No route takes Django's unbounded <int:>: ids reach the database only
    within 1..2^63-1 (tiaki.web.converters)."""
    unbounded = [r for r in id_routes() if any(m["converter"] != "id" for m in id_params(r))]
    assert unbounded == []


@pytest.mark.parametrize("method", ["get", "post", "put"])
def test_it_answers_out_of_reach_as_missing_on_every_id_addressed_url(bob, estate, method):
    # A 500 is an answer to compare, not an exception that stops the walk.
    client = Client(raise_request_exception=False)
    client.force_login(bob)
    _, token = AuthToken.objects.create(bob)
    different, failed, status = [], [], {}
    for route in id_routes():
        api = route.startswith("api/")
        extra: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Token {token}"} if api else {}
        if api and method != "get":
            extra |= {"data": {}, "content_type": "application/json", "HTTP_IDEMPOTENCY_KEY": "enumeration-0001"}
        for match in id_params(route):
            name = match["name"]
            out_of_reach = answer(client, method, fill(route, estate, name, estate[KINDS[name]]), **extra)
            missing = answer(client, method, fill(route, estate, name, "987654321"), **extra)
            status[route] = out_of_reach[0]
            if out_of_reach != missing:
                different.append((method, route, name, out_of_reach[0], missing[0]))
            for impossible in IMPOSSIBLE:
                got = answer(client, method, fill(route, estate, name, impossible), **extra)
                if got[0] >= 500 or got != missing:
                    failed.append((method, route, name, impossible, got[0], missing[0]))
    assert different == []
    assert failed == []
    # The walk reached the access decisions, not only a method check.
    if method == "get":
        assert status["people/<id:person_id>/"] == status["api/v1/cases/<id:case_id>"] == 404


@pytest.mark.parametrize("value", ["0", "-7", str(2**63), str(10**30), "9" * 5000])
def test_it_resolves_an_impossible_id_to_one_no_record_has(value):
    assert RecordIdConverter().to_python(value) == 0


@pytest.mark.parametrize("value", ["1", str(2**63 - 1), "0042"])
def test_it_keeps_every_id_a_record_can_have(value):
    assert RecordIdConverter().to_python(value) == int(value)


#: Numbers no record can have, as a client might send them in a body.
HUGE = [2**63, 2**64, 10**30]


def _api_bodies(estate: dict[str, str]) -> list[tuple[str, str, Any, str]]:
    """(method, url, body with {} where the id goes, field the 400 names)."""
    case, child = estate["case"], estate["person"]
    note = {"kind": "phone", "occurred_at": "2026-03-02T10:00:00+13:00", "text": "Rang the kura."}
    report = {"site": "{}", "concerns": [{"category": "neglect", "detail": "No food"}], "narrative": "Hungry."}
    return [
        ("post", "/api/v1/cases", {"kind": "assessment", "child_ids": ["{}"]}, "child_ids"),
        ("post", "/api/v1/cases", {"kind": "assessment", "report_id": "{}"}, "report_id"),
        ("post", f"/api/v1/cases/{case}/notes", note | {"about_ids": ["{}"]}, "about_ids"),
        ("post", f"/api/v1/cases/{case}/orders", {"child_id": "{}", "kind": "s78"}, "child_id"),
        ("post", f"/api/v1/persons/{child}/relationships", {"other_person_id": "{}", "kind": "parent"},
         "other_person_id"),
        ("post", "/api/v1/reports", report, "site"),
        ("post", "/api/v1/reports", report | {"site": estate["site"], "children": ["{}"]}, "children"),
        ("post", "/api/v1/reports", report | {"site": estate["site"], "alleged": ["{}"]}, "alleged"),
    ]  # fmt: skip


def _with(body: Any, value: int) -> Any:
    if body == "{}":
        return value
    if isinstance(body, dict):
        return {k: _with(v, value) for k, v in body.items()}
    if isinstance(body, list):
        return [_with(v, value) for v in body]
    return body


def test_it_refuses_an_impossible_id_in_an_api_body_with_a_400_naming_the_field(client, alice, estate):
    _, token = AuthToken.objects.create(alice)
    answers = []
    for method, url, body, field in _api_bodies(estate | {"site": str(alice.site_id)}):
        for value in HUGE:
            response = getattr(client, method)(
                url, _with(body, value), content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}",
                HTTP_IDEMPOTENCY_KEY=f"huge-{len(answers):08d}",
            )  # fmt: skip
            problem = response.json()
            named = field in problem.get("errors", {})
            answers.append((url, field, value, response.status_code, problem.get("code"), named))
    assert [a for a in answers if a[3:] != (400, "validation_failed", True)] == []


def test_it_takes_an_impossible_id_in_a_form_as_a_mistake_not_a_500(alice, privacy_officer, estate):
    client = Client(raise_request_exception=False)
    case, child = estate["case"], estate["person"]
    asked = [
        (alice, "post", f"/cases/{case}/people/add/", {"person": "{}", "role": "adult"}),
        (alice, "post", f"/people/{child}/change/", {"form": "relationship", "relationship-other_person_id": "{}",
                                                       "relationship-kind": "parent"}),
        (alice, "post", "/break-glass/", {"person_id": "{}", "reason": "Police are at the door now, urgent."}),
        (alice, "get", "/cases/open/", {"person": "{}"}),
        (alice, "get", "/cases/open/", {"report": "{}"}),
        (alice, "get", "/intake/reports/new/", {"draft": "{}"}),
        (alice, "get", "/intake/reports/people/link/", {"person_id": "{}", "role": "child"}),
        (alice, "post", "/intake/reports/draft/", {"draft_id": "{}", "person_id": "{}", "person_role": "child"}),
        (alice, "post", f"/cases/tasks/{estate['task']}/done/", {"case": "{}"}),
        (privacy_officer, "get", "/privacy/audit/", {"person": "{}"}),
        (privacy_officer, "post", "/privacy/sealed/", {"form": "grant", "grant-username": "alice",
                                                         "grant-person_id": "{}", "grant-reason": "Court order"}),
    ]  # fmt: skip
    failed = []
    for actor, method, url, data in asked:
        client.force_login(actor)
        for value in [*HUGE, "9" * 5000, "-1"]:
            status = getattr(client, method)(url, {k: _with(v, value) for k, v in data.items()}).status_code
            if status >= 500:
                failed.append((url, data, str(value)[:20], status))
    assert failed == []
