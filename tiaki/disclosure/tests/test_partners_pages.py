"""The partner register's pages: the list (overdue said in words), adding
and changing an organisation (a stale save keeps what was typed), one
organisation's sections, recording a disposal, and who may open them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.disclosure.models import DisposalConfirmation, PartnerOrganisation
from tiaki.disclosure.tests.partners_fixtures import TRUST
from tiaki.web.tests.dates import date_parts

pytestmark = pytest.mark.django_db


def form_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": TRUST, "kind": "ngo", "status": "active", "agreement_reference": "AGR-2026-014",
        **date_parts("agreement_start", dt.date(2026, 1, 1)), "may_receive": ["about_me", "appointment"],
        "retention_days": "90", "postal_address": "PO Box 112\nWhangārei 0140", "email": "",
    }  # fmt: skip
    data.update(changes)
    return data


def test_a_privacy_officer_adds_an_organisation(client, privacy_officer):
    client.force_login(privacy_officer)
    assert client.get("/partners/new/").status_code == 200
    response = client.post("/partners/new/", form_data())
    organisation = PartnerOrganisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/partners/{organisation.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert TRUST in page
    assert "About me, Appointment" in page
    assert "Not: Plan summary, Contact" in page
    assert "It has not confirmed any disposal yet." in page


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"agreement_reference": ""}, "Enter the agreement&#x27;s reference."),
        ({**date_parts("agreement_end", dt.date(2025, 6, 1))}, "The agreement cannot end before it starts."),
        ({"retention_days": "0"}, "at least 1"),
        ({"may_receive": ["case_notes"]}, "Select a valid choice"),
    ],
)
def test_bad_input_is_shown_with_the_field(client, site_manager, changes, words):
    client.force_login(site_manager)
    response = client.post("/partners/new/", form_data(**changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert words in page
    assert not PartnerOrganisation.objects.exists()


def test_a_stale_change_is_refused_and_what_was_typed_is_kept(client, privacy_officer, trust):
    client.force_login(privacy_officer)
    assert client.get(f"/partners/{trust.pk}/edit/").status_code == 200
    first = client.post(f"/partners/{trust.pk}/edit/", form_data(version="1", retention_days="120"))
    assert first.status_code == 302
    stale = client.post(f"/partners/{trust.pk}/edit/", form_data(version="1", agreement_reference="AGR-NEW-77"))
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Someone else changed this organisation" in page
    assert 'value="AGR-NEW-77"' in page
    trust.refresh_from_db()
    assert (trust.retention_days, trust.agreement_reference) == (120, "AGR-2026-014")


def test_the_list_says_overdue_in_words(client, alice, trust, trust_shares):
    client.force_login(alice)
    page = client.get("/partners/").content.decode()
    assert TRUST in page
    assert "Disposal overdue" in page
    assert "1 organisation has not confirmed disposal" in page
    assert "Add a partner organisation" not in page
    assert client.get("/partners/?overdue=on&status=suspended").content.decode().count(TRUST) == 0


def test_the_detail_counts_what_it_holds_and_lists_reads_without_contents(client, alice, trust, trust_shares):
    client.force_login(alice)
    page = client.get(f"/partners/{trust.pk}/").content.decode()
    assert "Disposal overdue: information it received was due for disposal" in page
    assert "Hine Walker" in page
    assert f"Share {trust_shares['current'].pk}" in page
    assert "Support at kura" not in page  # a share's purpose is the child's record, not the register's
    assert "Change the organisation" not in page


def test_a_disposal_is_recorded_from_its_page(client, privacy_officer, trust, trust_shares):
    client.force_login(privacy_officer)
    url = f"/partners/{trust.pk}/disposals/new/"
    today = timezone.localdate()
    assert client.get(url).status_code == 200
    bad = client.post(url, {**date_parts("confirmed_on", today - dt.timedelta(days=2)),
                            **date_parts("covers_up_to", today), "confirmed_by_name": "Mere Hohaia"})  # fmt: skip
    assert bad.status_code == 400
    assert "A disposal cannot cover information received after the date it was confirmed." in bad.content.decode()
    good = client.post(url, {**date_parts("confirmed_on", today), **date_parts("covers_up_to", today),
                             "confirmed_by_name": "Mere Hohaia"})  # fmt: skip
    assert good.status_code == 302
    assert DisposalConfirmation.objects.get().confirmed_by_name == "Mere Hohaia"
    page = client.get(f"/partners/{trust.pk}/").content.decode()
    assert "Disposal overdue" not in page
    assert "Mere Hohaia" in page


def test_a_social_worker_may_not_change_the_register(client, alice, trust):
    client.force_login(alice)
    assert client.get("/partners/new/").status_code == 403
    assert client.get(f"/partners/{trust.pk}/edit/").status_code == 403
    assert client.get(f"/partners/{trust.pk}/disposals/new/").status_code == 403


def test_an_organisation_not_on_the_register_is_not_found(client, privacy_officer):
    client.force_login(privacy_officer)
    assert client.get("/partners/999999/").status_code == 404


def test_the_privacy_officer_is_offered_the_register_in_the_top_bar(client, privacy_officer, trust):
    client.force_login(privacy_officer)
    page = client.get(f"/partners/{trust.pk}/").content.decode()
    assert 'href="/partners/" aria-current="true"' in page
