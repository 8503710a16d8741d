"""Enumeration through writes: a service that changes a record named by its
own id (an alert, a relationship, a conference, a note) must answer a missing
id exactly as one out of reach, and audit both, or a script learns which ids
exist by trying to end or correct them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from tiaki.access import AccessDenied
from tiaki.audit.models import AuditEvent
from tiaki.casework import services as casework
from tiaki.people import services as people
from tiaki.people.models import PersonAlert, Relationship
from tiaki.people.tests.factories import PersonNameFactory

pytestmark = pytest.mark.django_db

MISSING = 9_000_000_001


def _outcome(call) -> tuple[str, int]:
    """The kind of refusal a call got, and how many refused events it wrote."""
    before = AuditEvent.objects.filter(outcome="refused").count()
    with pytest.raises((Http404, AccessDenied)) as caught:
        call()
    return type(caught.value).__name__, AuditEvent.objects.filter(outcome="refused").count() - before


@pytest.fixture
def records(alice, case, child):
    alert = people.alert_add(actor=alice, person_id=child.pk, kind=PersonAlert.Kind.values[0], note="",
                             source="Police", review_on=timezone.localdate() + dt.timedelta(days=30))  # fmt: skip
    mother = PersonNameFactory(given_names="Aroha", family_name="Te Whare").person
    relationship = people.relationship_add(actor=alice, person_id=child.pk, other_person_id=mother.pk,
                                           kind=Relationship.Kind.values[0], other_is=True)  # fmt: skip
    fgc = casework.fgc_refer(actor=alice, case_id=case.pk, reason="Whānau want to make a plan")
    note = casework.note_add(actor=alice, case_id=case.pk, kind="phone",
                             occurred_at=timezone.now() - dt.timedelta(hours=1), title="Call",
                             text="Tūī was at kura today.")  # fmt: skip
    return {"alert": alert.pk, "relationship": relationship.pk, "fgc": fgc.pk, "note": note.pk}


WRITES = {
    "alert": lambda actor, pk: people.alert_end(actor=actor, alert_id=pk),
    "relationship": lambda actor, pk: people.relationship_end(
        actor=actor, relationship_id=pk, ended_on=timezone.localdate()
    ),
    "fgc": lambda actor, pk: casework.fgc_record(
        actor=actor, fgc_id=pk, version=1, held_on=timezone.localdate(), attendees="Nan, Tūī", outcome="not_held"
    ),
    "note": lambda actor, pk: casework.note_correct(
        actor=actor, note_id=pk, base_version=1, title="Call", text="Corrected.", reason="Wrong day"
    ),
}


@pytest.mark.parametrize("kind", sorted(WRITES))
def test_it_answers_a_missing_id_as_one_out_of_reach_and_audits_both(kind, records, bob):
    write = WRITES[kind]
    out_of_reach = _outcome(lambda: write(bob, records[kind]))
    missing = _outcome(lambda: write(bob, MISSING))
    assert missing == out_of_reach
    assert out_of_reach[1] == 1


def test_comparing_a_record_with_itself_is_refused_and_audited(alice, child):
    from tiaki.people.selectors.duplicates import person_compare

    assert _outcome(lambda: person_compare(actor=alice, person_a_id=child.pk, person_b_id=child.pk)) == ("Http404", 1)
