"""Access monitoring's pages, API and services: the alert queue and triage
(a near miss or a breach goes on the register), thresholds as policy data
with their specific errors, watched records, refusals audited; the job and
the command; and the 500-ids-in-a-minute case end to end."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditEvent
from tiaki.privacy import reasons
from tiaki.privacy.models import AccessAlert, IncidentAuditLink, MonitoringRule, PrivacyIncident, WatchedRecord
from tiaki.privacy.monitoring import monitoring_run
from tiaki.privacy.services import monitoring as services
from tiaki.privacy.tests.planted import plant, refused
from tiaki.privacy.tests.test_monitoring import at, working_day
from tiaki.staff.tests.factories import UserFactory

Code = MonitoringRule.Code


@pytest.fixture
def second_officer(site):
    return inducted(UserFactory(username="privacy2", role=Role.PRIVACY_OFFICER, site=site))


@pytest.fixture
def alert(alice, db) -> AccessAlert:
    day = working_day()
    plant([refused(at(day, 10, 0, i), alice, 100 + i) for i in range(25)])
    monitoring_run(kind="full")
    return AccessAlert.objects.get(rule=Code.ENUMERATION_REFUSALS)


def _refusals(reason: str) -> int:
    return AuditEvent.objects.filter(outcome="refused", reason=reason).count()


def test_the_queue_and_the_alert_page(client, privacy_officer, alice, alert):
    client.force_login(privacy_officer)
    page = client.get("/privacy/alerts/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Many refused reads in a short time" in html
    assert "25 (alert at 20)" in html
    assert f"/privacy/alerts/{alert.pk}/" in html
    one = client.get(f"/privacy/alerts/{alert.pk}/")
    assert one.status_code == 200
    body = one.content.decode()
    assert "25 refused attempts to open records in 10 minutes (the alert is at 20)" in body
    assert "Save triage" in body
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_ALERT_LIST.value, actor_id=privacy_officer.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_ALERT_READ.value, subject_ids=f"[{alert.pk}]").exists()
    filtered = client.get("/privacy/alerts/?status=triaged&rule=volume")
    assert "No alerts." in filtered.content.decode()


def test_a_worker_may_not_see_the_queue(client, alice, alert):
    client.force_login(alice)
    assert client.get("/privacy/alerts/").status_code == 403
    assert client.get(f"/privacy/alerts/{alert.pk}/").status_code == 403
    assert client.get("/api/v1/privacy/alerts").status_code == 403
    assert client.get("/privacy/monitoring/rules/").status_code == 403


def test_triage_as_a_near_miss_puts_it_on_the_register(client, privacy_officer, alice, alert):
    client.force_login(privacy_officer)
    blank = client.post(f"/privacy/alerts/{alert.pk}/", {"outcome": "near-miss", "note": "  ", "version": 1})
    assert blank.status_code == 400
    assert "Say why: a note is needed for every outcome." in blank.content.decode()
    response = client.post(f"/privacy/alerts/{alert.pk}/",
                           {"outcome": "near-miss", "note": "Asked: no work reason.", "version": 1})  # fmt: skip
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == "triaged"
    assert alert.outcome == "near-miss"
    incident = alert.incident
    assert incident.kind == PrivacyIncident.Kind.NEAR_MISS
    assert incident.source == PrivacyIncident.Source.MONITORING
    assert incident.caused_by_id == alice.pk
    assert incident.reference.startswith("PI-")
    assert "25 refused attempts" in incident.description
    assert sorted(IncidentAuditLink.objects.filter(incident=incident).values_list("event_seq", flat=True)) == [
        alert.first_seq, alert.last_seq,
    ]  # fmt: skip
    assert AuditEvent.objects.filter(action=AuditAction.PRIVACY_INCIDENT_REPORT.value,
                                     subject_ids=f"[{incident.pk}]").exists()  # fmt: skip
    again = client.post(f"/privacy/alerts/{alert.pk}/", {"outcome": "breach", "note": "Again", "version": 1})
    assert again.status_code == 409
    assert PrivacyIncident.objects.count() == 1


def test_no_concern_needs_a_note_too_and_makes_no_incident(privacy_officer, alert):
    with pytest.raises(services.MonitoringError) as caught:
        services.alert_triage(actor=privacy_officer, alert_id=alert.pk, expected_version=1, outcome="no-concern",
                              note="")  # fmt: skip
    assert caught.value.field == "note"
    assert _refusals(reasons.PRIVACY_INCIDENT_INVALID) == 1
    done = services.alert_triage(actor=privacy_officer, alert_id=alert.pk, expected_version=1,
                                 outcome="no-concern", note="Covering a colleague's caseload.")  # fmt: skip
    assert done.incident is None
    assert PrivacyIncident.objects.count() == 0


def test_an_officer_does_not_triage_an_alert_about_themselves(client, privacy_officer, second_officer):
    plant([refused(at(working_day(), 10, 0, i), privacy_officer, 100 + i) for i in range(25)])
    monitoring_run(kind="full")
    own = AccessAlert.objects.get(actor=privacy_officer)
    client.force_login(privacy_officer)
    page = client.get(f"/privacy/alerts/{own.pk}/")
    assert "another privacy officer triages it" in page.content.decode()
    body = {"outcome": "no-concern", "note": "Mine", "version": 1}
    response = client.post(f"/api/v1/privacy/alerts/{own.pk}/triage", body, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == reasons.TRIAGE_OWN
    assert _refusals(reasons.TRIAGE_OWN) == 1
    own.refresh_from_db()
    assert own.status == "open"
    services.alert_triage(actor=second_officer, alert_id=own.pk, expected_version=1, outcome="conversation",
                          note="Talked it through.")  # fmt: skip


def test_the_api(client, privacy_officer, alert):
    client.force_login(privacy_officer)
    listed = client.get("/api/v1/privacy/alerts").json()
    assert listed["open_count"] == 1
    assert listed["alerts"][0]["id"] == alert.pk
    one = client.get(f"/api/v1/privacy/alerts/{alert.pk}").json()
    assert one["count"] == 25
    assert one["may_triage"] is True
    assert len(one["events"]) == 25  # all of them: at most 50 are shown
    stale = client.post(f"/api/v1/privacy/alerts/{alert.pk}/triage",
                        {"outcome": "breach", "note": "x", "version": 7}, content_type="application/json")  # fmt: skip
    assert stale.status_code == 409
    assert stale.json()["code"] == reasons.PRIVACY_STALE
    done = client.post(f"/api/v1/privacy/alerts/{alert.pk}/triage",
                       {"outcome": "breach", "note": "Looked at a neighbour's file.", "version": 1},
                       content_type="application/json")  # fmt: skip
    assert done.status_code == 200
    assert done.json()["incident_reference"].startswith("PI-")
    assert PrivacyIncident.objects.get().kind == PrivacyIncident.Kind.BREACH
    runs = client.get("/api/v1/privacy/monitoring/runs").json()
    assert runs[0]["kind"] == "full"
    assert runs[0]["alerts_raised"] == 1


@pytest.mark.parametrize(
    ("code", "changes", "field", "message"),
    [
        ("volume", {"threshold": "0"}, "threshold", "The threshold must be 1 or more."),
        ("volume", {"threshold": "-3"}, "threshold", "The threshold must be 1 or more."),
        ("volume", {"window_minutes": "0"}, "window_minutes", "The window (minutes) must be 1 or more."),
        ("volume", {"factor": "1"}, "factor", "The factor must be a number above 1 (for example 3)."),
        ("out-of-hours", {"day_starts": "19:00", "day_ends": "07:00"}, "day_ends",
         "The working day must end after it starts."),
    ],
)  # fmt: skip
def test_a_bad_threshold_is_a_specific_error_and_nothing_is_saved(client, privacy_officer, code, changes, field,
                                                                  message):  # fmt: skip
    client.force_login(privacy_officer)
    rule = MonitoringRule.objects.get(code=code)
    data = {"enabled": "on", "threshold": "12", "window_minutes": "1440", "factor": "3", "day_starts": "07:00",
            "day_ends": "19:00", "version": "1", **changes}  # fmt: skip
    response = client.post("/privacy/monitoring/rules/", {"code": code, **{f"{code}-{k}": v for k, v in data.items()}})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'value="{changes.get("threshold", "12")}"' in html  # what was typed is kept
    after = MonitoringRule.objects.get(code=code)
    assert (after.threshold, after.version) == (rule.threshold, 1)
    assert _refusals(reasons.THRESHOLD_INVALID) == 1
    api = client.put(f"/api/v1/privacy/monitoring/rules/{rule.pk}", {
        "enabled": True, "threshold": int(data["threshold"]), "window_minutes": int(data["window_minutes"]),
        "factor": data["factor"], "day_starts": data["day_starts"], "day_ends": data["day_ends"], "expected_version": 1,
    }, content_type="application/json")  # fmt: skip
    assert api.status_code == 400
    assert api.json()["code"] == reasons.THRESHOLD_INVALID
    assert api.json()["field"] == field


def test_a_rule_changed_through_the_page_and_the_api(client, privacy_officer):
    client.force_login(privacy_officer)
    response = client.post("/privacy/monitoring/rules/", {
        "code": "enumeration-distinct", "enumeration-distinct-enabled": "on", "enumeration-distinct-threshold": "80",
        "enumeration-distinct-window_minutes": "10", "enumeration-distinct-version": "1",
    })  # fmt: skip
    assert response.status_code == 302
    rule = MonitoringRule.objects.get(code="enumeration-distinct")
    assert (rule.threshold, rule.window_minutes, rule.version, rule.updated_by_id) == (80, 10, 2, privacy_officer.pk)
    stale = client.put(f"/api/v1/privacy/monitoring/rules/{rule.pk}", {
        "enabled": False, "threshold": 50, "window_minutes": 10, "expected_version": 1,
    }, content_type="application/json")  # fmt: skip
    assert stale.status_code == 409
    ok = client.put(f"/api/v1/privacy/monitoring/rules/{rule.pk}", {
        "enabled": False, "threshold": 50, "window_minutes": 10, "expected_version": 2,
    }, content_type="application/json")  # fmt: skip
    assert ok.status_code == 200
    assert ok.json()["enabled"] is False
    assert client.put("/api/v1/privacy/monitoring/rules/987654", {
        "enabled": False, "threshold": 50, "window_minutes": 10, "expected_version": 2,
    }, content_type="application/json").status_code == 404  # fmt: skip
    assert len(client.get("/api/v1/privacy/monitoring/rules").json()) == 9


def test_watched_records(client, privacy_officer, child):
    client.force_login(privacy_officer)
    missing = client.post("/privacy/monitoring/watched/", {"form": "add", "person_id": "99999999", "reason": "News"})
    assert missing.status_code == 400
    assert "Enter the number of a person on the register." in missing.content.decode()
    no_reason = client.post("/privacy/monitoring/watched/", {"form": "add", "person_id": str(child.pk), "reason": " "})
    assert no_reason.status_code == 400
    added = client.post("/privacy/monitoring/watched/",
                        {"form": "add", "person_id": str(child.pk), "reason": "In the news this week"})  # fmt: skip
    assert added.status_code == 302
    page = client.get("/privacy/monitoring/watched/").content.decode()
    assert "In the news this week" in page
    assert f"person {child.pk}" in page
    watched = WatchedRecord.objects.get()
    removed = client.post("/privacy/monitoring/watched/", {"form": "remove", "watched_id": str(watched.pk)})
    assert removed.status_code == 302
    watched.refresh_from_db()
    assert watched.removed_at is not None


def test_the_job_and_the_command(alice, privacy_officer):
    from tiaki.privacy.jobs import monitor, monitor_full

    plant([refused(at(working_day(), 10, 0, i), alice, 100 + i) for i in range(25)])
    assert "raised 1 new alert." in monitor()
    assert "raised 0 new alerts." in monitor_full()
    out = StringIO()
    call_command("privacy_monitor", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["kind"] == "incremental"
    assert summary["alerts_raised"] == 0
    out = StringIO()
    call_command("privacy_monitor", "--full", stdout=out)
    assert out.getvalue().startswith("Full pass: read ")


def test_a_worker_asking_for_five_hundred_person_ids_reaches_the_queue(client, alice, privacy_officer):
    """End to end: the worker's requests are refused and audited by the
    person page itself; the pass raises the alert; the officer sees it."""
    monitoring_run(kind="full")  # the trail so far
    client.force_login(alice)
    started = timezone.now()
    for person_id in range(5_000_000, 5_000_500):
        assert client.get(f"/api/v1/persons/{person_id}").status_code == 404
    assert timezone.now() - started < dt.timedelta(minutes=15)
    run = monitoring_run(kind="incremental")
    assert run.alerts_raised >= 1
    found = AccessAlert.objects.get(rule=Code.ENUMERATION_DISTINCT, actor=alice)
    assert found.count >= 100
    client.force_login(privacy_officer)
    queue = client.get("/privacy/alerts/").content.decode()
    assert f"/privacy/alerts/{found.pk}/" in queue
