"""The timeliness dashboard page: who may see it, its audit event, and its
period (the figures: test_selectors_dashboard.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from tiaki.access.roles import Role
from tiaki.audit.models import AuditEvent
from tiaki.audit.tests.chain_fixtures import head_seq
from tiaki.intake.tests.test_selectors_dashboard import agency  # noqa: F401 - a fixture
from tiaki.staff.tests.factories import UserFactory
from tiaki.web.tests.dates import typed_parts

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("agency")
def test_analysts_see_it_social_workers_do_not_and_each_view_is_audited(client, alice):
    analyst = UserFactory(username="analyst", role=Role.ANALYST, site=None)
    client.force_login(analyst)
    before = head_seq()
    page = client.get(
        "/intake/dashboard/", {**typed_parts("start", "1", "1", "2026"), **typed_parts("end", "31", "1", "2026")}
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert '<title id="chart-urgency-title">' in body
    assert "Target 95%" in body
    # Three charts, each with its table alternative.
    assert body.count('role="img"') == 3
    assert body.count('class="govuk-table"') == 3
    events = list(AuditEvent.objects.filter(seq__gt=before))
    assert [(e.action, e.subject_type, e.subject_ids, e.actor_id) for e in events] == [
        ("report.read", "dashboard", "[]", analyst.pk)
    ]
    client.force_login(alice)
    assert client.get("/intake/dashboard/").status_code == 403


def test_the_period_defaults_to_twelve_months_and_is_validated(client, supervisor):
    client.force_login(supervisor)
    default = client.get("/intake/dashboard/")
    assert default.status_code == 200
    assert default.context["board"].end - default.context["board"].start == dt.timedelta(days=364)
    backwards = client.get(
        "/intake/dashboard/", {**typed_parts("start", "1", "2", "2026"), **typed_parts("end", "1", "1", "2026")}
    )
    assert backwards.status_code == 200
    assert "board" not in backwards.context
    assert "The start date must be on or before the end date." in backwards.content.decode()
    nonsense = client.get("/intake/dashboard/", {**typed_parts("start", "31", "2", "2026")})
    assert "The start date must be a real date." in nonsense.content.decode()
    shared = client.get("/intake/dashboard/", {"start": "2026-01-01", "end": "2026-01-31"})
    assert shared.context["board"].start == dt.date(2026, 1, 1)  # an ISO date in a link still reads
    too_long = client.get(
        "/intake/dashboard/", {**typed_parts("start", "1", "1", "2010"), **typed_parts("end", "1", "1", "2026")}
    )
    assert "at most three years" in too_long.content.decode()
    far_future = client.get("/intake/dashboard/", {**typed_parts("end", "1", "1", "2099")})
    assert "within a year from today" in far_future.content.decode()


def test_the_target_line_never_runs_through_a_bar_value():
    """Values sit in their own column right of the track, so a bar just under
    or over the target never puts its figure on the dashed line."""
    from tiaki.intake.selectors.dashboard import OnTime
    from tiaki.intake.web.views.queue import _percent_chart

    rows = [OnTime("Just under", 949, 51), OnTime("Just over", 96, 4), OnTime("All", 10, 0), OnTime("None", 0, 0)]
    for target in (95.0, 50.0, 100.0):
        chart = _percent_chart(rows, target)
        track_end = chart["label_width"] + chart["bar_area"]
        assert chart["target_x"] <= track_end
        for bar in chart["bars"]:
            assert bar["value_x"] > track_end  # right of the track, so right of the target line
            assert bar["value_x"] - chart["target_x"] >= 10
            # ~9 px a character at 15 px: the longest value still fits in the chart.
            assert bar["value_x"] + 9 * len(bar["value"]) <= chart["width"]


@pytest.mark.usefixtures("agency")
def test_it_shows_the_unsafe_now_figures(client, supervisor):
    client.force_login(supervisor)
    body = client.get("/intake/dashboard/").content.decode()
    assert "Children said to be unsafe right now" in body
    assert "Decided within 1 hour" in body
    assert "Still open now" in body
