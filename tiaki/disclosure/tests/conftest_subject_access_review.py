"""Fixtures of the subject access review part (gathering, redaction,
approval, staged release): a care leaver with something in every domain,
made at any size (``make_leaver``) so the query-count tests can compare two
sizes, her verified request, and a second privacy officer to approve.

Everything is written straight to the tables (the services are other
domains' own), with fixed dates so the world is the same at any hour."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tiaki.access.tests.conftest import inducted
from tiaki.care.models import AboutMe, AboutMeVersion, CareEntryReason, CareEpisode, MissingEpisode, Placement
from tiaki.casework.models import (
    Case,
    CaseEmail,
    CaseEvent,
    CaseNote,
    CaseNoteVersion,
    CaseParticipant,
    CourtOrder,
    Document,
    FamilyGroupConference,
    NoteSubject,
    Plan,
    PlanVersion,
    Task,
)
from tiaki.chronology.models import ChronologyEntry, CorrectionStatement
from tiaki.disclosure.models import SubjectAccessRequest
from tiaki.intake.models import ReportConcern, ReportOfConcern, ReportPerson, TriageDecision
from tiaki.people.models import Address, PersonAddress, PersonContact, PersonIdentifier, PersonName, Relationship
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import Role
from tiaki.staff.tests.factories import UserFactory

__all__ = ["NOTIFIER", "NOTIFIER_PHONE", "approver", "leaver", "make_leaver", "review_request", "verified_request"]

NOTIFIER = "Mereana Notifier-Synthetic"
NOTIFIER_PHONE = "021 555 0199"
BORN = dt.date(2007, 5, 14)
ENTERED = dt.date(2015, 3, 2)
AT = dt.datetime(2015, 3, 1, 22, 0, tzinfo=dt.UTC)


def _person(given: str, family: str, born: dt.date):
    return PersonNameFactory(given_names=given, family_name=family, person__date_of_birth=born).person


def make_leaver(worker, site, *, notes: int = 1, entries: int = 1, documents: int = 1) -> SimpleNamespace:
    """Ana Leaver-Synthetic, 19, in care from 8 to 18: a report (its notifier
    NOTIFIER), a case with ``notes`` notes (the first corrected once),
    ``entries`` extra chronology entries and ``documents`` documents, a plan,
    an FGC, an s78 order, a care episode with two placements, a missing
    episode, About me, her mother, and her postal address."""
    now = timezone.now()
    person = _person("Ana", "Leaver-Synthetic", BORN)
    mother = _person("Hana", "Leaver-Synthetic", dt.date(1985, 1, 9))
    brother = _person("Tama", "Leaver-Synthetic", dt.date(2012, 8, 1))
    Relationship.objects.create(from_person=mother, to_person=person, kind=Relationship.Kind.PARENT)
    Relationship.objects.create(from_person=person, to_person=brother, kind=Relationship.Kind.SIBLING)
    PersonName.objects.create(person=person, kind=PersonName.Kind.PREVIOUS, given_names="Ana", family_name="Smith")
    PersonIdentifier.objects.create(person=person, kind=PersonIdentifier.Kind.NHI, value=f"ZZZ{person.pk % 10000:04d}")
    PersonContact.objects.create(person=person, kind=PersonContact.Kind.PHONE, value="022 000 1111")
    home = Address.objects.create(street="9 Pōhutukawa Lane", suburb="Riccarton", city="Ōtautahi", postcode="8011")
    PersonAddress.objects.create(person=person, address=home, valid_from=dt.date(2025, 6, 1))

    report = ReportOfConcern.objects.create(
        reference=f"R-2015-{person.pk:06d}",
        site=site,
        received_at=AT,
        notifier_name=NOTIFIER,
        notifier_relationship="neighbour",
        notifier_contact=NOTIFIER_PHONE,
        narrative=f"Ana (8) was left alone overnight. {NOTIFIER} heard crying. Tama was with her.",
    )
    ReportPerson.objects.create(report=report, person=person)
    ReportPerson.objects.create(report=report, person=mother, role=ReportPerson.Role.ADULT)
    ReportConcern.objects.create(report=report, category=ReportConcern.Category.NEGLECT, detail="Left alone.")
    decision = TriageDecision.objects.create(
        report=report,
        outcome=TriageDecision.Outcome.CORE_ASSESSMENT,
        reasons="Young child left alone.",
        decided_by=worker,
        decided_at=AT,
    )

    case = Case.objects.create(
        kind=Case.Kind.ONGOING, site=site, allocated_worker=worker, opened_at=AT, origin_report=report
    )
    CaseParticipant.objects.create(case=case, person=person)
    CaseParticipant.objects.create(case=case, person=mother, role=CaseParticipant.Role.PARENT)
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.OPENED, at=AT, by=worker)
    Task.objects.create(
        case=case, title="Visit Ana", due_on=ENTERED, assigned_to=worker, created_by=worker, created_at=AT
    )
    entries_made = [
        ChronologyEntry(
            person=person,
            occurred_at=AT,
            kind=ChronologyEntry.Kind.REPORT,
            title="Report of concern",
            summary="Neighbour worried",
            source_id=report.pk,
            report=report,
            recorded_at=AT,
        ),
        ChronologyEntry(
            person=person,
            occurred_at=AT,
            kind=ChronologyEntry.Kind.DECISION,
            title="Decision",
            source_id=decision.pk,
            report=report,
            recorded_at=AT,
        ),
    ]
    note_ids = []
    for n in range(notes):
        at = AT + dt.timedelta(days=n + 1)
        note = CaseNote.objects.create(
            case=case,
            kind=CaseNote.Kind.VISIT,
            occurred_at=at,
            recorded_at=at,
            recorded_by=worker,
            child_seen=True,
            current_version=2 if n == 0 else 1,
        )
        CaseNoteVersion.objects.create(
            note=note, number=1, title=f"Visit {n}", text=f"Ana and Tama played. {n}", written_by=worker, written_at=at
        )
        if n == 0:
            CaseNoteVersion.objects.create(
                note=note,
                number=2,
                title="Visit 0",
                text="Ana played with her mother.",
                written_by=worker,
                written_at=at,
                reason="Spelling",
            )
        NoteSubject.objects.create(note=note, person=person)
        note_ids.append(note.pk)
        entries_made.append(
            ChronologyEntry(
                person=person,
                occurred_at=at,
                kind=ChronologyEntry.Kind.NOTE,
                title=f"Visit {n}",
                source_id=note.pk,
                case=case,
                recorded_at=at,
            )
        )
    for n in range(entries):
        at = AT + dt.timedelta(hours=n + 1)
        entries_made.append(
            ChronologyEntry(
                person=person,
                occurred_at=at,
                kind=ChronologyEntry.Kind.EDUCATION,
                title=f"School report {n}",
                summary="Doing well at kura",
                source_id=n,
                recorded_at=at,
            )
        )
    ChronologyEntry.objects.bulk_create(entries_made)
    for n in range(documents):
        Document.objects.create(
            case=case,
            person=person,
            title=f"School report {n}",
            file=f"documents/x{n}",
            original_name="r.pdf",
            content_type="application/pdf",
            size_bytes=10,
            sha256="0" * 64,
            uploaded_by=worker,
            uploaded_at=AT + dt.timedelta(days=n),
        )
    CaseEmail.objects.create(
        case=case,
        subject="School",
        sender="kura@example.nz",
        sent_at=AT,
        body_text="Ana is well.",
        recorded_by=worker,
        recorded_at=AT,
    )
    plan = Plan.objects.create(case=case, child=person, created_at=AT, created_by=worker)
    PlanVersion.objects.create(
        plan=plan,
        number=1,
        goals=[{"goal": "Stay at kura", "action": "Go every day", "who": "Ana", "by": "2016-01-01"}],
        child_voice="I want to see Tama.",
        review_on=ENTERED,
        written_by=worker,
        written_at=AT,
    )
    FamilyGroupConference.objects.create(case=case, referred_at=AT, referred_by=worker, referral_reason="Care plan")
    order = CourtOrder.objects.create(
        case=case,
        child=person,
        kind=CourtOrder.Kind.S78,
        court="Christchurch Family Court",
        made_on=ENTERED,
        without_notice=True,
        no_safety_plan_reason="No one was home.",
        recorded_by=worker,
        recorded_at=AT,
    )
    episode = CareEpisode.objects.create(
        child=person,
        case=case,
        entered_on=ENTERED,
        legal_basis=CareEpisode.LegalBasis.S78,
        court_order=order,
        reasons_text="Left alone overnight.",
        living_with=CareEpisode.LivingWith.ONE_PARENT,
        recorded_by=worker,
        recorded_at=AT,
        left_on=dt.date(2025, 5, 14),
        leaving_reason=CareEpisode.LeavingReason.INDEPENDENCE,
    )
    CareEntryReason.objects.create(episode=episode, code=CareEntryReason.Code.NEGLECT, main=True)
    first = Placement.objects.create(
        episode=episode,
        child=person,
        kind=Placement.Kind.NON_KIN,
        provider_name="Te Whare Āwhina",
        started_on=ENTERED,
        ended_on=dt.date(2018, 1, 1),
        end_reason=Placement.EndReason.PLANNED_MOVE,
        recorded_by=worker,
        recorded_at=AT,
    )
    Placement.objects.create(
        episode=episode,
        child=person,
        kind=Placement.Kind.KIN,
        provider_name="Aunty Mere",
        started_on=dt.date(2018, 1, 2),
        ended_on=dt.date(2025, 5, 14),
        move_reason="Whānau",
        end_reason=Placement.EndReason.LEFT_CARE,
        recorded_by=worker,
        recorded_at=AT,
    )
    MissingEpisode.objects.create(
        child=person,
        placement=first,
        kind=MissingEpisode.Kind.AWAY,
        recorded_by=worker,
        started_at=AT + dt.timedelta(days=400),
        recorded_at=AT,
    )
    about = AboutMe.objects.create(child=person, created_at=AT, created_by=worker)
    AboutMeVersion.objects.create(
        about=about,
        number=1,
        items=[{"topic": "food", "text": "I love rēwena bread"}],
        written_by=worker,
        written_at=AT,
    )
    CorrectionStatement.objects.create(
        person=person,
        kind="note",
        source_id=note_ids[0],
        text="I was not at home that day.",
        recorded_by=worker,
        recorded_at=now,
    )
    return SimpleNamespace(
        person=person, mother=mother, brother=brother, report=report, case=case, notes=note_ids, episode=episode
    )


@pytest.fixture
def leaver(alice, site):
    return make_leaver(alice, site)


@pytest.fixture
def approver(site):
    """A second privacy officer: approves what the first prepared."""
    return inducted(UserFactory(username="privacy-two", role=Role.PRIVACY_OFFICER, site=site))


def verified_request(person, reviewer, *, verified: bool = True) -> SubjectAccessRequest:
    now = timezone.now()
    return SubjectAccessRequest.objects.create(
        reference=f"SAR-TEST-{person.pk:04d}",
        person=person,
        requester_kind=SubjectAccessRequest.RequesterKind.CARE_EXPERIENCED,
        asked_for="Everything you hold about me.",
        received_on=dt.date(2026, 11, 2),
        due_on=dt.date(2026, 11, 30),
        identity_method=SubjectAccessRequest.Identity.IN_PERSON if verified else "",
        identity_verified_by=reviewer if verified else None,
        identity_verified_at=now if verified else None,
        reviewer=reviewer,
        status=SubjectAccessRequest.Status.IN_REVIEW if verified else SubjectAccessRequest.Status.RECEIVED,
        created_by=reviewer,
        created_at=now,
    )


@pytest.fixture
def review_request(leaver, privacy_officer):
    """Ana's request: identity verified, privacy_officer reviewing it."""
    return verified_request(leaver.person, privacy_officer)
