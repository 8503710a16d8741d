"""Duplicate review: the scan queues likely pairs (never siblings), the queue
and the side-by-side comparison show a pair only to someone who may read
both records, and a reviewer's "not the same person" sticks."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.http import Http404
from django.utils import timezone

from tiaki.access.tests import conftest as cast
from tiaki.casework.models import Case, CaseParticipant
from tiaki.people import merging
from tiaki.people.models import Address, DuplicateCandidate, Person, PersonAddress, PersonIdentifier, Relationship
from tiaki.people.selectors.duplicates import duplicate_queue, person_compare
from tiaki.people.services.duplicates import _query_for
from tiaki.people.services.match_keys import index_persons
from tiaki.people.tests.test_services_merging import REASON, events_since, head, person

site = cast.site
other_site = cast.other_site
site_manager = cast.site_manager
supervisor = cast.supervisor
alice = cast.alice
bob = cast.bob
charlie = cast.charlie

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(site, alice):
    """A whānau at one address: two records of Tūī (one typed without
    macrons), her twin-like brother Hēmi with the same birth date, and two
    records of Wiremu / William that alice has no case for."""
    home = Address.objects.create(street="12 Kōwhai Street", suburb="Onerahi", city="Whangārei", postcode="0110")
    people = {
        "tui": person("Tūī", "Te Whare"),
        "tui_again": person("Tui", "Tewhare"),
        "hemi": person("Hēmi", "Te Whare"),
        "wiremu": person("Wiremu", "Ngata", date_of_birth=dt.date(2012, 1, 1)),
        "william": person("William", "Ngata", date_of_birth=dt.date(2012, 1, 1)),
    }
    for record in people.values():
        PersonAddress.objects.create(person=record, address=home)
    case = Case.objects.create(kind=Case.Kind.ASSESSMENT, site=site, allocated_worker=alice, opened_at=timezone.now())
    for key in ("tui", "tui_again", "hemi"):
        CaseParticipant.objects.create(case=case, person=people[key])
    index_persons([p.pk for p in people.values()])
    people["case"] = case
    return people


def pairs() -> set[tuple[int, int]]:
    return set(DuplicateCandidate.objects.values_list("person_a_id", "person_b_id"))


def test_it_queues_each_likely_pair_once_and_never_siblings(register):
    tui, again, wiremu, william = (register[k].pk for k in ("tui", "tui_again", "wiremu", "william"))
    seq = head()

    assert merging.duplicates_scan() == 2

    assert pairs() == {(min(tui, again), max(tui, again)), (min(wiremu, william), max(wiremu, william))}
    assert all(c.score >= 0.8 and c.reasons for c in DuplicateCandidate.objects.all())
    scan_events = [e for e in events_since(seq) if e.relationship.startswith("duplicate-scan:")]
    assert [(e.actor_id, e.actor_role) for e in scan_events] == [(None, "system"), (None, "system")]
    assert merging.duplicates_scan() == 0
    assert DuplicateCandidate.objects.count() == 2


def test_it_never_reopens_a_pair_a_reviewer_has_decided(register, alice):
    merging.duplicates_scan(person_ids=[register["tui"].pk])
    candidate = DuplicateCandidate.objects.get()
    merging.duplicate_dismiss(actor=alice, candidate_id=candidate.pk)

    assert merging.duplicates_scan() == 1  # only Wiremu / William is new
    candidate.refresh_from_db()
    assert (candidate.status, candidate.reviewed_by) == (DuplicateCandidate.Status.NOT_DUPLICATE, alice)


def test_it_skips_merged_and_sealed_records(register, alice):
    merging.person_merge(actor=alice, survivor_id=register["tui"].pk, merged_id=register["tui_again"].pk, reason=REASON)
    Person.objects.filter(pk=register["william"].pk).update(sealed=True)
    assert merging.duplicates_scan() == 0
    assert pairs() == set()


def test_it_scans_only_the_persons_asked_and_at_most_the_limit(register):
    assert merging.duplicates_scan(person_ids=[register["hemi"].pk]) == 0
    assert merging.duplicates_scan(limit=1) == 1
    assert merging.duplicates_scan(person_ids=[register["wiremu"].pk]) == 1


def test_a_protected_address_is_not_searched_on(register):
    record = register["hemi"]
    PersonAddress.objects.filter(person=record).update(protected=True)
    PersonIdentifier.objects.create(person=record, kind=PersonIdentifier.Kind.NSN, value="111222333")
    PersonIdentifier.objects.create(person=record, kind=PersonIdentifier.Kind.NHI, value="ZZZ0024")
    query = _query_for(record.pk)
    assert query is not None
    assert (query.address, query.identifier, query.birth_date) == ("", "ZZZ0024", "2015-03-14")


def test_the_command_reports_how_many_pairs_it_queued(register):
    out = StringIO()
    call_command("people_scan_duplicates", stdout=out)
    assert out.getvalue().strip() == "Queued 2 new possible duplicates for review."
    out = StringIO()
    call_command("people_scan_duplicates", "--person", str(register["hemi"].pk), stdout=out)
    assert out.getvalue().strip() == "Queued 0 new possible duplicates for review."


def test_the_queue_shows_only_pairs_the_reader_may_read_both_of(register, alice, bob, charlie):
    merging.duplicates_scan()
    tui, again, hemi = (register[k] for k in ("tui", "tui_again", "hemi"))
    # A weaker pair found later: shown after the stronger one.
    DuplicateCandidate.objects.create(person_a=min(tui, hemi, key=pk), person_b=max(tui, hemi, key=pk), score=0.81)

    seq = head()
    queue = duplicate_queue(actor=alice)
    assert [({p.person_a.id, p.person_b.id}, p.score > 0.9) for p in queue] == [
        ({tui.pk, again.pk}, True),
        ({tui.pk, hemi.pk}, False),
    ]
    assert {queue[0].person_a.display_name, queue[0].person_b.display_name} == {"Tūī Te Whare", "Tui Tewhare"}
    events = events_since(seq)
    assert [(e.actor_id, e.relationship, e.subject_ids) for e in events] == [
        (alice.pk, "list:duplicates", f"[{','.join(str(i) for i in sorted([tui.pk, again.pk, hemi.pk]))}]")
    ]
    for outsider in (bob, charlie):
        seq = head()
        assert duplicate_queue(actor=outsider) == []
        assert [(e.actor_id, e.subject_ids) for e in events_since(seq)] == [(outsider.pk, "[]")]


def test_a_merged_pair_leaves_the_queue(register, alice):
    merging.duplicates_scan()
    merging.person_merge(actor=alice, survivor_id=register["tui"].pk, merged_id=register["tui_again"].pk, reason=REASON)
    assert duplicate_queue(actor=alice) == []


def test_the_comparison_shows_both_records_and_why_they_match(register, alice):
    tui, again = register["tui"], register["tui_again"]
    PersonIdentifier.objects.create(person=again, kind=PersonIdentifier.Kind.NHI, value="ZZZ0016")
    seq = head()

    compared = person_compare(actor=alice, person_a_id=tui.pk, person_b_id=again.pk)

    assert (compared.left.display_name, compared.right.display_name) == ("Tūī Te Whare", "Tui Tewhare")
    assert [i.value for i in compared.right.identifiers] == ["ZZZ0016"]
    assert [a.text for a in compared.left.addresses] == ["12 Kōwhai Street, Onerahi, Whangārei, 0110"]
    assert {r.person_id for r in compared.left.relationships} == set()
    assert compared.score is not None
    assert compared.score >= 0.8
    assert "same birth date" in compared.reasons
    relationship = f"allocated-case:{register['case'].pk}"
    assert [(e.action, e.subject_ids, e.relationship) for e in events_since(seq)] == [
        ("person.read", f"[{tui.pk}]", relationship),
        ("person.read", f"[{again.pk}]", relationship),
    ]


@pytest.mark.parametrize("actor_name", ["bob", "charlie"])
def test_the_comparison_is_a_404_for_a_colleague_and_an_outsider(register, actor_name, request):
    actor = request.getfixturevalue(actor_name)
    seq = head()
    with pytest.raises(Http404):
        person_compare(actor=actor, person_a_id=register["tui"].pk, person_b_id=register["tui_again"].pk)
    assert [(e.actor_id, e.outcome, e.reason) for e in events_since(seq)] == [(actor.pk, "refused", "no_relationship")]


def test_the_comparison_is_a_404_when_one_record_is_out_of_reach(register, alice):
    seq = head()
    with pytest.raises(Http404):
        person_compare(actor=alice, person_a_id=register["tui"].pk, person_b_id=register["william"].pk)
    assert [(e.outcome, e.subject_ids) for e in events_since(seq)] == [("refused", f"[{register['william'].pk}]")]


def test_the_comparison_lists_what_an_earlier_merge_kept_apart(register, alice):
    tui, again, hemi = (register[k] for k in ("tui", "tui_again", "hemi"))
    Relationship.objects.create(from_person=tui, to_person=hemi, kind=Relationship.Kind.SIBLING)
    Relationship.objects.create(from_person=again, to_person=hemi, kind=Relationship.Kind.SIBLING)
    merge = merging.person_merge(actor=alice, survivor_id=tui.pk, merged_id=again.pk, reason=REASON)

    compared = person_compare(actor=alice, person_a_id=tui.pk, person_b_id=hemi.pk)

    assert [(m.person_id, m.merge_id) for m in compared.left_merged] == [(again.pk, merge.pk)]
    assert [(k.model, k.field) for k in compared.left_merged[0].kept] == [
        ("case participant", "person"),
        ("relationship", "from_person"),
    ]
    assert compared.right_merged == []


def test_dismissing_needs_reach_to_both_and_is_audited(register, alice, bob):
    merging.duplicates_scan()
    candidate = DuplicateCandidate.objects.get(person_a__in=[register["tui"], register["tui_again"]])
    seq = head()
    with pytest.raises(Http404):
        merging.duplicate_dismiss(actor=bob, candidate_id=candidate.pk)
    merging.duplicate_dismiss(actor=alice, candidate_id=candidate.pk)
    with pytest.raises(merging.MergeError, match="already been reviewed"):
        merging.duplicate_dismiss(actor=alice, candidate_id=candidate.pk)
    assert [(e.actor_id, e.outcome, e.reason, e.relationship) for e in events_since(seq)] == [
        (bob.pk, "refused", "no_relationship", ""),
        (alice.pk, "allowed", "", f"not-duplicate:{candidate.pk}"),
        (alice.pk, "refused", "already_reviewed", f"not-duplicate:{candidate.pk}"),
    ]
    assert duplicate_queue(actor=alice) == []


def pk(record: Person) -> int:
    return record.pk
