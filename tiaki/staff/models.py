from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from tiaki.access.roles import Role


class Site(models.Model):
    """An office of the agency; intake duty and reports are held by a site."""

    name = models.CharField(max_length=100, unique=True)
    region = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    class Kind(models.TextChoices):
        INTAKE = "intake", "Intake and assessment"
        CARE_PROTECTION = "care-protection", "Care and protection"
        TRANSITION = "transition", "Transition support"

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["site__name", "name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="team_name_unique_per_site")]

    def __str__(self) -> str:
        return f"{self.name}, {self.site.name}"


class User(AbstractUser):
    """A person who signs in to Tiaki: staff, partner workers, caregivers, portal users.

    ``role`` decides what the account may do (tiaki.access.role_permissions); the site,
    team and supervisor place staff in the supervision line that need-to-know
    follows.
    """

    role = models.CharField(max_length=20, choices=Role.choices)
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.PROTECT, related_name="staff")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    supervisor = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="supervisees")
    caseload_capacity = models.PositiveSmallIntegerField(default=20)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="user_role_known"),
            models.CheckConstraint(condition=~models.Q(supervisor=models.F("id")), name="user_not_own_supervisor"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_label(self) -> str:
        return Role(self.role).label
