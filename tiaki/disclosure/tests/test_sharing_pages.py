"""The sharing pages: the worker's Sharing page (the form, what it refuses
and what the guard stops, the reads shown, withdrawing), and the
caregiver's "Shared with you" pages (what is current, reading one, refused
in words once it ended, someone else's a 404)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tiaki.disclosure.models import Share, ShareRead
from tiaki.disclosure.selectors import guard
from tiaki.disclosure.tests.conftest_sharing import NOT_SHAREABLE, ROUTINE, expire

pytestmark = pytest.mark.django_db(transaction=True)


def form_data(world, **changes) -> dict:
    later = timezone.localdate() + dt.timedelta(days=30)
    today = timezone.localdate()
    data = {
        "items": ["about_me:1", "about_me:2"], "recipient": f"household:{world.household.pk}",
        "purpose": "So Rangi knows her routines.", "consent": "young_person",
        "consent_on_day": today.day, "consent_on_month": today.month, "consent_on_year": today.year,
        "expires_on_day": later.day, "expires_on_month": later.month, "expires_on_year": later.year,
    }  # fmt: skip
    data.update(changes)
    return data


@pytest.fixture
def worker(client, alice):
    client.force_login(alice)
    return client


def test_the_sharing_page_shows_exactly_what_would_be_shared(sharing, worker):
    page = worker.get(reverse("web:child-sharing", args=[sharing.child.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert ROUTINE in html
    assert NOT_SHAREABLE not in html
    assert "Kingi whānau" in html


def test_a_worker_shares_and_the_caregiver_reads_until_it_ends(sharing, worker, client, caregiver_user):
    answer = worker.post(reverse("web:child-sharing", args=[sharing.child.pk]), form_data(sharing))
    assert answer.status_code == 302
    made = Share.objects.get()
    client.force_login(caregiver_user)
    home = client.get(reverse("web:home")).content.decode()
    assert reverse("web:shares-mine") in home
    listed = client.get(reverse("web:shares-mine")).content.decode()
    assert reverse("web:share-read", args=[made.pk]) in listed
    page = client.get(reverse("web:share-read", args=[made.pk]))
    assert page.status_code == 200
    assert ROUTINE in page.content.decode()
    expire(made.pk)
    page = client.get(reverse("web:share-read", args=[made.pk]))
    assert page.status_code == 410
    assert "Ask the child&#x27;s social worker if you still need it." in page.content.decode()
    assert ROUTINE not in page.content.decode()
    assert list(ShareRead.objects.order_by("pk").values_list("outcome", flat=True)) == ["read", "expired"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"purpose": ""}, "Enter why you are sharing it."),
        ({"consent": "none"}, "Without consent, enter why you are sharing anyway."),
        ({"expires_on_year": "2020"}, "The last day it can be read must be today or later."),
        ({"items": []}, "Choose at least one thing to share."),
    ],
)
def test_bad_input_is_shown_and_nothing_is_shared(sharing, worker, changes, message):
    page = worker.post(reverse("web:child-sharing", args=[sharing.child.pk]), form_data(sharing, **changes))
    assert page.status_code == 400
    assert message.replace("'", "&#x27;") in page.content.decode()
    assert not Share.objects.exists()


def test_what_the_guard_stops_is_shown_to_the_worker(sharing, worker, monkeypatch):
    finding = guard.Finding(rule="placement_location", item_key="about_me:1", item_label="Sleep and bedtime",
                            about_person=sharing.child.pk, protected_from=None, overridable=True,
                            words="Remove where the child lives: the household may not know.")  # fmt: skip
    monkeypatch.setattr(guard, "check", lambda artefact, recipient, **_: [finding])
    page = worker.post(reverse("web:child-sharing", args=[sharing.child.pk]), form_data(sharing))
    assert page.status_code == 409
    assert "Remove where the child lives" in page.content.decode()
    assert not Share.objects.exists()


def test_the_worker_sees_the_reads_and_withdraws_the_share(sharing, worker, client, caregiver_user):
    worker.post(reverse("web:child-sharing", args=[sharing.child.pk]), form_data(sharing))
    made = Share.objects.get()
    from tiaki.disclosure.services.sharing import read_share

    read_share(actor=caregiver_user, share_id=made.pk)
    page = worker.get(reverse("web:child-sharing", args=[sharing.child.pk])).content.decode()
    assert "Rangi Kingi" in page
    assert "Read" in page
    answer = worker.post(reverse("web:share-revoke", args=[made.pk]), {"reason": "Moved.", "child": sharing.child.pk})
    assert answer.status_code == 302
    assert Share.objects.get().revoked_at is not None


def test_someone_elses_share_is_not_found(sharing, worker, client, partner_user):
    worker.post(reverse("web:child-sharing", args=[sharing.child.pk]), form_data(sharing))
    made = Share.objects.get()
    client.force_login(partner_user)
    assert client.get(reverse("web:share-read", args=[made.pk])).status_code == 404
    assert client.get(reverse("web:share-read", args=[made.pk + 99])).status_code == 404


def test_a_worker_off_the_team_cannot_open_the_childs_sharing_page(sharing, client, charlie):
    client.force_login(charlie)
    assert client.get(reverse("web:child-sharing", args=[sharing.child.pk])).status_code == 404
