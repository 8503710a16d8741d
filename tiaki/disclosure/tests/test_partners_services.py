"""The partner register's services and selectors: who may change it, the
specific errors for bad input, optimistic concurrency, disposal dates and
what an organisation's page counts (never what was shared)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from tiaki.access import AccessDenied
from tiaki.audit.models import AuditEvent
from tiaki.care.tests.caregiver_fixtures import events_since, head
from tiaki.disclosure.models import DisposalConfirmation, PartnerOrganisation, ShareRead
from tiaki.disclosure.selectors.partners import overdue_disposals, partner_get, partner_list, recipient_for
from tiaki.disclosure.services.partners import (
    PartnerError,
    StalePartner,
    create_partner,
    record_disposal,
    update_partner,
)
from tiaki.disclosure.tests.partners_fixtures import TRUST, details, organisation_row, share_to

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def test_a_privacy_officer_adds_an_organisation_and_it_is_audited(privacy_officer):
    before = head()
    organisation = create_partner(actor=privacy_officer, details=details(may_receive=["appointment", "about_me"]))
    assert organisation.name == TRUST
    assert organisation.may_receive == ["about_me", "appointment"]
    [event] = events_since(before, privacy_officer)
    assert (event.action, event.outcome, event.subject_type) == ("partner.create", "allowed", "partner")
    assert event.subject_ids == f"[{organisation.pk}]"


def test_a_site_manager_may_manage_the_register_but_a_social_worker_may_not(site_manager, alice):
    assert create_partner(actor=site_manager, details=details()).pk
    before = head()
    with pytest.raises(AccessDenied):
        create_partner(actor=alice, details=details(name="Another Trust"))
    [event] = events_since(before, alice)
    assert (event.action, event.outcome) == ("partner.create", "refused")
    assert not PartnerOrganisation.objects.filter(name="Another Trust").exists()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"agreement_reference": "  "}, "agreement_reference", "Enter the agreement's reference."),
        ({"agreement_end": dt.date(2025, 12, 31)}, "agreement_end", "The agreement cannot end before it starts."),
        ({"retention_days": 0}, "retention_days", "at least 1"),
        ({"may_receive": ["about_me", "case_notes"]}, "may_receive", "Choose what the organisation may receive"),
        ({"agreement_start": None}, "agreement_start", "Enter the date the agreement starts."),
        ({"name": ""}, "name", "Enter the organisation's name."),
        ({"kind": "bank"}, "kind", "Choose the kind of organisation."),
    ],
)
def test_bad_input_is_a_specific_error_and_nothing_is_saved(privacy_officer, changes, field, words):
    before = head()
    with pytest.raises(PartnerError) as raised:
        create_partner(actor=privacy_officer, details=details(**changes))
    assert raised.value.field == field
    assert words in str(raised.value)
    assert not PartnerOrganisation.objects.exists()
    assert events_since(before, privacy_officer) == []


def test_a_name_already_on_the_register_is_refused(privacy_officer, trust):
    with pytest.raises(PartnerError, match="already on the register") as raised:
        create_partner(actor=privacy_officer, details=details(name=TRUST.upper()))
    assert raised.value.field == "name"


def test_a_change_from_the_version_seen_is_saved_and_a_stale_one_is_refused(privacy_officer, site_manager, trust):
    changed = update_partner(actor=privacy_officer, organisation_id=trust.pk, expected_version=1,
                             details=details(retention_days=180))  # fmt: skip
    assert (changed.version, changed.retention_days) == (2, 180)
    before = head()
    with pytest.raises(StalePartner) as raised:
        update_partner(actor=site_manager, organisation_id=trust.pk, expected_version=1,
                       details=details(retention_days=30))  # fmt: skip
    assert raised.value.current == 2
    assert raised.value.code == "stale_version"
    trust.refresh_from_db()
    assert (trust.version, trust.retention_days) == (2, 180)
    assert events_since(before, site_manager) == []
    event = AuditEvent.objects.filter(action="partner.update", outcome="allowed").get()
    assert event.relationship == "register:changed:retention_days"


def test_saving_what_is_already_there_changes_nothing(privacy_officer, trust):
    before = head()
    same = update_partner(actor=privacy_officer, organisation_id=trust.pk, expected_version=1, details=details())
    assert same.version == 1
    assert events_since(before) == []


def test_an_organisation_not_on_the_register_is_not_found_and_audited(privacy_officer):
    before = head()
    with pytest.raises(Http404):
        update_partner(actor=privacy_officer, organisation_id=999_999, expected_version=1, details=details())
    [event] = events_since(before, privacy_officer)
    assert (event.action, event.outcome) == ("partner.update", "refused")


def test_a_disposal_is_recorded_and_bad_dates_are_refused(privacy_officer, trust):
    today = timezone.localdate()
    with pytest.raises(PartnerError, match="cannot be in the future") as raised:
        record_disposal(actor=privacy_officer, organisation_id=trust.pk, covers_up_to=today,
                        confirmed_on=today + DAY, confirmed_by_name="Mere Hohaia")  # fmt: skip
    assert raised.value.field == "confirmed_on"
    with pytest.raises(PartnerError, match="after the date it was confirmed") as raised:
        record_disposal(actor=privacy_officer, organisation_id=trust.pk, covers_up_to=today,
                        confirmed_on=today - DAY, confirmed_by_name="Mere Hohaia")  # fmt: skip
    assert raised.value.field == "covers_up_to"
    with pytest.raises(PartnerError) as raised:
        record_disposal(actor=privacy_officer, organisation_id=trust.pk, covers_up_to=today - DAY,
                        confirmed_on=today, confirmed_by_name=" ")  # fmt: skip
    assert raised.value.field == "confirmed_by_name"
    assert not DisposalConfirmation.objects.exists()
    before = head()
    confirmation = record_disposal(actor=privacy_officer, organisation_id=trust.pk, covers_up_to=today - DAY,
                                   confirmed_on=today, confirmed_by_name="Mere Hohaia")  # fmt: skip
    assert confirmation.recorded_by == privacy_officer
    [event] = events_since(before, privacy_officer)
    assert (event.action, event.subject_type) == ("partner.disposal_confirm", "partner")
    assert event.subject_ids == f"[{trust.pk}]"


def test_the_page_counts_what_it_holds_and_when_it_is_due(alice, trust, trust_shares):
    before = head()
    view = partner_get(actor=alice, organisation_id=trust.pk)
    [event] = events_since(before, alice)
    assert (event.action, event.outcome, event.subject_type, event.subject_ids) == (
        "partner.read", "allowed", "partner", f"[{trust.pk}]"
    )  # fmt: skip
    holding = view.holding
    assert (holding.current_shares, holding.ended_shares) == (1, 2)
    old_end = timezone.localdate(trust_shares["old"].expires_at)
    assert holding.next_disposal_due == old_end + dt.timedelta(days=90)
    assert holding.disposal_overdue
    assert holding.due_words.startswith("Overdue since ")
    [read] = view.reads
    assert (read.who, read.share_id, read.outcome) == ("Hine Walker", trust_shares["current"].pk, "read")
    assert not hasattr(read, "text")


def test_a_confirmation_covering_the_ended_shares_clears_the_overdue(privacy_officer, trust, trust_shares):
    today = timezone.localdate()
    assert [row.id for row in overdue_disposals(actor=privacy_officer)] == [trust.pk]
    # Covering only the old share: the revoked one is due 90 days after its revocation, not overdue.
    record_disposal(actor=privacy_officer, organisation_id=trust.pk, covers_up_to=today - 100 * DAY,
                    confirmed_on=today, confirmed_by_name="Mere Hohaia")  # fmt: skip
    holding = partner_get(actor=privacy_officer, organisation_id=trust.pk).holding
    revoked_end = timezone.localdate(trust_shares["revoked"].revoked_at)
    assert holding.next_disposal_due == revoked_end + dt.timedelta(days=90)
    assert not holding.disposal_overdue
    assert overdue_disposals(actor=privacy_officer) == []


def test_the_list_shows_every_organisation_with_its_next_disposal(alice, trust, trust_shares, child):
    quiet = organisation_row("Kura Hauora", kind="health")
    now = timezone.now()
    share_to(quiet, child=child, by=alice, shared_at=now - 2 * DAY, expires_at=now + 5 * DAY)
    before = head()
    listed = partner_list(actor=alice)
    [event] = events_since(before, alice)
    assert (event.action, event.subject_ids) == ("partner.read", "[]")
    assert [row.name for row in listed.rows] == ["Kura Hauora", TRUST]
    assert listed.overdue == 1
    assert not listed.may_manage
    assert listed.rows[0].holding.next_disposal_due == timezone.localdate(now + 5 * DAY) + dt.timedelta(days=90)
    assert [row.name for row in partner_list(actor=alice, overdue_only=True).rows] == [TRUST]
    assert partner_list(actor=alice, status="ended").rows == []


def test_reads_by_someone_not_its_worker_are_not_its_reads(alice, trust, trust_shares):
    ShareRead.objects.create(share=trust_shares["old"], user=alice, read_at=timezone.now(), outcome="read")
    assert len(partner_get(actor=alice, organisation_id=trust.pk).reads) == 1


def test_an_analyst_may_not_read_the_register(db, site):
    from tiaki.access.roles import Role
    from tiaki.access.tests.conftest import inducted
    from tiaki.staff.tests.factories import UserFactory

    analyst = inducted(UserFactory(username="analyst", role=Role.ANALYST, site=site))
    before = head()
    with pytest.raises(AccessDenied):
        partner_list(actor=analyst)
    [event] = events_since(before, analyst)
    assert (event.action, event.outcome) == ("partner.read", "refused")


def test_the_recipient_of_an_organisation(trust):
    recipient = recipient_for(trust)
    assert (recipient.kind, recipient.label, recipient.organisation_id) == ("organisation", TRUST, trust.pk)
    assert recipient.address_lines == "PO Box 112\nWhangārei 0140"
    assert recipient.external
