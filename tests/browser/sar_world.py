"""The subject access journey's world (tests/browser/test_subject_access_journey.py):
Manaia Te Rangi, a 19-year-old care leaver (synthetic), with the history a
pack is made of, and the second privacy officer who approves her stage.

- born 19 years and about two months before today (NZ date), in care from 9
  to 18 on the demo social worker's transition case (an s78 order), placed
  with the Tipene whānau (caregiver Hōne Tipene) and then at Parata Family
  Home;
- a report of concern about her made by a neighbour, ``NOTIFIER`` (her name
  and phone are never in the pack), and a case note about her visit that
  names ``COUSIN``, someone else, whom the reviewer withholds;
- each with its chronology entry.

Written straight to the tables with dates years ago (other domains'
services refuse records dated more than five years back)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.utils import timezone

from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.care.models import CareEpisode, CaregiverHousehold, HouseholdMember, Placement
from tiaki.casework.models import Case, CaseNote, CaseNoteVersion, CaseParticipant, NoteSubject
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.services import chronology_add
from tiaki.demo.accounts import DEMO_PASSWORD
from tiaki.intake.models import ReportOfConcern, ReportPerson
from tiaki.people.models import Address
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import User
from tiaki.staff.tests.factories import UserFactory

NZ = ZoneInfo("Pacific/Auckland")
NOTIFIER = "Mereana Notifier-Synthetic"
NOTIFIER_PHONE = "021 555 0199"
COUSIN = "Kahu Brown-Synthetic"
NOTE_TEXT = (
    f"Visited Manaia at the Tipene whānau's home. Her cousin {COUSIN} was there and talked about his own "
    "court case. Manaia showed me her room and said she feels safe."
)
REPORT_TEXT = "A neighbour rang: Manaia, 9, was left alone overnight again and had no food in the house."


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=NZ)


def second_privacy_officer(site) -> User:
    """Someone other than the reviewer to approve: the demo's second privacy
    officer when the demo has one, else one made here with the demo password."""
    found = User.objects.filter(username="demo-privacy-lead").first()
    if found is not None:
        return found
    return inducted(UserFactory(username="demo-privacy-lead", first_name="Hana", last_name="Rēweti",
                                role=Role.PRIVACY_OFFICER, site=site, password=DEMO_PASSWORD))  # fmt: skip


def care_leaver(worker: User) -> SimpleNamespace:
    today = timezone.localdate()
    born = today.replace(year=today.year - 19, day=1) - dt.timedelta(days=60)
    person = PersonNameFactory(given_names="Manaia", family_name="Te Rangi", person__date_of_birth=born).person
    entered = dt.date(born.year + 9, 5, 12)
    moved = dt.date(born.year + 13, 2, 3)
    left = dt.date(born.year + 18, born.month, born.day)
    site = worker.site
    case = Case.objects.create(kind=Case.Kind.TRANSITION, site=site, allocated_worker=worker,
                               opened_at=_at(entered, 9), opened_by=worker)  # fmt: skip
    CaseParticipant.objects.create(case=case, person=person, role=CaseParticipant.Role.CHILD)
    report = ReportOfConcern.objects.create(
        reference="R-SAR-JRNY", site=site, received_at=_at(entered, 8), narrative=REPORT_TEXT,
        notifier_name=NOTIFIER, notifier_contact=NOTIFIER_PHONE, notifier_relationship="Neighbour",
    )  # fmt: skip
    ReportPerson.objects.create(report=report, person=person)
    episode = CareEpisode.objects.create(
        child=person, case=case, entered_on=entered, legal_basis=CareEpisode.LegalBasis.S78,
        reasons_text="Left alone without food; no one to care for her.", living_with=CareEpisode.LivingWith.ONE_PARENT,
        left_on=left, leaving_reason=CareEpisode.LeavingReason.AGED_OUT, left_to="Her own flat in Ōtautahi",
        recorded_by=worker, recorded_at=_at(entered), left_recorded_by=worker, left_recorded_at=_at(left),
    )  # fmt: skip
    place = Address.objects.create(street="22 Harakeke Street", suburb="Riccarton", city="Ōtautahi", postcode="8011")
    tipene = CaregiverHousehold.objects.create(
        name="Tipene whānau", kind=CaregiverHousehold.Kind.KIN, status=CaregiverHousehold.Status.APPROVED, site=site,
        address=place, capacity=2, enquiry_on=entered, approved_on=entered, approved_by=worker, created_by=worker,
        created_at=_at(entered), social_worker=worker,
    )  # fmt: skip
    caregiver = PersonNameFactory(given_names="Hōne", family_name="Tipene", person__date_of_birth=dt.date(1970, 4, 2))
    HouseholdMember.objects.create(household=tipene, person=caregiver.person, role=HouseholdMember.Role.CAREGIVER,
                                   joined_on=entered)  # fmt: skip
    first = Placement.objects.create(
        episode=episode, child=person, kind=Placement.Kind.KIN, household=tipene, started_on=entered, ended_on=moved,
        end_reason=Placement.EndReason.CAREGIVER_REQUEST, location=place, recorded_by=worker, recorded_at=_at(entered),
    )  # fmt: skip
    second = Placement.objects.create(
        episode=episode, child=person, kind=Placement.Kind.FAMILY_HOME, provider_name="Parata Family Home",
        started_on=moved, ended_on=left, end_reason=Placement.EndReason.LEFT_CARE, recorded_by=worker,
        recorded_at=_at(moved),
    )  # fmt: skip
    visited = _at(entered + dt.timedelta(days=20), 15)
    note = CaseNote.objects.create(case=case, kind=CaseNote.Kind.VISIT, occurred_at=visited, recorded_at=visited,
                                   recorded_by=worker, child_seen=True)  # fmt: skip
    CaseNoteVersion.objects.create(note=note, number=1, title="Home visit", text=NOTE_TEXT, written_by=worker,
                                   written_at=visited)  # fmt: skip
    NoteSubject.objects.create(note=note, person=person)
    kinds = ChronologyEntry.Kind
    for kind, when, source, title, summary, extra in (
        (kinds.REPORT, _at(entered, 8), report.pk, "Report of concern", REPORT_TEXT, {"report_id": report.pk}),
        (kinds.CARE, _at(entered), episode.pk, "Entered care (s78)", "Left alone without food.", {}),
        (kinds.PLACEMENT, _at(entered, 11), first.pk, "Placed with the Tipene whānau", "", {}),
        (kinds.NOTE, visited, note.pk, "Visit: Home visit", "Manaia said she feels safe.", {}),
        (kinds.CASE, _at(entered + dt.timedelta(days=30)), case.pk, "Plan agreed at an FGC", "With her whānau.", {}),
        (kinds.PLACEMENT, _at(moved), second.pk, "Moved to Parata Family Home", "", {}),
        (kinds.CARE, _at(left), episode.pk, "Left care", "Moved to her own flat.", {}),
    ):
        chronology_add(person_ids=[person.pk], kind=kind, occurred_at=when, title=title, source_id=source,
                       summary=summary, case_id=case.pk, **extra)  # fmt: skip
    return SimpleNamespace(person=person, case=case, report=report, note=note, born=born, visited=visited)
