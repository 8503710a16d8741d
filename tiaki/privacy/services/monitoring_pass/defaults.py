"""The access monitoring rules' starting thresholds: policy data with
defaults, as DESIGN.md asks of every threshold (privacy officers change them
on /privacy/monitoring/rules/).

Migration privacy 0002 adds these rows. ``rules_ensure`` adds any that are
missing, so the pass and the rules page never run with no rules: a test
database emptied by a flush (Django's TransactionTestCase, the browser
tests' live server) loses migration-made rows, and a pass would then
silently raise nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from tiaki.privacy.models import MonitoringRule

#: code: (threshold, window in minutes, factor, working day). Keep in step with migration 0002.
DEFAULTS: dict[str, tuple[int, int, Decimal | None, tuple[dt.time, dt.time] | None]] = {
    "enumeration-refusals": (20, 10, None, None),
    "enumeration-distinct": (100, 15, None, None),
    "volume": (50, 1440, Decimal("3.00"), None),
    "out-of-hours": (10, 1440, None, (dt.time(7, 0), dt.time(19, 0))),
    "breakglass-frequent": (3, 43200, None, None),
    "colleague-record": (1, 1440, None, None),
    "news-record": (1, 1440, None, None),
    "sealed-attempt": (1, 1440, None, None),
    "after-relationship": (1, 43200, None, None),
}


def rules_ensure() -> None:
    """Add any rule missing from the table with its default (a rule a
    privacy officer changed or turned off is never touched)."""
    have = set(MonitoringRule.objects.values_list("code", flat=True))
    missing = [code for code in DEFAULTS if code not in have]
    if not missing:
        return
    now = timezone.now()
    rows = []
    for code in missing:
        threshold, window, factor, day = DEFAULTS[code]
        rows.append(
            MonitoringRule(
                code=code,
                threshold=threshold,
                window_minutes=window,
                factor=factor,
                day_starts=day[0] if day else None,
                day_ends=day[1] if day else None,
                updated_at=now,
            )
        )
    MonitoringRule.objects.bulk_create(rows, ignore_conflicts=True)
