from __future__ import annotations

from django.conf import settings
from django.db import models


class Notification(models.Model):
    """A message to one user inside Tiaki. Text carries no personal values
    (ids only), because notifications are listed on home pages. ``about``
    names the record it is about; the page kernel turns that into a link
    (tiaki.home.panels), so no service builds a URL."""

    class About(models.TextChoices):
        NOTHING = "", "Nothing in particular"
        CASE = "case", "A case"
        REPORT = "report", "A report of concern"
        BREAKGLASS_QUEUE = "break-glass-queue", "The emergency access review queue"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications")
    text = models.CharField(max_length=300)
    about = models.CharField(max_length=30, choices=About.choices, blank=True)
    about_id = models.BigIntegerField(null=True, blank=True)
    #: Needs acting on now (a child said to be unsafe right now): listed first
    #: and flagged, and always emailed once email notices exist.
    urgent = models.BooleanField(default=False, db_default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
            # Who was told about a record, and when they read it (the report page's alert receipts).
            models.Index(fields=["about", "about_id"], name="notification_about"),
        ]

    def __str__(self) -> str:
        return f"Notification {self.pk} for user {self.user_id}"
