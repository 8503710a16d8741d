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
    MonitoringRule.objects.bulk_create(
        [
            MonitoringRule(
                code=code,
                threshold=DEFAULTS[code][0],
                window_minutes=DEFAULTS[code][1],
                factor=DEFAULTS[code][2],
                day_starts=DEFAULTS[code][3][0] if DEFAULTS[code][3] else None,
                day_ends=DEFAULTS[code][3][1] if DEFAULTS[code][3] else None,
                updated_at=now,
            )
            for code in missing
        ],
        ignore_conflicts=True,
    )
