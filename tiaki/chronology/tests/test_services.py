"""Writing the chronology: each service that records an event about a child
adds its entries in that service's transaction, in plain words without the
SENSITIVE values that stay in the source record."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tiaki.casework.tests.conftest import allocated_report, make_report, person
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.services import summarise
from tiaki.intake.services import report_respond

pytestmark = pytest.mark.django_db


def test_a_summary_is_one_line_cut_at_a_word():
    assert summarise("Saw Tūī\n\nat   home.") == "Saw Tūī at home."
    cut = summarise("The teacher rang about lunches", length=20)
    assert cut == "The teacher rang…"
    assert len(cut) <= 20


# --- Written by intake -----------------------------------------------------------


def test_a_report_adds_an_entry_per_child_without_the_notifier(supervisor, alice, child, adult):
    rawiri = person("Rawiri")
    report = make_report(supervisor, [child, rawiri], [adult], notifier="Ms Ruth Kingi")
    entries = ChronologyEntry.objects.filter(kind="report", report=report)
    assert sorted(e.person_id for e in entries) == sorted([child.pk, rawiri.pk])
    for row in entries:
        assert report.reference in row.title
        assert "neglect" in row.summary
        assert "Kingi" not in row.title + row.summary
        assert "Ruth" not in row.title + row.summary
        assert "teacher" not in row.title + row.summary


def test_a_triage_decision_and_the_first_response_add_entries(supervisor, alice, child):
    report = allocated_report(supervisor, alice, [child])
    [decision] = ChronologyEntry.objects.filter(kind="decision", report=report, person=child)
    assert decision.title.startswith(f"Intake decision on {report.reference}")
    assert decision.summary.startswith("Needs a visit.")
    report_respond(actor=alice, report_id=report.pk, responded_at=timezone.now())
    [response] = ChronologyEntry.objects.filter(kind="response", report=report, person=child)
    assert response.title == f"First response to {report.reference}"
    assert response.summary == "Within the response timeframe."
