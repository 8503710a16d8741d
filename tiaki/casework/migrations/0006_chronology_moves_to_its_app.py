"""ChronologyEntry leaves casework for the chronology app, which every domain
writes to: only Django's record of the model moves; the table
casework_chronologyentry, its rows, foreign keys and indexes stay as they are
(chronology migration 0001 takes the model over, db_table unchanged)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0005_visit_frequencies"),
        ("chronology", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ChronologyEntry")],
            database_operations=[],
        ),
    ]
