"""Demo allocations, so each demo account sees what its role would: the
social worker has two whānau allocated, the contact-centre kaimahi is on
intake duty with open reports at the site, the trainee has no induction.

The first whānau's case has a history, so the chronology has something to
show: the report it came from and its intake decision, the case opened
about seven months ago and moved to ongoing care and protection, notes
every week or so, the child's plan in their own words, a Family Group
Conference and the orders that brought the child into care. It is written
by the seed's casework generator (tiaki.demo.generator.casework), so it reads
like the rest of a seeded agency; the demo supervisor supervises the worker
(tiaki.demo.accounts), so sees it too."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from tiaki.access.models import CURRENT_INDUCTION_COURSE, IntakeDuty, PrivacyInduction
from tiaki.access.roles import Role
from tiaki.casework.models import Case, CaseNote, CaseParticipant
from tiaki.demo.accounts import demo_username
from tiaki.demo.generator.casework import CaseworkMaker, Phase, ReportFacts
from tiaki.demo.generator.casework_rows import Worker
from tiaki.demo.generator.reports import REASONS
from tiaki.intake import clocks
from tiaki.intake.models import ReportConcern, ReportOfConcern, ReportPerson, ResponseTimeframe, TriageDecision
from tiaki.people.models import Person, Relationship
from tiaki.staff.models import User

DAY = dt.timedelta(days=1)

# Roles whose demo account has done privacy induction. The trainee has not,
# so the demo shows the induction gate.
INDUCTED = {
    Role.CONTACT_CENTRE,
    Role.SOCIAL_WORKER,
    Role.SUPERVISOR,
    Role.SITE_MANAGER,
    Role.PRIVACY_OFFICER,
    Role.ADMINISTRATOR,
    Role.ANALYST,
}


def _whanau_of(child_id: int) -> list[int]:
    parents = list(
        Relationship.objects.filter(to_person_id=child_id, kind=Relationship.Kind.PARENT).values_list(
            "from_person_id", flat=True
        )
    )
    siblings = list(
        Relationship.objects.filter(from_person_id__in=parents, kind=Relationship.Kind.PARENT).values_list(
            "to_person_id", flat=True
        )
    )
    return sorted({child_id, *parents, *siblings})


@transaction.atomic
def ensure_demo_work() -> None:
    users = {Role(u.role): u for u in User.objects.filter(username__in=[demo_username(r) for r in Role])}
    admin = users[Role.ADMINISTRATOR]
    for role in INDUCTED:
        PrivacyInduction.objects.get_or_create(
            user=users[role],
            defaults={
                "completed_on": dt.date(2026, 2, 2),
                "course_version": CURRENT_INDUCTION_COURSE,
                "recorded_by": admin,
            },
        )
    worker, kaimahi = users[Role.SOCIAL_WORKER], users[Role.CONTACT_CENTRE]
    site = worker.site
    assert site is not None
    now = timezone.now()
    IntakeDuty.objects.filter(user=kaimahi, ends_at__lt=now).delete()
    if not IntakeDuty.objects.filter(user=kaimahi, ends_at__gt=now).exists():
        IntakeDuty.objects.create(
            user=kaimahi, site=site, starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=90)
        )
    supervisor = users[Role.SUPERVISOR]
    if Case.objects.filter(allocated_worker=worker).exists():
        # Demo data made before case histories existed gets one now.
        if not CaseNote.objects.filter(case__allocated_worker=worker).exists():
            first = _demo_children()[:1]
            if first:
                _case_with_history(worker, supervisor, first[0], _whanau_of(first[0]), now)
        return
    for index, child_id in enumerate(_demo_children()):
        members = _whanau_of(child_id)
        if index == 0:
            _case_with_history(worker, supervisor, child_id, members, now)
        elif index == 1:
            case = Case.objects.create(
                kind=Case.Kind.ASSESSMENT,
                site=site,
                team=worker.team,
                allocated_worker=worker,
                opened_at=now - dt.timedelta(days=80),
            )
            CaseParticipant.objects.bulk_create(
                CaseParticipant(
                    case=case,
                    person_id=pid,
                    role=CaseParticipant.Role.CHILD if pid == child_id else CaseParticipant.Role.WHANAU,
                )
                for pid in members
            )
        else:
            report = ReportOfConcern.objects.create(
                reference=f"DEMO-{index:04d}",
                site=site,
                received_at=now - dt.timedelta(hours=3 * index),
                allocated_to=worker if index == 2 else None,
            )
            ReportPerson.objects.bulk_create(
                ReportPerson(
                    report=report,
                    person_id=pid,
                    role=ReportPerson.Role.CHILD if pid == child_id else ReportPerson.Role.ADULT,
                )
                for pid in members
            )


def _demo_children() -> list[int]:
    """Children (under 18) with at least one recorded parent, in a fixed order."""
    return list(
        Person.objects.filter(
            date_of_birth__gt=timezone.localdate() - dt.timedelta(days=17 * 365),
            relationships_to__kind=Relationship.Kind.PARENT,
            sealed=False,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()[:6]
    )


def _case_with_history(worker: User, supervisor: User, child_id: int, members: list[int], now: dt.datetime) -> None:
    """A report decided for a core assessment, and the case that followed it, to now."""
    assert worker.site_id is not None
    received = now - 210 * DAY
    timeframe = ResponseTimeframe.objects.filter(code="very-urgent").first()
    due = clocks.due_at(received, timeframe) if timeframe else None
    decided, responded = received + dt.timedelta(hours=3), received + dt.timedelta(hours=20)
    report = ReportOfConcern.objects.create(
        reference=f"PENDING-DEMO-{child_id}", site_id=worker.site_id, received_at=received,
        status=ReportOfConcern.Status.CLOSED, stage=ReportOfConcern.Stage.CLOSED,
        channel=ReportOfConcern.Channel.PROFESSIONAL, allocated_to=worker, allocated_by=supervisor,
        allocated_at=decided + dt.timedelta(hours=1), closed_at=responded + 30 * DAY, referrer_agency="Kura",
        referrer_reference="KU-204311", narrative="The child has come to kura hungry most days this term.",
        decided_at=decided, response_due_at=due, responded_at=responded, timeframe=timeframe.code if timeframe else "",
    )  # fmt: skip
    # The reference follows the id, as tiaki.intake.services.report_record makes it.
    report.reference = f"ROC-{timezone.localtime(received):%Y}-{report.pk:07d}"
    report.save(update_fields=["reference"])
    ReportPerson.objects.bulk_create(
        ReportPerson(report=report, person_id=pid,
                     role=ReportPerson.Role.CHILD if pid == child_id else ReportPerson.Role.ADULT)
        for pid in members
    )  # fmt: skip
    category = ReportConcern.Category.NEGLECT
    ReportConcern.objects.create(report=report, category=category, detail="Hungry at kura most days.")
    outcome = TriageDecision.Outcome.CORE_ASSESSMENT
    decision = TriageDecision.objects.create(
        report=report, outcome=outcome, reasons=REASONS[outcome], timeframe=report.timeframe, decided_by=supervisor,
        decided_at=decided,
    )  # fmt: skip
    end = int(now.timestamp())
    maker = CaseworkMaker(seed=1, end=end, years=1, postgres=connection.vendor == "postgresql", defer_indexes=False)
    facts = ReportFacts(
        id=report.pk, reference=report.reference, received=int(received.timestamp()), children=[(child_id, 0)],
        adults=[], categories=[category], channel=report.channel, unsafe=False, decision_id=decision.pk,
        outcome=outcome, reasons=decision.reasons, timeframe=report.timeframe, decided=int(decided.timestamp()),
        needs_approval=False, allocated_to=worker.pk, responded=int(responded.timestamp()),
        due=int(due.timestamp()) if due else None,
    )  # fmt: skip
    maker.intake_entries(facts)
    opened = int(responded.timestamp())
    case_id = maker.case(
        worker=Worker(worker.pk, worker.site_id, worker.team_id, supervisor.pk, worker.get_full_name()),
        children=[(child_id, 0)], adults=[],
        phases=[Phase(Case.Kind.ASSESSMENT, opened), Phase(Case.Kind.ONGOING, opened + 45 * 86_400)],
        close=end + 365 * 86_400, closure="", report=facts, note_gap=6, in_care=True, with_fgc=True, jitter=0.1,
    )  # fmt: skip
    maker.flush()
    maker.writer.finish()
    # The rest of the whānau on the case, as for the other demo allocation.
    CaseParticipant.objects.bulk_create(
        CaseParticipant(case_id=case_id, person_id=pid, role=CaseParticipant.Role.WHANAU)
        for pid in members
        if pid != child_id
    )
