"""Fixtures of subject access, shared by its three parts (requests, review,
pack): two privacy officers, a care leaver with her history, and her
request, recorded and verified through the services.

- ``privacy_officer`` (tiaki.access.tests.conftest: username "privacy") handles
  the request and reviews it; ``privacy_lead`` Hana Rēweti is the second
  privacy officer who approves a stage;
- ``care_leaver`` Manaia Te Rangi, 19 (born 19 years and about two months
  before today, NZ date): entered care at 9 on alice's transition case, lived
  with the Tipene whānau (kin), then at Parata Family Home until she left
  care at 18; a report of concern about her made by a neighbour
  (``NOTIFIER`` Mereana Notifier-Synthetic: her name and phone are never in
  a pack), and a case note about her; each with its chronology entry;
- ``access_request``: her request, received five days ago, identity checked
  by a worker who knows her, reviewer ``privacy_officer``.

The history is written straight to the tables with dates years ago (other
domains' services refuse notes dated more than five years back)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.care.models import CareEpisode, CaregiverHousehold, Placement
from tiaki.casework.models import Case, CaseNote, CaseNoteVersion, CaseParticipant, NoteSubject
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.services import chronology_add
from tiaki.intake.models import ReportOfConcern, ReportPerson
from tiaki.people.models import Address
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.tests.factories import UserFactory

__all__ = [
    "CARE_LEAVER",
    "NOTE_TEXT",
    "NOTIFIER",
    "NOTIFIER_PHONE",
    "REPORT_TEXT",
    "access_request",
    "care_leaver",
    "privacy_lead",
]

NZ = ZoneInfo("Pacific/Auckland")
CARE_LEAVER = "Manaia Te Rangi"
NOTIFIER = "Mereana Notifier-Synthetic"
NOTIFIER_PHONE = "021 555 0199"
REPORT_TEXT = "A neighbour rang: Manaia, 9, was left alone overnight again and had no food in the house."
NOTE_TEXT = "Visited Manaia at the Tipene whānau's home. She showed me her room and said she feels safe."


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=NZ)


def _birth_date(today: dt.date) -> dt.date:
    """Nineteen: 19 years and about two months before ``today``."""
    return today.replace(year=today.year - 19, day=1) - dt.timedelta(days=60)


@pytest.fixture
def privacy_lead(site):
    """The second privacy officer: approves what the first prepared."""
    return inducted(UserFactory(username="privacy-lead", first_name="Hana", last_name="Rēweti",
                                role=Role.PRIVACY_OFFICER, site=site))  # fmt: skip


@pytest.fixture
def care_leaver(db, site, alice):
    """Manaia Te Rangi, 19, care-experienced, with her history (see the module)."""
    today = timezone.localdate()
    born = _birth_date(today)
    person = PersonNameFactory(given_names="Manaia", family_name="Te Rangi", person__date_of_birth=born).person
    entered = dt.date(born.year + 9, 5, 12)
    moved = dt.date(born.year + 13, 2, 3)
    left = dt.date(born.year + 18, born.month, born.day)
    case = Case.objects.create(kind=Case.Kind.TRANSITION, site=site, allocated_worker=alice, opened_at=_at(entered, 9))
    CaseParticipant.objects.create(case=case, person=person)
    report = ReportOfConcern.objects.create(
        reference="R-SAR-0001", site=site, received_at=_at(entered, 8), narrative=REPORT_TEXT,
        notifier_name=NOTIFIER, notifier_contact=NOTIFIER_PHONE, notifier_relationship="Neighbour",
    )  # fmt: skip
    ReportPerson.objects.create(report=report, person=person)
    episode = CareEpisode.objects.create(
        child=person, case=case, entered_on=entered, legal_basis=CareEpisode.LegalBasis.S78,
        reasons_text="Left alone without food; no one to care for her.", living_with=CareEpisode.LivingWith.ONE_PARENT,
        left_on=left, leaving_reason=CareEpisode.LeavingReason.AGED_OUT, left_to="Her own flat in Ōtautahi",
        recorded_by=alice, recorded_at=_at(entered), left_recorded_by=alice, left_recorded_at=_at(left),
    )  # fmt: skip
    place = Address.objects.create(street="22 Harakeke Street", suburb="Riccarton", city="Ōtautahi", postcode="8011")
    tipene = CaregiverHousehold.objects.create(
        name="Tipene whānau", kind=CaregiverHousehold.Kind.KIN, status=CaregiverHousehold.Status.APPROVED, site=site,
        address=place, capacity=2, enquiry_on=entered, approved_on=entered, approved_by=alice, created_by=alice,
        created_at=_at(entered), social_worker=alice,
    )  # fmt: skip
    first = Placement.objects.create(
        episode=episode, child=person, kind=Placement.Kind.KIN, household=tipene, started_on=entered, ended_on=moved,
        end_reason=Placement.EndReason.CAREGIVER_REQUEST, location=place, recorded_by=alice, recorded_at=_at(entered),
    )  # fmt: skip
    second = Placement.objects.create(
        episode=episode, child=person, kind=Placement.Kind.FAMILY_HOME, provider_name="Parata Family Home",
        started_on=moved, ended_on=left, end_reason=Placement.EndReason.LEFT_CARE, recorded_by=alice,
        recorded_at=_at(moved),
    )  # fmt: skip
    visited = _at(entered + dt.timedelta(days=20), 15)
    note = CaseNote.objects.create(case=case, kind=CaseNote.Kind.VISIT, occurred_at=visited, recorded_at=visited,
                                   recorded_by=alice, child_seen=True)  # fmt: skip
    CaseNoteVersion.objects.create(note=note, number=1, title="Home visit", text=NOTE_TEXT, written_by=alice,
                                   written_at=visited)  # fmt: skip
    NoteSubject.objects.create(note=note, person=person)
    kinds = ChronologyEntry.Kind
    for kind, when, source, title, summary, extra in (
        (kinds.REPORT, _at(entered, 8), report.pk, "Report of concern", REPORT_TEXT, {"report_id": report.pk}),
        (kinds.CARE, _at(entered), episode.pk, "Entered care (s78)", "Left alone without food.", {}),
        (kinds.PLACEMENT, _at(entered, 11), first.pk, "Placed with the Tipene whānau", "", {}),
        (kinds.NOTE, visited, note.pk, "Visit: Home visit", NOTE_TEXT, {}),
        (kinds.PLACEMENT, _at(moved), second.pk, "Moved to Parata Family Home", "", {}),
        (kinds.CARE, _at(left), episode.pk, "Left care", "Moved to her own flat.", {}),
    ):
        chronology_add(person_ids=[person.pk], kind=kind, occurred_at=when, title=title, source_id=source,
                       summary=summary, case_id=case.pk, **extra)  # fmt: skip
    return SimpleNamespace(
        person=person, case=case, report=report, episode=episode, placements=[first, second], note=note,
        worker=alice, born=born,
    )  # fmt: skip


@pytest.fixture
def access_request(care_leaver, privacy_officer):
    """Manaia's request for her records, received five days ago (NZ date),
    identity verified, reviewer ``privacy_officer``: through the services."""
    from tiaki.disclosure.services.subject_access.requests import access_request_create, access_request_verify

    request = access_request_create(
        actor=privacy_officer, person_id=care_leaver.person.pk, requester_kind="care_experienced",
        asked_for="Everything you hold about me from when I was in care.", preferred_format="Email, as a PDF",
        received_on=timezone.localdate() - dt.timedelta(days=5), support_person="Aroha from VOYCE Whakarongo Mai",
    )  # fmt: skip
    return access_request_verify(
        actor=privacy_officer, request_id=request.pk, method="known_worker",
        note="Her transition worker confirmed who she is.", version=request.version,
    )  # fmt: skip
