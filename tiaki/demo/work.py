"""Demo allocations, so each demo account sees what its role would: the
social worker has two whānau allocated, the contact-centre kaimahi is on
intake duty with open reports at the site, the trainee has no induction."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from tiaki.access.models import CURRENT_INDUCTION_COURSE, IntakeDuty, PrivacyInduction
from tiaki.access.roles import Role
from tiaki.casework.models import Case, CaseParticipant
from tiaki.demo.accounts import demo_username
from tiaki.intake.models import ReportOfConcern, ReportPerson
from tiaki.people.models import Person, Relationship
from tiaki.staff.models import User

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
    if Case.objects.filter(allocated_worker=worker).exists():
        return
    # Children (under 18) with at least one recorded parent, in a fixed order.
    children = list(
        Person.objects.filter(
            date_of_birth__gt=timezone.localdate() - dt.timedelta(days=17 * 365),
            relationships_to__kind=Relationship.Kind.PARENT,
            sealed=False,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()[:6]
    )
    for index, child_id in enumerate(children):
        members = _whanau_of(child_id)
        if index < 2:
            case = Case.objects.create(
                kind=Case.Kind.ONGOING if index == 0 else Case.Kind.ASSESSMENT,
                site=site,
                team=worker.team,
                allocated_worker=worker,
                opened_at=now - dt.timedelta(days=40 * (index + 1)),
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
