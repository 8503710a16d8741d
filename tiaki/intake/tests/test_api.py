"""/api/v1/reports: a partner agency refers a report with an idempotency key;
bad input gets a specific problem and saves nothing; the report is read back
within need-to-know, the notifier masked without SENSITIVE access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from tiaki.access.models import IntakeDuty
from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.audit.models import AuditEvent
from tiaki.intake.models import ReportConcern, ReportOfConcern, ReportPerson
from tiaki.intake.services.reports import MAX_NARRATIVE
from tiaki.people.tests.factories import PersonFactory
from tiaki.staff.models import Site
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(site):
    # Partner workers record reports through the API without a privacy induction (report_record).
    return UserFactory(username="police-referrals", role=Role.PARTNER_WORKER, site=site)


@pytest.fixture
def charlie(db):
    # an outsider: a social worker at another site
    elsewhere = Site.objects.create(name="Ōtautahi", region="Waitaha")
    return inducted(UserFactory(username="charlie", role=Role.SOCIAL_WORKER, site=elsewhere))


@pytest.fixture
def sibling(db):
    return PersonFactory(date_of_birth=dt.date(2018, 2, 1))


@pytest.fixture
def parent(db):
    return PersonFactory(date_of_birth=dt.date(1990, 6, 1))


def client_for(user) -> Client:
    _, token = AuthToken.objects.create(user)
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def body(where, kids, grown_ups=(), **change):
    data = {
        "site": where.pk,
        "children": [c.pk for c in kids],
        "adults": [a.pk for a in grown_ups],
        "concerns": [{"category": "family-violence", "detail": "Police attended; the children were home."}],
        "narrative": "Police attended a family harm incident at 02:10; two children present.",
        "immediate_safety": "Mother and children staying with their aunty tonight.",
        "child_unsafe_now": False,
        "referrer_agency": "NZ Police",
        "referrer_reference": "P-2026-0412",
        "notifier": {"name": "Constable Hemi Walker", "relationship": "Attending officer", "contact": "021 555 0101"},
    }
    data.update(change)
    return data


def post(client: Client, data: dict, key: str | None = "roc-key-00000001"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post("/api/v1/reports", data, content_type="application/json", **headers)


def test_a_partner_refers_a_report_once_per_idempotency_key(partner, site, child, sibling, parent):
    api = client_for(partner)
    first = post(api, body(site, [child, sibling], [parent]))
    assert first.status_code == 201, first.json()
    answer = first.json()
    report = ReportOfConcern.objects.get()
    assert answer == {"id": report.pk, "reference": report.reference, "url": f"/api/v1/reports/{report.pk}"}
    assert report.reference == f"ROC-{timezone.localtime(report.received_at):%Y}-{report.pk:07d}"
    assert report.channel == ReportOfConcern.Channel.API
    assert report.recorded_by == partner
    assert report.referrer_agency == "NZ Police"
    roles = dict(ReportPerson.objects.filter(report=report).values_list("person_id", "role"))
    assert roles == {child.pk: "child", sibling.pk: "child", parent.pk: "adult"}
    assert list(ReportConcern.objects.filter(report=report).values_list("category", flat=True)) == ["family-violence"]
    assert AuditEvent.objects.filter(actor_id=partner.pk, action="report.create").count() == 1

    again = post(api, body(site, [child, sibling], [parent]))
    assert again.status_code == 201
    assert again.json() == answer
    assert again["Idempotent-Replayed"] == "true"
    assert ReportOfConcern.objects.count() == 1
    assert AuditEvent.objects.filter(action="report.create").count() == 1


def test_a_reused_key_with_different_content_is_refused_and_nothing_more_is_saved(partner, site, child, sibling):
    api = client_for(partner)
    assert post(api, body(site, [child])).status_code == 201
    refused = post(api, body(site, [child, sibling]))
    assert refused.status_code == 422
    assert refused.json()["code"] == "idempotency_key_reused"
    assert ReportOfConcern.objects.count() == 1
    assert ReportPerson.objects.count() == 1


def test_a_missing_idempotency_key_is_refused(partner, site, child):
    response = post(client_for(partner), body(site, [child]), key=None)
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_missing"
    assert not ReportOfConcern.objects.exists()


def _future() -> str:
    return (timezone.now() + dt.timedelta(days=2)).isoformat()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"children": []}, "children", "Link at least one child"),
        ({"concerns": []}, "concerns", "at least one kind of concern"),
        ({"narrative": "", "concerns": [{"category": "neglect"}]}, "narrative", "what the notifier told you"),
        ({"referrer_agency": ""}, "referrer_agency", "Name the agency"),
        ({"received_at": "FUTURE"}, "received_at", "cannot be in the future"),
        ({"children": [987654321]}, "children.0", "no person with number 987654321"),
        ({"adults": [987654322]}, "adults.0", "no person with number 987654322"),
        ({"narrative": "x" * (MAX_NARRATIVE + 1)}, "narrative", f"keep it under {MAX_NARRATIVE:,}"),
        ({"concerns": [{"category": "witchcraft"}]}, "concerns.0", "kind of concern from the list"),
        ({"site": 987654321}, "site", "Choose the site"),
    ],
)
def test_bad_input_gets_a_specific_problem_and_saves_nothing(partner, site, child, change, field, words):
    if change.get("received_at") == "FUTURE":
        change = {"received_at": _future()}
    response = post(client_for(partner), body(site, [child], **change))
    assert response.status_code == 400, response.json()
    problem = response.json()
    assert problem["code"] == "validation_failed"
    assert response["Content-Type"] == "application/problem+json"
    assert words in str(problem["errors"][field]), problem["errors"]
    assert not ReportOfConcern.objects.exists()
    assert not ReportPerson.objects.exists()
    assert not ReportConcern.objects.exists()
    assert not AuditEvent.objects.filter(action="report.create").exists()


def test_a_corrected_request_may_reuse_the_key_of_a_refused_one(partner, site, child):
    api = client_for(partner)
    assert post(api, body(site, [child], referrer_agency="")).status_code == 400
    assert post(api, body(site, [child])).status_code == 201


def test_a_body_of_the_wrong_shape_is_refused_by_field(partner, site, child):
    response = post(client_for(partner), body(site, [child], children="one", concerns=None))
    assert response.status_code == 400
    assert {"children", "concerns"} <= set(response.json()["errors"])


def test_roles_without_report_create_are_refused(site, child):
    trainee = UserFactory(username="trainee", role=Role.TRAINEE, site=site)
    response = post(client_for(trainee), body(site, [child]))
    assert response.status_code == 403
    assert not ReportOfConcern.objects.exists()


def test_a_supervisor_at_the_site_reads_it_with_the_notifier_and_others_get_404(
    partner, supervisor, alice, charlie, site, child
):
    created = post(client_for(partner), body(site, [child])).json()
    seen = client_for(supervisor).get(created["url"])
    assert seen.status_code == 200, seen.json()
    report = seen.json()
    assert report["reference"] == created["reference"]
    assert [c["person_id"] for c in report["children"]] == [child.pk]
    assert report["notifier"]["masked"] is False
    assert report["notifier"]["name"] == "Constable Hemi Walker"
    assert report["stage"] == "received"
    assert AuditEvent.objects.filter(actor_id=supervisor.pk, action="report.read", outcome="allowed").exists()
    # charlie works at another site: the report's existence does not leak.
    outsider = client_for(charlie).get(created["url"])
    assert outsider.status_code == 404
    assert outsider.json()["code"] == "not_found"
    assert AuditEvent.objects.filter(actor_id=charlie.pk, action="report.read", outcome="refused").exists()
    assert client_for(supervisor).get("/api/v1/reports/987654321").status_code == 404


def test_the_notifier_is_masked_for_a_reader_without_sensitive_access(partner, site, child):
    contact_centre = inducted(UserFactory(username="cc", role=Role.CONTACT_CENTRE, site=site))
    now = timezone.now()
    IntakeDuty.objects.create(user=contact_centre, site=site, starts_at=now - dt.timedelta(hours=1),
                              ends_at=now + dt.timedelta(hours=7))  # fmt: skip
    created = post(client_for(partner), body(site, [child])).json()
    seen = client_for(contact_centre).get(created["url"])  # in reach through intake duty
    assert seen.status_code == 200, seen.json()
    notifier = seen.json()["notifier"]
    assert notifier["masked"] is True
    assert "Hemi" not in str(notifier)


def test_whoever_recorded_a_report_reads_back_the_notifier_they_typed(partner, site, child):
    contact_centre = inducted(UserFactory(username="cc", role=Role.CONTACT_CENTRE, site=site))
    created = post(client_for(partner), body(site, [child])).json()
    report = ReportOfConcern.objects.get(pk=created["id"])
    report.recorded_by = contact_centre  # the contact centre recorded it: in reach for 24 hours
    report.save(update_fields=["recorded_by"])
    notifier = client_for(contact_centre).get(created["url"]).json()["notifier"]
    assert notifier["masked"] is False
    assert "Hemi" in notifier["name"]


def test_the_schema_documents_both_operations(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    post_op = schema["paths"]["/api/v1/reports"]["post"]
    assert {"201", "400", "422"} <= set(post_op["responses"])
    assert any(p["name"] == "Idempotency-Key" and p["required"] for p in post_op["parameters"])
    assert "404" in schema["paths"]["/api/v1/reports/{report_id}"]["get"]["responses"]


def test_a_partner_refers_a_child_it_cannot_give_an_id_for(partner, site):
    api = Client(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(partner)[1]}")
    body = {
        "site": site.pk,
        "unlinked": [{"given_names": "Kahu", "family_name": "Walker", "birth_date": "2019-02-03"}],
        "concerns": [{"category": "neglect", "detail": "Left alone overnight"}],
        "referrer_agency": "Kōwhai School",
    }
    created = api.post("/api/v1/reports", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="unlinked-0001")
    assert created.status_code == 201, created.content
    report = ReportOfConcern.objects.get(reference=created.json()["reference"])
    assert ReportPerson.objects.filter(report=report, role="child").count() == 1


def test_the_api_channel_is_named_in_plain_words(client, partner, supervisor, site, child):
    created = post(client_for(partner), body(site, [child])).json()
    client.force_login(supervisor)
    page = client.get(f"/intake/reports/{created['id']}/").content.decode()
    assert "(Partner agency system)" in page
    assert "(API)" not in page
    assert ReportOfConcern.Channel.API.label == "Partner agency system"


def test_the_report_carries_the_unsafe_now_flag_and_its_deadline(partner, supervisor, site, child):
    created = post(client_for(partner), body(site, [child], child_unsafe_now=True)).json()
    shown = client_for(supervisor).get(created["url"]).json()
    report = ReportOfConcern.objects.get(pk=created["id"])
    assert shown["child_unsafe_now"] is True
    assert shown["immediate"] is True
    assert shown["deadline"]["kind"] == "decision"
    assert dt.datetime.fromisoformat(shown["deadline"]["due_at"]) == report.received_at + dt.timedelta(hours=1)
    ordinary = post(client_for(partner), body(site, [child]), key="roc-key-00000002").json()
    plain = client_for(supervisor).get(ordinary["url"]).json()
    assert (plain["child_unsafe_now"], plain["immediate"], plain["deadline"]["kind"]) == (False, False, "decision")
