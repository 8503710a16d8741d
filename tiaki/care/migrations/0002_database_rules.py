"""Rules the database keeps whatever code path writes:

- About me versions are never changed in place (a new version is a new row),
  as notes and plans (casework.0004);
- a child's placements never overlap: one ends on or before the day the next
  starts (``placement_one_current`` keeps one open; this keeps ended ones
  apart too). The services check first and say so in words
  (tiaki.care.services); the trigger is the backstop. DELETE is left to the
  foreign keys (PROTECT) so test flushes still work."""

from django.db import migrations

VERSIONS = "care_aboutmeversion"
PLACEMENTS = "care_placement"

POSTGRES = f"""
CREATE OR REPLACE FUNCTION tiaki_version_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a recorded version is never changed: add a new version (% on %)', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {VERSIONS}_immutable BEFORE UPDATE ON {VERSIONS}
    FOR EACH ROW EXECUTE FUNCTION tiaki_version_immutable();
CREATE OR REPLACE FUNCTION tiaki_placement_no_overlap() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM {PLACEMENTS} p
        WHERE p.child_id = NEW.child_id AND p.id <> NEW.id
          AND p.started_on < COALESCE(NEW.ended_on, 'infinity'::date)
          AND NEW.started_on < COALESCE(p.ended_on, 'infinity'::date)
    ) THEN
        RAISE EXCEPTION 'placement_overlap: a child has one placement at a time' USING ERRCODE = 'exclusion_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {PLACEMENTS}_no_overlap BEFORE INSERT OR UPDATE ON {PLACEMENTS}
    FOR EACH ROW EXECUTE FUNCTION tiaki_placement_no_overlap();
"""

_SQLITE_OVERLAP = (
    "CREATE TRIGGER {table}_no_overlap_{op} BEFORE {op} ON {table} "
    "WHEN EXISTS (SELECT 1 FROM {table} p WHERE p.child_id = NEW.child_id AND p.id IS NOT NEW.id "
    "AND p.started_on < COALESCE(NEW.ended_on, '9999-12-31') "
    "AND NEW.started_on < COALESCE(p.ended_on, '9999-12-31')) "
    "BEGIN SELECT RAISE(ABORT, 'placement_overlap: a child has one placement at a time'); END"
)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # params=None: the SQL holds RAISE's % placeholders, not query parameters.
        schema_editor.execute(POSTGRES, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER {VERSIONS}_immutable BEFORE UPDATE ON {VERSIONS} "
            "BEGIN SELECT RAISE(ABORT, 'a recorded version is never changed: add a new version'); END"
        )
        for op in ("INSERT", "UPDATE"):
            schema_editor.execute(_SQLITE_OVERLAP.format(table=PLACEMENTS, op=op))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {VERSIONS}_immutable ON {VERSIONS}")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {PLACEMENTS}_no_overlap ON {PLACEMENTS}")
        schema_editor.execute("DROP FUNCTION IF EXISTS tiaki_placement_no_overlap()")
    else:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {VERSIONS}_immutable")
        for op in ("INSERT", "UPDATE"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {PLACEMENTS}_no_overlap_{op}")


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
