"""The roles of DESIGN.md. A role's slug is also the demo account's suffix
(``demo-social-worker``), so slugs are hyphenated."""

from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "System administrator"
    ANALYST = "analyst", "Analyst"
    CAREGIVER = "caregiver", "Caregiver"
    CONTACT_CENTRE = "contact-centre", "Contact centre kaimahi"
    PARTNER_WORKER = "partner-worker", "Partner (NGO) worker"
    PRIVACY_OFFICER = "privacy-officer", "Privacy officer"
    SITE_MANAGER = "site-manager", "Site manager"
    SOCIAL_WORKER = "social-worker", "Social worker"
    SUPERVISOR = "supervisor", "Supervisor"
    TRAINEE = "trainee", "Trainee social worker"
    WHANAU = "whanau", "Whānau member (portal)"
    YOUNG_PERSON = "young-person", "Young person (portal)"


#: Roles that use the staff side of Tiaki; the rest use the portals.
STAFF_ROLES = frozenset(
    {
        Role.ADMINISTRATOR,
        Role.ANALYST,
        Role.CONTACT_CENTRE,
        Role.PRIVACY_OFFICER,
        Role.SITE_MANAGER,
        Role.SOCIAL_WORKER,
        Role.SUPERVISOR,
        Role.TRAINEE,
    }
)
