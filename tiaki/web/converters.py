"""The one path converter for record ids in every URL (pages and API).

Django's ``<int:>`` passes any run of digits to the view, and an id at or
above 2^63 then fails inside the database on PostgreSQL (a 500) or in the
driver on SQLite. ``<id:>`` gives the view an id a record can have
(1..2^63-1) or 0, which no record has: an impossible id (0, negative, 2^63
and beyond, a hundred digits) takes the same code path as a missing record
and so answers exactly as one does (the same 404 body, audit event and
queries), rather than a resolver 404 whose API body would differ.
"""

from __future__ import annotations

from django.urls import register_converter

#: The largest id a record can have: PostgreSQL's bigint (and SQLite's integer).
MAX_ID = 2**63 - 1

#: The id an impossible one becomes: auto-increment ids start at 1.
NO_RECORD = 0

_DIGITS = len(str(MAX_ID))


def record_id(value: str | int) -> int:
    """``value`` as a record id, or NO_RECORD if no record can have it."""
    text = str(value).strip()
    # Reject by length first: int() of thousands of digits is slow, and
    # refused past 4300 (sys.set_int_max_str_digits).
    if not text.isdigit() or len(text.lstrip("0")) > _DIGITS:
        return NO_RECORD
    number = int(text)
    return number if 1 <= number <= MAX_ID else NO_RECORD


class RecordIdConverter:
    # A sign is matched so that "-1" reaches the view (and its 404) too.
    regex = "-?[0-9]+"

    def to_python(self, value: str) -> int:
        return record_id(value)

    def to_url(self, value: int) -> str:
        return str(value)


def register_converters() -> None:
    register_converter(RecordIdConverter, "id")
