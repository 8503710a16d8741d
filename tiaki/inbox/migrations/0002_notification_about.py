"""Notices name what they are about instead of holding a link a service
built; the links already stored are read back into that."""

import re

from django.db import migrations, models

_LINKS = (
    (re.compile(r"^/cases/(\d+)/$"), "case"),
    (re.compile(r"^/intake/reports/(\d+)/$"), "report"),
    (re.compile(r"^/privacy/break-glass/$"), "break-glass-queue"),
)


def links_to_about(apps, schema_editor):
    Notification = apps.get_model("inbox", "Notification")
    for notice in Notification.objects.exclude(link="").only("pk", "link").iterator():
        for pattern, about in _LINKS:
            match = pattern.match(notice.link)
            if match:
                about_id = int(match.group(1)) if match.groups() else None
                Notification.objects.filter(pk=notice.pk).update(about=about, about_id=about_id)
                break


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="about",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Nothing in particular"),
                    ("case", "A case"),
                    ("report", "A report of concern"),
                    ("break-glass-queue", "The emergency access review queue"),
                ],
                max_length=30,
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="about_id",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(links_to_about, migrations.RunPython.noop),
        migrations.RemoveField(model_name="notification", name="link"),
    ]
