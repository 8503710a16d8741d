"""The breach and near-miss register: reporting, assessment and the
Commissioner's clock, actions, notices, links, closing, near misses arriving
by themselves, the pages and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tiaki.access.models import BreakGlassGrant
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditEvent
from tiaki.inbox.models import Notification
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.privacy import harm, reasons
from tiaki.privacy.models import IncidentAction, PrivacyIncident
from tiaki.privacy.selectors.incidents import clock_words, incident_register
from tiaki.privacy.services import incidents as svc
from tiaki.staff.tests.factories import UserFactory
from tiaki.web.tests.dates import date_parts

pytestmark = pytest.mark.django_db
PI = PrivacyIncident
#: A fixed moment, so the clock's words are the same at any hour (NZ time: Friday 4 December 2026, 09:00).
NOW = dt.datetime(2026, 12, 3, 20, 0, tzinfo=dt.UTC)
FACTORS = {code: {"level": "high", "note": ""} for code in harm.FACTOR_CODES}


@pytest.fixture
def officer_two(site):
    return inducted(UserFactory(username="privacy2", role=Role.PRIVACY_OFFICER, site=site))


def _report(actor, **kw):
    args = {"kind": PI.Kind.BREACH, "occurred_on": dt.date(2026, 12, 3), "description": "Emailed a plan to the "
            "wrong caregiver.", "how_found": PI.HowFound.SELF, "now": NOW}  # fmt: skip
    return svc.incident_report(actor=actor, **{**args, **kw})


def _refusals(reason: str) -> int:
    return AuditEvent.objects.filter(outcome="refused", reason=reason).count()


def test_a_report_tells_the_privacy_office_by_reference_only(alice, privacy_officer):
    incident = _report(alice)
    assert incident.reference.startswith("PI-")
    assert incident.became_aware_at == NOW
    assert incident.site_id == alice.site_id
    assert incident.status == PI.Status.OPEN
    assert incident.reported_by == alice
    notice = Notification.objects.get(user=privacy_officer, kind=Notification.Kind.PRIVACY_CONCERN_REPORTED)
    assert incident.reference in notice.text
    assert incident.reference not in notice.email_text
    assert "caregiver" not in notice.email_text
    assert AuditEvent.objects.filter(action=AuditAction.PRIVACY_INCIDENT_REPORT, actor_id=alice.pk,
                                     outcome="allowed").exists()  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"occurred_on": None}, "occurred_on"),
        ({"occurred_on": dt.date(2026, 12, 5)}, "occurred_on"),
        ({"description": "   "}, "description"),
        ({"kind": "oops"}, "kind"),
    ],
)
def test_bad_reports_name_the_field_save_nothing_and_are_audited(alice, changes, field):
    with pytest.raises(svc.IncidentError) as caught:
        _report(alice, **changes)
    assert caught.value.field == field
    assert not PrivacyIncident.objects.exists()
    assert _refusals(reasons.PRIVACY_INCIDENT_INVALID) == 1


def test_a_notifiable_breach_gets_its_72_hour_clock(alice, privacy_officer):
    incident = _report(alice)
    done = svc.incident_assess(actor=privacy_officer, incident_id=incident.pk, expected_version=incident.version,
                               harm_factors=FACTORS, serious_harm_likely=True, reasoning="Protected address.",
                               category=PI.Category.WRONG_RECIPIENT, caused_by_id=alice.pk)  # fmt: skip
    assert done.notifiable
    assert done.status == PI.Status.ASSESSED
    assert done.commissioner_due_at == NOW + dt.timedelta(hours=72)
    words, state = clock_words(done, NOW + dt.timedelta(hours=46))
    assert words == "Tell the Commissioner by Monday 7 December 2026, 09:00: 26 hours left"
    assert state == "running"
    words, state = clock_words(done, NOW + dt.timedelta(hours=75))
    assert words.endswith("overdue by 3 hours")
    assert state == "overdue"


def test_the_person_who_caused_it_may_not_assess_it(alice, privacy_officer, officer_two):
    incident = _report(privacy_officer)
    with pytest.raises(svc.IncidentError) as caught:
        svc.incident_assess(actor=privacy_officer, incident_id=incident.pk, expected_version=1, harm_factors=FACTORS,
                            serious_harm_likely=True, reasoning="r", category="other",
                            caused_by_id=privacy_officer.pk)  # fmt: skip
    assert caught.value.reason == reasons.ASSESS_OWN
    assert _refusals(reasons.ASSESS_OWN) == 1
    assert PrivacyIncident.objects.get().assessed_by is None
    # The database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        PrivacyIncident.objects.filter(pk=incident.pk).update(assessed_by=privacy_officer, caused_by=privacy_officer)
    svc.incident_assess(actor=officer_two, incident_id=incident.pk, expected_version=1, harm_factors=FACTORS,
                        serious_harm_likely=False, reasoning="r", category="other",
                        caused_by_id=privacy_officer.pk)  # fmt: skip


def test_a_stale_version_saves_nothing(alice, privacy_officer):
    incident = _report(alice)
    with pytest.raises(svc.StaleIncident):
        svc.incident_containment(actor=privacy_officer, incident_id=incident.pk, expected_version=7,
                                 containment="Recalled", root_cause="", cause="")  # fmt: skip
    assert PrivacyIncident.objects.get().containment == ""
    assert _refusals(reasons.PRIVACY_STALE) == 1


def test_a_missing_factor_is_named(alice, privacy_officer):
    incident = _report(alice)
    factors = {**FACTORS, "security": {"level": ""}}
    with pytest.raises(svc.IncidentError) as caught:
        svc.incident_assess(actor=privacy_officer, incident_id=incident.pk, expected_version=1, harm_factors=factors,
                            serious_harm_likely=True, reasoning="r", category="other")  # fmt: skip
    assert caught.value.field == "factor_security"


def test_the_clock_job_escalates_once_per_level(alice, privacy_officer, site_manager):
    incident = _report(alice)
    svc.incident_assess(actor=privacy_officer, incident_id=incident.pk, expected_version=1, harm_factors=FACTORS,
                        serious_harm_likely=True, reasoning="r", category="other")  # fmt: skip
    assert svc.commissioner_clock_escalate(now=NOW + dt.timedelta(hours=10)) == 0
    assert svc.commissioner_clock_escalate(now=NOW + dt.timedelta(hours=50)) == 1
    assert svc.commissioner_clock_escalate(now=NOW + dt.timedelta(hours=51)) == 0
    assert PrivacyIncident.objects.get().escalation_level == 1
    told = Notification.objects.filter(kind=Notification.Kind.COMMISSIONER_CLOCK)
    assert [n.user_id for n in told] == [privacy_officer.pk]
    assert svc.commissioner_clock_escalate(now=NOW + dt.timedelta(hours=73)) == 1
    assert svc.commissioner_clock_escalate(now=NOW + dt.timedelta(hours=90)) == 0
    assert sorted(n.user_id for n in told.all()) == sorted([privacy_officer.pk, privacy_officer.pk, site_manager.pk])
    assert all(incident.reference not in n.email_text for n in told.all())
    assert AuditEvent.objects.filter(action=AuditAction.PRIVACY_INCIDENT_ESCALATE, actor_id=None).count() == 2


def test_telling_the_commissioner_stops_the_clock(alice, privacy_officer):
    incident = _report(alice)
    svc.incident_assess(actor=privacy_officer, incident_id=incident.pk, expected_version=1, harm_factors=FACTORS,
                        serious_harm_likely=True, reasoning="r", category="other")  # fmt: skip
    told = svc.incident_commissioner_told(actor=privacy_officer, incident_id=incident.pk, expected_version=2,
                                          notified_at=NOW + dt.timedelta(hours=5), reference="OPC-1",
                                          now=NOW + dt.timedelta(hours=6))  # fmt: skip
    assert clock_words(told, NOW)[1] == "told"
    assert svc.commissioner_clock_escalate(now=NOW + dt.timedelta(hours=80)) == 0


def test_closing_needs_every_action_done_and_then_is_read_only(alice, bob, privacy_officer):
    incident = _report(alice)
    svc.incident_assess(actor=privacy_officer, incident_id=incident.pk, expected_version=1, harm_factors=FACTORS,
                        serious_harm_likely=False, reasoning="r", category="other")  # fmt: skip
    action = svc.incident_action_add(actor=privacy_officer, incident_id=incident.pk, expected_version=2,
                                     description="Refresher for the team", owner_id=bob.pk,
                                     due_on=timezone.localdate() + dt.timedelta(days=7))  # fmt: skip
    assert Notification.objects.filter(user=bob, kind=Notification.Kind.INCIDENT_ACTION).exists()
    with pytest.raises(svc.IncidentError) as caught:
        svc.incident_close(actor=privacy_officer, incident_id=incident.pk, expected_version=3, summary="Done")
    assert caught.value.reason == reasons.ACTIONS_OPEN
    assert "1 action is not done" in caught.value.message
    assert PrivacyIncident.objects.get().status == PI.Status.ASSESSED
    svc.incident_action_done(actor=privacy_officer, action_id=action.pk)
    closed = svc.incident_close(actor=privacy_officer, incident_id=incident.pk, expected_version=4, summary="Done")
    assert closed.status == PI.Status.CLOSED
    with pytest.raises(svc.IncidentError):
        svc.incident_containment(actor=privacy_officer, incident_id=incident.pk, expected_version=None,
                                 containment="late", root_cause="", cause="")  # fmt: skip


def test_links_and_recorded_notices(alice, privacy_officer, child):
    incident = _report(alice)
    seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    svc.incident_link_add(actor=privacy_officer, incident_id=incident.pk, event_seq=seq, note="The report")
    with pytest.raises(svc.IncidentError):
        svc.incident_link_add(actor=privacy_officer, incident_id=incident.pk, event_seq=10**9)
    with pytest.raises(svc.IncidentError) as caught:
        svc.incident_notice_record(actor=privacy_officer, incident_id=incident.pk, person_id=child.pk,
                                   method="not-notifying")  # fmt: skip
    assert caught.value.field == "note"
    svc.incident_notice_record(actor=privacy_officer, incident_id=incident.pk, person_id=child.pk, method="phone",
                               notified_on=timezone.localdate())  # fmt: skip


def test_near_misses_arrive_by_themselves_once(client, bob, child, privacy_officer):
    client.force_login(bob)
    client.post("/break-glass/", {"person_id": child.pk, "reason": "urgent"})  # refused: too short
    assert svc.near_misses_collect() == 1
    assert svc.near_misses_collect() == 0
    near = PrivacyIncident.objects.get()
    assert near.source == PI.Source.BREAKGLASS_REFUSED
    assert near.kind == PI.Kind.NEAR_MISS
    assert near.caused_by == bob
    assert near.audit_links.count() == 1
    assert not BreakGlassGrant.objects.exists()


def test_a_blocked_disclosure_becomes_a_near_miss(alice, case, child):
    from tiaki.disclosure.artefacts import Artefact, Item, Recipient
    from tiaki.disclosure.services import pipeline

    address = child.addresses.first().address
    artefact = Artefact(kind="letter", title="A letter", case_id=case.pk, subject_ids=[child.pk],
                        items=[Item(key="body", label="Body", text=f"She lives at {address.street}.",
                                    about_person=child.pk)])  # fmt: skip
    other = PersonNameFactory(given_names="Hemi", family_name="Pene").person
    with pytest.raises(pipeline.DisclosureBlocked):
        pipeline.release(actor=alice, artefact=artefact, recipient=Recipient(kind="person", label="Hemi",
                         person_id=other.pk), purpose="Test", channel="download")  # fmt: skip
    assert svc.near_misses_collect() == 1
    assert svc.near_misses_collect() == 0
    near = PrivacyIncident.objects.get()
    assert near.source == PI.Source.DISCLOSURE_GUARD
    assert near.caused_by == alice
    assert near.category == PI.Category.PROTECTED_DETAILS


def test_the_register_page_and_the_incident_page(client, alice, privacy_officer):
    incident = _report(alice, now=None)
    client.force_login(alice)
    assert client.get("/privacy/register/").status_code == 403
    assert client.get(f"/privacy/register/{incident.pk}/").status_code == 403
    client.force_login(privacy_officer)
    page = client.get("/privacy/register/").content.decode()
    assert incident.reference in page
    assert "Not assessed yet" in page
    form = {"assess-version": "1", "assess-kind": "breach", "assess-category": "wrong-recipient",
            "assess-serious_harm_likely": "yes", "assess-reasoning": "A protected address."}  # fmt: skip
    form |= {f"assess-factor_{c}": "high" for c in harm.FACTOR_CODES}
    done = client.post(f"/privacy/register/{incident.pk}/assess/", form, follow=True)
    assert done.status_code == 200
    assert "Tell the Commissioner by" in done.content.decode()
    assert "hours left" in done.content.decode()
    stale = client.post(f"/privacy/register/{incident.pk}/close/", {"close-version": "1", "close-summary": "x"})
    assert stale.status_code == 409
    assert client.get("/privacy/register/?status=closed").content.decode().count(incident.reference) == 0


def test_the_concern_page_reports_and_only_the_reporter_sees_it(client, alice, bob):
    client.force_login(alice)
    new = client.get("/privacy/concerns/new/").content.decode()
    assert "Report a privacy concern" in new
    bad = client.post("/privacy/concerns/new/", {"kind": "breach", "description": "Sent to the wrong school.",
                                                 **date_parts("occurred_on", None)})  # fmt: skip
    assert bad.status_code == 400
    assert "Enter the date it happened" in bad.content.decode()
    assert "Sent to the wrong school." in bad.content.decode()
    made = client.post("/privacy/concerns/new/", {"kind": "breach", "description": "Sent to the wrong school.",
                                                  "how_found": "self",
                                                  **date_parts("occurred_on", timezone.localdate())})  # fmt: skip
    assert made.status_code == 302
    incident = PrivacyIncident.objects.get()
    confirmation = client.get(made["Location"]).content.decode()
    assert incident.reference in confirmation
    assert "What happens next" in confirmation
    client.force_login(bob)
    assert client.get(f"/privacy/concerns/{incident.pk}/").status_code == 404
    assert "Report a privacy concern" in client.get("/").content.decode()


def test_the_register_selector_lists_running_clocks_first(alice, privacy_officer):
    older = _report(alice)
    newer = _report(alice, now=NOW + dt.timedelta(hours=1))
    svc.incident_assess(actor=privacy_officer, incident_id=older.pk, expected_version=1, harm_factors=FACTORS,
                        serious_harm_likely=True, reasoning="r", category="other")  # fmt: skip
    page = incident_register(actor=privacy_officer, now=NOW)
    assert [r.id for r in page.rows] == [older.pk, newer.pk]
    assert page.clocks_running == 1


def test_the_api(client, alice, privacy_officer, officer_two):
    client.force_login(alice)
    made = client.post("/api/v1/privacy/incidents", {"kind": "breach", "occurred_on": str(timezone.localdate()),
                       "description": "Left a file on the bus.", "how_found": "self"},
                       content_type="application/json")  # fmt: skip
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    bad = client.post("/api/v1/privacy/incidents", {"kind": "breach", "description": "x", "how_found": "self"},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 400
    assert bad.json()["code"] == "privacy_incident_invalid"
    assert bad.json()["field"] == "occurred_on"
    assert client.get("/api/v1/privacy/incidents").status_code == 403
    client.force_login(privacy_officer)
    listed = client.get("/api/v1/privacy/incidents").json()
    assert [r["id"] for r in listed["results"]] == [pk]
    body = {"expected_version": 1, "harm_factors": FACTORS, "serious_harm_likely": True, "reasoning": "r",
            "category": "lost-or-stolen", "caused_by_id": privacy_officer.pk}  # fmt: skip
    own = client.post(f"/api/v1/privacy/incidents/{pk}/assess", body, content_type="application/json")
    assert own.status_code == 409
    assert own.json()["code"] == "assess_own"
    client.force_login(officer_two)
    ok = client.post(f"/api/v1/privacy/incidents/{pk}/assess", body, content_type="application/json")
    assert ok.status_code == 200
    assert ok.json()["commissioner_due_at"]
    stale = client.post(f"/api/v1/privacy/incidents/{pk}/close", {"expected_version": 1, "summary": "x"},
                        content_type="application/json")  # fmt: skip
    assert stale.status_code == 409
    assert stale.json()["code"] == "privacy_stale"
    act = client.post(f"/api/v1/privacy/incidents/{pk}/actions",
                      {"expected_version": 2, "description": "Call", "owner_id": alice.pk,
                       "due_on": str(timezone.localdate())}, content_type="application/json")  # fmt: skip
    assert act.status_code == 201
    closing = client.post(f"/api/v1/privacy/incidents/{pk}/close", {"expected_version": 3, "summary": "x"},
                          content_type="application/json")  # fmt: skip
    assert closing.status_code == 409
    assert closing.json()["code"] == "actions_open"
    done = client.post(f"/api/v1/privacy/incidents/actions/{act.json()['id']}/done", {},
                       content_type="application/json")  # fmt: skip
    assert done.status_code == 200
    assert IncidentAction.objects.get().done_at is not None


def test_a_letter_goes_through_the_guard_and_a_blocked_one_is_a_near_miss(alice, privacy_officer, child, case):
    incident = _report(alice, person_ids=[child.pk])
    sent = svc.incident_letter_send(
        actor=privacy_officer, incident_id=incident.pk, person_id=child.pk, subject="About your information",
        body="We are sorry: a plan went astray.",
    )  # fmt: skip
    assert sent.method == "letter"
    assert sent.note.startswith("Letter D-")
    other = PersonNameFactory(given_names="Hemi", family_name="Pene").person
    from tiaki.people.models import Address, PersonAddress

    home = Address.objects.create(street="1 Rātā Road", city="Whangārei")
    PersonAddress.objects.create(person=other, address=home, valid_from=dt.date(2020, 1, 1))
    street = child.addresses.filter(protected=True).first().address.street
    with pytest.raises(svc.LetterBlocked) as caught:
        svc.incident_letter_send(actor=privacy_officer, incident_id=incident.pk, person_id=other.pk,
                                 subject="About the plan", body=f"Tūī now lives at {street}.")  # fmt: skip
    assert caught.value.words
    assert street not in " ".join(caught.value.words)
    near = caught.value.near_miss
    assert near is not None
    assert near.source == PI.Source.DISCLOSURE_GUARD
    assert near.caused_by == privacy_officer
    assert PrivacyIncident.objects.get(pk=incident.pk).notices.count() == 1
