"""Where a notice links: the record it is about, by URL name only (the
inbox is a kernel and imports no domain; the names are the domains' pages
in the ``web`` namespace). The home page's "Messages for you" and the
notice page (/inbox/<id>/, which an email links to) both use this."""

from __future__ import annotations

from django.urls import reverse

from tiaki.inbox.models import Notification

#: Where a notice about each kind of record links (Notification.About).
ROUTES: dict[Notification.About, str] = {
    Notification.About.CASE: "web:case-detail",
    Notification.About.REPORT: "web:intake-report",
    Notification.About.BREAKGLASS_QUEUE: "web:privacy-breakglass",
    Notification.About.SUBJECT_ACCESS: "web:subject-access-detail",
    Notification.About.PRIVACY_INCIDENT: "web:privacy-incident",
}


def notice_url(notice: Notification) -> str:
    """The page of the record ``notice`` is about (home when it is about nothing)."""
    route = ROUTES.get(Notification.About(notice.about))
    if route is None:
        return reverse("web:home")
    return reverse(route, args=[notice.about_id]) if notice.about_id is not None else reverse(route)


def notice_page(notice_id: int) -> str:
    """The notice's own page, which marks it read and goes on to the record."""
    return reverse("web:inbox-notice", args=[notice_id])
