"""Reading the caregiver policy: how often a household's own social worker
visits, how often it is reviewed, and how long a police vet or a health check
stays valid.

The defaults live here, once (the model's field defaults say the same): if
the one row is missing (a table emptied, a test flush) it is put back on
first use. Nothing is cached: an administrator's change applies at once.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tiaki.care.models import CaregiverCheck, CaregiverPolicy

#: (field, label, default): what the policy page shows, in its order.
FIELDS: list[tuple[str, str, int]] = [
    ("visit_interval_days", "Days between the social worker's visits to a caregiver household", 56),
    ("review_interval_days", "Days between reviews of an approved household", 365),
    ("police_vet_valid_days", "Days a police vet stays valid", 1095),
    ("health_check_valid_days", "Days a health check stays valid", 1095),
]

#: How soon before a check expires the register flags it.
EXPIRY_WARNING = dt.timedelta(days=60)


def caregiver_policy() -> CaregiverPolicy:
    """The one policy row, put back with its defaults if it is missing."""
    row = CaregiverPolicy.objects.order_by("pk").first()
    if row is None:
        with transaction.atomic():
            row = CaregiverPolicy.objects.order_by("pk").first() or CaregiverPolicy.objects.create(
                **{name: default for name, _, default in FIELDS}
            )
    return row


def check_expiry(kind: str, done_on: dt.date, policy: CaregiverPolicy | None = None) -> dt.date | None:
    """When a check done on ``done_on`` expires: police vets and health checks
    by policy; the others do not expire."""
    if kind not in (CaregiverCheck.Kind.POLICE_VET, CaregiverCheck.Kind.HEALTH):
        return None
    policy = policy or caregiver_policy()
    days = policy.police_vet_valid_days if kind == CaregiverCheck.Kind.POLICE_VET else policy.health_check_valid_days
    return done_on + dt.timedelta(days=days)
