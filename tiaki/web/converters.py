"""The one path converter for record ids in every URL (pages and API).

Django's ``<int:>`` passes any run of digits to the view, and an id at or
above 2^63 then fails inside the database on PostgreSQL (a 500) or in the
driver on SQLite. ``<id:>`` gives the view an id a record can have or
NO_RECORD (tiaki.access.ids): an impossible id (0, negative, 2^63 and
beyond, a hundred digits) then takes the same code path as a missing record
and answers exactly as one does (the same 404 body, audit event and
queries), rather than a resolver 404 whose API body would differ.
"""

from __future__ import annotations

from django.urls import register_converter

from tiaki.access.ids import record_id


class RecordIdConverter:
    # A sign is matched so that "-1" reaches the view (and its 404) too.
    regex = "-?[0-9]+"

    def to_python(self, value: str) -> int:
        return record_id(value)

    def to_url(self, value: int) -> str:
        return str(value)


def register_converters() -> None:
    register_converter(RecordIdConverter, "id")
