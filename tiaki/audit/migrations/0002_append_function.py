"""PostgreSQL: append an event in one call (tiaki.audit.services.record).

The chain head is locked until the transaction commits, so every round trip
made while holding it caps throughput for all writers. This function takes
the lock, hashes, inserts the event and its subjects and moves the head in
one statement. It renders the fields as tiaki.audit.chain's
POSTGRES_ROWS_SQL does for verify; the client address comes as text already
in chain.canonical_address form, because PostgreSQL shortens IPv6 addresses
differently (verify re-canonicalises what it reads).
"""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION tiaki_audit_append(
    p_actor_id bigint, p_actor_role text, p_action text, p_outcome text, p_reason text,
    p_relationship text, p_subject_type text, p_subject_ids text, p_subject_list bigint[],
    p_request_id text, p_client_address inet, p_client_address_text text
) RETURNS TABLE (out_seq bigint, out_occurred_at timestamptz, out_prev_hash text, out_hash text)
LANGUAGE plpgsql AS $fn$
DECLARE
    v_seq bigint;
    v_prev text;
    v_at timestamptz;
    v_hash text;
BEGIN
    SELECT h.last_seq + 1, h.last_hash INTO v_seq, v_prev
      FROM audit_auditchainhead h WHERE h.id = 1 FOR UPDATE;
    -- Taken after the lock, so occurred_at never goes backwards along the chain.
    v_at := date_trunc('microseconds', clock_timestamp());
    v_hash := encode(sha256(convert_to(concat_ws(E'\x1f',
        v_seq::text,
        to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        coalesce(p_actor_id::text, ''), p_actor_role, p_action, p_outcome, p_reason,
        p_relationship, p_subject_type, p_subject_ids, p_request_id,
        p_client_address_text, v_prev), 'UTF8')), 'hex');
    INSERT INTO audit_auditevent (seq, occurred_at, actor_id, actor_role, action, outcome, reason,
        relationship, subject_type, subject_ids, request_id, client_address, prev_hash, hash)
    VALUES (v_seq, v_at, p_actor_id, p_actor_role, p_action, p_outcome, p_reason,
        p_relationship, p_subject_type, p_subject_ids, p_request_id, p_client_address, v_prev, v_hash);
    IF coalesce(array_length(p_subject_list, 1), 0) > 0 THEN
        INSERT INTO audit_auditsubject (subject_type, subject_id, event_id)
        SELECT p_subject_type, s, v_seq FROM unnest(p_subject_list) AS s;
    END IF;
    UPDATE audit_auditchainhead SET last_seq = v_seq, last_hash = v_hash WHERE id = 1;
    RETURN QUERY SELECT v_seq, v_at, v_prev, v_hash;
END
$fn$;
"""


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE.replace("%", "%%"))


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create_function, migrations.RunPython.noop, elidable=False)]
