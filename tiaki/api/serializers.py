from __future__ import annotations

import datetime as dt

from django.utils import timezone
from rest_framework import serializers

from tiaki.access.ids import BoundedId


class AwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date and time with its UTC offset: a time without one is
    ambiguous (Tiaki stores UTC and shows Pacific/Auckland), so it is refused.
    Every date and time in every API serializer is this field
    (tiaki/api/tests/test_api_datetimes.py walks them all), in answers too, so
    a serializer copied from an answer into a request keeps the rule."""

    default_error_messages = {"offset": "Give the time with its UTC offset, e.g. 2026-03-02T14:30:00+13:00."}

    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        if timezone.is_naive(value):
            self.fail("offset")
        return super().enforce_timezone(value)


class OneOfField(serializers.CharField):
    """A code from a fixed list (a case's kind, a note's kind, ...) that the
    service checks, so that its message and the body field at fault reach the
    client as on the pages. The schema lists the values as an enum
    (tiaki.api.schema.OneOfFieldSchema): a client is told what is accepted."""

    def __init__(self, *, values: list[str], **kwargs: object) -> None:
        self.values = list(values)
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", "One of " + ", ".join(self.values))
        super().__init__(**kwargs)  # type: ignore[arg-type]


class RecordIdField(BoundedId, serializers.IntegerField):  # type: ignore[misc] # the stubs type the messages dict more narrowly
    """A record's number in a request body: 1..2^63-1 (tiaki.access.ids), so
    a larger one is a 400 naming the field, never a database error (a 500 on
    PostgreSQL). The schema gives the bounds."""


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField()
    role_label = serializers.CharField()


class CreatedSerializer(serializers.Serializer):
    """The answer to a create: the new record's id and its URL."""

    id = serializers.IntegerField()
    url = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    code = serializers.CharField(help_text="Stable machine-readable error code.")
    detail = serializers.CharField()
    errors = serializers.DictField(  # type: ignore[assignment] # DRF takes declared fields off the class
        required=False, help_text="validation_failed: the fields at fault (field -> messages)"
    )
    field = serializers.CharField(
        required=False, allow_null=True, help_text="invalid: the body or query field at fault, e.g. since"
    )


# A 400 answer in every domain's API: ``invalid`` names the field at fault,
# ``validation_failed`` lists them. (No docstring: the schema would show it.)
class InvalidSerializer(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    code = serializers.CharField(help_text="invalid, file_type, validation_failed ...")
    detail = serializers.CharField()
    field = serializers.CharField(
        required=False, allow_null=True, help_text="invalid: the body field at fault, e.g. engagement_attempts.0"
    )
    errors = serializers.DictField(  # type: ignore[assignment] # DRF takes declared fields off the class
        required=False, help_text="validation_failed: field -> messages"
    )
