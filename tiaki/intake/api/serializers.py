"""API shapes for reports of concern (/api/v1/reports).

The body is checked for shape only (types, lengths well past the service's
limits so its own words reach the client); the facts are checked by
tiaki.intake.services.reports.report_record, the same rules as the web form.
"""

from __future__ import annotations

from rest_framework import serializers

from tiaki.api.serializers import AwareDateTimeField, OneOfField, RecordIdField
from tiaki.intake.models import ReportConcern, ReportOfConcern, ReportPerson

# Generous caps: the service gives the specific message (MAX_NARRATIVE), these
# only stop a body too large to be worth parsing further.
_TEXT_CAP = 1_000_000


class ConcernInSerializer(serializers.Serializer):
    category = OneOfField(values=ReportConcern.Category.values)
    detail = serializers.CharField(required=False, allow_blank=True, default="", max_length=_TEXT_CAP)


class NotifierInSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    relationship = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    contact = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    confidential = serializers.BooleanField(required=False, default=False)


class UnlinkedPersonInSerializer(serializers.Serializer):
    given_names = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    family_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    nhi = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    role = serializers.ChoiceField(choices=ReportPerson.Role.choices, default=ReportPerson.Role.CHILD)


class ReportCreateSerializer(serializers.Serializer):
    site = RecordIdField(help_text="The site the report is for (its id)")
    children = serializers.ListField(
        child=RecordIdField(),
        max_length=50,
        required=False,
        default=list,
        help_text="Person ids of the children of concern, if you know them",
    )
    unlinked = UnlinkedPersonInSerializer(  # type: ignore[call-arg] # ListSerializer takes max_length
        many=True,
        required=False,
        default=list,
        max_length=20,
        help_text="People you cannot give a person id for: matched by exact NHI, else added for intake to reconcile",
    )
    adults = serializers.ListField(child=RecordIdField(), max_length=50, required=False, default=list)
    alleged = serializers.ListField(
        child=RecordIdField(),
        max_length=50,
        required=False,
        default=list,
        help_text="Person ids of adults said to have caused harm",
    )
    concerns = ConcernInSerializer(many=True, max_length=20)  # type: ignore[call-arg] # ListSerializer takes it
    narrative = serializers.CharField(required=False, allow_blank=True, default="", max_length=_TEXT_CAP)
    immediate_safety = serializers.CharField(required=False, allow_blank=True, default="", max_length=_TEXT_CAP)
    child_unsafe_now = serializers.BooleanField(required=False, default=False)
    referrer_agency = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=1000, help_text="Required: the referring agency"
    )
    referrer_reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    notifier = NotifierInSerializer(required=False, default=None, allow_null=True)
    received_at = AwareDateTimeField(
        required=False, allow_null=True, default=None, help_text="When the agency received it; default now"
    )


class ReportPersonOutSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=ReportPerson.Role.choices)


class ConcernOutSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=ReportConcern.Category.choices)
    detail = serializers.CharField()


class NotifierOutSerializer(serializers.Serializer):
    masked = serializers.BooleanField(help_text="true: the notifier's identity is SENSITIVE and not yours to see")
    name = serializers.CharField()
    relationship = serializers.CharField()
    contact = serializers.CharField()
    confidential = serializers.BooleanField()


class DeadlineOutSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[("decision", "Waiting for a decision"), ("response", "Waiting for the first response")]
    )
    due_at = AwareDateTimeField()
    remaining = serializers.CharField(help_text="Time remaining in words, as the pages show it")
    overdue = serializers.BooleanField()


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    site = serializers.IntegerField()
    received_at = AwareDateTimeField()
    status = serializers.ChoiceField(choices=ReportOfConcern.Status.choices)
    stage = serializers.ChoiceField(choices=ReportOfConcern.Stage.choices)
    channel = serializers.ChoiceField(choices=ReportOfConcern.Channel.choices)
    children = ReportPersonOutSerializer(many=True)
    adults = ReportPersonOutSerializer(many=True)
    concerns = ConcernOutSerializer(many=True)
    narrative = serializers.CharField()
    immediate_safety = serializers.CharField()
    child_unsafe_now = serializers.BooleanField(help_text="The notifier said the child is unsafe right now")
    referrer_agency = serializers.CharField()
    referrer_reference = serializers.CharField()
    notifier = NotifierOutSerializer()
    decision = serializers.CharField(allow_null=True, help_text="The latest triage outcome, if decided")
    timeframe = serializers.CharField(help_text="Response timeframe code, blank until decided")
    decided_at = AwareDateTimeField(allow_null=True)
    response_due_at = AwareDateTimeField(allow_null=True)
    responded_at = AwareDateTimeField(allow_null=True)
    immediate = serializers.BooleanField(
        help_text="Unsafe right now and not lowered by a decision: handled before every other report"
    )
    deadline = DeadlineOutSerializer(
        allow_null=True,
        help_text=(
            "What the report waits on now: the decision (due within TriagePolicy.unsafe_now_decision_hours of "
            "receipt when the child is unsafe now, else decision_hours), then the response; null once answered"
        ),
    )


class ReportCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField(help_text="The agency's reference, e.g. ROC-2026-0001234")
    url = serializers.CharField()
