"""The demo's privacy refreshers: one staff member due in 5 days, one
lapsed, each told once; neither is a demo sign-in."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tiaki.access import scoping
from tiaki.demo.accounts import demo_usernames, ensure_demo_accounts
from tiaki.demo.work_refreshers import REFRESHER_STAFF, demo_refreshers
from tiaki.inbox.models import Notification
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db


def test_one_refresher_is_due_in_five_days_and_one_has_lapsed():
    ensure_demo_accounts()
    admin = User.objects.get(username="demo-administrator")
    now = timezone.now()
    demo_refreshers(admin=admin, now=now)
    demo_refreshers(admin=admin, now=now)
    due, lapsed = (User.objects.get(username=username) for username, *_ in REFRESHER_STAFF)
    assert scoping.has_induction(due)
    assert scoping.induction_refusal(lapsed) == scoping.REFRESHER_LAPSED
    assert not due.has_usable_password()
    assert due.username not in demo_usernames()
    for user in (due, lapsed):
        assert Notification.objects.filter(user=user, kind=Notification.Kind.REFRESHER_DUE).count() == 1
    assert "(5 days from now)" in Notification.objects.get(user=due).text
