"""The care part of a person's page ("Their work with us",
tiaki.people.record_facts): in care since when, and placed with whom, never
where. Provided to people (which may not import care) from CareConfig.ready()."""

from __future__ import annotations

from tiaki.access import Permission, has_permission, scoping, sealed
from tiaki.access.paths import reading, selector
from tiaki.audit.actions import AuditAction
from tiaki.care.models import CareEpisode, HouseholdMember, Placement
from tiaki.care.selectors.history import UNNAMED_HOUSEHOLD
from tiaki.people.record_facts import InCare, WorkFacts
from tiaki.staff.models import User


@selector(AuditAction.CARE_READ, permission=Permission.CARE_READ)
def person_in_care(*, actor: User, person_id: int) -> WorkFacts:
    """Whether ``person_id`` is in care now and with whom, as ``actor`` may
    read it; 404 when the person is outside their reach."""
    decision = scoping.person_decision(actor, person_id)
    with reading(actor, decision=decision, subject_type="person", subject_ids=[person_id]) as step:
        episode = CareEpisode.objects.filter(child_id=person_id, left_on__isnull=True).first()
        if episode is None:
            return WorkFacts()
        placement = Placement.objects.filter(episode=episode, ended_on__isnull=True).select_related("household").first()
        placed_with = ""
        if placement is not None:
            placed_with = placement.provider_name or placement.get_kind_display()
            if placement.household is not None:
                members = HouseholdMember.objects.filter(household=placement.household, left_on__isnull=True)
                hidden = sealed.hidden_person_ids(actor, list(members.values_list("person_id", flat=True)))
                placed_with = UNNAMED_HOUSEHOLD if hidden else placement.household.name
        step.relationship = f"person-care:{decision.relationship}"[:100]
    return WorkFacts(in_care=(InCare(person_id, episode.entered_on, placed_with),))


def care_facts(actor: User, person_id: int) -> WorkFacts:
    """The provider (tiaki.people.record_facts): a role without care:read is
    told care is not for it (the same for every person), not refused."""
    if not has_permission(actor, Permission.CARE_READ):
        return WorkFacts(not_for_role=frozenset({"care"}))
    return person_in_care(actor=actor, person_id=person_id)
