"""Record ids a request can carry: what a record can have, and the one id
no record has.

Every id from outside (a URL, a form field, a request body) is taken through
record_id(): an id a record can have (1..2^63-1, PostgreSQL's bigint and
SQLite's integer) or NO_RECORD. Selectors decide NO_RECORD exactly as they
decide any missing record, so an impossible id answers as a missing one (the
same 404, audit event and queries) and never reaches the database as a
number it cannot compare (a 500 on PostgreSQL, OverflowError on SQLite).
"""

from __future__ import annotations

#: The largest id a record can have.
MAX_ID = 2**63 - 1

#: The id an impossible one becomes: auto-increment ids start at 1.
NO_RECORD = 0

_DIGITS = len(str(MAX_ID))


def record_id(value: str | int) -> int:
    """``value`` as a record id, or NO_RECORD if no record can have it."""
    if isinstance(value, int):
        return value if 1 <= value <= MAX_ID else NO_RECORD
    text = value.strip()
    # ASCII digits only: str.isdigit() and int() also take other scripts'
    # digits ("١٢" is 12). By length before int(): thousands of digits are
    # slow to convert, and refused past 4,300 (sys.set_int_max_str_digits).
    if not (text.isascii() and text.isdigit()) or len(text.lstrip("0")) > _DIGITS:
        return NO_RECORD
    return record_id(int(text))


class BoundedId:
    """Mixed into an integer form or serializer field (Django's and DRF's both
    gather ``default_error_messages`` along the MRO and take ``min_value`` and
    ``max_value``): a record's number, 1..MAX_ID, refused in plain words
    beyond (tiaki.web.forms.RecordIdField, tiaki.api.serializers.RecordIdField)."""

    default_error_messages = {
        "max_value": "No record has a number this large.",
        "min_value": "Record numbers start at 1.",
    }

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)
