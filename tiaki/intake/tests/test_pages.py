"""The intake pages: record a report (with its draft), the professional
referral, and the report page's triage, approval and response forms.

The cast: the kaimahi on intake duty at the site (who records), alice and
her supervisor at the same site, charlie at another site, and an outsider
(a trainee) with no reach at all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.access.models import IntakeDuty
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.audit.models import AuditEvent
from tiaki.intake import services as intake
from tiaki.intake.models import ReportDraft, ReportOfConcern, TriageDecision
from tiaki.people.services.match_keys import index_person
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.tests.factories import UserFactory
from tiaki.web.tests.dates import date_parts, typed_parts

pytestmark = pytest.mark.django_db

NEW = "/intake/reports/new/"


@pytest.fixture
def kaimahi(site):
    user = inducted(UserFactory(username="kaimahi", role=Role.CONTACT_CENTRE, site=site))
    now = timezone.now()
    IntakeDuty.objects.create(
        user=user, site=site, starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=8)
    )
    return user


@pytest.fixture
def outsider(other_site):
    return inducted(UserFactory(username="outsider", role=Role.TRAINEE, site=other_site))


def head() -> int:
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    return last or 0


def events_since(seq: int, **filters):
    return AuditEvent.objects.filter(seq__gt=seq, **filters)


def form_for(site, child, **changes):
    data = {
        "notifier_name": "Ms Ruth Kingi",
        "notifier_relationship": "Teacher",
        "notifier_contact": "021 555 0101",
        "site": str(site.pk),
        "person_id": [str(child.pk)],
        "person_role": ["child"],
        "concerns": ["neglect"],
        "concern_neglect": "Arrives hungry most days.",
        "narrative": "Teacher rang: Tūī has had no lunch all week and was crying at pick-up.",
        "immediate_safety": "At school until 3pm.",
    }
    data.update(changes)
    return data


def test_it_records_a_report_and_answers_with_its_reference(client, kaimahi, site, child):
    client.force_login(kaimahi)
    page = client.get(NEW).content.decode()
    assert "The notifier" in page
    assert "Sensitive" in page
    assert f'<option value="{site.pk}" selected>' in page  # the kaimahi's own site by default
    draft = intake.report_draft_save(actor=kaimahi, draft_id=None, data={"narrative": "Started"})
    response = client.post(NEW, form_for(site, child, draft_id=str(draft.pk)))
    assert response.status_code == 302
    report = ReportOfConcern.objects.get(recorded_by=kaimahi)
    assert response["Location"] == f"/intake/reports/{report.pk}/"
    assert not ReportDraft.objects.filter(pk=draft.pk).exists()  # nothing stale left behind
    shown = client.get(response["Location"]).content.decode()
    assert f"Report recorded. Its reference is {report.reference}." in shown
    assert "Arrives hungry most days." in shown


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"concerns": []}, "Choose at least one kind of concern."),
        (
            date_parts("received_date", timezone.localdate() + dt.timedelta(days=2)),
            "The time the report was received cannot be in the future.",
        ),
        (
            {**date_parts("received_date", timezone.localdate()), "received_time": "25:00"},
            "Enter the time received on the 24-hour clock, for example 14:30.",
        ),
        (typed_parts("received_date", "14", "", "2026"), "The date received must include a month."),
        ({"person_id": ["999999"]}, "There is no person with number 999999"),
        ({"person_id": ["abc"]}, "is not a person number"),
        ({"person_id": [], "person_role": []}, "Link at least one child"),
        ({"narrative": "x" * 20_001}, "keep it under 20,000"),
        ({"narrative": "", "concern_neglect": ""}, "Say what the notifier told you."),
        (typed_parts("received_date", "31", "2", "2026"), "The date received must be a real date."),
    ],
)
def test_bad_input_gets_a_specific_error_keeps_what_was_typed_and_saves_nothing(
    client, kaimahi, site, child, changes, message
):
    client.force_login(kaimahi)
    response = client.post(NEW, form_for(site, child, **changes))
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "There is a problem" in page
    assert "021 555 0101" in page  # nothing typed is lost
    assert not ReportOfConcern.objects.exists()


def test_a_draft_is_saved_as_they_type_and_restored(client, kaimahi, bob, site, child):
    client.force_login(kaimahi)
    typed = form_for(site, child, **typed_parts("received_date", "3", "12", "2026"), received_time="08:15")
    saved = client.post("/intake/reports/draft/", typed, HTTP_HX_REQUEST="true")
    assert "Draft saved at" in saved.content.decode()
    draft = ReportDraft.objects.get(owner=kaimahi)
    assert f'value="{draft.pk}"' in saved.content.decode()  # the next save updates the same draft
    client.post("/intake/reports/draft/", dict(typed, draft_id=str(draft.pk), narrative="Updated account"))
    assert ReportDraft.objects.filter(owner=kaimahi).count() == 1
    listed = client.get(NEW).content.decode()
    assert f"?draft={draft.pk}" in listed
    restored = client.get(NEW, {"draft": draft.pk}).content.decode()
    assert "Updated account" in restored
    assert "021 555 0101" in restored
    assert 'name="received_date_month" type="text" inputmode="numeric" spellcheck="false" value="12"' in restored
    assert 'value="08:15"' in restored
    assert f'name="person_id" value="{child.pk}"' in restored  # the linked child is back too
    assert "Tūī" in restored
    # Someone else's draft is not theirs to open.
    client.force_login(bob)
    other = client.get(NEW, {"draft": draft.pk}).content.decode()
    assert "Updated account" not in other
    assert "not one of yours" in other


def test_person_search_offers_candidates_to_add_and_shows_history_at_once(client, kaimahi, site, child, alice):
    earlier = intake.report_record(
        actor=kaimahi,
        data=intake.ReportInput(
            site_id=site.pk, persons=[intake.ReportPersonInput(child.pk)],
            concerns=[intake.ConcernInput("neglect", "first")], narrative="First call",
        ),
    )  # fmt: skip
    index_person(child.pk)
    client.force_login(kaimahi)
    assert client.get("/intake/reports/people/search/", {"q": "Tui Tewhare"}).status_code == 405
    found = client.post("/intake/reports/people/search/", {"q": "Tui Tewhare 14/3/2015"}, HTTP_HX_REQUEST="true")
    html = found.content.decode()
    assert f"person_id={child.pk}&amp;role=child" in html
    assert "Add a new person" in html
    row = client.get("/intake/reports/people/link/", {"person_id": child.pk, "role": "child"})
    assert row["HX-Trigger"] == "tiaki-people-changed"
    assert earlier.reference in row.content.decode()


def test_the_notifier_is_masked_without_the_sensitive_permission(client, kaimahi, supervisor, site, child):
    report = intake.report_record(
        actor=supervisor,
        data=intake.ReportInput(
            site_id=site.pk, persons=[intake.ReportPersonInput(child.pk)],
            concerns=[intake.ConcernInput("neglect", "hungry")], notifier_name="Ms Ruth Kingi",
        ),
    )  # fmt: skip
    client.force_login(kaimahi)  # contact centre on intake duty: no SENSITIVE fields
    page = client.get(f"/intake/reports/{report.pk}/").content.decode()
    assert "Ruth Kingi" not in page
    assert "you do not have access to the notifier" in page
    assert "Record another report" not in page  # someone else recorded it
    client.force_login(supervisor)
    assert "Ruth Kingi" in client.get(f"/intake/reports/{report.pk}/").content.decode()


def test_the_kaimahi_reads_back_what_they_recorded_and_can_record_another(client, kaimahi, site, child):
    """The recorder sees the notifier they typed (nobody else without the
    field permission does) and is offered the next report at once."""
    client.force_login(kaimahi)
    done = client.post("/intake/reports/new/", form_for(site, child, notifier_name="Ms Ruth Kingi",
                                                        notifier_contact="021 555 0101"))  # fmt: skip
    assert done.status_code == 302
    page = client.get(done["Location"]).content.decode()
    assert "Ms Ruth Kingi" in page
    assert "021 555 0101" in page
    assert "you do not have access to the notifier" not in page
    assert 'href="/intake/reports/new/"' in page
    assert "Record another report" in page
    other = inducted(UserFactory(username="kaimahi-2", role=Role.CONTACT_CENTRE, site=site))
    now = timezone.now()
    IntakeDuty.objects.create(user=other, site=site, starts_at=now - dt.timedelta(hours=1),
                              ends_at=now + dt.timedelta(hours=1))  # fmt: skip
    client.force_login(other)
    theirs = client.get(done["Location"]).content.decode()
    assert "Ms Ruth Kingi" not in theirs
    assert "021 555 0101" not in theirs
    assert "Record another report" not in theirs


def test_the_form_says_plainly_when_to_leave_the_date_empty(client, kaimahi):
    client.force_login(kaimahi)
    page = client.get("/intake/reports/new/").content.decode()
    assert "Leave the date and time empty if the report is arriving now" in page
    assert "Leave empty for now" not in page


def test_outsiders_get_404_and_the_refusal_is_audited(client, kaimahi, charlie, outsider, site, child):
    report = intake.report_record(
        actor=kaimahi,
        data=intake.ReportInput(
            site_id=site.pk, persons=[intake.ReportPersonInput(child.pk)],
            concerns=[intake.ConcernInput("neglect", "hungry")],
        ),
    )  # fmt: skip
    seq = head()
    client.force_login(charlie)
    assert client.get(f"/intake/reports/{report.pk}/").status_code == 404
    assert events_since(seq, actor_id=charlie.pk, action="report.read", outcome="refused").exists()
    client.force_login(outsider)
    assert client.get(f"/intake/reports/{report.pk}/").status_code == 403  # no report:read at all
    assert client.get(NEW).status_code == 403


def report_on(kaimahi, site, *children, when=None):
    return intake.report_record(
        actor=kaimahi,
        data=intake.ReportInput(
            site_id=site.pk, persons=[intake.ReportPersonInput(c.pk) for c in children],
            concerns=[intake.ConcernInput("physical", "bruises")], narrative="Bruises on the arms.",
            received_at=when,
        ),
    )  # fmt: skip


def triage(client, report, **fields):
    data = {"form": "triage", **{f"triage-{k}": v for k, v in fields.items()}}
    return client.post(f"/intake/reports/{report.pk}/", data)


def test_triage_nfa_on_a_baby_needs_approval_by_another_supervisor(client, kaimahi, supervisor, site_manager, site):
    baby = PersonNameFactory(given_names="Mana", family_name="Kingi", person__date_of_birth=timezone.localdate()).person
    report = report_on(kaimahi, site, baby)
    client.force_login(supervisor)
    done = triage(client, report, outcome="nfa", reasons="Family already has support from Whānau Ora.")
    assert done.status_code == 302
    page = client.get(done["Location"]).content.decode()
    assert "needs a supervisor&#x27;s approval: no further action on a child under 2" in page
    assert "Approve the decision" not in page  # not their own
    decision = TriageDecision.objects.get(report=report)
    refused = client.post(
        f"/intake/reports/{report.pk}/",
        {"form": "approve", "approve-decision_id": decision.pk, "approve-approve": "yes"},
    )
    assert refused.status_code == 403
    client.force_login(site_manager)
    assert "Approve the decision" in client.get(f"/intake/reports/{report.pk}/").content.decode()
    no_note = client.post(
        f"/intake/reports/{report.pk}/",
        {"form": "approve", "approve-decision_id": decision.pk, "approve-approve": "no"},
    )
    assert no_note.status_code == 400
    assert "Say why the decision is sent back." in no_note.content.decode()
    approved = client.post(
        f"/intake/reports/{report.pk}/",
        {"form": "approve", "approve-decision_id": decision.pk, "approve-approve": "yes"},
    )
    assert approved.status_code == 302
    report.refresh_from_db()
    assert report.stage == ReportOfConcern.Stage.CLOSED
    assert TriageDecision.objects.get(pk=decision.pk).approved_by_id == site_manager.pk


def test_a_second_report_within_30_days_needs_approval(client, kaimahi, supervisor, site, child):
    report_on(kaimahi, site, child, when=timezone.now() - dt.timedelta(days=10))
    second = report_on(kaimahi, site, child)
    client.force_login(supervisor)
    triage(client, second, outcome="advice", reasons="Advice given to the school about food programmes.")
    page = client.get(f"/intake/reports/{second.pk}/").content.decode()
    assert "a second report within 30 days" in page
    second.refresh_from_db()
    assert second.stage == ReportOfConcern.Stage.AWAITING_APPROVAL


def test_triage_errors_show_on_their_fields_and_lowering_urgency_needs_a_reason(
    client, kaimahi, supervisor, site, child
):
    report = report_on(kaimahi, site, child)
    client.force_login(supervisor)
    no_timeframe = triage(client, report, outcome="assessment", reasons="Bruising reported by school.")
    assert no_timeframe.status_code == 400
    assert "Choose how soon a social worker must respond." in no_timeframe.content.decode()
    assert triage(client, report, outcome="assessment", reasons="Bruising.", timeframe="critical").status_code == 302
    page = client.get(f"/intake/reports/{report.pk}/").content.decode()
    assert "Critical (24 hours)" in page
    assert "Why is the urgency lower" in page
    lower = triage(client, report, outcome="assessment", reasons="Bruising.", timeframe="urgent")
    assert lower.status_code == 400
    assert "This lowers the urgency from Critical (24 hours): say why." in lower.content.decode()
    ok = triage(
        client, report, outcome="assessment", reasons="Bruising.", timeframe="urgent",
        lowered_reason="Child is staying with grandmother; Police confirmed she is safe there.",
    )  # fmt: skip
    assert ok.status_code == 302
    report.refresh_from_db()
    assert report.timeframe == "urgent"


def test_history_shows_only_counts_for_children_outside_the_readers_reach(
    client, kaimahi, supervisor, alice, charlie, other_site, site, child, case
):
    from tiaki.casework.models import Case, CaseParticipant

    other = PersonNameFactory(given_names="Hōhepa", family_name="Rāwiri").person
    theirs = Case.objects.create(
        kind=Case.Kind.ONGOING, site=other_site, allocated_worker=charlie, opened_at=timezone.now()
    )
    CaseParticipant.objects.create(case=theirs, person=other)
    report = report_on(kaimahi, site, child, other)
    client.force_login(supervisor)  # supervises alice (child's case) but not charlie
    page = client.get(f"/intake/reports/{report.pk}/").content.decode()
    history = page.split('id="history-heading"')[1]
    assert "Tūī Te Whare" in history
    assert "Assessment" in history
    assert "History you do not have access to: 0 earlier reports, 1 open case, 0 alerts" in history
    assert "Hōhepa" not in history
    assert "Ongoing" not in history


def test_the_allocated_worker_records_the_response_and_the_clock_stops(client, kaimahi, supervisor, alice, site, child):
    report = report_on(kaimahi, site, child, when=timezone.now() - dt.timedelta(hours=2))
    intake.triage_decide(
        actor=supervisor, report_id=report.pk, outcome="assessment", reasons="Bruises.", timeframe_code="critical"
    )
    intake.report_allocate(actor=supervisor, report_id=report.pk, worker_id=alice.pk)
    client.force_login(supervisor)
    assert "Record the first response" not in client.get(f"/intake/reports/{report.pk}/").content.decode()
    client.force_login(alice)
    page = client.get(f"/intake/reports/{report.pk}/").content.decode()
    assert "Record the first response" in page
    assert "Remaining" in page
    future = timezone.localtime() + dt.timedelta(days=1)
    bad = client.post(
        f"/intake/reports/{report.pk}/",
        {"form": "respond", **date_parts("responded_date", future.date(), prefix="respond"),
         "respond-responded_time": "10:00"},
    )  # fmt: skip
    assert bad.status_code == 400
    assert "The response time cannot be in the future." in bad.content.decode()
    assert 'href="#id_respond-responded_date_0"' in bad.content.decode()
    now = timezone.localtime()
    done = client.post(
        f"/intake/reports/{report.pk}/",
        {
            "form": "respond",
            **date_parts("responded_date", now.date(), prefix="respond"),
            "respond-responded_time": now.strftime("%H:%M"),
        },
    )
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.responded_at is not None
    assert report.stage == ReportOfConcern.Stage.RESPONDED
    after = client.get(f"/intake/reports/{report.pk}/").content.decode()
    assert "on time" in after
    assert "Remaining" not in after


def test_a_professional_referral_needs_the_agency_and_answers_with_a_reference(client, site, child):
    partner = UserFactory(username="police", role=Role.PARTNER_WORKER, site=site)
    client.force_login(partner)
    page = client.get("/intake/referrals/new/").content.decode()
    assert "Your agency" in page
    assert "Search for a person" not in page
    missing = client.post("/intake/referrals/new/", form_for(site, child))
    assert missing.status_code == 400
    assert "Name the agency making the referral." in missing.content.decode()
    assert f'value="{child.pk}"' in missing.content.decode()  # the person number typed is kept
    unknown = client.post(
        "/intake/referrals/new/", form_for(site, child, referrer_agency="NZ Police", person_id=["42x"])
    )
    assert "is not a person number" in unknown.content.decode()
    assert not ReportOfConcern.objects.exists()
    sent = client.post(
        "/intake/referrals/new/", form_for(site, child, referrer_agency="NZ Police", referrer_reference="P123")
    )
    assert sent.status_code == 302
    report = ReportOfConcern.objects.get()
    assert report.channel == ReportOfConcern.Channel.PROFESSIONAL
    assert report.referrer_agency == "NZ Police"
    confirmation = client.get(sent["Location"]).content.decode()
    assert report.reference in confirmation
