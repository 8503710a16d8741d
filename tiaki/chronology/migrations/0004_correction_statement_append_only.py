"""A statement of correction is never changed or removed (Privacy Act 2020,
IPP 7: it is attached to the information and travels with it). The
database refuses UPDATE on it, on SQLite and PostgreSQL, and DELETE on
PostgreSQL, so no code path, admin action or hand-written SQL can rewrite
or drop what the person said.

DELETE on SQLite is left to the foreign key from the correction request
(PROTECT), as casework.0004 leaves it for note versions: Django's test
flush empties SQLite tables with DELETE (PostgreSQL's with TRUNCATE, which
fires no row trigger), and the browser tests flush after every test."""

from django.db import migrations

TABLE = "chronology_correctionstatement"

POSTGRES = f"""
CREATE OR REPLACE FUNCTION tiaki_statement_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a statement of correction is never changed or removed (% on %)', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {TABLE}_immutable BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION tiaki_statement_immutable();
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # params=None: the SQL holds RAISE's % placeholders, not query parameters.
        schema_editor.execute(POSTGRES, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_immutable BEFORE UPDATE ON {TABLE} "
            "BEGIN SELECT RAISE(ABORT, 'a statement of correction is never changed or removed'); END"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_immutable ON {TABLE}")
        schema_editor.execute("DROP FUNCTION IF EXISTS tiaki_statement_immutable()")
    else:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_immutable")


class Migration(migrations.Migration):
    dependencies = [("chronology", "0003_correction_statement")]

    operations = [migrations.RunPython(forwards, backwards)]
