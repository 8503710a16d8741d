"""About me: the profile that travels with a child to every placement.

Versioned like plans: each save is a new AboutMeVersion row (the database
refuses UPDATE on it, migration care.0002), and ``current_version`` on
AboutMe is the optimistic-concurrency check a form posts back, so two
workers saving at once get a 409 and nothing is lost.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tiaki.people.models import Person


class AboutMe(models.Model):
    child = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="about_me")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    current_version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"About me {self.pk}"


class AboutMeVersion(models.Model):
    """Every saved version. ``items`` is a list of rows
    ``{"topic", "text", "own_words", "shareable"}``: the topic a code from
    tiaki.care.codes.ABOUT_ME_TOPICS, the text as written, whether it is the
    child's own words, and whether it may be shared with caregivers and
    partners (the disclosure domain reads this flag)."""

    about = models.ForeignKey(AboutMe, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    items = models.JSONField(default=list)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()
    #: What changed and why (empty for version 1).
    reason = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["about", "number"], name="about_me_version_unique")]

    def __str__(self) -> str:
        return f"About me {self.about_id} v{self.number}"
