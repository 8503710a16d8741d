"""Every date and time the API reads or writes is the one AwareDateTimeField,
so a time without its UTC offset is refused everywhere (docs/api.md)."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Iterator

import pytest
from rest_framework import serializers

import tiaki
from tiaki.api.serializers import AwareDateTimeField


def _serializer_classes() -> list[type[serializers.Serializer]]:
    # Import every tiaki module named like a serializer module, so a new one
    # (in tiaki/api or a domain's api/ package) is walked without listing it.
    for info in pkgutil.walk_packages(tiaki.__path__, "tiaki."):
        if "serializer" in info.name.rsplit(".", 1)[-1] and ".tests" not in info.name:
            importlib.import_module(info.name)
    found: list[type[serializers.Serializer]] = []
    pending: list[type] = [serializers.Serializer]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("tiaki.") and ".tests" not in sub.__module__:
                found.append(sub)
    return found


def _fields(field: serializers.Field, path: str) -> Iterator[tuple[str, serializers.Field]]:
    yield path, field
    if isinstance(field, serializers.ListSerializer | serializers.ListField | serializers.DictField):
        yield from _fields(field.child, f"{path}[]")
    elif isinstance(field, serializers.Serializer):
        for name, child in field.fields.items():
            yield from _fields(child, f"{path}.{name}")


def _datetime_fields() -> list[tuple[str, serializers.Field]]:
    return [
        (path, field)
        for cls in _serializer_classes()
        for path, field in _fields(cls(), f"{cls.__module__}.{cls.__qualname__}")
        if isinstance(field, serializers.DateTimeField)
    ]


def test_it_finds_the_datetimes_of_requests_and_answers():
    paths = {path.rsplit(".", 2)[-2] + "." + path.rsplit(".", 1)[-1] for path, _ in _datetime_fields()}
    # Requests (reports, notes, court orders' engagement attempts) and answers.
    assert {"ReportCreateSerializer.received_at", "NoteAddSerializer.occurred_at"} <= paths
    assert "EngagementAttemptInSerializer.attempted_at" in paths
    assert "EntrySerializer.occurred_at" in paths


def test_it_uses_the_offset_field_for_every_datetime_in_every_api_serializer():
    plain = [path for path, field in _datetime_fields() if not isinstance(field, AwareDateTimeField)]
    assert plain == []


@pytest.mark.parametrize("value", ["2026-03-02T14:30:00", "2026-03-02 14:30"])
def test_it_refuses_a_time_without_its_offset(value):
    field = AwareDateTimeField()
    with pytest.raises(serializers.ValidationError, match="UTC offset"):
        field.run_validation(value)


def test_it_keeps_the_instant_of_a_time_with_its_offset():
    value = AwareDateTimeField().run_validation("2026-03-02T14:30:00+13:00")
    assert value == dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)
