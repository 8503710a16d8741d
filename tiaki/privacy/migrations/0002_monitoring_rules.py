"""The access monitoring rules' starting thresholds (policy data: privacy
officers change them on /privacy/monitoring/rules/; docs/privacy.md)."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

#: code: (threshold, window in minutes, factor, working day)
DEFAULTS = {
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


def add_rules(apps, schema_editor):
    from django.utils import timezone

    rule = apps.get_model("privacy", "MonitoringRule")
    now = timezone.now()
    for code, (threshold, window, factor, day) in DEFAULTS.items():
        rule.objects.get_or_create(
            code=code,
            defaults={
                "threshold": threshold,
                "window_minutes": window,
                "factor": factor,
                "day_starts": day[0] if day else None,
                "day_ends": day[1] if day else None,
                "updated_at": now,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
