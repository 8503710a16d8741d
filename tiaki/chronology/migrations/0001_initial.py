"""The chronology app takes over ChronologyEntry from casework: state only.
The table was created by casework migration 0003 and keeps its name
(casework_chronologyentry), so nothing is copied and the database is not
touched; casework migration 0006 drops casework's record of the model."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("casework", "0005_visit_frequencies"),
        ("intake", "0003_policy_defaults"),
        ("people", "0002_register"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ChronologyEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("occurred_at", models.DateTimeField()),
                        ("kind", models.CharField(choices=[("report", "Report of concern"), ("decision", "Intake decision"), ("response", "First response"), ("case", "Case opened, changed or closed"), ("note", "Case note"), ("plan", "Plan"), ("fgc", "Family Group Conference"), ("order", "Court order"), ("document", "Document"), ("email", "Email"), ("placement", "Placement"), ("health", "Health"), ("education", "Education")], max_length=10)),
                        ("significant", models.BooleanField(default=False)),
                        ("sensitive", models.BooleanField(default=False)),
                        ("title", models.CharField(max_length=200)),
                        ("summary", models.CharField(blank=True, max_length=300)),
                        ("source_id", models.BigIntegerField()),
                        ("recorded_at", models.DateTimeField()),
                        ("case", models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, to="casework.case")),
                        ("person", models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="people.person")),
                        ("report", models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, to="intake.reportofconcern")),
                    ],
                    options={
                        "verbose_name_plural": "chronology entries",
                        "db_table": "casework_chronologyentry",
                        "indexes": [
                            models.Index(fields=["person", "-occurred_at", "-id"], name="chronology_person_time"),
                            models.Index(fields=["kind", "source_id"], name="chronology_source"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
