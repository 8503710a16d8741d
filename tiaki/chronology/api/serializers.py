"""API shapes for a child's (or a whānau's) chronology
(/api/v1/persons/{id}/chronology, /api/v1/persons/{id}/chronology/whanau)."""

from __future__ import annotations

from rest_framework import serializers

from tiaki.api.serializers import AwareDateTimeField
from tiaki.chronology.models import ChronologyEntry

# --- Requests -------------------------------------------------------------------


class ChronologyQuerySerializer(serializers.Serializer):
    type = serializers.MultipleChoiceField(
        choices=ChronologyEntry.Kind.choices, required=False, help_text="Event types to show (repeat for several)"
    )
    since = serializers.DateField(required=False, allow_null=True, default=None, help_text="From this date")
    until = serializers.DateField(required=False, allow_null=True, default=None, help_text="To this date")
    significant = serializers.BooleanField(required=False, default=False, help_text="Significant events only")
    cursor = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100, help_text="From the `next` link"
    )
    page_size = serializers.IntegerField(required=False, default=50, min_value=1, max_value=200)


# --- Answers --------------------------------------------------------------------


class EntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person_id = serializers.IntegerField()
    person_ids = serializers.ListField(
        child=serializers.IntegerField(), help_text="Every child the event is about (whānau chronology)"
    )
    occurred_at = AwareDateTimeField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    significant = serializers.BooleanField()
    masked = serializers.BooleanField(help_text="true: SENSITIVE, title and summary withheld")
    title = serializers.CharField()
    summary = serializers.CharField()
    case_id = serializers.IntegerField(allow_null=True)
    report_id = serializers.IntegerField(allow_null=True)
    source_id = serializers.IntegerField()
    statements = serializers.ListField(
        child=serializers.CharField(),
        help_text="Statements of correction the person attached to this information (their words), oldest first",
    )


class ChronologySerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    name = serializers.CharField()
    via_break_glass = serializers.BooleanField()
    results = EntrySerializer(many=True)
    next = serializers.CharField(allow_null=True, help_text="The next page's address, or null")


class WhanauChildSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class WhanauChronologySerializer(serializers.Serializer):
    children = WhanauChildSerializer(many=True, help_text="The children whose chronologies are merged")
    not_shown = serializers.IntegerField(help_text="Whānau children whose chronology you may not open")
    via_break_glass = serializers.BooleanField()
    results = EntrySerializer(many=True)
    next = serializers.CharField(allow_null=True)
