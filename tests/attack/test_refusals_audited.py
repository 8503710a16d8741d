"""Refusals audited: every refused attempt leaves its audit event, and the
event carries codes and ids, never what was typed.

The attacker here is a colleague probing quietly: asking for emergency
access with no reason or a throwaway one, to a sealed record or their own,
or opening records out of their reach page by page and through the API,
hoping the tries leave no trace for the privacy office. The exhaustive proof
over every service and selector is tiaki/access/tests/test_every_refusal_audited.py;
this file attacks through the pages and the API as a user would.
"""

from __future__ import annotations

import contextlib
import re

import pytest
from django.utils import timezone
from knox.models import AuthToken

from tests.attack.conftest import inducted
from tests.attack.estate import estate, media  # noqa: F401 - pytest finds fixtures by name
from tiaki.access import services as access_services
from tiaki.access.models import BreakGlassGrant, StaffSubjectLink
from tiaki.access.roles import Role
from tiaki.audit.models import AuditChainHead, AuditEvent
from tiaki.casework.models import Case
from tiaki.people.models import Person
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REASON = "Police called: the child may be at the address tonight and at risk."
# What a careless or probing user might type: the child's name, too short to pass.
NAMED_REASON = "Tūī Te Whare"

# The codes a refused emergency access may be audited with (tiaki.access.services).
BREAKGLASS_CODES = {
    "reason_missing", "reason_too_short", "duration_invalid", "not_found", "sealed", "own_record",
    "permission_missing", "induction_incomplete", "refresher_lapsed",
}  # fmt: skip


def head() -> int:
    return AuditChainHead.objects.get(pk=1).last_seq


def refusals_since(seq: int, user) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(seq__gt=seq, actor_id=user.pk).order_by("seq"))


def assert_no_personal_data(event: AuditEvent, *typed: str) -> None:
    """Nothing of what was typed, and no name, in any text the row keeps."""
    kept = " ".join([event.action, event.outcome, event.reason, event.relationship, event.subject_type,
                     event.actor_role, event.subject_ids])  # fmt: skip
    for text in (*typed, "Tūī", "Te Whare"):
        assert text not in kept


def sealed(person: Person) -> None:
    Person.objects.filter(pk=person.pk).update(sealed=True)


@pytest.mark.parametrize(
    ("code", "reason", "arrange"),
    [
        ("reason_missing", "", None),
        ("reason_missing", "   ", None),
        ("reason_too_short", NAMED_REASON, None),
        ("sealed", REASON, "sealed"),
        ("own_record", REASON, "own"),
        ("not_found", REASON, "missing"),
    ],
)
def test_it_audits_each_refused_break_glass_attempt_through_the_page(client, bob, child, code, reason, arrange):
    person_id = child.pk
    if arrange == "sealed":
        sealed(child)
    elif arrange == "own":
        StaffSubjectLink.objects.create(user=bob, person=child, kind=StaffSubjectLink.Kind.SELF, recorded_by=bob)
        sealed(child)
    elif arrange == "missing":
        person_id = 987654321
    client.force_login(bob)
    before = head()
    response = client.post("/break-glass/", {"person_id": person_id, "reason": reason})
    assert response.status_code == 200  # the form again, with what to fix
    assert not BreakGlassGrant.objects.exists()
    events = refusals_since(before, bob)
    assert [(e.action, e.outcome, e.reason, e.subject_ids) for e in events] == [
        ("breakglass.open", "refused", code, f"[{person_id}]")
    ]
    assert_no_personal_data(events[0], reason.strip() or "\x00")


def test_a_sealed_record_and_ones_own_answer_alike_on_the_page(client, bob, child, alice):
    """The refusal codes differ in the trail, never on the page."""
    client.force_login(bob)
    missing = client.post("/break-glass/", {"person_id": 987654321, "reason": REASON}).content.decode()
    sealed(child)
    StaffSubjectLink.objects.create(user=bob, person=child, kind=StaffSubjectLink.Kind.SELF, recorded_by=alice)
    own = client.post("/break-glass/", {"person_id": child.pk, "reason": REASON}).content.decode()
    assert "not available for that person number" in own

    def normalised(page: str) -> str:
        # The CSRF token and the number typed back into the form are all that may differ.
        page = re.sub(r'"X-CSRFToken": "[^"]*"', "", page)
        return re.sub(r'value="[^"]*"', 'value=""', page)

    assert normalised(missing) == normalised(own)


@pytest.mark.parametrize("kind", ["trainee", "uninducted"])
def test_it_audits_break_glass_refused_for_the_role_or_before_induction(client, site, child, kind):
    if kind == "trainee":
        actor = inducted(UserFactory(username="t", role=Role.TRAINEE, site=site))
        code = "permission_missing"
    else:
        actor = UserFactory(username="new", role=Role.SOCIAL_WORKER, site=site)
        code = "induction_incomplete"
    client.force_login(actor)
    before = head()
    response = client.post("/break-glass/", {"person_id": child.pk, "reason": REASON})
    assert response.status_code in (200, 403)
    assert not BreakGlassGrant.objects.exists()
    events = refusals_since(before, actor)
    assert [(e.action, e.outcome, e.reason) for e in events] == [("breakglass.open", "refused", code)]
    assert_no_personal_data(events[0], REASON)


@pytest.mark.parametrize("minutes", [0, 61, 24 * 60])
def test_it_audits_a_break_glass_asked_for_too_long(bob, child, minutes):
    """No page asks for a duration; the service is where a script would."""
    before = head()
    with pytest.raises(access_services.AccessRequestError):
        access_services.breakglass_open(actor=bob, person_id=child.pk, reason=REASON, minutes=minutes)
    assert [(e.reason, e.subject_ids) for e in refusals_since(before, bob)] == [("duration_invalid", f"[{child.pk}]")]


def test_an_impossible_person_number_is_audited_without_an_id(bob):
    """A number no record can have is refused as not found, and not stored
    as a subject the database could not hold."""
    before = head()
    with pytest.raises(access_services.AccessRequestError):
        access_services.breakglass_open(actor=bob, person_id=2**63, reason=REASON)
    assert [(e.reason, e.subject_ids) for e in refusals_since(before, bob)] == [("not_found", "[]")]


def test_reviewing_ones_own_emergency_access_is_a_refusal_audited(client, site_manager, child):
    grant = access_services.breakglass_open(actor=site_manager, person_id=child.pk, reason=REASON)
    client.force_login(site_manager)
    before = head()
    response = client.post(f"/privacy/break-glass/{grant.pk}/review/", {"justified": "yes"})
    assert response.status_code == 400
    assert "your own emergency access" in response.content.decode()
    events = refusals_since(before, site_manager)
    assert [(e.action, e.outcome, e.reason, e.subject_ids) for e in events[:1]] == [
        ("breakglass.review", "refused", "own_record", f"[{grant.pk}]")
    ]
    assert BreakGlassGrant.objects.get().review == BreakGlassGrant.Review.OPEN


def test_every_break_glass_code_is_one_the_privacy_office_knows(bob, child):
    """The trail's codes are a closed set: a new one must be added above."""
    for reason in ("", "short", REASON):
        for person_id in (child.pk, 987654321):
            with contextlib.suppress(access_services.AccessRequestError):
                access_services.breakglass_open(actor=bob, person_id=person_id, reason=reason)
    codes = set(AuditEvent.objects.filter(actor_id=bob.pk, outcome="refused").values_list("reason", flat=True))
    assert codes <= BREAKGLASS_CODES
    assert {"reason_missing", "reason_too_short", "not_found"} <= codes


# Each record type bob may not read, as a page and through the API; the
# estate (tests/attack/estate.py) holds one of each, all on alice's case.
PAGES = [
    ("person", "/people/{person}/"),
    ("person", "/people/{person}/whanau/"),
    ("person", "/people/{person}/seen-by/"),
    ("person", "/people/{person}/chronology/"),
    ("case", "/cases/{case}/"),
    ("note", "/cases/notes/{note}/"),
    ("plan", "/cases/plans/{plan}/"),
    ("fgc", "/cases/fgc/{fgc}/"),
    ("order", "/cases/orders/{order}/"),
    ("document", "/cases/documents/{document}/"),
    ("email", "/cases/emails/{email}/"),
    ("report", "/intake/reports/{report}/"),
    ("person", "/care/children/{person}/about-me/"),
    ("person", "/care/children/{person}/about-me/versions/"),
]
API = [
    ("person", "/api/v1/persons/{person}"),
    ("person", "/api/v1/persons/{person}/chronology"),
    ("case", "/api/v1/cases/{case}"),
    ("note", "/api/v1/notes/{note}"),
    ("plan", "/api/v1/plans/{plan}"),
    ("document", "/api/v1/documents/{document}/content"),
    ("report", "/api/v1/reports/{report}"),
    ("person", "/api/v1/care/children/{person}/about-me"),
]


@pytest.mark.parametrize(("kind", "url"), PAGES + API, ids=[u for _, u in PAGES + API])
def test_a_refused_read_of_each_record_type_is_audited(client, bob, estate, kind, url):  # noqa: F811
    address = url.format(**estate)
    headers = {}
    if address.startswith("/api/"):
        _, token = AuthToken.objects.create(bob)
        headers["HTTP_AUTHORIZATION"] = f"Token {token}"
    else:
        client.force_login(bob)
    before = head()
    response = client.get(address, **headers)
    assert response.status_code == 404
    events = refusals_since(before, bob)
    assert [e.outcome for e in events] == ["refused"], f"{address}: {[(e.action, e.outcome) for e in events]}"
    assert events[0].reason in {"no_relationship", "not_found", "sealed", "own_record"}
    assert_no_personal_data(events[0])


@pytest.mark.parametrize("url", ["/cases/{case}/tasks/add/", "/cases/{case}/orders/add/"])
def test_a_recording_page_refused_on_a_closed_case_is_audited(client, alice, case, url):
    """The pages refuse too, not only the services behind them: alice may
    still read her case for 30 days after it closes, but record nothing."""
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED, closed_at=timezone.now(), closure_reason=Case.ClosureReason.CONCERNS_ADDRESSED
    )
    client.force_login(alice)
    before = head()
    response = client.get(url.format(case=case.pk))
    assert response.status_code == 403
    refused = [e for e in refusals_since(before, alice) if e.outcome == "refused"]
    assert [(e.action, e.reason, e.subject_ids) for e in refused] == [("case.update", "case_closed", f"[{case.pk}]")]
