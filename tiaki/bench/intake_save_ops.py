"""Benchmark operation for recording a report of concern.

``report_save_3_persons`` saves a report with three linked persons (two
children and an adult) through report_record, exactly as the web form's
view does: validation, the report, its people and concerns, and the audit
event in one transaction. Target p95 <= 150 ms on PostgreSQL at 1,000,000
persons and about 2.5 million reports (issue 5).
"""

from __future__ import annotations

from django.utils import timezone

from tiaki.access.models import CURRENT_INDUCTION_COURSE, PrivacyInduction
from tiaki.access.roles import Role
from tiaki.access.scoping import has_induction
from tiaki.bench.operations import BenchContext, Operation
from tiaki.intake.models import ReportConcern, ReportOfConcern, ReportPerson
from tiaki.intake.services.reports import ConcernInput, ReportInput, ReportPersonInput, report_record
from tiaki.staff.models import User


def _contact_centre_actor(ctx: BenchContext) -> User:
    user, _ = User.objects.get_or_create(
        username="bench-contact-centre",
        defaults={"role": Role.CONTACT_CENTRE, "first_name": "Bench", "site": ctx.actor.site},
    )
    if not has_induction(user):
        PrivacyInduction.objects.create(
            user=user, completed_on=timezone.localdate(), course_version=CURRENT_INDUCTION_COURSE, recorded_by=user
        )
    return user


def save_operations(ctx: BenchContext) -> list[Operation]:
    actor = _contact_centre_actor(ctx)
    site_id = ctx.actor.site_id
    assert site_id is not None  # the bench actor always has a site (operations._bench_actor)

    def report_save_3_persons(i: int) -> object:
        ids = [ctx.person_id(i * 3), ctx.person_id(i * 3 + 1), ctx.person_id(i * 3 + 2)]
        if len(set(ids)) < 3:
            ids = [ctx.person_ids[0], ctx.person_ids[1 % len(ctx.person_ids)], ctx.person_ids[2 % len(ctx.person_ids)]]
        data = ReportInput(
            site_id=site_id,
            persons=[
                ReportPersonInput(ids[0], ReportPerson.Role.CHILD),
                ReportPersonInput(ids[1], ReportPerson.Role.CHILD),
                ReportPersonInput(ids[2], ReportPerson.Role.ADULT),
            ],
            concerns=[
                ConcernInput(ReportConcern.Category.NEGLECT, "No food in the house; the children are unsupervised."),
                ConcernInput(ReportConcern.Category.FAMILY_VIOLENCE, "Shouting and a smashed window last night."),
            ],
            narrative="The neighbour rang: the children were alone overnight and police were called at 2am.",
            immediate_safety="The children are with their grandmother tonight.",
            channel=ReportOfConcern.Channel.PHONE,
            notifier_name="Bench Neighbour",
            notifier_relationship="Neighbour",
            notifier_contact="021 000 0000",
        )
        return report_record(actor=actor, data=data)

    return [
        Operation(
            "report_save_3_persons",
            "report_record: a report with 3 linked persons and 2 concerns, as the web form saves it (audited)",
            report_save_3_persons,
        )
    ]
