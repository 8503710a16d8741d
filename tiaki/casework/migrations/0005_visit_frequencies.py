from django.db import migrations


def forwards(apps, schema_editor):
    from tiaki.casework.policy import VISIT_FREQUENCIES

    VisitFrequency = apps.get_model("casework", "VisitFrequency")
    for code, label, days, default in VISIT_FREQUENCIES:
        VisitFrequency.objects.get_or_create(
            code=code, defaults={"label": label, "interval_days": days, "is_default": default}
        )


class Migration(migrations.Migration):
    dependencies = [("casework", "0004_versions_append_only")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
