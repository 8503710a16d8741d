"""Recipient accounts: which caregiver household or partner organisation a
caregiver or partner worker account reads shares for. Administrators link
them (user:manage), as they manage every other account."""

from __future__ import annotations

from tiaki.access import Permission
from tiaki.access.paths import service, writing
from tiaki.access.roles import Role
from tiaki.audit.actions import AuditAction
from tiaki.care.models import CaregiverHousehold, HouseholdMember
from tiaki.disclosure.models import PartnerOrganisation, RecipientAccount
from tiaki.staff.models import User


class AccountLinkError(ValueError):
    """The account cannot be linked as asked; nothing was saved."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@service(AuditAction.USER_UPDATE, permission=Permission.USER_MANAGE)
def link_recipient_account(
    *,
    actor: User,
    user_id: int,
    household_id: int | None = None,
    organisation_id: int | None = None,
    person_id: int | None = None,
) -> RecipientAccount:
    """Link a caregiver account to exactly one household (and optionally
    the member of it they are) or a partner worker to exactly one partner
    organisation; linking again moves the account."""
    with writing(actor, subject_type="user", subject_ids=[user_id]) as step:
        user = User.objects.filter(pk=user_id).first()
        if user is None:
            raise AccountLinkError("No such account.", "user")
        if user.role == Role.CAREGIVER:
            if household_id is None or organisation_id is not None:
                raise AccountLinkError("Choose the caregiver household this caregiver reads for.", "household")
            if not CaregiverHousehold.objects.filter(pk=household_id).exists():
                raise AccountLinkError("No such caregiver household.", "household")
            if (
                person_id is not None
                and not HouseholdMember.objects.filter(
                    household_id=household_id, person_id=person_id, left_on__isnull=True
                ).exists()
            ):
                raise AccountLinkError("That person is not a member of the household.", "person")
        elif user.role == Role.PARTNER_WORKER:
            if organisation_id is None or household_id is not None:
                raise AccountLinkError("Choose the partner organisation this worker reads for.", "organisation")
            if not PartnerOrganisation.objects.filter(pk=organisation_id).exists():
                raise AccountLinkError("No such partner organisation.", "organisation")
        else:
            raise AccountLinkError("Only caregiver and partner worker accounts read shares.", "user")
        account, _ = RecipientAccount.objects.update_or_create(
            user=user,
            defaults={"household_id": household_id, "organisation_id": organisation_id, "person_id": person_id},
        )
        where = f"household:{household_id}" if household_id else f"org:{organisation_id}"
        step.relationship = f"recipient-account:{where}"
    return account
