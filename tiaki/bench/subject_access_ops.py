"""Benchmark operations for subject access (issue 16 figures): gathering
everything for a person with 2,000 chronology entries and 300 documents,
p95 <= 5 s; rendering their whole pack as PDF through release(), <= 60 s.

The setup makes that person once on the seeded agency (found again by the
name's ``source`` on later runs): a care-experienced adult with a report
of concern (its notifier withheld), a case with 200 notes (every tenth
corrected once), 300 documents, a plan, a court order, a care episode with
placements, and 2,000 chronology entries in all; and their verified
request, reviewed by a bench privacy officer. ``disclosure.sar_gather_2000``
is the declared selector ``gather`` as the reviewer calls it (audited);
``disclosure.sar_pack_pdf`` builds the pack of one stage holding every
item (prepared by the reviewer, approved by a second privacy officer) and
sends it through ``pipeline.release`` with ``render=True``: guard, record,
watermark on every page, the file kept for its one download."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tiaki.access.models import CURRENT_INDUCTION_COURSE, PrivacyInduction
from tiaki.access.roles import Role
from tiaki.access.scoping import has_induction
from tiaki.bench.operations import BenchContext, Operation
from tiaki.care.models import CareEntryReason, CareEpisode, Placement
from tiaki.casework.models import Case, CaseNote, CaseNoteVersion, CaseParticipant, Document, NoteSubject
from tiaki.chronology.models import ChronologyEntry
from tiaki.disclosure.models import ReleaseStage, SubjectAccessRequest
from tiaki.disclosure.selectors.subject_access.gather import collect, gather
from tiaki.disclosure.services import pipeline
from tiaki.disclosure.services.subject_access.review import stage_approve, stage_artefact, stage_prepare
from tiaki.intake.models import ReportConcern, ReportOfConcern, ReportPerson
from tiaki.people.models import Person, PersonName
from tiaki.staff.models import Site, User

CHRONOLOGY_ENTRIES = 2_000
DOCUMENTS = 300
NOTES = 200
#: The name's provenance that finds the bench's person again on a later run.
SOURCE = "bench-subject-access"
#: Gathering takes about a second: a few dozen runs. The pack PDF takes many: three.
GATHER_REPEAT = 20
PACK_REPEAT = 3

_NOTE_TEXT = (
    "Visited at the caregivers' home and talked with her alone in her room about school, her friends at kura and "
    "the weekend with her nan. She said she likes living here and wants to keep seeing her whānau on Sundays."
)
_ENTRY = (
    ("School report", "Attendance 92%, settled in class and doing well in kapa haka."),
    ("Health check", "Seen by the GP for her annual check; immunisations up to date."),
    ("Whānau contact", "Spent Sunday with her nan and cousins; the visit went well."),
    ("Review meeting", "Her plan was reviewed with her caregivers; two actions are done."),
)


def _officer(username: str, first: str, last: str, site: Site) -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"role": Role.PRIVACY_OFFICER, "first_name": first, "last_name": last, "site": site},
    )
    if not has_induction(user):
        PrivacyInduction.objects.create(
            user=user, completed_on=timezone.localdate(), course_version=CURRENT_INDUCTION_COURSE, recorded_by=user
        )
    return user


def _make_person(worker: User, site: Site) -> Person:
    """The bench's care leaver and everything held about her (bulk inserts)."""
    start = dt.datetime(2008, 2, 4, 21, 0, tzinfo=dt.UTC)
    person = Person.objects.create(date_of_birth=dt.date(2007, 3, 9), gender=Person.Gender.FEMALE)
    PersonName.objects.create(
        person=person, given_names="Kahurangi", family_name="Bench-Synthetic", is_primary=True, source=SOURCE
    )
    report = ReportOfConcern.objects.create(
        reference=f"R-BENCH-{person.pk}",
        site=site,
        received_at=start,
        notifier_name="Mereana Notifier-Bench",
        notifier_relationship="neighbour",
        notifier_contact="021 555 0188",
        narrative="A neighbour rang: Kahurangi, 1, was left alone overnight and had no food in the house.",
    )
    ReportPerson.objects.create(report=report, person=person)
    ReportConcern.objects.create(report=report, category=ReportConcern.Category.NEGLECT, detail="Left alone.")
    case = Case.objects.create(
        kind=Case.Kind.ONGOING, site=site, allocated_worker=worker, opened_at=start, origin_report=report
    )
    CaseParticipant.objects.create(case=case, person=person)
    notes = CaseNote.objects.bulk_create(
        CaseNote(
            case=case,
            kind=CaseNote.Kind.VISIT,
            occurred_at=start + dt.timedelta(days=30 * n),
            child_seen=True,
            recorded_at=start + dt.timedelta(days=30 * n),
            recorded_by=worker,
            current_version=2 if n % 10 == 0 else 1,
        )
        for n in range(NOTES)
    )
    versions = [
        CaseNoteVersion(
            note=note,
            number=1,
            title=f"Home visit {n + 1}",
            text=_NOTE_TEXT,
            written_by=worker,
            written_at=note.occurred_at,
        )
        for n, note in enumerate(notes)
    ]
    versions += [
        CaseNoteVersion(
            note=note,
            number=2,
            title=f"Home visit {n + 1}",
            text=_NOTE_TEXT + " (Nan's name spelt right.)",
            written_by=worker,
            written_at=note.occurred_at,
            reason="A spelling corrected",
        )
        for n, note in enumerate(notes)
        if n % 10 == 0
    ]
    CaseNoteVersion.objects.bulk_create(versions)
    NoteSubject.objects.bulk_create(NoteSubject(note=note, person=person) for note in notes)
    documents = Document.objects.bulk_create(
        Document(
            case=case,
            person=person,
            title=f"School report, term {n % 4 + 1} {2012 + n // 20}",
            file=f"documents/bench/{n}",
            original_name="report.pdf",
            content_type="application/pdf",
            size_bytes=20_000,
            sha256="0" * 64,
            uploaded_by=worker,
            uploaded_at=start + dt.timedelta(days=20 * n),
        )
        for n in range(DOCUMENTS)
    )
    episode = CareEpisode.objects.create(
        child=person,
        case=case,
        entered_on=dt.date(2008, 3, 1),
        legal_basis=CareEpisode.LegalBasis.S101,
        reasons_text="Left alone overnight, again.",
        living_with=CareEpisode.LivingWith.ONE_PARENT,
        recorded_by=worker,
        recorded_at=start,
        left_on=dt.date(2025, 3, 9),
        leaving_reason=CareEpisode.LeavingReason.INDEPENDENCE,
    )
    CareEntryReason.objects.create(episode=episode, code=CareEntryReason.Code.NEGLECT, main=True)
    Placement.objects.create(
        episode=episode,
        child=person,
        kind=Placement.Kind.KIN,
        provider_name="Her nan",
        started_on=dt.date(2008, 3, 1),
        ended_on=dt.date(2025, 3, 9),
        end_reason=Placement.EndReason.LEFT_CARE,
        recorded_by=worker,
        recorded_at=start,
    )
    entries = [
        ChronologyEntry(
            person=person,
            occurred_at=start,
            kind=ChronologyEntry.Kind.REPORT,
            title="Report of concern",
            summary="A neighbour was worried",
            source_id=report.pk,
            report=report,
            recorded_at=start,
        ),
        *(
            ChronologyEntry(
                person=person,
                occurred_at=n.occurred_at,
                kind=ChronologyEntry.Kind.NOTE,
                title=f"Home visit {i + 1}",
                source_id=n.pk,
                case=case,
                recorded_at=n.occurred_at,
            )
            for i, n in enumerate(notes)
        ),
        *(
            ChronologyEntry(
                person=person,
                occurred_at=d.uploaded_at,
                kind=ChronologyEntry.Kind.DOCUMENT,
                title=d.title,
                source_id=d.pk,
                case=case,
                recorded_at=d.uploaded_at,
            )
            for d in documents
        ),
    ]
    for n in range(CHRONOLOGY_ENTRIES - len(entries)):
        title, summary = _ENTRY[n % len(_ENTRY)]
        at = start + dt.timedelta(days=4 * n + 1)
        kind = ChronologyEntry.Kind.EDUCATION if n % 2 == 0 else ChronologyEntry.Kind.HEALTH
        entries.append(
            ChronologyEntry(
                person=person,
                occurred_at=at,
                kind=kind,
                title=title,
                summary=summary,
                source_id=n,
                case=case,
                recorded_at=at,
            )
        )
    ChronologyEntry.objects.bulk_create(entries, batch_size=500)
    return person


def prepare(ctx: BenchContext) -> tuple[SubjectAccessRequest, ReleaseStage, User]:
    """The bench's person, their verified request and one approved stage of
    every item (made once, found again on later runs)."""
    site = ctx.actor.site or Site.objects.order_by("pk").first()
    assert site is not None  # BenchContext needs a seeded agency
    reviewer = _officer("bench-privacy-officer", "Bench", "Reviewer", site)
    approver = _officer("bench-privacy-lead", "Bench", "Approver", site)
    named = PersonName.objects.filter(source=SOURCE).order_by("pk").first()
    person = named.person if named is not None else _make_person(ctx.actor, site)
    request = SubjectAccessRequest.objects.filter(person=person, reviewer=reviewer).order_by("pk").first()
    if request is None:
        now = timezone.now()
        request = SubjectAccessRequest.objects.create(
            reference=f"SAR-BNCH-{person.pk % 10000:04d}",
            person=person,
            requester_kind=SubjectAccessRequest.RequesterKind.CARE_EXPERIENCED,
            asked_for="Everything about me.",
            received_on=timezone.localdate(),
            due_on=timezone.localdate() + dt.timedelta(days=28),
            identity_method=SubjectAccessRequest.Identity.KNOWN_WORKER,
            identity_verified_by=reviewer,
            identity_verified_at=now,
            reviewer=reviewer,
            status=SubjectAccessRequest.Status.IN_REVIEW,
            created_by=reviewer,
            created_at=now,
        )
    stage = ReleaseStage.objects.filter(request=request, approved_by=approver).order_by("pk").first()
    if stage is None:
        keys = [item.key for item in collect(person.pk, request_id=request.pk).items]
        stage = stage_prepare(actor=reviewer, request_id=request.pk, title="Everything we hold", item_keys=keys)
        stage = stage_approve(actor=approver, stage_id=stage.pk)
    return request, stage, reviewer


def subject_access_operations(ctx: BenchContext) -> list[Operation]:
    request, stage, reviewer = prepare(ctx)
    gathered = collect(request.person_id, request_id=request.pk)
    chronology = gathered.counts.get("chronology", 0)
    documents = sum(1 for item in gathered.items if item.key.startswith("document:"))

    def sar_gather(i: int) -> object:
        out = gather(actor=reviewer, request_id=request.pk)
        # Each pack released adds one item (what was sent about them), never fewer.
        assert len(out.items) >= len(gathered.items), (len(out.items), len(gathered.items))
        return len(out.items)

    def sar_pack_pdf(i: int) -> object:
        artefact, recipient, _ = stage_artefact(stage, reviewer)
        out = pipeline.release(
            actor=reviewer,
            artefact=artefact,
            recipient=recipient,
            channel="download",
            purpose=f"Benchmark: subject access request {request.reference}",
            render=True,
        )
        assert out.pdf is not None
        assert out.disclosure.pages is not None
        return out.disclosure.pages

    return [
        Operation(
            "disclosure.sar_gather_2000",
            f"gather() for a subject access request: {len(gathered.items):,} items, {chronology:,} chronology "
            f"entries and {documents} documents (target p95 <= 5 s)",
            sar_gather,
            repeat=GATHER_REPEAT,
        ),
        Operation(
            "disclosure.sar_pack_pdf",
            f"the whole pack of that person ({len(stage.item_keys):,} items) built and released as a watermarked "
            "PDF through release() (target <= 60 s)",
            sar_pack_pdf,
            repeat=PACK_REPEAT,
        ),
    ]
