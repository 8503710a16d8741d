"""The care domain's part of need-to-know (tiaki.access.reach).

A child's care records (episodes, placements, missing episodes, About me) are
read through the child: whoever may read the child (person_decision) may
read them, and a placement's location only with ``may_see_sensitive`` (an
ongoing relationship and the field permission: never under break-glass, never
a trainee). Caregiver households are decided here (household_decision), and
a household's own social worker reaches the people in it
(``caregiver-household:<id>``). Registered from CareConfig.ready()."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from tiaki.access import has_permission, reach, scoping, sealed
from tiaki.access.ids import NO_RECORD, record_id
from tiaki.access.permissions import Permission
from tiaki.access.scoping import NO_RELATIONSHIP, NOT_FOUND, SEALED, Decision, refuse
from tiaki.care.models import CaregiverAssessment, CaregiverHousehold, HouseholdMember, Placement
from tiaki.casework.models import Case, CaseParticipant
from tiaki.casework.reach import case_decision
from tiaki.staff.models import User

#: What the decision names for each way into a household (``<name>:<id>``).
WORKER = "household-worker"
ASSESSOR = "household-assessor"
LINE = "supervision-line:household"
SITE_TEAM = "caregiver-team"
#: Read only: allocated to (or otherwise reaching) a child placed there now.
VIA_CHILD = "via-child"


def _params(actor: User, now: dt.datetime) -> dict[str, Any]:
    return {"household_closed": CaregiverHousehold.Status.CLOSED.value}


def _household_sql() -> str:
    # The household whose social worker the actor is, that ``q`` lives in now.
    return (
        f"(SELECT MIN(hm.household_id) FROM {scoping.table(HouseholdMember)} hm "  # noqa: S608 - table names from the model registry; values are parameters
        f"JOIN {scoping.table(CaregiverHousehold)} h ON h.id = hm.household_id "
        "WHERE hm.person_id = q.id AND hm.left_on IS NULL AND h.social_worker_id = %(actor)s "
        "AND h.status <> %(household_closed)s)"
    )


def _household_bulk(r: reach.Bulk) -> QuerySet[Any]:
    return (
        HouseholdMember.objects.filter(left_on__isnull=True, household__social_worker=r.actor)
        .exclude(household__status=CaregiverHousehold.Status.CLOSED)
        .values_list("person_id", flat=True)
    )


#: A caregiver's own social worker opens the person records of the people in
#: their households (to check and support them), ranked after the allocated
#: case and report (direct work with the child comes first) and before any
#: supervision line.
CAREGIVER_HOUSEHOLD = reach.PersonRelationship(
    name="caregiver-household", rank=25, sql=_household_sql, bulk=_household_bulk
)


def register() -> None:
    reach.register(CAREGIVER_HOUSEHOLD, params=_params)


@functools.cache
def _household_facts_sql(vendor: str) -> str:
    # The household's row and every team relationship, in one statement run
    # whether or not the household exists (tiaki.access.scoping._person_facts_sql).
    households, assessments = scoping.table(CaregiverHousehold), scoping.table(CaregiverAssessment)
    open_assessment = f"SELECT MIN(a.id) FROM {assessments} a WHERE a.household_id = s.id AND a.decision = ''"  # noqa: S608 - table name from the model registry
    return (
        scoping.reach_ctes() + "SELECT h.id IS NOT NULL, h.site_id = %(household_site)s, "  # noqa: S608 - table names from the model registry; values are parameters
        "h.social_worker_id = %(actor)s, h.social_worker_id IN (SELECT id FROM team), "
        f"({open_assessment} AND a.assessor_id = %(actor)s), "
        f"({open_assessment} AND a.assessor_id IN (SELECT id FROM team)), h.site_id "
        f"FROM (SELECT CAST(%(subject)s AS BIGINT) AS id) s LEFT JOIN {households} h ON h.id = s.id"
    )


@functools.cache
def _placed_children_sql(vendor: str) -> str:
    """The children placed in the household now, for person_decisions."""
    return (
        f"SELECT pl.child_id AS id, pl.id AS pos FROM {scoping.table(Placement)} pl "  # noqa: S608 - table name from the model registry
        "WHERE pl.household_id = %(subject)s AND pl.ended_on IS NULL"
    )


def household_decision(
    actor: User, household_id: int, *, write: bool = False, now: dt.datetime | None = None
) -> Decision:
    """Whether ``actor`` may read (or, with ``write``, change) caregiver
    household ``household_id``. Its social worker, the assessor of its open
    assessment, their supervision line and the caregiver team at its site
    (caregiver:manage there) read and change it; a worker who may read a
    child placed there now reads it (never changes it). A household with a
    member sealed from the actor (tiaki.access.sealed) is refused like a
    missing one. A missing, out-of-reach and sealed household take the same
    path: the household's statement, its members, then its children's."""
    refused = scoping.gate(actor, Permission.CAREGIVER_MANAGE if write else Permission.CAREGIVER_READ)
    if refused is not None:
        return refused
    now = now or timezone.now()
    subject = record_id(household_id)
    params = scoping.reach_params(actor, now) | {"subject": subject, "household_site": actor.site_id}
    with connection.cursor() as cursor:
        cursor.execute(_household_facts_sql(connection.vendor), params)
        found, same_site, mine, supervised, assessing, line_assessing, site_id = cursor.fetchone()
    members = list(HouseholdMember.objects.filter(household_id=subject).values_list("person_id", flat=True))
    # Asked with no record's id when there are no members, so that a missing
    # household costs the statements a sealed or out-of-reach one does.
    hidden = bool(sealed.hidden_person_ids(actor, members or [NO_RECORD]))
    team = None
    if mine:
        team = f"{WORKER}:{subject}"
    elif assessing:
        team = f"{ASSESSOR}:{assessing}"
    elif supervised or line_assessing:
        team = f"{LINE}:{subject}"
    elif same_site and has_permission(actor, Permission.CAREGIVER_MANAGE):
        team = f"{SITE_TEAM}:{site_id}"
    if team is not None and not hidden:
        return Decision(True, team, may_see_sensitive=has_permission(actor, Permission.PERSON_SENSITIVE_READ))
    if write:
        return refuse(SEALED if hidden else NO_RELATIONSHIP if found else NOT_FOUND)
    # Read on even when the household is missing or sealed: the children's
    # statement is what an out-of-reach household's refusal costs too.
    person_gate = scoping.gate(actor, Permission.PERSON_READ, induction=False)
    children = _placed_children_sql(connection.vendor)
    decided = [] if person_gate else scoping.person_decisions(actor, now, subjects=children, subject=subject)
    if hidden:
        return refuse(SEALED)
    for asked_id, decision in decided:
        if decision.allowed:
            return Decision(True, f"{VIA_CHILD}:{asked_id}:{decision.relationship}", decision.reason,
                            may_see_sensitive=decision.may_see_sensitive)  # fmt: skip
    return refuse(NO_RELATIONSHIP if found else NOT_FOUND)


def may_change_household(actor: User, read: Decision) -> bool:
    """Whether a reader of a household (``read`` from household_decision) may
    also change it: the same rule as ``household_decision(write=True)``, from
    the decision already made, so a page does not decide twice."""
    return (
        read.allowed
        and read.relationship.startswith((f"{WORKER}:", f"{ASSESSOR}:", f"{LINE}:", f"{SITE_TEAM}:"))
        and has_permission(actor, Permission.CAREGIVER_MANAGE)
    )


# --- About me (tiaki.care.services.about, selectors.about) -------------------------


def about_me_write_decision(actor: User, child_id: int, *, read: Decision | None = None) -> Decision:
    """Whether ``actor`` may write the child's About me: they may read the child
    (person_decision, so a missing child and an out-of-reach one are refused
    alike, and a sealed one is absent) and are on the team of an open case
    the child is a child on (tiaki.casework.reach.case_decision with
    ``write``). The allowed decision names that case's relationship, as
    ``allocated-case:<id>`` or ``supervision-line:case:<id>``. ``read``: the
    person decision already made (a selector's), so it is not asked again."""
    refused = scoping.gate(actor, Permission.CARE_RECORD)
    if refused is not None:
        return refused
    read = read or scoping.person_decision(actor, child_id)
    if not read.allowed:
        return read
    cases = CaseParticipant.objects.filter(
        person_id=child_id, role=CaseParticipant.Role.CHILD, case__status=Case.Status.OPEN
    ).order_by("case_id")
    for case_id in cases.values_list("case_id", flat=True):
        decision = case_decision(actor, case_id, write=True)
        if decision.allowed:
            return decision
    # A reader who is not on the team: answered as a record out of reach, as
    # casework answers a reader of a case who tries to record on it.
    return scoping.refuse(scoping.NO_RELATIONSHIP)


def about_me_case_id(decision: Decision) -> int | None:
    """The case an allowed about_me_write_decision names."""
    if not decision.allowed:
        return None
    head, _, number = decision.relationship.rpartition(":")
    return int(number) if head in ("allocated-case", "supervision-line:case") and number.isdigit() else None


def _about_me_to_record(actor: User, child_id: int) -> int | None:
    """A draft of a child's About me: kept while the actor may write it; its
    parent is the case whose team they are on (listed on that case's page)."""
    return about_me_case_id(about_me_write_decision(actor, child_id))


def register_drafts() -> None:
    """The care forms that keep drafts as the worker types (tiaki.drafts.kinds)."""
    from tiaki.drafts import kinds

    kinds.register(kinds.DraftKind(
        "care.about_me", "About me", "about-me-edit", lambda record, part: (record,), _about_me_to_record,
    ))  # fmt: skip


def _open_episode_case(actor: User, child_id: int) -> int | None:
    """A draft about a child's care: kept while the actor may record on the
    case their open episode is on."""
    from tiaki.access.ids import record_id
    from tiaki.care.models import CareEpisode
    from tiaki.casework.reach import case_decision

    case_id = (
        CareEpisode.objects.filter(child_id=record_id(child_id), left_on__isnull=True)
        .values_list("case_id", flat=True)
        .first()
    )
    return case_id if case_id is not None and case_decision(actor, case_id, write=True).allowed else None


def _on_case(actor: User, case_id: int) -> int | None:
    from tiaki.casework.reach import case_decision

    return case_id if case_decision(actor, case_id, write=True).allowed else None


def register_episode_drafts() -> None:
    """The long care forms that keep drafts as the worker types (tiaki.drafts.kinds):
    entering care (about a case and child), leaving care, a placement and a move (about the child)."""
    from tiaki.drafts import kinds

    kinds.register(kinds.DraftKind("care.enter", "Entering care", "care-enter", lambda record, part: (record, part),
                                   _on_case))  # fmt: skip
    for name, label, url_name in (
        ("care.leave", "Leaving care", "care-leave"),
        ("care.placement", "Placement", "placement-add"),
        ("care.move", "Placement move", "placement-move"),
    ):
        kinds.register(kinds.DraftKind(name, label, url_name, lambda record, part: (record,), _open_episode_case))
