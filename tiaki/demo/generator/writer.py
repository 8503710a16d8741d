"""Bulk writing of generated rows: COPY on PostgreSQL, executemany on SQLite.

The ORM's ``bulk_create`` builds a model instance per row and an INSERT per
batch, which is several times slower than the generator itself at a million
persons; COPY streams rows straight into the table. Rows carry their own ids
(tiaki.demo.generator.records), so afterwards the sequences are moved past
them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.management.color import no_style
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Max, Model

from tiaki.demo.generator.records import Row


def columns_of(model: type[Model], fields: Sequence[str]) -> list[str]:
    concrete = {f.name: f.column for f in model._meta.concrete_fields}
    return [concrete[name] for name in fields]


def next_id(model: type[Model]) -> int:
    return (model._default_manager.aggregate(top=Max("id"))["top"] or 0) + 1


def reset_sequences(models: Sequence[type[Model]]) -> None:
    """Move id sequences past rows inserted with explicit ids (PostgreSQL;
    SQLite needs nothing)."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(sql)


class BulkWriter:
    """Writes rows into empty tables inside the caller's transaction.

    With ``defer_indexes`` on PostgreSQL, the tables' secondary indexes and
    foreign keys are dropped until ``finish``, which puts them back exactly
    as they were (their definitions are read from the catalogue): one index
    build and one validating join per table, instead of an index insert
    and a queued foreign-key check per row. Primary keys and unique
    constraints stay, so duplicates still fail at once. It is all in the
    caller's transaction: a failure puts everything back.
    """

    def __init__(self, models: Sequence[type[Model]], *, defer_indexes: bool = False) -> None:
        self.models = list(models)
        self.postgres = connection.vendor == "postgresql"
        self.written: dict[type[Model], int] = dict.fromkeys(self.models, 0)
        self._dropped: list[str] = []
        if defer_indexes and self.postgres:
            self._defer()

    @staticmethod
    def settle(cursor: CursorWrapper) -> None:
        """Run the foreign-key checks queued so far in this transaction:
        PostgreSQL refuses to alter a table with checks pending, and a
        foreign key alters both of its tables. (Every foreign key Django
        makes is DEFERRABLE INITIALLY DEFERRED, so ALL DEFERRED restores them.)"""
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def _defer(self) -> None:
        with connection.cursor() as cursor:
            self.settle(cursor)
            for model in self.models:
                table = model._meta.db_table
                quoted = connection.ops.quote_name(table)
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
                    [quoted],
                )
                for name, definition in cursor.fetchall():
                    constraint = connection.ops.quote_name(name)
                    cursor.execute(f"ALTER TABLE {quoted} DROP CONSTRAINT {constraint}")
                    self._dropped.append(f"ALTER TABLE {quoted} ADD CONSTRAINT {constraint} {definition}")
                # Indexes that back a constraint (the primary key, unique) stay.
                cursor.execute(
                    "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                    "WHERE i.indrelid = %s::regclass AND NOT EXISTS "
                    "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
                    [quoted],
                )
                for name, definition in cursor.fetchall():
                    cursor.execute(f"DROP INDEX {name}")
                    self._dropped.insert(0, definition)

    def timestamp(self, moment: datetime) -> object:
        """``moment`` as the driver wants it for a timestamp column."""
        if self.postgres:
            return moment
        return connection.ops.adapt_datetimefield_value(moment)

    def write(self, model: type[Model], fields: Sequence[str], rows: list[Row]) -> None:
        if not rows:
            return
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in columns_of(model, fields))
        if self.postgres:
            raw = connection.connection  # psycopg 3 connection under Django's wrapper
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                write_row = copy.write_row
                for row in rows:
                    write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            with connection.cursor() as cursor:
                # Table and column names come from the model's _meta, quoted; values are parameters.
                sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, rows)
        self.written[model] += len(rows)

    def finish(self) -> None:
        """Move the id sequences past the rows written, and refresh planner
        statistics so the first queries after a large seed are not slow."""
        reset_sequences(self.models)
        with connection.cursor() as cursor:
            # Indexes first (inserted at the front), then foreign keys, whose
            # validation can use them.
            if self._dropped:
                self.settle(cursor)
            for sql in self._dropped:
                cursor.execute(sql)
            self._dropped = []
            if self.postgres:
                for model in self.models:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
