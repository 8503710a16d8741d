"""The demo's own work, done THROUGH THE SERVICES by the demo accounts, so
its chronology and audit trail are true: each report is recorded by the
contact-centre kaimahi (tiaki.intake.services.report_record), decided and
allocated by the supervisor, answered by the social worker, and each case
opened, noted, planned, conferenced and ordered on by whoever would do it
(tiaki.casework.services). The big synthetic agency (`tiaki seed`,
tiaki.demo.generator) is written in bulk for speed; this is not.

What each sign-in then finds (tiaki.demo.accounts.WHAT):

- the social worker: the first whānau's case, seven months of it: the report
  it came from, the intake decision and first response, the case opened,
  notes every week or so, a without-notice (s78) order that brought the
  child into care, a Family Group Conference and the child's plan in their
  own words; the statutory visit is now overdue. A second, recent
  assessment case; a report waiting for their first response.
- the supervisor and site manager: the team's overdue visit, and reports in
  the queue (one undecided, one decided and waiting for a social worker).
- the contact centre: on intake duty at the site, so the open reports.
- the trainee (inducted, supervised): a case the supervisor allocated to
  them, which they may read; the new trainee: nothing, until inducted.

Times are the agency's working hours (08:30 to 17:00 in Pacific/Auckland,
weekdays), in the past; the services' own clocks (an allocation, a plan
saved) say when the demo was set up, as the audit trail does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from tiaki.access.models import CURRENT_INDUCTION_COURSE, IntakeDuty
from tiaki.access.roles import Role
from tiaki.access.scoping import has_induction
from tiaki.access.services import induction_record, intake_duty_add
from tiaki.casework.models import Case, CaseNote, CaseParticipant, CourtOrder, FamilyGroupConference
from tiaki.casework.services.cases import case_open, case_participant_care, task_add
from tiaki.casework.services.court import court_order_record, fgc_record, fgc_refer
from tiaki.casework.services.notes import note_add
from tiaki.casework.services.plans import plan_save
from tiaki.demo.accounts import NEW_TRAINEE, PRIVACY_LEAD, demo_username
from tiaki.demo.generator import phrases
from tiaki.demo.work_care import demo_care_work
from tiaki.demo.work_disclosure import demo_disclosure_work
from tiaki.demo.work_privacy import demo_privacy_work
from tiaki.demo.work_refreshers import demo_refreshers
from tiaki.demo.work_sharing import demo_sharing
from tiaki.demo.work_subject_access import demo_subject_access_work
from tiaki.intake.models import ReportConcern, ReportOfConcern, ReportPerson, TriageDecision
from tiaki.intake.services.reports import ConcernInput, ReportInput, ReportPersonInput, report_record
from tiaki.intake.services.triage import report_allocate, report_respond, triage_decide
from tiaki.people.models import Person, Relationship
from tiaki.staff.models import User

NZ = ZoneInfo("Pacific/Auckland")
#: The working day demo work is timed within (Pacific/Auckland, weekdays).
DAY_STARTS, DAY_ENDS = dt.time(8, 30), dt.time(17, 0)

# Demo sign-ins whose privacy induction is recorded: all but the new trainee.
INDUCTED = {
    Role.ADMINISTRATOR,
    Role.ANALYST,
    Role.CONTACT_CENTRE,
    Role.PRIVACY_OFFICER,
    Role.SITE_MANAGER,
    Role.SOCIAL_WORKER,
    Role.SUPERVISOR,
    Role.TRAINEE,
}
_K = CaseNote.Kind
Outcome = TriageDecision.Outcome


def working_time(day: dt.date, at: dt.time, now: dt.datetime) -> dt.datetime:
    """``at`` on ``day`` in Pacific/Auckland, moved back to the latest weekday
    no later than ``now``; ``at`` is kept within the working day."""
    at = min(max(at, DAY_STARTS), DAY_ENDS)
    while True:
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        moment = dt.datetime.combine(day, at, tzinfo=NZ)
        if moment <= now:
            return moment
        day -= dt.timedelta(days=1)


def days_ago(now: dt.datetime, days: int, hour: int, minute: int = 0) -> dt.datetime:
    return working_time(now.astimezone(NZ).date() - dt.timedelta(days=days), dt.time(hour, minute), now)


def after(moment: dt.datetime, days: int, hour: int, minute: int = 0) -> dt.datetime:
    """``days`` weekdays after ``moment``, at ``hour``:``minute`` (Pacific/Auckland)."""
    day = moment.astimezone(NZ).date()
    for _ in range(days):
        day += dt.timedelta(days=1)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=NZ)


def _whanau_of(child_id: int) -> list[int]:
    """The child's recorded parents."""
    return list(
        Relationship.objects.filter(to_person_id=child_id, kind=Relationship.Kind.PARENT)
        .order_by("from_person_id")
        .values_list("from_person_id", flat=True)
    )


def _sibling_of(child_id: int) -> int | None:
    """A brother or sister (a child of the same parent, under 17, with no
    open case), for the long case's care: they come into care together."""
    with_open_case = CaseParticipant.objects.filter(
        role=CaseParticipant.Role.CHILD, case__status=Case.Status.OPEN
    ).values("person_id")
    return (
        Person.objects.filter(
            relationships_to__kind=Relationship.Kind.PARENT,
            relationships_to__from_person_id__in=_whanau_of(child_id),
            date_of_birth__gt=timezone.localdate() - dt.timedelta(days=17 * 365),
            sealed=False,
            merged_into__isnull=True,
        )
        .exclude(pk=child_id)
        .exclude(pk__in=with_open_case)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def _demo_children(count: int = 6) -> list[int]:
    """Children (under 17) with at least one recorded parent and no open case
    of their own yet (the seeded agency's casework has some), one from each
    whānau (no two sharing a parent), in a fixed order."""
    with_open_case = CaseParticipant.objects.filter(
        role=CaseParticipant.Role.CHILD, case__status=Case.Status.OPEN
    ).values("person_id")
    candidates = (
        Person.objects.exclude(pk__in=with_open_case)
        .filter(
            date_of_birth__gt=timezone.localdate() - dt.timedelta(days=17 * 365),
            relationships_to__kind=Relationship.Kind.PARENT,
            sealed=False,
            merged_into__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()[: count * 20]
    )
    chosen: list[int] = []
    parents_seen: set[int] = set()
    for child_id in candidates:
        parents = set(_whanau_of(child_id))
        if parents & parents_seen:
            continue
        chosen.append(child_id)
        parents_seen |= parents
        if len(chosen) == count:
            break
    # The long case's child first: one with a brother or sister, if any has one.
    with_sibling = next((c for c in chosen if _sibling_of(c) is not None), None)
    if with_sibling is not None:
        chosen.remove(with_sibling)
        chosen.insert(0, with_sibling)
    return chosen


class _Demo:
    def __init__(self, users: dict[str, User], now: dt.datetime) -> None:
        self.now = now
        self.admin = users[demo_username(Role.ADMINISTRATOR)]
        self.kaimahi = users[demo_username(Role.CONTACT_CENTRE)]
        self.supervisor = users[demo_username(Role.SUPERVISOR)]
        self.worker = users[demo_username(Role.SOCIAL_WORKER)]
        self.trainee = users[demo_username(Role.TRAINEE)]
        assert self.worker.site_id is not None
        self.site_id = self.worker.site_id

    def report(
        self, child_id: int, received: dt.datetime, category: str, narrative: str, *, channel: str = "phone",
        agency: str = "", siblings: Sequence[int] = (),
    ) -> ReportOfConcern:  # fmt: skip
        """The contact-centre kaimahi records a report about the child (and
        any ``siblings``) and their parents."""
        persons = [ReportPersonInput(pid, ReportPerson.Role.CHILD) for pid in (child_id, *siblings)] + [
            ReportPersonInput(pid, ReportPerson.Role.ADULT) for pid in _whanau_of(child_id)
        ]
        data = ReportInput(
            site_id=self.site_id, persons=persons, concerns=[ConcernInput(category, narrative)], narrative=narrative,
            received_at=received, channel=channel, referrer_agency=agency,
            notifier_name="" if agency else "A neighbour", notifier_confidential=not agency,
        )  # fmt: skip
        return report_record(actor=self.kaimahi, data=data)

    def decide(self, report: ReportOfConcern, at: dt.datetime, timeframe: str, reasons: str) -> None:
        triage_decide(actor=self.supervisor, report_id=report.pk, outcome=Outcome.CORE_ASSESSMENT, reasons=reasons,
                      timeframe_code=timeframe, decided_at=at)  # fmt: skip

    def allocate_and_respond(self, report: ReportOfConcern, responded: dt.datetime | None) -> None:
        report_allocate(actor=self.supervisor, report_id=report.pk, worker_id=self.worker.pk)
        if responded is not None:
            report_respond(actor=self.worker, report_id=report.pk, responded_at=responded)

    def note(
        self, case: Case, at: dt.datetime, kind: str, index: int, *, seen: bool = False, by: User | None = None
    ) -> None:
        titles, openings = phrases.NOTE_TITLES[kind], phrases.NOTE_OPENINGS[kind]
        text = " ".join((openings[index % len(openings)], phrases.NOTE_MIDDLES[index % len(phrases.NOTE_MIDDLES)],
                         phrases.NOTE_ENDINGS[index % len(phrases.NOTE_ENDINGS)]))  # fmt: skip
        note_add(actor=by or self.worker, case_id=case.pk, kind=kind, occurred_at=at,
                 title=titles[index % len(titles)], text=text, child_seen=seen)  # fmt: skip


def _long_case(demo: _Demo, child_id: int) -> None:
    """Seven months of the first whānau's case, from the report to today."""
    now = demo.now
    received = days_ago(now, 212, 9, 40)
    sibling = _sibling_of(child_id)
    report = demo.report(child_id, received, ReportConcern.Category.NEGLECT,
                         "The child has come to kura hungry most days this term, and has missed a week.",
                         channel=ReportOfConcern.Channel.PROFESSIONAL, agency="Kura",
                         siblings=[sibling] if sibling is not None else [])  # fmt: skip
    demo.decide(report, received + dt.timedelta(hours=1, minutes=35), "very-urgent",
                "Hungry most days and missing school: the whānau need an assessment within 48 hours.")  # fmt: skip
    responded = after(received, 1, 10, 15)
    demo.allocate_and_respond(report, responded)
    opened = after(responded, 1, 14)
    case = case_open(actor=demo.worker, kind=Case.Kind.ASSESSMENT, report_id=report.pk, opened_at=opened)
    # Attempts to engage the whānau, then the order that brought the child into care.
    order_day = after(opened, 14, 9).date()
    attempts = [
        {"attempted_at": after(opened, 12, 10), "method": "visit", "with_whom": "Mum",
         "outcome": phrases.ENGAGEMENT_OUTCOMES[2]},
        {"attempted_at": after(opened, 13, 15, 30), "method": "phone", "with_whom": "Nan",
         "outcome": phrases.ENGAGEMENT_OUTCOMES[0]},
    ]  # fmt: skip
    court_order_record(actor=demo.worker, case_id=case.pk, child_id=child_id, kind=CourtOrder.Kind.S78,
                       court="Whangārei Family Court", made_on=order_day,
                       conditions=phrases.ORDER_CONDITIONS[CourtOrder.Kind.S78],
                       no_safety_plan_reason=phrases.NO_SAFETY_PLAN_REASONS[0],
                       engagement_attempts=attempts)  # fmt: skip
    case_participant_care(actor=demo.worker, case_id=case.pk, person_id=child_id, in_care_since=order_day,
                          frequency_code="four-weekly")  # fmt: skip
    fgc = fgc_refer(actor=demo.worker, case_id=case.pk, reason=phrases.FGC_REASONS[0],
                    referred_at=after(opened, 16, 11))  # fmt: skip
    fgc = fgc_record(actor=demo.worker, fgc_id=fgc.pk, version=fgc.version, held_on=after(opened, 30, 10).date(),
                     attendees=phrases.FGC_ATTENDEES[0], outcome=FamilyGroupConference.Outcome.PLAN_AGREED,
                     agreed_plan=phrases.FGC_PLANS[0],
                     review_on=timezone.localdate() + dt.timedelta(days=60))  # fmt: skip
    # Notes every week or so; the child last seen five weeks ago, so the
    # four-weekly statutory visit is now overdue.
    kinds = [_K.VISIT, _K.PHONE, _K.MEETING, _K.VISIT, _K.SUPERVISION, _K.PHONE, _K.OTHER]
    last_seen = days_ago(now, 35, 15, 30)
    at, index = after(opened, 2, 9), 0
    while at < now - dt.timedelta(days=2):
        kind = kinds[index % len(kinds)]
        seen = kind == _K.VISIT and at <= last_seen
        if kind == _K.VISIT and not seen:
            kind = _K.PHONE
        hour, minute = (9 + (index * 2) % 7, (index * 17) % 60)
        demo.note(case, at.replace(hour=hour, minute=minute), kind, index, seen=seen)
        at, index = after(at, 5, 9), index + 1
    plan_save(actor=demo.worker, case_id=case.pk, child_id=child_id, base_version=0,
              goals=[{"goal": g, "action": a, "who": w} for g, a, w in phrases.GOALS[:3]],
              child_voice=phrases.CHILD_VOICE[0], whanau_views=phrases.WHANAU_VIEWS[2],
              review_on=timezone.localdate() + dt.timedelta(days=10), fgc_id=fgc.pk)  # fmt: skip
    task_add(actor=demo.worker, case_id=case.pk, title="Book the health and dental checks",
             due_on=timezone.localdate() + dt.timedelta(days=3))  # fmt: skip


def _recent_case(demo: _Demo, child_id: int) -> None:
    """A recent assessment: reported three weeks ago, two notes since."""
    received = days_ago(demo.now, 24, 11, 5)
    report = demo.report(child_id, received, ReportConcern.Category.EMOTIONAL,
                         "A neighbour hears shouting most nights and the child crying on the porch.")  # fmt: skip
    demo.decide(report, after(received, 0, 15, 20), "urgent",
                "Repeated shouting and a distressed child: assess within 7 days.")  # fmt: skip
    responded = after(received, 2, 10)
    demo.allocate_and_respond(report, responded)
    case = case_open(actor=demo.worker, kind=Case.Kind.ASSESSMENT, report_id=report.pk,
                     opened_at=after(responded, 0, 16))  # fmt: skip
    demo.note(case, after(responded, 0, 11), _K.VISIT, 3, seen=True)
    demo.note(case, after(responded, 4, 13, 45), _K.PHONE, 1)
    task_add(actor=demo.worker, case_id=case.pk, title="Finish the assessment",
             due_on=timezone.localdate() + dt.timedelta(days=7))  # fmt: skip


def _trainee_case(demo: _Demo, child_id: int) -> None:
    """A case the supervisor allocates to the trainee, after the social
    worker's first response to its report: the trainee reads it."""
    received = days_ago(demo.now, 10, 10, 30)
    report = demo.report(child_id, received, ReportConcern.Category.NEGLECT,
                         "The child is often left at home alone after school.")  # fmt: skip
    demo.decide(report, after(received, 0, 12), "urgent", "A young child left alone: assess within 7 days.")
    responded = after(received, 1, 14, 30)
    demo.allocate_and_respond(report, responded)
    case = case_open(actor=demo.supervisor, kind=Case.Kind.ASSESSMENT, report_id=report.pk,
                     worker_id=demo.trainee.pk, opened_at=after(responded, 1, 9, 30))  # fmt: skip
    demo.note(case, after(responded, 2, 10, 45), _K.SUPERVISION, 0, by=demo.supervisor)


def _waiting_reports(demo: _Demo, children: list[int]) -> None:
    """A report waiting for the social worker's first response, one decided
    and waiting in the queue for a social worker, one not yet decided."""
    if children:
        received = days_ago(demo.now, 1, 9, 50)
        report = demo.report(children[0], received, ReportConcern.Category.PHYSICAL,
                             "The child came to kura with bruises on both arms and said Dad was angry.",
                             channel=ReportOfConcern.Channel.PROFESSIONAL, agency="Kura")  # fmt: skip
        demo.decide(report, after(received, 0, 10, 40), "urgent",
                    "Bruising the child explains as from a parent: assess within 7 days.")  # fmt: skip
        demo.allocate_and_respond(report, None)
    if len(children) > 1:
        received = days_ago(demo.now, 2, 13, 10)
        report = demo.report(children[1], received, ReportConcern.Category.NEGLECT,
                             "The teacher says there is rarely lunch and the uniform is not washed.")  # fmt: skip
        demo.decide(report, after(received, 0, 15), "non-urgent", "Ongoing neglect worries: assess within 20 days.")
    if len(children) > 2:
        demo.report(children[2], days_ago(demo.now, 0, 9, 5), ReportConcern.Category.EMOTIONAL,
                    "A relative worries the child is anxious and not sleeping since the separation.")  # fmt: skip


def _inductions_and_duty(users: dict[str, User], now: dt.datetime) -> None:
    admin = users[demo_username(Role.ADMINISTRATOR)]
    for username in [*(demo_username(role) for role in INDUCTED), PRIVACY_LEAD]:
        user = users.get(username)
        # Relative to the demo's today, so the demo accounts stay current
        # (INDUCTION_VALID_DAYS) whenever the demo is made.
        if user is not None and not has_induction(user, today=timezone.localdate(now)):
            induction_record(actor=admin, user=user, completed_on=timezone.localdate(now) - dt.timedelta(days=60),
                             course_version=CURRENT_INDUCTION_COURSE)  # fmt: skip
    kaimahi = users[demo_username(Role.CONTACT_CENTRE)]
    assert kaimahi.site is not None
    if not IntakeDuty.objects.filter(user=kaimahi, starts_at__lte=now, ends_at__gt=now).exists():
        intake_duty_add(actor=admin, user=kaimahi, site=kaimahi.site, starts_at=now - dt.timedelta(hours=1),
                        ends_at=now + dt.timedelta(days=90))  # fmt: skip


@transaction.atomic
def ensure_demo_work(now: dt.datetime | None = None) -> None:
    """Inductions, intake duty and the demo's work, once: a second run adds nothing."""
    now = now or timezone.now()
    names = [demo_username(r) for r in INDUCTED] + [
        NEW_TRAINEE,
        PRIVACY_LEAD,
        demo_username(Role.PARTNER_WORKER),
        demo_username(Role.CAREGIVER),
    ]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    _inductions_and_duty(users, now)
    demo = _Demo(users, now)
    if Case.objects.filter(allocated_worker=demo.worker).exists():
        _sharing(users, demo)
        _subject_access(users, demo)
        _privacy(users, demo)
        _monitoring(users, demo)
        demo_refreshers(admin=users[demo_username(Role.ADMINISTRATOR)], now=now)
        return
    children = _demo_children()
    makers = [_long_case, _recent_case, _trainee_case]
    for maker, child_id in zip(makers, children, strict=False):
        maker(demo, child_id)
    _waiting_reports(demo, children[len(makers) :])
    # Care (issue 14): a no-op until the care services are in the tree (tiaki.demo.work_care).
    cases = list(Case.objects.filter(allocated_worker=demo.worker).order_by("pk")[:2])
    if cases:
        demo_care_work(worker=demo.worker, supervisor=demo.supervisor, long_case=cases[0],
                       recent_case=cases[1] if len(cases) > 1 else None)  # fmt: skip
        # Disclosure (issue 15): the mother's protection order and the partner register (tiaki.demo.work_disclosure).
        demo_disclosure_work(worker=demo.worker, privacy_officer=users.get(demo_username(Role.PRIVACY_OFFICER)),
                             long_case=cases[0])  # fmt: skip
    _sharing(users, demo)
    _subject_access(users, demo)
    _privacy(users, demo)
    _monitoring(users, demo)
    # Privacy refreshers (issue 17): one due in 5 days, one lapsed (tiaki.demo.work_refreshers).
    demo_refreshers(admin=users[demo_username(Role.ADMINISTRATOR)], now=now)


def _privacy(users: dict[str, User], demo: _Demo) -> None:
    """The breach and near-miss register's incidents (tiaki.demo.work_privacy, issue 17)."""
    long_case = Case.objects.filter(allocated_worker=demo.worker).order_by("pk").first()
    demo_privacy_work(worker=demo.worker, privacy_officer=users.get(demo_username(Role.PRIVACY_OFFICER)),
                      privacy_lead=users.get(PRIVACY_LEAD), long_case=long_case, now=demo.now)  # fmt: skip


def _monitoring(users: dict[str, User], demo: _Demo) -> None:
    """Access alerts for the privacy office, two open enumeration alerts among them (tiaki.demo.work_monitoring)."""
    from tiaki.demo.work_monitoring import demo_monitoring_work

    demo_monitoring_work(privacy_lead=users.get(PRIVACY_LEAD), now=demo.now)


def _subject_access(users: dict[str, User], demo: _Demo) -> None:
    """A care leaver's subject access request, verified (tiaki.demo.work_subject_access, issue 16)."""
    demo_subject_access_work(worker=demo.worker, privacy_officer=users.get(demo_username(Role.PRIVACY_OFFICER)),
                             now=demo.now)  # fmt: skip


def _sharing(users: dict[str, User], demo: _Demo) -> None:
    """The caregiver's and partner worker's accounts and what is shared with them (tiaki.demo.work_sharing)."""
    demo_sharing(admin=users[demo_username(Role.ADMINISTRATOR)], worker=demo.worker,
                 caregiver=users.get(demo_username(Role.CAREGIVER)),
                 partner=users.get(demo_username(Role.PARTNER_WORKER)))  # fmt: skip
