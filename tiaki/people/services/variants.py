"""The maintained list of name variants that matching knows (Wiremu / William)."""

from __future__ import annotations

from django.db import IntegrityError

from tiaki.access import Permission
from tiaki.access.paths import service, writing
from tiaki.audit.actions import AuditAction
from tiaki.people.models import NameVariant
from tiaki.people.services.inputs import PersonInputError
from tiaki.staff.models import User


@service(AuditAction.PERSON_UPDATE, permission=Permission.PERSON_SEARCH)
def name_variant_add(*, actor: User, name: str, variant: str, kind: str) -> NameVariant:
    """Staff extend the list of names that are the same person's: both
    directions are recorded, folded the way matching folds names."""
    from tiaki.people.matching.normalise import fold

    a, b = fold(name).strip(), fold(variant).strip()
    if not a or not b or a == b:
        raise PersonInputError({"variant": "Enter two different names."})
    if kind not in NameVariant.Kind.values:
        raise PersonInputError({"kind": "Choose whether it is a transliteration or a nickname."})
    try:
        with writing(actor, subject_type="name_variant") as step:
            row = NameVariant.objects.create(name=a, variant=b, kind=kind, added_by=actor)
            NameVariant.objects.get_or_create(name=b, variant=a, defaults={"kind": kind, "added_by": actor})
            step.subject_ids = [row.pk]
    except IntegrityError:
        raise PersonInputError({"variant": "These names are already on the list."}) from None
    return row
