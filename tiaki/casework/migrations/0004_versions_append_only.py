"""Note and plan versions are never changed in place: a correction is a new
row (tiaki.casework.services). The database refuses UPDATE on both tables, so
no code path, admin action or hand-written SQL can rewrite what was recorded.
DELETE is left to the foreign keys (PROTECT) so test flushes still work."""

from django.db import migrations

TABLES = ("casework_casenoteversion", "casework_planversion")

POSTGRES = """
CREATE OR REPLACE FUNCTION tiaki_version_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a recorded version is never changed: add a new version (% on %)', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
""" + "".join(
    f"CREATE TRIGGER {table}_immutable BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION tiaki_version_immutable();\n"
    for table in TABLES
)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # params=None: the SQL holds RAISE's % placeholders, not query parameters.
        schema_editor.execute(POSTGRES, params=None)
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_immutable BEFORE UPDATE ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'a recorded version is never changed: add a new version'); END"
            )


def backwards(apps, schema_editor):
    for table in TABLES:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable")


class Migration(migrations.Migration):
    dependencies = [("casework", "0003_casework_records")]

    operations = [migrations.RunPython(forwards, backwards)]
