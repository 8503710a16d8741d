"""The register of subject access requests: recording, verifying identity,
assigning, extending, transferring, withdrawing and deciding, each with its
bad input refused (nothing saved, the attempt audited), and the clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from tiaki.access import AccessDenied
from tiaki.audit.models import AuditEvent
from tiaki.disclosure import reasons
from tiaki.disclosure.models import ReleaseStage, SubjectAccessRequest
from tiaki.disclosure.selectors.subject_access.requests import access_request_get, access_request_list
from tiaki.disclosure.services.subject_access import requests as sar
from tiaki.disclosure.subject_access import clock

pytestmark = pytest.mark.django_db

#: A pinned "now": Thursday 3 December 2026, 10:00 in Aotearoa.
NOW = dt.datetime(2026, 12, 3, 10, tzinfo=dt.timezone(dt.timedelta(hours=13)))
TODAY = dt.date(2026, 12, 3)


def _refusals(action: str = "subject_access.update", reason: str = reasons.SUBJECT_ACCESS_INVALID):
    return AuditEvent.objects.filter(action=action, outcome="refused", reason=reason)


def _new(actor, person, **changes):
    values = {"requester_kind": "care_experienced", "asked_for": "Everything about me in care.",
              "received_on": TODAY - dt.timedelta(days=1), "now": NOW}  # fmt: skip
    values.update(changes)
    return sar.access_request_create(actor=actor, person_id=person.pk, **values)


def test_the_fixture_request_is_verified_and_reviewed_by_the_privacy_officer(access_request, privacy_officer):
    assert access_request.status == SubjectAccessRequest.Status.IN_REVIEW
    assert access_request.reviewer == privacy_officer
    assert access_request.reference.startswith("SAR-")
    assert access_request.due_on == clock.due_date(access_request.received_on)
    trail = AuditEvent.objects.filter(relationship=f"subject-access:{access_request.pk}")
    assert set(trail.values_list("action", flat=True)) == {"subject_access.create", "subject_access.update"}


def test_a_request_is_due_twenty_working_days_after_it_was_received(privacy_officer, care_leaver):
    request = _new(privacy_officer, care_leaver.person, received_on=dt.date(2026, 12, 1))
    # 25 December to 15 January are not working days (Privacy Act): 17 in December, then 3 from Monday 18 January.
    assert request.due_on == dt.date(2027, 1, 20)
    assert request.status == SubjectAccessRequest.Status.RECEIVED
    event = AuditEvent.objects.get(action="subject_access.create", outcome="allowed")
    assert event.relationship == f"subject-access:{request.pk}"
    assert event.subject_ids == f"[{care_leaver.person.pk}]"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"received_on": TODAY + dt.timedelta(days=1)}, "received_on"),
        ({"received_on": None}, "received_on"),
        ({"asked_for": "  "}, "asked_for"),
        ({"requester_kind": "neighbour"}, "requester_kind"),
        ({"requester_kind": "agent", "agent_name": "Kelly Ross"}, "agent_authority"),
        ({"requester_kind": "agent", "agent_authority": "Signed authority"}, "agent_name"),
    ],
)
def test_it_refuses_a_request_with_bad_input_saving_nothing(privacy_officer, care_leaver, changes, field):
    with pytest.raises(sar.SubjectAccessError) as refused:
        _new(privacy_officer, care_leaver.person, **changes)
    assert refused.value.field == field
    assert not SubjectAccessRequest.objects.exists()
    assert _refusals("subject_access.create").count() == 1


def test_it_refuses_a_request_about_someone_who_is_not_on_the_register(privacy_officer):
    with pytest.raises(Http404):
        sar.access_request_create(actor=privacy_officer, person_id=999_999, requester_kind="child", asked_for="All",
                                  received_on=TODAY, now=NOW)  # fmt: skip
    assert AuditEvent.objects.filter(action="subject_access.create", outcome="refused", reason="not_found").exists()


def test_a_social_worker_cannot_record_a_request(alice, care_leaver):
    with pytest.raises(AccessDenied):
        _new(alice, care_leaver.person)
    assert AuditEvent.objects.filter(action="subject_access.create", outcome="refused", actor_id=alice.pk).exists()
    assert not SubjectAccessRequest.objects.exists()


def test_it_refuses_to_decide_a_request_with_no_verified_identity(privacy_officer, care_leaver):
    request = _new(privacy_officer, care_leaver.person)
    with pytest.raises(sar.SubjectAccessError) as refused:
        sar.access_request_decide(actor=privacy_officer, request_id=request.pk, decision="refuse",
                                  reasons="Withheld to protect others.", version=request.version, now=NOW)  # fmt: skip
    assert refused.value.reason == reasons.IDENTITY_NOT_VERIFIED
    assert "Verify who is asking" in refused.value.message
    request.refresh_from_db()
    assert request.status == SubjectAccessRequest.Status.RECEIVED
    assert not request.decision
    event = _refusals(reason=reasons.IDENTITY_NOT_VERIFIED).get()
    assert event.actor_id == privacy_officer.pk
    assert event.subject_ids == f"[{care_leaver.person.pk}]"
    assert event.relationship == f"subject-access:{request.pk}"


@pytest.mark.parametrize(
    "note", ["Passport LA123456 seen", "Licence DL 12345678", "Checked 123 456 789", "number 1234567"]
)
def test_it_refuses_an_identity_note_that_looks_like_a_document_number(privacy_officer, care_leaver, note):
    request = _new(privacy_officer, care_leaver.person)
    with pytest.raises(sar.SubjectAccessError) as refused:
        sar.access_request_verify(actor=privacy_officer, request_id=request.pk, method="document_seen", note=note,
                                  version=request.version, now=NOW)  # fmt: skip
    assert refused.value.field == "note"
    assert refused.value.message.startswith("Record how you checked, not the document's number")
    request.refresh_from_db()
    assert request.identity_verified_at is None
    assert request.identity_note == ""
    assert _refusals().count() == 1


def test_verifying_identity_moves_the_request_to_review_with_the_officer_reviewing(
    privacy_officer, privacy_lead, care_leaver
):
    request = _new(privacy_lead, care_leaver.person)
    verified = sar.access_request_verify(actor=privacy_officer, request_id=request.pk, method="realme",
                                         note="RealMe verified, 2 December.", version=1, now=NOW)  # fmt: skip
    assert verified.status == SubjectAccessRequest.Status.IN_REVIEW
    assert verified.reviewer == privacy_officer
    assert verified.identity_verified_by == privacy_officer
    assert verified.version == 2


def test_it_refuses_a_stale_version_saving_nothing(privacy_officer, access_request):
    with pytest.raises(sar.StaleRequest):
        sar.access_request_withdraw(actor=privacy_officer, request_id=access_request.pk, reason="Changed her mind",
                                    version=access_request.version - 1, now=NOW)  # fmt: skip
    access_request.refresh_from_db()
    assert access_request.status == SubjectAccessRequest.Status.IN_REVIEW


def test_it_assigns_only_a_privacy_officer(privacy_officer, privacy_lead, alice, access_request):
    with pytest.raises(sar.SubjectAccessError) as refused:
        sar.access_request_assign(actor=privacy_officer, request_id=access_request.pk, reviewer_id=alice.pk,
                                  version=access_request.version)  # fmt: skip
    assert refused.value.field == "reviewer"
    assigned = sar.access_request_assign(actor=privacy_officer, request_id=access_request.pk,
                                         reviewer_id=privacy_lead.pk, version=access_request.version)  # fmt: skip
    assert assigned.reviewer == privacy_lead


def test_an_extension_is_refused_once_the_due_date_has_passed(privacy_officer, care_leaver):
    request = _new(privacy_officer, care_leaver.person, received_on=dt.date(2026, 11, 2))
    assert request.due_on == dt.date(2026, 11, 30)
    with pytest.raises(sar.SubjectAccessError) as refused:
        sar.access_request_extend(actor=privacy_officer, request_id=request.pk, extended_to=dt.date(2027, 2, 1),
                                  reason="Many records to review", version=1, now=NOW)  # fmt: skip
    assert "has passed" in refused.value.message
    request.refresh_from_db()
    assert request.extended_to is None


def test_an_extension_needs_a_later_date_and_a_reason_and_gives_the_notice(privacy_officer, care_leaver):
    request = _new(privacy_officer, care_leaver.person)
    with pytest.raises(sar.SubjectAccessError) as refused:
        sar.access_request_extend(actor=privacy_officer, request_id=request.pk, extended_to=request.due_on,
                                  reason="Many records", version=1, now=NOW)  # fmt: skip
    assert refused.value.field == "extended_to"
    with pytest.raises(sar.SubjectAccessError) as refused:
        sar.access_request_extend(actor=privacy_officer, request_id=request.pk, extended_to=dt.date(2027, 3, 1),
                                  reason=" ", version=1, now=NOW)  # fmt: skip
    assert refused.value.field == "reason"
    extended = sar.access_request_extend(actor=privacy_officer, request_id=request.pk,
                                         extended_to=dt.date(2027, 3, 1),
                                         reason="there are many years of records to review", version=1,
                                         now=NOW)  # fmt: skip
    assert extended.extension_noticed_on == TODAY
    notice = sar.extension_notice(extended)
    assert "Monday 1 March 2027" in notice
    assert "many years of records" in notice
    assert "Privacy Commissioner" in notice


def test_a_transfer_is_only_within_ten_working_days(privacy_officer, care_leaver):
    late = _new(privacy_officer, care_leaver.person, received_on=dt.date(2026, 11, 16))
    with pytest.raises(sar.SubjectAccessError) as refused:
        sar.access_request_transfer(actor=privacy_officer, request_id=late.pk, agency="Te Whatu Ora",
                                    reason="Health records", version=1, now=NOW)  # fmt: skip
    assert "10 working days" in refused.value.message
    soon = _new(privacy_officer, care_leaver.person, received_on=dt.date(2026, 11, 30))
    moved = sar.access_request_transfer(actor=privacy_officer, request_id=soon.pk, agency="Te Whatu Ora",
                                        reason="Health records", version=1, now=NOW)  # fmt: skip
    assert moved.status == SubjectAccessRequest.Status.TRANSFERRED
    assert moved.transferred_on == TODAY


def test_a_release_decision_needs_a_released_stage(privacy_officer, access_request):
    with pytest.raises(sar.SubjectAccessError) as refused:
        sar.access_request_decide(actor=privacy_officer, request_id=access_request.pk, decision="release_all",
                                  reasons="", version=access_request.version, now=NOW)  # fmt: skip
    assert "Release at least one stage" in refused.value.message
    ReleaseStage.objects.create(request=access_request, number=1, title="Care records", item_keys=["note:1"],
                                status=ReleaseStage.Status.RELEASED, prepared_by=privacy_officer,
                                prepared_at=timezone.now())  # fmt: skip
    decided = sar.access_request_decide(actor=privacy_officer, request_id=access_request.pk,
                                        decision="release_part", reasons="", version=access_request.version,
                                        now=NOW)  # fmt: skip
    assert decided.status == SubjectAccessRequest.Status.DECIDED
    assert decided.decided_on == TODAY


def test_a_refusal_decision_needs_reasons(privacy_officer, access_request):
    with pytest.raises(sar.SubjectAccessError) as refused:
        sar.access_request_decide(actor=privacy_officer, request_id=access_request.pk, decision="refuse",
                                  reasons="", version=access_request.version, now=NOW)  # fmt: skip
    assert refused.value.field == "reasons"


def test_a_withdrawn_request_cannot_be_changed(privacy_officer, access_request):
    withdrawn = sar.access_request_withdraw(
        actor=privacy_officer, request_id=access_request.pk, reason="She has what she needs.",
        version=access_request.version,
    )  # fmt: skip
    with pytest.raises(sar.SubjectAccessError) as refused:
        sar.access_request_extend(actor=privacy_officer, request_id=withdrawn.pk, extended_to=dt.date(2027, 6, 1),
                                  reason="More time", version=withdrawn.version)  # fmt: skip
    assert refused.value.field == "status"


def test_the_clock_counts_working_days_left_and_overdue(privacy_officer, care_leaver):
    request = _new(privacy_officer, care_leaver.person, received_on=dt.date(2026, 11, 2))
    assert request.due_on == dt.date(2026, 11, 30)
    assert clock.working_days_left(request, dt.date(2026, 11, 26)) == 2
    assert clock.clock_words(request, dt.date(2026, 11, 26)) == "Due Monday 30 November 2026: 2 working days left"
    assert clock.clock_words(request, dt.date(2026, 11, 30)) == "Due Monday 30 November 2026: due today"
    assert clock.working_days_left(request, TODAY) == -3
    assert clock.clock_words(request, TODAY) == "Due Monday 30 November 2026: overdue by 3 working days"
    assert clock.transfer_deadline(dt.date(2026, 11, 2)) == dt.date(2026, 11, 16)


def test_the_register_lists_open_requests_soonest_due_first_without_sealed_requesters(
    privacy_officer, care_leaver, access_request, whanau
):
    later = _new(privacy_officer, care_leaver.person, received_on=TODAY)
    _new(privacy_officer, whanau.mother)
    whanau.mother.sealed = True  # sealed from the officer since: no longer listed
    whanau.mother.save(update_fields=["sealed"])
    rows = access_request_list(actor=privacy_officer, today=TODAY)
    assert [r.id for r in rows] == [access_request.pk, later.pk]
    assert rows[0].person_name == "Manaia Te Rangi"
    event = AuditEvent.objects.filter(action="subject_access.list").latest("seq")
    assert event.subject_ids == f"[{care_leaver.person.pk}]"


def test_opening_a_request_says_its_clock_and_what_may_be_done(privacy_officer, access_request):
    view = access_request_get(actor=privacy_officer, request_id=access_request.pk)
    assert view.clock_words.startswith(f"Due {clock.in_words(access_request.due_on)}")
    assert {"decide", "review", "extend"} <= view.may
    assert "verify" not in view.may
    assert AuditEvent.objects.filter(action="subject_access.read", relationship=f"subject-access:{access_request.pk}",
                                     outcome="allowed").exists()  # fmt: skip


def test_opening_an_unknown_request_is_a_404_audited(privacy_officer):
    with pytest.raises(Http404):
        access_request_get(actor=privacy_officer, request_id=424242)
    assert AuditEvent.objects.filter(action="subject_access.read", outcome="refused", reason="not_found").exists()
