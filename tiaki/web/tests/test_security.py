"""The security baseline: headers, CSP, no caching, no personal data in logs
or error pages."""

from __future__ import annotations

import logging
import sys

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from tiaki.audit.context import request_context
from tiaki.staff.tests.factories import UserFactory
from tiaki.web.logging import PrivateFormatter
from tiaki.web.middleware import RequestIdMiddleware

pytestmark = pytest.mark.django_db


def test_pages_carry_the_security_headers(client):
    response = client.get("/sign-in/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Request-ID"]


def test_pages_have_no_inline_script(client):
    user = UserFactory()
    client.force_login(user)
    html = client.get("/").content.decode()
    for chunk in html.split("<script")[1:]:
        assert chunk.split(">", 1)[0].strip().find("src=") != -1, "inline <script> found"


def test_a_page_with_personal_data_is_never_cached(client, alice, child, case):
    client.force_login(alice)
    response = client.get(f"/people/{child.pk}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_the_formatter_withholds_exception_messages():
    # Built at run time, as real values are: source lines in the traceback
    # never contain them.
    nhi, name = "ZZZ" + "0016", "Mere" + " Ngata"
    try:
        raise ValueError(f"Key (nhi)=({nhi}) already exists for {name}")
    except ValueError:
        record = logging.LogRecord("tiaki", logging.ERROR, __file__, 1, "Saving failed", None, sys.exc_info())
    text = PrivateFormatter("%(message)s").format(record)
    assert "Saving failed" in text
    assert "ValueError" in text
    assert "Mere" not in text
    assert "ZZZ0016" not in text


@pytest.mark.urls("tiaki.web.tests.urls_failing")
def test_a_server_error_shows_no_detail_and_logs_no_personal_data(client, caplog):
    caplog.set_level(logging.ERROR)
    client.raise_request_exception = False
    user = UserFactory()
    client.force_login(user)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, something went wrong" in body
    assert "Mere Ngata" not in body
    formatter = PrivateFormatter("%(message)s")
    logged = "\n".join(formatter.format(r) for r in caplog.records)
    assert "Internal Server Error" in logged
    assert "Mere Ngata" not in logged


def test_healthz_reports_each_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    # No worker in a test: the jobs check warns (tiaki.jobs.observed), nothing more.
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["database"] == {"status": "ok", "problems": []}


def test_behind_the_proxy_the_forwarded_address_is_the_clients(settings):
    seen = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append((request.META["REMOTE_ADDR"], request_context.get().client_address))
        return HttpResponse()

    middleware, factory = RequestIdMiddleware(view), RequestFactory()
    settings.SECURE_PROXY_SSL_HEADER = None
    middleware(factory.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9"))
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    middleware(factory.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9"))
    middleware(factory.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.1"))
    middleware(factory.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="198.51.100.7"))
    # A load balancer on its own machine, once named as trusted.
    settings.TIAKI_TRUSTED_PROXIES = frozenset({"10.0.0.2"})
    middleware(factory.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="10.0.0.2"))
    middleware(factory.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9"))
    assert seen == [
        ("127.0.0.1", "127.0.0.1"),  # not behind a proxy: ignored
        ("203.0.113.9", "203.0.113.9"),
        ("127.0.0.1", "127.0.0.1"),  # not one address: ignored
        ("198.51.100.7", "198.51.100.7"),  # not from a trusted proxy: ignored
        ("203.0.113.9", "203.0.113.9"),
        ("127.0.0.1", "127.0.0.1"),  # loopback no longer named: ignored
    ]
