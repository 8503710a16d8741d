"""The documented policy defaults (docs/intake.md); administrators may change them.

A frozen copy of tiaki/intake/policy.py's lists, as migrations must not
import code that later changes."""

from django.db import migrations

TIMEFRAMES = [
    ("critical", "Critical (24 hours)", 1, 24, None),
    ("very-urgent", "Very urgent (48 hours)", 2, 48, None),
    ("urgent", "Urgent (7 days)", 3, 7 * 24, None),
    ("non-urgent", "Non-urgent (20 working days)", 4, None, 20),
]

WEIGHTS = [
    ("case:assessment", "Assessment", 1.0),
    ("case:investigation", "Investigation", 1.5),
    ("case:ongoing", "Ongoing care and protection", 1.25),
    ("case:transition", "Transition support", 0.75),
    ("report", "Allocated report awaiting response", 0.5),
    ("each-extra-child", "Each child after the first", 0.25),
    ("court-work", "Court work", 0.75),
    ("travel", "Long travel", 0.25),
    ("cultural-needs", "Extra cultural support or an interpreter", 0.25),
]


def create(apps, schema_editor):
    timeframe = apps.get_model("intake", "ResponseTimeframe")
    for code, label, rank, hours, days in TIMEFRAMES:
        timeframe.objects.get_or_create(code=code, defaults={"label": label, "urgency_rank": rank, "hours": hours, "working_days": days})
    apps.get_model("intake", "TriagePolicy").objects.get_or_create(pk=1)
    weight = apps.get_model("intake", "WorkloadWeight")
    for code, label, value in WEIGHTS:
        weight.objects.get_or_create(code=code, defaults={"label": label, "weight": value})


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_reports")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
