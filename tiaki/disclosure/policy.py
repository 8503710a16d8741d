"""The disclosure guard's rules as the agency starts with them (migration
disclosure.0002 writes the same rows). The guard fails closed: a rule with
no row in GuardRule (a table emptied by mistake, a database restored
without it) applies as it is here (tiaki.disclosure.selectors.guard reads them); only a row with ``enabled`` False turns
a rule off."""

from __future__ import annotations

from tiaki.disclosure.models import GuardRule

#: code -> (overridable, when_unnamed, every_external, why)
DEFAULT_RULES: dict[str, tuple[bool, str, bool, str]] = {
    GuardRule.Code.PROTECTED_ADDRESS: (
        True, GuardRule.WhenUnnamed.BLOCK, False,
        "A protected address keeps someone safe from a person who has hurt them or may hurt them. "
        "It must never reach that person or anyone linked to them.",
    ),
    GuardRule.Code.PLACEMENT_LOCATION: (
        True, GuardRule.WhenUnnamed.BLOCK, False,
        "Where a child in care lives is kept from anyone the child or their caregivers are protected from.",
    ),
    GuardRule.Code.NOTIFIER_IDENTITY: (
        False, GuardRule.WhenUnnamed.BLOCK, True,
        "People who report concerns are promised their identity stays with the agency. "
        "It never leaves Tiaki: not even a second person may let it out.",
    ),
    GuardRule.Code.OTHER_CHILD: (
        True, GuardRule.WhenUnnamed.BLOCK, True,
        "Another child's details belong to that child. They are not shared in an artefact about someone else.",
    ),
    GuardRule.Code.SENSITIVE: (
        True, GuardRule.WhenUnnamed.BLOCK, False,
        "Information marked SENSITIVE is kept from anyone it is protected from.",
    ),
    GuardRule.Code.SEALED: (
        False, GuardRule.WhenUnnamed.BLOCK, False,
        "The record is sealed from the recipient (a staff member or their whānau is involved). "
        "Nobody can override this.",
    ),
}  # fmt: skip
