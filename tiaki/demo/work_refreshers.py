"""The demo's privacy refreshers (issue 17): two staff accounts that are not
demo sign-ins (no password), one whose yearly refresher is due in 5 days
and one whose refresher lapsed 20 days ago (their access to information
about people is suspended), each told by the refresher job as it would
tell them. Dates are relative to the demo's today; a second run adds
nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tiaki.access.models import CURRENT_INDUCTION_COURSE, INDUCTION_VALID_DAYS, PrivacyInduction
from tiaki.access.roles import Role
from tiaki.access.services import induction_record
from tiaki.privacy.services.refreshers import refresher_warnings_send
from tiaki.staff.models import Site, User

#: (username, first name, last name, days until the refresher lapses: negative is lapsed).
REFRESHER_STAFF = (
    ("demo-refresher-due", "Aperahama", "Tipene", 5),
    ("demo-refresher-lapsed", "Losa", "Faleolo", -20),
)


def demo_refreshers(*, admin: User, now: dt.datetime) -> None:
    today = timezone.localdate(now)
    site = Site.objects.order_by("pk").first()
    for username, first, last, days_left in REFRESHER_STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "role": Role.SOCIAL_WORKER, "site": site,
                      "email": f"{username}@tiaki-demo.invalid"},
        )  # fmt: skip
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if not PrivacyInduction.objects.filter(user=user).exists():
            completed = today + dt.timedelta(days=days_left - INDUCTION_VALID_DAYS)
            induction_record(actor=admin, user=user, completed_on=completed, course_version=CURRENT_INDUCTION_COURSE)
    refresher_warnings_send(today=today)
