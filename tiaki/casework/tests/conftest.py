"""The casework tests' cast, shared with the access tests (healthchecks'
alice/bob/charlie):

- alice: the social worker allocated to the child's open case;
- bob: a colleague at the same site with no relationship to the child;
- charlie: an outsider, a social worker at another site;
plus alice's supervisor and the site manager above them.

Audit tables survive flushes, so tests compare events after the chain
head's ``last_seq`` taken before the call (``head()``), never absolute counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest
from django.utils import timezone

from tiaki.access.tests.conftest import (  # noqa: F401
    alice,
    bob,
    case,
    charlie,
    child,
    other_site,
    privacy_officer,
    site,
    site_manager,
    supervisor,
)
from tiaki.audit.models import AuditChainHead, AuditEvent
from tiaki.casework import services
from tiaki.casework.models import Case, CaseNote, CaseParticipant
from tiaki.intake.models import ReportOfConcern
from tiaki.intake.services import (
    ConcernInput,
    ReportInput,
    ReportPersonInput,
    report_allocate,
    report_record,
    triage_decide,
)
from tiaki.people.models import Person
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import User


def head() -> int:
    """The audit chain's last position: events after it are this test's."""
    return AuditChainHead.objects.get(pk=1).last_seq


def events_since(seq: int, user: User | None = None, **filters: object) -> list[AuditEvent]:
    if user is not None:
        filters["actor_id"] = user.pk
    return list(AuditEvent.objects.filter(seq__gt=seq, **filters).order_by("seq"))


def person(given: str, family: str = "Te Whare", **fields: object) -> Person:
    return PersonNameFactory(given_names=given, family_name=family, **fields).person


def add_child(on_case: Case, given: str = "Rawiri") -> Person:
    sibling = person(given)
    CaseParticipant.objects.create(case=on_case, person=sibling, role=CaseParticipant.Role.CHILD)
    return sibling


def add_note(actor: User, on_case: Case, *, ago: dt.timedelta = dt.timedelta(hours=1), **fields: object) -> CaseNote:
    values: dict[str, object] = {
        "kind": CaseNote.Kind.PHONE,
        "occurred_at": timezone.now() - ago,
        "title": "Call with kura",
        "text": "The teacher says Tūī has been at school every day this week.",
    }
    values.update(fields)
    return services.note_add(actor=actor, case_id=on_case.pk, **values)  # type: ignore[arg-type]


@pytest.fixture
def adult(db) -> Person:
    return person("Hēmi", person__gender=Person.Gender.MALE, person__date_of_birth=dt.date(1988, 5, 2))


def make_report(
    recorder: User, children: Sequence[Person], adults: Sequence[Person] = (), notifier: str = "Ms Ruth Kingi"
) -> ReportOfConcern:
    """A report about ``children`` and ``adults``, recorded by ``recorder``."""
    persons = [ReportPersonInput(p.pk, "child") for p in children] + [ReportPersonInput(p.pk, "adult") for p in adults]
    data = ReportInput(
        site_id=recorder.site_id, persons=persons, concerns=[ConcernInput("neglect", "No food in the house")],
        narrative="The teacher rang: the child arrives hungry most days.", notifier_name=notifier,
        notifier_relationship="teacher",
    )  # fmt: skip
    return report_record(actor=recorder, data=data)


def allocated_report(
    leader: User, worker: User, children: Sequence[Person], adults: Sequence[Person] = ()
) -> ReportOfConcern:
    """A report recorded and decided as an assessment by ``leader`` (a
    supervisor) and allocated to ``worker``."""
    report = make_report(leader, children, adults)
    triage_decide(actor=leader, report_id=report.pk, outcome="assessment", reasons="Needs a visit.",
                  timeframe_code="urgent")  # fmt: skip
    report_allocate(actor=leader, report_id=report.pk, worker_id=worker.pk)
    report.refresh_from_db()
    return report
