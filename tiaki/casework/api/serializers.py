"""API shapes for casework (/api/v1/cases, notes, plans, orders, documents);
the chronology's are in tiaki.chronology.api.serializers.

Bodies are checked for shape only (types, generous lengths); the facts are
checked by the casework services, the same rules as the pages, so their
words reach the client (tiaki.casework.api.views maps their field names).
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from tiaki.api.serializers import (
    AwareDateTimeField,
    CreatedSerializer,
    OneOfField,
    ProblemSerializer,
    RecordIdField,
)
from tiaki.casework.models import Case, CaseNote, CourtOrder, Document, EngagementAttempt

_TEXT_CAP = 1_000_000


# --- Requests -------------------------------------------------------------------


class CaseOpenSerializer(serializers.Serializer):
    kind = OneOfField(values=Case.Kind.values)
    report_id = RecordIdField(
        required=False, allow_null=True, default=None, help_text="The report of concern the case comes from"
    )
    child_ids = serializers.ListField(child=RecordIdField(), max_length=50, required=False, default=list)
    adult_ids = serializers.ListField(child=RecordIdField(), max_length=50, required=False, default=list)
    confirm_additional = serializers.BooleanField(
        required=False, default=False,
        help_text="Open it even though a child on it already has an open case (409 open_case_exists otherwise)",
    )  # fmt: skip
    additional_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2_000,
        help_text="Why another case is needed; required with confirm_additional when a child has an open case",
    )  # fmt: skip


class OpenCaseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()


class OpenCaseExistsSerializer(ProblemSerializer):
    """409 open_case_exists: the problem, with the open cases to check before opening another."""

    existing_cases = OpenCaseRefSerializer(many=True)


class NoteAddSerializer(serializers.Serializer):
    kind = OneOfField(values=CaseNote.Kind.values)
    occurred_at = AwareDateTimeField(help_text="When it happened, with its UTC offset; not in the future")
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=_TEXT_CAP)
    text = serializers.CharField(allow_blank=True, max_length=_TEXT_CAP)
    about_ids = serializers.ListField(
        child=RecordIdField(),
        max_length=50,
        required=False,
        default=list,
        help_text="Children on the case the note is about; every child on the case if empty",
    )
    child_seen = serializers.BooleanField(required=False, default=False, help_text="A visit: the child was seen")
    significant = serializers.BooleanField(required=False, default=False)
    sensitive = serializers.BooleanField(required=False, default=False)


class NoteCorrectSerializer(serializers.Serializer):
    base_version = serializers.IntegerField(min_value=1, help_text="The version you are correcting")
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=_TEXT_CAP)
    text = serializers.CharField(allow_blank=True, max_length=_TEXT_CAP)
    reason = serializers.CharField(allow_blank=True, max_length=_TEXT_CAP, help_text="Why it is corrected")
    sensitive = serializers.BooleanField(required=False, allow_null=True, default=None)


class GoalSerializer(serializers.Serializer):
    goal = serializers.CharField(allow_blank=True, max_length=_TEXT_CAP)
    action = serializers.CharField(allow_blank=True, max_length=_TEXT_CAP)
    who = serializers.CharField(allow_blank=True, max_length=_TEXT_CAP)
    by = serializers.CharField(required=False, allow_blank=True, default="", help_text="By when: a date, or blank")


class PlanSaveSerializer(serializers.Serializer):
    base_version = serializers.IntegerField(min_value=0, help_text="The version you started from; 0 for a new plan")
    goals = GoalSerializer(many=True, max_length=100)  # type: ignore[call-arg] # ListSerializer takes it
    child_voice = serializers.CharField(
        allow_blank=True, max_length=_TEXT_CAP, help_text="The child's views in their own words"
    )
    whanau_views = serializers.CharField(required=False, allow_blank=True, default="", max_length=_TEXT_CAP)
    review_on = serializers.DateField()
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=_TEXT_CAP, help_text="Required after version 1"
    )
    fgc_id = RecordIdField(required=False, allow_null=True, default=None)


class EngagementAttemptInSerializer(serializers.Serializer):
    attempted_at = AwareDateTimeField()
    method = OneOfField(values=EngagementAttempt.Method.values)
    with_whom = serializers.CharField(allow_blank=True, max_length=_TEXT_CAP)
    outcome = serializers.CharField(allow_blank=True, max_length=_TEXT_CAP)


class CourtOrderSerializer(serializers.Serializer):
    child_id = RecordIdField()
    kind = OneOfField(values=CourtOrder.Kind.values)
    court = serializers.CharField(allow_blank=True, max_length=_TEXT_CAP)
    made_on = serializers.DateField()
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)
    conditions = serializers.CharField(required=False, allow_blank=True, default="", max_length=_TEXT_CAP)
    no_safety_plan_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=_TEXT_CAP, help_text="s78 only: required"
    )
    engagement_attempts = EngagementAttemptInSerializer(  # type: ignore[call-arg] # ListSerializer takes max_length
        many=True, required=False, default=list, max_length=50, help_text="s78 only: at least one"
    )


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, image, Office, OpenDocument or UTF-8 text; its content is checked")
    title = serializers.CharField(allow_blank=True, max_length=10_000)
    classification = serializers.ChoiceField(
        choices=Document.Classification.choices, default=Document.Classification.IN_CONFIDENCE
    )
    person_id = RecordIdField(
        required=False, allow_null=True, default=None, help_text="The person it is about; every child if empty"
    )


class PageQuerySerializer(serializers.Serializer):
    page = serializers.IntegerField(required=False, default=1, min_value=1, max_value=1000)
    page_size = serializers.IntegerField(required=False, default=50, min_value=1, max_value=100)


# --- Answers --------------------------------------------------------------------


class CaseCreatedSerializer(CreatedSerializer):
    reference = serializers.CharField(help_text="e.g. C-000123")


class CaseSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    kind_label = serializers.CharField()
    status = serializers.CharField()
    opened_at = AwareDateTimeField()
    worker_name = serializers.CharField()
    children = serializers.ListField(child=serializers.CharField(), help_text="The children's names")
    awaiting_closure = serializers.BooleanField()
    overdue_tasks = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj: Any) -> str:
        return f"/api/v1/cases/{obj.id}"


class CaseListPageSerializer(serializers.Serializer):
    results = CaseSummarySerializer(many=True)
    next = serializers.CharField(allow_null=True, help_text="The next page's address, or null")


class ParticipantSerializer(serializers.Serializer):
    person_id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField()
    role_label = serializers.CharField()
    in_care_since = serializers.DateField(allow_null=True)
    visit_every_days = serializers.IntegerField(allow_null=True)
    last_seen_at = AwareDateTimeField(allow_null=True)
    visit_due_on = serializers.DateField(allow_null=True)
    visit_overdue = serializers.BooleanField()


class CaseEventSerializer(serializers.Serializer):
    kind = serializers.CharField()
    from_value = serializers.CharField()
    to_value = serializers.CharField()
    reason = serializers.CharField()
    at = AwareDateTimeField()
    by = serializers.CharField()


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    due_on = serializers.DateField()
    assigned_to = serializers.CharField()
    done_at = AwareDateTimeField(allow_null=True)
    overdue = serializers.BooleanField()


class PlanRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    child_id = serializers.IntegerField()
    current_version = serializers.IntegerField()
    url = serializers.CharField()


class FGCSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    referred_at = AwareDateTimeField()
    coordinator = serializers.CharField()
    held_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField()
    review_on = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()


class OrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    child_id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    court = serializers.CharField()
    made_on = serializers.DateField()
    expires_on = serializers.DateField(allow_null=True)
    without_notice = serializers.BooleanField()


class DocumentMetaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(allow_null=True, help_text="null when the document is SENSITIVE and masked")
    classification = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment] # DRF takes declared fields off the class
    content_type = serializers.CharField()
    size_bytes = serializers.IntegerField()
    uploaded_at = AwareDateTimeField()
    uploaded_by = serializers.CharField()
    masked = serializers.BooleanField()
    email_id = serializers.IntegerField(allow_null=True)
    content_url = serializers.CharField(allow_null=True, help_text="Download address; null when masked")


class EmailMetaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    subject = serializers.CharField()
    sender = serializers.CharField()
    sent_at = AwareDateTimeField()
    recorded_at = AwareDateTimeField()
    sensitive = serializers.BooleanField()


class CaseDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    status = serializers.CharField()
    version = serializers.IntegerField()
    site = serializers.IntegerField()
    opened_at = AwareDateTimeField()
    closed_at = AwareDateTimeField(allow_null=True)
    worker_name = serializers.CharField()
    origin_report_id = serializers.IntegerField(allow_null=True)
    awaiting_closure = serializers.BooleanField()
    may_record = serializers.BooleanField(help_text="You may record on this case")
    participants = ParticipantSerializer(many=True)
    events = CaseEventSerializer(many=True)
    tasks = TaskSerializer(many=True)
    plans = PlanRefSerializer(many=True)
    fgcs = FGCSerializer(many=True)
    orders = OrderSerializer(many=True)
    documents = DocumentMetaSerializer(many=True)
    emails = EmailMetaSerializer(many=True)
    notes_url = serializers.CharField()


class NoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    occurred_at = AwareDateTimeField()
    recorded_at = AwareDateTimeField()
    recorded_by = serializers.CharField()
    title = serializers.CharField()
    text = serializers.CharField()
    version = serializers.IntegerField()
    significant = serializers.BooleanField()
    sensitive = serializers.BooleanField()
    masked = serializers.BooleanField(help_text="true: SENSITIVE and not yours to see; title and text withheld")
    child_seen = serializers.BooleanField()
    about_ids = serializers.ListField(child=serializers.IntegerField(), source="about")


class NotePageSerializer(serializers.Serializer):
    results = NoteSerializer(many=True, help_text="Newest first (by when it happened)")
    next = serializers.CharField(allow_null=True, help_text="The next page's address, or null")


class NoteVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    text = serializers.CharField()
    written_by = serializers.CharField()
    written_at = AwareDateTimeField()
    reason = serializers.CharField()


class NoteHistorySerializer(serializers.Serializer):
    note = NoteSerializer()
    case_id = serializers.IntegerField()
    versions = NoteVersionSerializer(many=True, help_text="Newest first; empty when the note is masked")
    may_record = serializers.BooleanField()


class StaleSerializer(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    code = serializers.CharField(help_text="stale_version")
    detail = serializers.CharField()
    current_version = serializers.IntegerField(allow_null=True, help_text="The version someone else saved")


class PlanVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    goals = GoalSerializer(many=True)
    child_voice = serializers.CharField()
    whanau_views = serializers.CharField()
    review_on = serializers.DateField()
    written_by = serializers.CharField()
    written_at = AwareDateTimeField()
    reason = serializers.CharField()
    fgc_id = serializers.IntegerField(allow_null=True)


class PlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    child_id = serializers.IntegerField()
    child_name = serializers.CharField()
    current_version = serializers.IntegerField()
    may_record = serializers.BooleanField()
    versions = PlanVersionSerializer(many=True, help_text="Newest first")


class PlanSavedSerializer(PlanVersionSerializer):
    plan_id = serializers.IntegerField()
    url = serializers.CharField()


class DocumentCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    classification = serializers.CharField()
    content_type = serializers.CharField(help_text="The type found in the content")
    size_bytes = serializers.IntegerField()
    uploaded_at = AwareDateTimeField()
    content_url = serializers.CharField()
