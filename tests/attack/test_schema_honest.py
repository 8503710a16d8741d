"""The schema tells the truth: a client (or a fuzzer) that trusts
/api/v1/schema/ is never surprised by a status, a media type or a refusal.

A script that reads the schema to find what it may send, and what each
answer means, is the attacker here: an undocumented refusal hides a rule, a
problem served under another media type than documented breaks a client's
error handling, and an undocumented constraint is one a fuzzer learns only
by probing. Each test takes one documented rule and sends the request that
breaks it.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from knox.models import AuthToken

from tiaki.api.idempotency import KEY_PATTERN
from tiaki.api.problems import PROBLEM_CONTENT_TYPE

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")
MAX_ID = 2**63 - 1


@pytest.fixture
def schema(client) -> dict:
    return client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def token_client(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user)[1]}")


def assert_documented_problem(schema: dict, path: str, method: str, response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    documented = schema["paths"][path][method]["responses"]
    assert str(status) in documented
    assert list(documented[str(status)]["content"]) == [PROBLEM_CONTENT_TYPE]
    return response.json()


def test_it_documents_every_error_as_problem_json(schema):
    for path, method, operation in operations(schema):
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                assert list(response["content"]) == [PROBLEM_CONTENT_TYPE], (method, path, status)


def test_it_documents_the_shared_problems_on_every_operation(schema):
    for path, method, operation in operations(schema):
        documented = set(operation["responses"])
        assert "401" in documented, (method, path)
        if "{" in path:
            assert "404" in documented, (method, path)
        if "requestBody" in operation:
            assert {"400", "413", "415"} <= documented, (method, path)
        if any(p["in"] == "query" for p in operation.get("parameters", [])):
            assert "400" in documented, (method, path)


def test_it_documents_record_ids_as_1_to_2_to_the_63_minus_1(schema):
    for path, method, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                assert parameter["schema"]["type"] == "integer", (method, path)
                assert parameter["schema"]["minimum"] == 1
                assert parameter["schema"]["maximum"] == MAX_ID


@pytest.mark.parametrize("impossible", [0, MAX_ID + 1, 10**30])
def test_it_answers_an_id_outside_the_documented_range_with_the_documented_404(schema, alice, impossible):
    api = token_client(alice)
    missing = api.get(f"/api/v1/persons/{MAX_ID}")
    outside = api.get(f"/api/v1/persons/{impossible}")
    body = assert_documented_problem(schema, "/api/v1/persons/{person_id}", "get", outside, 404)
    assert body == missing.json()


def test_it_documents_the_idempotency_key_rule_it_enforces(schema):
    creates = [
        op for _, _, op in operations(schema) if any(p["name"] == "Idempotency-Key" for p in op.get("parameters", []))
    ]
    assert len(creates) >= 4  # persons, reports, cases, notes
    for operation in creates:
        header = next(p for p in operation["parameters"] if p["name"] == "Idempotency-Key")
        assert header["required"] is True
        assert header["schema"]["pattern"] == f"^{KEY_PATTERN}$"
        assert {"400", "422"} <= set(operation["responses"])
    documented = re.compile(creates[0]["parameters"][0]["schema"]["pattern"])
    enforced = re.compile(KEY_PATTERN)
    for key in ["abcd1234", "case-open-0001", "a" * 100, "a" * 7, "a" * 101, "has space", "ключ-12345", "x;y:z.12"]:
        assert bool(documented.match(key)) == bool(enforced.fullmatch(key)), key


@pytest.mark.parametrize("key", ["short", "has spaces in it", "a" * 101])
def test_it_refuses_a_key_outside_the_pattern_with_the_documented_400(schema, alice, case, key):
    api = token_client(alice)
    note = {"kind": "phone", "occurred_at": "2026-03-02T14:30:00+13:00", "text": "Called the whānau."}
    response = api.post(f"/api/v1/cases/{case.pk}/notes", note, content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY=key)  # fmt: skip
    body = assert_documented_problem(schema, "/api/v1/cases/{case_id}/notes", "post", response, 400)
    assert body["code"] == "idempotency_key_missing"


def test_it_answers_a_page_size_over_the_documented_maximum_with_the_documented_400(schema, alice, case):
    parameter = next(p for p in schema["paths"]["/api/v1/cases"]["get"]["parameters"] if p["name"] == "page_size")
    assert (parameter["schema"]["minimum"], parameter["schema"]["maximum"]) == (1, 100)
    api = token_client(alice)
    assert api.get("/api/v1/cases?page_size=100").status_code == 200
    for size in (0, 101):
        response = api.get(f"/api/v1/cases?page_size={size}")
        body = assert_documented_problem(schema, "/api/v1/cases", "get", response, 400)
        assert "page_size" in body["errors"]


def test_it_answers_a_string_over_its_documented_max_length_with_the_documented_400(schema, alice):
    search = schema["components"]["schemas"]["SearchQuery"]
    limit = search["properties"]["family_name"]["maxLength"]
    api = token_client(alice)
    response = api.post("/api/v1/persons/search", {"family_name": "x" * (limit + 1)}, content_type="application/json")
    body = assert_documented_problem(schema, "/api/v1/persons/search", "post", response, 400)
    assert "family_name" in body["errors"]


def test_it_documents_that_search_needs_a_field_and_refuses_blanks_with_the_documented_400(schema, alice):
    assert schema["components"]["schemas"]["SearchQuery"]["minProperties"] == 1
    api = token_client(alice)
    for body in ({}, {"q": "  ", "family_name": ""}):
        response = api.post("/api/v1/persons/search", body, content_type="application/json")
        assert_documented_problem(schema, "/api/v1/persons/search", "post", response, 400)


def test_it_answers_a_body_in_an_undocumented_media_type_with_the_documented_415(schema, alice):
    documented = schema["paths"]["/api/v1/persons/search"]["post"]["requestBody"]["content"]
    assert list(documented) == ["application/json"]
    api = token_client(alice)
    for content_type, data in [("text/plain", "Tūī"), ("application/x-www-form-urlencoded", "family_name=Te+Whare")]:
        response = api.post("/api/v1/persons/search", data, content_type=content_type)
        body = assert_documented_problem(schema, "/api/v1/persons/search", "post", response, 415)
        assert body["code"] == "unsupported_media_type"


def test_it_answers_without_a_token_with_the_documented_401_everywhere(schema, client):
    for path, method, _ in operations(schema):
        url = re.sub(r"\{[a-z_]+\}", "1", path)
        response = getattr(client, method)(url, {}, content_type="application/json")
        assert_documented_problem(schema, path, method, response, 401)
