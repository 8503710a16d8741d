"""/metrics (tiaki.web.metrics): only to its bearer token, latency by route
name, Tiaki's gauges, and no ids or usernames in any label."""

from __future__ import annotations

import re

import pytest

from tiaki.staff.tests.factories import UserFactory
from tiaki.web import metrics

pytestmark = pytest.mark.django_db
TOKEN = "m" * 40


@pytest.fixture
def token(settings) -> str:
    settings.TIAKI_METRICS_TOKEN = TOKEN
    return TOKEN


def _scrape(client, token: str = TOKEN) -> str:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    return response.content.decode()


def test_without_a_token_configured_it_is_absent(client, settings):
    settings.TIAKI_METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_without_the_token_it_is_absent(client, token):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Token {TOKEN}").status_code == 404


def test_latency_by_route_name_and_tiakis_gauges(client, token, alice, child):
    client.get("/sign-in/")
    client.force_login(alice)
    client.get(f"/people/{child.pk}/")
    text = _scrape(client)
    assert re.search(
        r'django_http_requests_latency_seconds_by_view_method_count\{method="GET",view="web:sign-in"\}', text
    )
    assert 'view="web:person-detail"' in text
    assert "tiaki_audit_events_total " in text
    assert "tiaki_audit_events_last_5_minutes " in text
    assert 'tiaki_intake_queue_depth{stage="received"}' in text


def test_label_values_hold_no_ids_or_usernames(client, token, alice, child):
    client.force_login(alice)
    client.get(f"/people/{child.pk}/")
    client.get(f"/people/{child.pk}/?name=Mereana")
    text = _scrape(client)
    labels = re.findall(r'(\w+)="([^"]*)"', text)
    views = {value for name, value in labels if name == "view"}
    assert "web:person-detail" in views
    # Route names, never paths with ids. (A view a test URLconf routes without
    # a name, earlier in the same process, is labelled by its Python path.)
    for value in views:
        assert re.fullmatch(r"[a-z_-]+:[a-z_-]+|<unnamed view>|(?:[a-z_]+\.)+[a-z_]+", value), value
    for _name, value in labels:
        assert not value.startswith("/")
        assert alice.username not in value
        assert "Mereana" not in value


def test_a_gauge_with_an_unsafe_label_is_left_out(client, token):
    metrics.register_gauge("tiaki_planted", "Planted", lambda: {"person-4711": 1.0}, label="who")
    metrics.register_gauge("tiaki_planted_ok", "Planted", lambda: {"waiting": 2.0}, label="stage")
    try:
        text = _scrape(client)
    finally:
        metrics.unregister_gauge("tiaki_planted")
        metrics.unregister_gauge("tiaki_planted_ok")
    # (Not a bare "4711": a _created timestamp can hold those digits.)
    assert "person-4711" not in text
    assert "tiaki_planted{" not in text
    assert 'tiaki_planted_ok{stage="waiting"} 2.0' in text


def test_the_queue_depth_counts_waiting_reports():
    from tiaki.intake.selectors.metrics import queue_depths

    assert queue_depths() == {"received": 0.0, "awaiting-approval": 0.0, "decided": 0.0}
    UserFactory()  # counts only: nothing about anyone
