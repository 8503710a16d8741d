"""The casework part of a person's page ("Their work with us",
tiaki.people.record_facts): their open cases with the worker and team who
hold them, the current plan, and the next statutory visit due. Provided to
people (which may not import casework) from CaseworkConfig.ready().

Need-to-know twice over: the person's own decision lets the reader in (as
on their record), and each open case is shown only if the reader may read
it (case_decision: its team, or a reader of one of its people). A case they
may not read is left out and not counted. One audit event for the read,
about the person (so "who has seen this record" lists it).
"""

from __future__ import annotations

from tiaki.access import Permission, has_permission, scoping
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.casework import placement_facts
from tiaki.casework.models import Case, CaseParticipant, Plan, PlanVersion
from tiaki.casework.reach import case_decision
from tiaki.casework.selectors.cases import last_visits, visit_due_on
from tiaki.casework.selectors.masking import user_name
from tiaki.people.record_facts import CurrentPlan, OpenCase, VisitDue, WorkFacts
from tiaki.staff.models import User


@selector(AuditAction.CASE_READ, permission=Permission.CASE_READ)
def person_casework(*, actor: User, person_id: int) -> WorkFacts:
    """``person_id``'s open cases (newest first), their current plans and
    their next statutory visits, as ``actor`` may read them; 404 when the
    person is outside their reach."""
    decision = scoping.person_decision(actor, person_id)
    with reading(actor, decision=decision, subject_type="person", subject_ids=[person_id]) as step:
        links = [
            link
            for link in CaseParticipant.objects.filter(person_id=person_id, case__status=Case.Status.OPEN)
            .select_related("case__allocated_worker", "case__team", "case__site", "visit_frequency")
            .order_by("-case__opened_at", "-case_id")
            if case_decision(actor, link.case_id).allowed
        ]
        cases = tuple(
            OpenCase(
                case_id=link.case_id,
                reference=link.case.reference,
                kind_label=link.case.get_kind_display(),
                opened_at=link.case.opened_at,
                worker_name=user_name(link.case.allocated_worker),
                team_name=link.case.team.name if link.case.team else "",
                site_name=link.case.site.name,
                role_label=link.get_role_display(),
                as_child=link.role == CaseParticipant.Role.CHILD,
            )
            for link in links
        )
        references = {link.case_id: link.case.reference for link in links}
        plans = list(Plan.objects.filter(child_id=person_id, case_id__in=references).order_by("pk"))
        current = {(p.pk, p.current_version) for p in plans}
        reviews = {
            v.plan_id: v.review_on
            for v in PlanVersion.objects.filter(plan__in=plans)
            if (v.plan_id, v.number) in current
        }
        in_care = [link for link in links if link.role == CaseParticipant.Role.CHILD and link.in_care_since]
        seen = last_visits([person_id]) if in_care else {}
        placed = placement_facts.placement_starts([person_id]) if in_care else {}
        visits = []
        for link in in_care:
            every = link.visit_frequency.interval_days if link.visit_frequency else None
            due = visit_due_on(link.in_care_since, every, seen.get(person_id), placed.get(person_id))
            if due is not None and every is not None:
                visits.append(VisitDue(link.case_id, references[link.case_id], due, every))
        # About the person (who has seen this record counts it), read through their decision.
        step.relationship = f"person-work:{decision.relationship}"[:100]
    return WorkFacts(
        open_cases=cases,
        plans=tuple(
            CurrentPlan(p.pk, p.case_id, references[p.case_id], p.current_version, reviews.get(p.pk)) for p in plans
        ),
        visits_due=tuple(visits),
    )


def casework_facts(actor: User, person_id: int) -> WorkFacts:
    """The provider (tiaki.people.record_facts): a role without case access
    is told cases are not for it (the same for every person), not refused."""
    if not has_permission(actor, Permission.CASE_READ):
        return WorkFacts(not_for_role=frozenset({"cases"}))
    return person_casework(actor=actor, person_id=person_id)
