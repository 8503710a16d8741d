"""Administrators change intake policy; it applies to the next decision."""

from __future__ import annotations

import pytest

from tiaki.access.roles import Role
from tiaki.audit.models import AuditEvent
from tiaki.intake import policy
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_administrator_changes_a_timeframe_and_the_weights(client, site):
    admin = UserFactory(username="admin", role=Role.ADMINISTRATOR, site=site)
    client.force_login(admin)
    assert "Critical (24 hours)" in client.get("/admin/policy/").content.decode()
    client.post("/admin/policy/", {"form": "timeframe-critical", "amount": "12", "unit": "hours"})
    assert policy.timeframe("critical").hours == 12
    client.post("/admin/policy/", {"form": "timeframe-non-urgent", "amount": "15", "unit": "working-days"})
    assert policy.timeframe("non-urgent").working_days == 15
    bad = client.post("/admin/policy/", {"form": "timeframe-urgent", "amount": "soon", "unit": "hours"})
    assert bad.status_code == 400
    assert "whole number" in bad.content.decode()
    weights = {f"weight-{code}": str(value) for code, value in policy.workload_weights().items()} | {
        "weight-court-work": "1.5"
    }
    client.post("/admin/policy/", {"form": "weights", **weights})
    assert policy.workload_weights()["court-work"] == 1.5
    wrong = client.post(
        "/admin/policy/",
        {"form": "triage", "nfa_child_under_years": "2", "repeat_report_days": "30", "decision_hours": "24",
         "unsafe_now_decision_hours": "1", "escalate_highlight_fraction": "0.9", "escalate_notify_fraction": "0.5"},
    )  # fmt: skip
    assert "Highlight before telling the supervisor" in wrong.content.decode()
    assert AuditEvent.objects.filter(
        actor_id=admin.pk, action="policy.update", relationship__startswith="timeframe:critical"
    ).exists()


def test_only_administrators_change_policy(client, supervisor):
    client.force_login(supervisor)
    assert client.get("/admin/policy/").status_code == 403


def test_an_administrator_sets_how_often_children_in_care_are_visited(client, site):
    from tiaki.casework import policy as visit_policy

    admin = UserFactory(username="admin", role=Role.ADMINISTRATOR, site=site)
    client.force_login(admin)
    page = client.get("/admin/policy/").content.decode()
    assert "Statutory visits to children in care" in page
    days = {f"visit-{f.code}": str(f.interval_days) for f in visit_policy.visit_frequencies()}
    client.post("/admin/policy/", {"form": "visits", **days, "visit-eight-weekly": "42"})
    assert visit_policy.visit_frequency().interval_days == 42
    assert AuditEvent.objects.filter(
        actor_id=admin.pk, action="policy.update", relationship="visit-frequency:eight-weekly"
    ).exists()
    bad = client.post("/admin/policy/", {"form": "visits", **days, "visit-weekly": "0"})
    assert bad.status_code == 400
    assert "from 1 to 365" in bad.content.decode()
    assert visit_policy.visit_frequency("weekly").interval_days == 7


def test_the_weights_show_their_names_and_the_unsafe_now_hours_are_policy(client, site):
    admin = UserFactory(username="admin", role=Role.ADMINISTRATOR, site=site)
    client.force_login(admin)
    page = client.get("/admin/policy/").content.decode()
    weights = page.split("Workload weights")[1].split("Statutory visits")[0]
    assert ">Investigation</label>" in weights
    assert ">Each child after the first</label>" in weights
    assert ">case:investigation<" not in weights
    assert 'name="unsafe_now_decision_hours"' in page
    saved = client.post(
        "/admin/policy/",
        {"form": "triage", "nfa_child_under_years": "2", "repeat_report_days": "30", "decision_hours": "24",
         "unsafe_now_decision_hours": "2", "escalate_highlight_fraction": "0.5", "escalate_notify_fraction": "0.75"},
    )  # fmt: skip
    assert saved.status_code == 302
    assert policy.triage_policy().unsafe_now_decision_hours == 2
    bad = client.post(
        "/admin/policy/",
        {"form": "triage", "nfa_child_under_years": "2", "repeat_report_days": "30", "decision_hours": "24",
         "unsafe_now_decision_hours": "0", "escalate_highlight_fraction": "0.5", "escalate_notify_fraction": "0.75"},
    )  # fmt: skip
    assert bad.status_code == 400
    assert policy.triage_policy().unsafe_now_decision_hours == 2
