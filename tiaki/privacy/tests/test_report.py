"""The quarterly privacy report to the chief executive: its figures, the
page, the PDF (charts each with its table, through the disclosure pipeline,
watermarked), the CSV, the API and bad quarters."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tiaki.access import AccessDenied
from tiaki.audit.models import AuditEvent
from tiaki.disclosure.models import Disclosure
from tiaki.privacy.models import AccessAlert, PrivacyIncident
from tiaki.privacy.quarters import Quarter, QuarterError, quarter_of, quarter_parse
from tiaki.privacy.references import new_incident_reference
from tiaki.privacy.report import artefact_for, pdf_context
from tiaki.privacy.selectors.report import quarterly_report, report_figures
from tiaki.privacy.services.report import privacy_report_release

pytestmark = pytest.mark.django_db

# A pinned quarter long past (any day the suite runs, it is over): Q3 2026.
Q = Quarter(2026, 3)
AWARE = dt.datetime(2026, 8, 10, 9, 30, tzinfo=ZoneInfo("Pacific/Auckland"))


def _incident(site, kind, *, category="", cause="", source="reported", aware=AWARE, notifiable=None, told_after=None):
    now = aware
    due = aware + dt.timedelta(hours=72) if notifiable else None
    return PrivacyIncident.objects.create(
        reference=new_incident_reference(), kind=kind, source=source, category=category, cause=cause,
        occurred_on=timezone.localdate(aware), became_aware_at=aware, description="Sent to the wrong address.",
        site=site, reported_at=now, created_at=now, updated_at=now, notifiable=notifiable,
        serious_harm_likely=notifiable, commissioner_due_at=due,
        commissioner_notified_at=aware + told_after if told_after is not None else None,
    )  # fmt: skip


@pytest.fixture
def quarter_data(site, other_site, alice):
    _incident(site, "breach", category="wrong-recipient", cause="human-error", notifiable=True,
              told_after=dt.timedelta(hours=30))  # fmt: skip
    _incident(site, "breach", category="protected-details", cause="process", notifiable=True,
              told_after=dt.timedelta(hours=90))  # fmt: skip
    _incident(other_site, "near-miss", category="wrong-recipient", source="disclosure-guard")
    _incident(other_site, "near-miss", source="breakglass-refused")
    # The quarter before: counted in the trend only.
    _incident(site, "breach", category="lost-or-stolen", aware=AWARE - dt.timedelta(days=60))
    AccessAlert.objects.create(
        rule="enumeration-distinct", actor=alice, window_start=AWARE, window_end=AWARE, count=500, threshold=100,
        first_seq=1, last_seq=2, dedupe_key="x1", raised_at=AWARE, status="triaged", outcome="near-miss",
    )  # fmt: skip
    AccessAlert.objects.create(
        rule="out-of-hours", actor=alice, window_start=AWARE, window_end=AWARE, count=30, threshold=20,
        first_seq=3, last_seq=4, dedupe_key="x2", raised_at=AWARE,
    )  # fmt: skip


def _rows(report, key):
    return dict(report.table(key).rows)


def test_quarters_are_nz_calendar_quarters_and_bad_ones_say_why():
    q4 = quarter_parse("2026-Q4", today=dt.date(2026, 12, 4))
    assert (q4.first_day, q4.last_day, q4.words) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31),
                                                     "October to December 2026")  # fmt: skip
    assert [q.code for q in q4.last_four()] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert quarter_of(dt.date(2027, 1, 1)).code == "2027-Q1"
    for bad, words in (("2026-Q5", "written like 2026-Q4"), ("Q4", "written like"), ("", "written like"),
                       ("2027-Q1", "has not begun yet"), ("1999-Q4", "from 2000 on")):  # fmt: skip
        with pytest.raises(QuarterError, match=words):
            quarter_parse(bad, today=dt.date(2026, 12, 4))


def test_the_figures_count_by_type_cause_site_source_and_trend(quarter_data, site, other_site):
    report = report_figures(Q)
    assert _rows(report, "incidents-by-type")["Sent or given to the wrong person"] == [1, 1]
    assert _rows(report, "incidents-by-type")["A protected address or identity disclosed"] == [1, 0]
    assert _rows(report, "incidents-by-type")["Not assessed yet"] == [0, 1]
    assert _rows(report, "incidents-by-cause")["A mistake by a person"] == [1, 0]
    assert _rows(report, "incidents-by-site") == {site.name: [2, 0], other_site.name: [0, 2]}
    assert _rows(report, "incidents-by-source")["The disclosure guard stopped a disclosure"] == [0, 1]
    assert _rows(report, "incidents-trend") == {"2025-Q4": [0, 0], "2026-Q1": [0, 0], "2026-Q2": [1, 0],
                                                "2026-Q3": [2, 2]}  # fmt: skip
    told = _rows(report, "commissioner-told")
    assert told["Told within 72 hours"] == [1]
    assert told["Told after 72 hours"] == [1]
    assert _rows(report, "commissioner-hours")["Median hours from becoming aware to telling the Commissioner"] == [60]
    alerts = report.table("alerts-by-rule")
    assert alerts.columns[0] == "Raised"
    assert _rows(report, "alerts-by-rule")["Many different records in a short time"][:4] == [1, 0, 0, 1]
    assert _rows(report, "alerts-by-rule")["Reading out of hours"][-1] == 1
    assert "2 breaches and 2 near misses were recorded." in report.summary


def test_the_figures_hold_no_names_or_references(quarter_data):
    report = report_figures(Q)
    text = str(report.as_json())
    assert "PI-" not in text
    assert "Tūī" not in text
    assert "Herewini" not in text


def test_the_refresher_figures_count_each_sites_staff_as_at_the_quarters_end(quarter_data, site, alice, bob):
    from tiaki.access.models import PrivacyInduction

    # alice: completed 20 days before the quarter's end (current); bob: 360 days before (due); both by then.
    PrivacyInduction.objects.filter(user=alice).update(completed_on=Q.last_day - dt.timedelta(days=20))
    PrivacyInduction.objects.filter(user=bob).update(completed_on=Q.last_day - dt.timedelta(days=360))
    rows = _rows(report_figures(Q), "refreshers-by-site")
    current, due, _lapsed, _never = rows[site.name]
    assert current >= 1
    assert due >= 1


def test_the_page_shows_each_table_and_a_bad_quarter_is_a_specific_error(client, quarter_data, privacy_officer):
    client.force_login(privacy_officer)
    page = client.get("/privacy/reports/", {"quarter": "2026-Q3"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Breaches and near misses by type" in body
    assert "<caption" in body
    assert 'scope="row"' in body
    assert "Download the PDF" in body
    assert "Download the CSV" in body
    bad = client.get("/privacy/reports/", {"quarter": "2026-Q9"})
    assert bad.status_code == 400
    assert "Choose a quarter written like 2026-Q4" in bad.content.decode()
    event = AuditEvent.objects.filter(actor_id=privacy_officer.pk).order_by("-seq").first()
    assert (event.action, event.outcome, event.reason) == ("privacy_report.make", "refused", "quarter_invalid")


def test_a_social_worker_cannot_see_or_make_the_report(client, alice, quarter_data):
    client.force_login(alice)
    assert client.get("/privacy/reports/").status_code == 403
    with pytest.raises(AccessDenied):
        quarterly_report(actor=alice, quarter="2026-Q3")
    with pytest.raises(AccessDenied):
        privacy_report_release(actor=alice, quarter="2026-Q3")
    assert not Disclosure.objects.exists()


def test_the_pdf_leaves_through_the_pipeline_with_charts_and_tables(client, quarter_data, privacy_officer):
    from pypdf import PdfReader

    client.force_login(privacy_officer)
    response = client.post("/privacy/reports/download/", {"quarter": "2026-Q3", "format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disclosure = Disclosure.objects.get()
    assert (disclosure.kind, disclosure.recipient_kind, disclosure.outcome) == ("privacy_report", "staff", "released")
    assert disclosure.recipient_label == "The chief executive"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Quarterly privacy report to the chief executive: 2026-Q3" in text.replace("\n", "")
    assert "Breaches and near misses by type" in text
    assert "Told within 72 hours" in text
    assert disclosure.document_id in text
    assert AuditEvent.objects.filter(action="privacy_report.make", relationship__contains=disclosure.document_id,
                                     outcome="allowed").exists()  # fmt: skip


def test_the_pdf_layout_draws_a_chart_beside_each_table(quarter_data):
    context = pdf_context(artefact_for(report_figures(Q)))
    tables = [t for _, ts in context["report_sections"] for t in ts]
    charted = [t for t in tables if t.chart]
    assert len(charted) == len(tables) - 1  # all but the median hours
    assert all("<svg" in t.chart and "<title" in t.chart for t in charted)
    assert all(t.rows for t in tables)


def test_the_csv_has_one_row_per_figure_and_is_recorded(client, quarter_data, privacy_officer):
    client.force_login(privacy_officer)
    response = client.post("/privacy/reports/download/", {"quarter": "2026-Q3", "format": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    report = report_figures(Q)
    assert len(rows) == len(report.figures())
    disclosure = Disclosure.objects.get()
    assert {r["document_id"] for r in rows} == {disclosure.document_id}
    wrong = [r for r in rows if r["table"] == "Breaches and near misses by type"
             and r["row"] == "Sent or given to the wrong person"]  # fmt: skip
    assert {(r["column"], r["value"]) for r in wrong} == {("Breaches", "1"), ("Near misses", "1")}


def test_the_api_answers_json_and_csv_and_a_bad_quarter_is_a_problem(client, quarter_data, privacy_officer):
    client.force_login(privacy_officer)
    data = client.get("/api/v1/privacy/reports/quarterly", {"quarter": "2026-Q3"}).json()
    assert data["quarter"] == "2026-Q3"
    by_key = {t["key"]: t for t in data["tables"]}
    assert by_key["commissioner-told"]["rows"][0] == {"label": "Told within 72 hours", "values": [1]}
    bad = client.get("/api/v1/privacy/reports/quarterly", {"quarter": "next"})
    assert bad.status_code == 400
    assert (bad.json()["code"], bad.json()["field"]) == ("quarter_invalid", "quarter")
    made = client.get("/api/v1/privacy/reports/quarterly.csv", {"quarter": "2026-Q3"})
    assert made.status_code == 200
    assert made.content.decode().startswith("document_id,quarter,section,table,row,column,value")
    assert Disclosure.objects.filter(kind="privacy_report").count() == 1
