"""The demo's subject access set-up (issue 16): a care leaver's request for
her records, for the privacy officers to work on.

- Ataahua Rēhana Pōtae, 19 (synthetic), came into care at 9 under a
  without-notice order (s78) after a neighbour's report, lived with a kin
  caregiver household and then a family home, and left care at 18; her
  history (the report, the episode, two placements, a visit note, a closed
  transition case, the chronology) is written as rows, the demo generator's
  way: the services refuse events dated years back.
- Her request for everything Tiaki holds about her, received a few working
  days ago, is recorded and her identity verified THROUGH THE SERVICES by
  ``demo-privacy-officer`` (so the register, its clock and the audit trail
  are true), who is its reviewer and has prepared its first stage (where
  she lived and why she came into care) for ``demo-privacy-lead``, the
  second privacy officer, to approve; the rest waits in the workspace.

Once only: a second run finds her request and adds nothing."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from tiaki.care.models import CareEpisode, CaregiverHousehold, Placement
from tiaki.casework.models import Case, CaseNote, CaseNoteVersion, CaseParticipant, NoteSubject
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.services import chronology_add
from tiaki.disclosure.models import SubjectAccessRequest
from tiaki.disclosure.services.subject_access.requests import access_request_create, access_request_verify
from tiaki.disclosure.services.subject_access.review import redactions_mark_automatic, stage_prepare
from tiaki.intake.models import ReportOfConcern, ReportPerson
from tiaki.people.models import Address, Person, PersonName
from tiaki.staff.models import User
from tiaki.timeframes.working_days import is_working_day

NZ = ZoneInfo("Pacific/Auckland")
GIVEN, FAMILY = "Ataahua", "Rēhana Pōtae"
#: The neighbour who told us (synthetic): never in what she receives.
NOTIFIER = "Mereana Notifier-Synthetic"


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=NZ)


def working_days_before(day: dt.date, count: int) -> dt.date:
    """The date ``count`` working days before ``day``."""
    while count:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def _history(worker: User, today: dt.date) -> Person:
    born = today.replace(year=today.year - 19, day=1) - dt.timedelta(days=75)
    person = Person.objects.create(date_of_birth=born, gender=Person.Gender.FEMALE)
    PersonName.objects.create(person=person, given_names=GIVEN, family_name=FAMILY, is_primary=True, source="demo")
    entered, moved = dt.date(born.year + 9, 6, 16), dt.date(born.year + 13, 3, 2)
    left = dt.date(born.year + 18, born.month, born.day)
    site = worker.site
    assert site is not None
    case = Case.objects.create(
        kind=Case.Kind.TRANSITION, site=site, allocated_worker=worker, opened_at=_at(entered, 9),
        status=Case.Status.CLOSED, closed_at=_at(left + dt.timedelta(days=90)),
        closure_reason=Case.ClosureReason.AGED_OUT, closure_summary="Transition support ended; she is flatting.",
    )  # fmt: skip
    CaseParticipant.objects.create(case=case, person=person)
    report = ReportOfConcern.objects.create(
        reference=f"R-{entered.year}-SA0001", site=site, received_at=_at(entered, 8),
        narrative="A neighbour rang: Ataahua, 9, was left alone overnight again with no food in the house.",
        notifier_name=NOTIFIER, notifier_contact="021 555 0199", notifier_relationship="Neighbour",
        # Answered and closed in 2016: an open one would sit in today's intake queue, years overdue.
        status=ReportOfConcern.Status.CLOSED, stage=ReportOfConcern.Stage.CLOSED, decided_at=_at(entered, 9),
        responded_at=_at(entered, 11), closed_at=_at(entered, 12), allocated_to=worker, allocated_at=_at(entered, 9),
    )  # fmt: skip
    ReportPerson.objects.create(report=report, person=person)
    episode = CareEpisode.objects.create(
        child=person, case=case, entered_on=entered, legal_basis=CareEpisode.LegalBasis.S78,
        reasons_text="Left alone without food; no one to care for her.", living_with=CareEpisode.LivingWith.ONE_PARENT,
        left_on=left, leaving_reason=CareEpisode.LeavingReason.AGED_OUT, left_to="A flat in Whangārei",
        recorded_by=worker, recorded_at=_at(entered), left_recorded_by=worker, left_recorded_at=_at(left),
    )  # fmt: skip
    place = Address.objects.create(street="9 Pūriri Crescent", suburb="Kamo", city="Whangārei", postcode="0112")
    kin = CaregiverHousehold.objects.create(
        name="Pōtae whānau", kind=CaregiverHousehold.Kind.KIN, status=CaregiverHousehold.Status.APPROVED,
        site=site, address=place, capacity=2, enquiry_on=entered, approved_on=entered, approved_by=worker,
        created_by=worker, created_at=_at(entered), social_worker=worker,
    )  # fmt: skip
    first = Placement.objects.create(
        episode=episode, child=person, kind=Placement.Kind.KIN, household=kin, started_on=entered, ended_on=moved,
        end_reason=Placement.EndReason.CAREGIVER_REQUEST, location=place, recorded_by=worker,
        recorded_at=_at(entered),
    )  # fmt: skip
    second = Placement.objects.create(
        episode=episode, child=person, kind=Placement.Kind.FAMILY_HOME, provider_name="Kauri Family Home",
        started_on=moved, ended_on=left, end_reason=Placement.EndReason.LEFT_CARE, recorded_by=worker,
        recorded_at=_at(moved),
    )  # fmt: skip
    visited = _at(entered + dt.timedelta(days=21), 15)
    note = CaseNote.objects.create(case=case, kind=CaseNote.Kind.VISIT, occurred_at=visited, recorded_at=visited,
                                   recorded_by=worker, child_seen=True)  # fmt: skip
    text = "Visited Ataahua at her nan's. She showed me her room and the kapa haka photo on the wall."
    CaseNoteVersion.objects.create(note=note, number=1, title="Home visit", text=text, written_by=worker,
                                   written_at=visited)  # fmt: skip
    NoteSubject.objects.create(note=note, person=person)
    k = ChronologyEntry.Kind
    for kind, when, source, title, summary in (
        (k.REPORT, _at(entered, 8), report.pk, "Report of concern", "Left alone overnight with no food."),
        (k.CARE, _at(entered), episode.pk, "Entered care (s78)", "Left alone without food."),
        (k.PLACEMENT, _at(entered, 11), first.pk, "Placed with the Pōtae whānau", ""),
        (k.NOTE, visited, note.pk, "Visit: Home visit", text),
        (k.PLACEMENT, _at(moved), second.pk, "Moved to Kauri Family Home", ""),
        (k.CARE, _at(left), episode.pk, "Left care", "Moved to a flat in Whangārei."),
    ):
        chronology_add(person_ids=[person.pk], kind=kind, occurred_at=when, title=title, source_id=source,
                       summary=summary, case_id=case.pk, report_id=report.pk if kind == k.REPORT else None)  # fmt: skip
    return person


def demo_subject_access_work(*, worker: User, privacy_officer: User | None, now: dt.datetime | None = None) -> None:
    """The care leaver and her verified request (see the module). Once only."""
    if privacy_officer is None or worker.site is None:
        return
    if PersonName.objects.filter(given_names=GIVEN, family_name=FAMILY, source="demo").exists():
        return
    now = now or timezone.now()
    today = timezone.localdate(now)
    person = _history(worker, today)
    request = access_request_create(
        actor=privacy_officer, person_id=person.pk, requester_kind=SubjectAccessRequest.RequesterKind.CARE_EXPERIENCED,
        asked_for="Everything you have about me from when I was in care: where I lived, why I came into care, "
                  "and what the social workers wrote.",
        received_on=working_days_before(today, 3), preferred_format="By email, as a PDF",
        support_person="Her former transition worker, or VOYCE Whakarongo Mai", now=now,
    )  # fmt: skip
    access_request_verify(actor=privacy_officer, request_id=request.pk, method=SubjectAccessRequest.Identity.IN_PERSON,
                          note="Seen at the Whangārei office with photo identification.", version=request.version,
                          now=now)  # fmt: skip
    # A first stage, where she lived and why she came into care, waits for
    # demo-privacy-lead's approval; the rest (the report, the note) is left
    # for the reviewer to work through in the workspace.
    episodes = list(CareEpisode.objects.filter(child=person).order_by("entered_on").values_list("pk", flat=True))
    placements = list(Placement.objects.filter(child=person).order_by("started_on").values_list("pk", flat=True))
    redactions_mark_automatic(actor=privacy_officer, request_id=request.pk)
    keys = [*(f"care:{pk}" for pk in episodes), *(f"placement:{pk}" for pk in placements)]
    stage_prepare(actor=privacy_officer, request_id=request.pk, title="Where you lived and why you came into care",
                  item_keys=keys)  # fmt: skip
