"""Changing the caregiver policy (tiaki.care.policy): administrators only."""

from __future__ import annotations

from tiaki.access import Permission
from tiaki.access.paths import service, writing
from tiaki.audit.actions import AuditAction
from tiaki.care.models import CaregiverPolicy
from tiaki.care.policy import FIELDS, caregiver_policy
from tiaki.care.services.caregivers.errors import CaregiverError
from tiaki.staff.models import User

MAX_DAYS = 3_650


@service(AuditAction.POLICY_UPDATE, permission=Permission.POLICY_MANAGE)
def caregiver_policy_update(*, actor: User, values: dict[str, int]) -> CaregiverPolicy:
    """Set how often caregivers are visited and reviewed and how long checks
    stay valid: each a whole number of days from 1 to 3,650."""
    labels = {name: label for name, label, _ in FIELDS}
    with writing(actor, relationship="caregiver-policy") as step:
        policy = caregiver_policy()
        policy = CaregiverPolicy.objects.select_for_update().get(pk=policy.pk)
        changed = []
        for name, value in values.items():
            if name not in labels:
                raise CaregiverError("No such caregiver policy.", name)
            if value is None or value <= 0:
                raise CaregiverError(f"{labels[name]} must be more than zero.", name)
            if value > MAX_DAYS:
                raise CaregiverError(f"{labels[name]} must be at most {MAX_DAYS:,}.", name)
            if getattr(policy, name) != value:
                setattr(policy, name, value)
                changed.append(name)
        if not changed:
            step.nothing_done()
            return policy
        policy.save(update_fields=changed)
        step.relationship = f"caregiver-policy:{','.join(changed)}"
    return policy
