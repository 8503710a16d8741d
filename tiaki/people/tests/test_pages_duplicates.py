"""Duplicate review through the pages: compare, merge, undo, dismiss."""

from __future__ import annotations

import pytest

from tiaki.casework.models import CaseParticipant
from tiaki.people.models import DuplicateCandidate, Person, PersonIdentifier
from tiaki.people.tests.factories import PersonNameFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def twin_record(case, child):
    """A second record of the same child, in alice's case too."""
    other = PersonNameFactory(
        given_names="Tui", family_name="Tewhare", person__date_of_birth=child.date_of_birth
    ).person
    CaseParticipant.objects.create(case=case, person=other)
    PersonIdentifier.objects.create(person=other, kind="nhi", value="ZAA1004")
    return other


def test_a_worker_merges_two_records_and_undoes_it(client, alice, child, twin_record):
    client.force_login(alice)
    url = f"/people/compare/{child.pk}/{twin_record.pk}/"
    page = client.get(url).content.decode()
    assert "Are these the same person?" in page
    assert "ZAA1004" in page
    refused = client.post(url, {"form": "merge", "keep": "left"})
    assert refused.status_code == 400
    assert "Say why you are sure" in refused.content.decode()
    merged = client.post(url, {"form": "merge", "keep": "left", "reason": "Same NHI; caller misspelt the name"})
    assert merged.status_code == 302
    twin_record.refresh_from_db()
    assert twin_record.merged_into_id == child.pk
    person_page = client.get(f"/people/{child.pk}/").content.decode()
    assert "ZAA1004" in person_page
    assert f"Person {twin_record.pk} was merged into this record" in person_page
    after = client.get(merged["Location"]).content.decode()
    merge_id = after.split('name="form" value="undo-')[1].split('"')[0]
    undone = client.post(merged["Location"], {"form": f"undo-{merge_id}", "reason": "Different children after all"})
    assert undone.status_code == 302
    twin_record.refresh_from_db()
    assert twin_record.merged_into_id is None
    assert PersonIdentifier.objects.get(value="ZAA1004").person_id == twin_record.pk


def test_a_pair_can_be_marked_different_people(client, alice, child, twin_record):
    candidate = DuplicateCandidate.objects.create(
        person_a_id=min(child.pk, twin_record.pk), person_b_id=max(child.pk, twin_record.pk), score=0.9, reasons=["x"]
    )
    client.force_login(alice)
    queue = client.get("/people/duplicates/").content.decode()
    assert f"/people/compare/{candidate.person_a_id}/{candidate.person_b_id}/" in queue
    client.post(f"/people/compare/{child.pk}/{twin_record.pk}/", {"form": "dismiss", "candidate": candidate.pk})
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.NOT_DUPLICATE
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def test_someone_without_reach_to_both_cannot_compare(client, bob, child, twin_record):
    client.force_login(bob)
    assert client.get(f"/people/compare/{child.pk}/{twin_record.pk}/").status_code == 404
