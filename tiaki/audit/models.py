"""The audit trail's tables.

Rows are written only by tiaki.audit.services.record() and tiaki.audit.bulk,
and the database refuses UPDATE, DELETE and TRUNCATE of events and subjects
(triggers and privileges made by migration 0001; see docs/audit.md).

The models are unmanaged, with the tables made by that migration: Django's
``flush`` (and so the test runner's TransactionTestCase teardown) empties
every managed table, and an append-only trail must be neither emptied nor
break every flush. A later change to these tables needs its own migration SQL.
"""

from __future__ import annotations

from django.db import models


class AuditEvent(models.Model):
    """One access decision or change: who, what, when, why, outcome. Ids only,
    never a personal value. ``seq`` is the chain position and the key."""

    seq = models.BigIntegerField(primary_key=True)
    occurred_at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True, blank=True)  # not a foreign key: the trail outlives accounts
    actor_role = models.CharField(max_length=20)
    action = models.CharField(max_length=40)  # an AuditAction value; no choices, so new actions need no migration
    outcome = models.CharField(max_length=10)
    reason = models.CharField(max_length=60, blank=True)
    relationship = models.CharField(max_length=100, blank=True)
    subject_type = models.CharField(max_length=30, blank=True)
    subject_ids = models.TextField(blank=True)  # compact JSON list of sorted ints, as hashed
    request_id = models.CharField(max_length=64, blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        managed = False
        db_table = "audit_auditevent"
        ordering = ["seq"]
        indexes = [models.Index(fields=["actor_id", "occurred_at"], name="audit_event_actor_time")]

    def __str__(self) -> str:
        return f"audit event {self.seq}: {self.action} {self.outcome}"


class AuditSubject(models.Model):
    """One subject of one event, so "who has seen person X" is an index lookup
    (access logs, privacy monitoring) rather than a scan of subject_ids."""

    pk = models.CompositePrimaryKey("subject_type", "subject_id", "event")
    subject_type = models.CharField(max_length=30)
    subject_id = models.BigIntegerField()
    event = models.ForeignKey(AuditEvent, on_delete=models.PROTECT, related_name="subjects")

    class Meta:
        managed = False
        db_table = "audit_auditsubject"

    def __str__(self) -> str:
        return f"{self.subject_type} {self.subject_id} in audit event {self.event_id}"


class AuditChainHead(models.Model):
    """The single row (pk 1) holding the last seq and hash. record() locks it,
    so appends queue one behind another and the chain never forks."""

    last_seq = models.BigIntegerField()
    last_hash = models.CharField(max_length=64)

    class Meta:
        managed = False
        db_table = "audit_auditchainhead"

    def __str__(self) -> str:
        return f"audit chain head at {self.last_seq}"
