"""The audit trail's tables, made append-only by the database.

The models are unmanaged (see tiaki/audit/models.py for why), so this
migration makes the tables itself with the schema editor, then adds the
append-only triggers and, on PostgreSQL, revokes the privileges to change
them. Not reversible: unapplying it would destroy the trail.
"""

import os
import re

from django.db import migrations, models

CHAIN_TABLES = ("audit_auditevent", "audit_auditsubject")

POSTGRES_TRIGGERS = """
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' OR NEW.last_seq < OLD.last_seq THEN
        RAISE EXCEPTION 'audit chain head only moves forward: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER audit_auditevent_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_auditevent_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_auditsubject_append_only BEFORE UPDATE OR DELETE ON audit_auditsubject
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_auditsubject_no_truncate BEFORE TRUNCATE ON audit_auditsubject
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_auditchainhead_forward_only BEFORE UPDATE OR DELETE ON audit_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
CREATE TRIGGER audit_auditchainhead_no_truncate BEFORE TRUNCATE ON audit_auditchainhead
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditevent, audit_auditsubject FROM PUBLIC;
REVOKE DELETE, TRUNCATE ON audit_auditchainhead FROM PUBLIC;
"""

SQLITE_TRIGGERS = [
    *(
        f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
        for table in CHAIN_TABLES
        for op in ("UPDATE", "DELETE")
    ),
    "CREATE TRIGGER audit_auditchainhead_forward_only BEFORE UPDATE ON audit_auditchainhead "
    "WHEN NEW.last_seq < OLD.last_seq BEGIN SELECT RAISE(ABORT, 'audit chain head only moves forward'); END",
    "CREATE TRIGGER audit_auditchainhead_no_delete BEFORE DELETE ON audit_auditchainhead "
    "BEGIN SELECT RAISE(ABORT, 'audit chain head only moves forward'); END",
]


def create_tables(apps, schema_editor):
    for name in ("AuditEvent", "AuditSubject", "AuditChainHead"):
        model = apps.get_model("audit", name)
        schema_editor.create_model(model)
        # create_model leaves out an unmanaged model's indexes.
        for index in model._meta.indexes:
            schema_editor.add_index(model, index)
    apps.get_model("audit", "AuditChainHead").objects.using(schema_editor.connection.alias).create(
        pk=1, last_seq=0, last_hash="0" * 64
    )


def make_append_only(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_TRIGGERS, params=None)  # its % are PL/pgSQL, not placeholders
        role = os.environ.get("TIAKI_DB_APP_ROLE", "").strip()
        if role:
            # The same statements as `tiaki audit lockdown` (tiaki.audit.privileges), frozen here.
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", role):
                raise ValueError("TIAKI_DB_APP_ROLE must be a plain role name (letters, digits, underscore).")
            quoted = schema_editor.quote_name(role)
            schema_editor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {', '.join(CHAIN_TABLES)} FROM {quoted}")
            schema_editor.execute(f"REVOKE DELETE, TRUNCATE ON audit_auditchainhead FROM {quoted}")
            schema_editor.execute(f"GRANT SELECT, INSERT ON {', '.join(CHAIN_TABLES)} TO {quoted}")
            schema_editor.execute(f"GRANT SELECT, UPDATE ON audit_auditchainhead TO {quoted}")
    else:
        raise NotImplementedError(f"No append-only triggers for {vendor}.")


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="AuditEvent",
            fields=[
                ("seq", models.BigIntegerField(primary_key=True, serialize=False)),
                ("occurred_at", models.DateTimeField()),
                ("actor_id", models.BigIntegerField(blank=True, null=True)),
                ("actor_role", models.CharField(max_length=20)),
                ("action", models.CharField(max_length=40)),
                ("outcome", models.CharField(max_length=10)),
                ("reason", models.CharField(blank=True, max_length=60)),
                ("relationship", models.CharField(blank=True, max_length=100)),
                ("subject_type", models.CharField(blank=True, max_length=30)),
                ("subject_ids", models.TextField(blank=True)),
                ("request_id", models.CharField(blank=True, max_length=64)),
                ("client_address", models.GenericIPAddressField(blank=True, null=True)),
                ("prev_hash", models.CharField(max_length=64)),
                ("hash", models.CharField(max_length=64)),
            ],
            options={
                "db_table": "audit_auditevent",
                "ordering": ["seq"],
                "managed": False,
                "indexes": [models.Index(fields=["actor_id", "occurred_at"], name="audit_event_actor_time")],
            },
        ),
        migrations.CreateModel(
            name="AuditSubject",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "subject_type", "subject_id", "event", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("subject_type", models.CharField(max_length=30)),
                ("subject_id", models.BigIntegerField()),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=models.deletion.PROTECT, related_name="subjects", to="audit.auditevent"
                    ),
                ),
            ],
            options={"db_table": "audit_auditsubject", "managed": False},
        ),
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("last_seq", models.BigIntegerField()),
                ("last_hash", models.CharField(max_length=64)),
            ],
            options={"db_table": "audit_auditchainhead", "managed": False},
        ),
        migrations.RunPython(create_tables, elidable=False),
        migrations.RunPython(make_append_only, elidable=False),
    ]
