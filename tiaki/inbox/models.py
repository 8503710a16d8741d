from __future__ import annotations

from django.conf import settings
from django.db import models


class Notification(models.Model):
    """A message to one user inside Tiaki. Text carries no personal values
    (ids and links only), because notifications are listed on home pages."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications")
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return f"Notification {self.pk} for user {self.user_id}"
