"""The care API's bodies: entering care, a placement or a move, a missing episode and the return."""

from __future__ import annotations

from rest_framework import serializers

from tiaki.api.serializers import AwareDateTimeField


class EnterCareSerializer(serializers.Serializer):
    case_id = serializers.IntegerField(min_value=1)
    entered_on = serializers.DateField()
    legal_basis = serializers.CharField(max_length=15)
    court_order_id = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    reasons = serializers.ListField(child=serializers.CharField(max_length=25), max_length=20)
    main_reason = serializers.CharField(max_length=25)
    reasons_text = serializers.CharField(allow_blank=True, default="", max_length=20_000)
    living_with = serializers.CharField(max_length=15)
    living_with_detail = serializers.CharField(allow_blank=True, default="", max_length=200)
    child_views = serializers.CharField(allow_blank=True, default="", max_length=20_000)


class PlacementSerializer(serializers.Serializer):
    """A first placement; with ``expected_version`` (the current placement's), a move."""

    started_on = serializers.DateField()
    kind = serializers.CharField(max_length=25, default="kin")
    household_id = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    provider_name = serializers.CharField(allow_blank=True, default="", max_length=200)
    planned = serializers.BooleanField(default=True)
    move_reason = serializers.CharField(allow_blank=True, default="", max_length=5_000)
    siblings_apart_reason = serializers.CharField(allow_blank=True, default="", max_length=5_000)
    distance_whanau_km = serializers.DecimalField(max_digits=6, decimal_places=1, required=False, allow_null=True,
                                                  default=None)  # fmt: skip
    distance_school_km = serializers.DecimalField(max_digits=6, decimal_places=1, required=False, allow_null=True,
                                                  default=None)  # fmt: skip
    unapproved_reason = serializers.CharField(allow_blank=True, default="", max_length=5_000)
    expected_version = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    end_reason = serializers.CharField(allow_blank=True, default="", max_length=20)
    end_detail = serializers.CharField(allow_blank=True, default="", max_length=5_000)


class ApproveSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)


class MissingSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=10)
    started_at = AwareDateTimeField()
    reported_to_police = serializers.BooleanField(default=False)


class ReturnSerializer(serializers.Serializer):
    returned_at = AwareDateTimeField()
    where_found = serializers.CharField(allow_blank=True, default="", max_length=200)
    conversation_at = AwareDateTimeField(required=False, allow_null=True, default=None)
    conversation = serializers.CharField(allow_blank=True, default="", max_length=20_000)
    expected_version = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
