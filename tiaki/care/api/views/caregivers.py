"""The caregiver register under /api/v1/caregivers: the list (never an
address), one household (the address only with may_see_sensitive), adding
one, its members (search the register first: /api/v1/persons/search), checks,
the assessment and its decision, visits, training and specialist roles.

Each view parses the body, calls one service or selector (the same rules,
need-to-know and audit as the pages) and answers. A service's refusal
becomes a problem: CaregiverError 400 ``invalid`` with the body ``field`` at
fault, StaleVersion 409 ``stale_version`` with ``current_version``,
SelfApproval 409 ``self_approval``, PossibleDuplicates 409
``possible_duplicates`` (send ``confirmed_new``); out of reach is 404, a
missing permission 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tiaki.access import AccessDenied, Permission
from tiaki.api.idempotency import IDEMPOTENCY_KEY, idempotent
from tiaki.api.problems import problem, problem_exception_handler
from tiaki.api.serializers import (
    AwareDateTimeField,
    CreatedSerializer,
    InvalidSerializer,
    OneOfField,
    ProblemSerializer,
    RecordIdField,
)
from tiaki.api.views import TiakiAPIView, acting
from tiaki.care.codes import COURSES, NEEDS, SPECIALIST_ROLES
from tiaki.care.models import (
    CaregiverAssessment,
    CaregiverCheck,
    CaregiverHousehold,
    CaregiverReview,
    HouseholdMember,
)
from tiaki.care.selectors.caregivers import HouseholdView, household_get, household_list_for
from tiaki.care.services import caregivers as services
from tiaki.care.services.caregivers import CaregiverError, SelfApproval, StaleVersion
from tiaki.people.models import Person
from tiaki.people.services import BirthDateInput, NameInput, PersonInput, PersonInputError, PossibleDuplicates
from tiaki.people.services.inputs import AddressInput

_TEXT = 20_000
_READ = {
    403: OpenApiResponse(ProblemSerializer, description="Role or induction refused"),
    404: OpenApiResponse(ProblemSerializer, description="No such household, or not yours to see"),
}
_WRITE = {400: OpenApiResponse(InvalidSerializer, description="invalid (with field) or validation_failed"), **_READ}
_CONFLICT = {409: OpenApiResponse(ProblemSerializer, description="stale_version, self_approval or "
                                  "possible_duplicates")}  # fmt: skip
_FIELDS = {"member": "member_id", "person": "person_id", "version": "expected_version", "social_worker": None}


def answered(call: Callable[[], Response]) -> Response:
    """Run a service call, answering its refusals as problems (returned, not
    raised, so that inside an idempotent create the refusal's audit row commits)."""
    try:
        return call()
    except StaleVersion as exc:
        return problem(409, exc.code, str(exc), current_version=exc.current)
    except SelfApproval as exc:
        return problem(409, exc.code, str(exc))
    except PossibleDuplicates as found:
        return problem(409, "possible_duplicates", "The register may already hold this person: add them by "
                       "person_id, or send confirmed_new.",
                       candidates=[{"person_id": h.person_id, "name": h.display_name, "strength": h.strength}
                                   for h in found.result.hits], restricted=found.result.restricted)  # fmt: skip
    except PersonInputError as exc:
        field, message = next(iter(exc.errors.items()))
        return problem(400, "invalid", message, field=field)
    except CaregiverError as exc:
        return problem(400, exc.code, str(exc), field=_FIELDS.get(exc.field, exc.field) or None)
    except (Http404, AccessDenied) as exc:
        refused = problem_exception_handler(exc, {})
        assert refused is not None  # both are answered by tiaki.api.problems
        return refused


def _valid(serializer: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    body = serializer(data=request.data)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


# --- Serializers ------------------------------------------------------------------------


class HouseholdRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField()
    kind = serializers.CharField()
    site_name = serializers.CharField()
    capacity = serializers.IntegerField()
    placed = serializers.IntegerField()
    flags = serializers.ListField(child=serializers.CharField())


class HouseholdPageSerializer(serializers.Serializer):
    results = HouseholdRowSerializer(many=True)
    page = serializers.IntegerField()
    has_next = serializers.BooleanField()


class CaregiverListQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CaregiverHousehold.Status.values, required=False)
    kind = serializers.ChoiceField(choices=CaregiverHousehold.Kind.values, required=False)
    site_id = RecordIdField(required=False)
    page = serializers.IntegerField(min_value=1, max_value=100_000, required=False, default=1)
    page_size = serializers.IntegerField(min_value=1, max_value=100, required=False, default=25)


class CaregiverAddressSerializer(serializers.Serializer):
    street = serializers.CharField(max_length=200)
    suburb = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    city = serializers.CharField(max_length=100)
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")


class HouseholdCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, allow_blank=True)
    kind = OneOfField(values=CaregiverHousehold.Kind.values)
    site_id = RecordIdField(required=False, help_text="Your own site if not given")
    enquiry_on = serializers.DateField()
    social_worker_id = RecordIdField(required=False, help_text="You if not given")
    address = CaregiverAddressSerializer(required=False)
    latitude = serializers.FloatField(required=False, min_value=-90, max_value=90)
    longitude = serializers.FloatField(required=False, min_value=-180, max_value=180)
    capacity = serializers.IntegerField(required=False, default=1, min_value=0, max_value=100)
    age_min = serializers.IntegerField(required=False, default=0, min_value=0, max_value=100)
    age_max = serializers.IntegerField(required=False, default=17, min_value=0, max_value=100)
    takes_siblings = serializers.BooleanField(required=False, default=False)
    needs_met = serializers.ListField(child=OneOfField(values=list(NEEDS)), max_length=20, required=False, default=list)
    culture = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    iwi = serializers.ListField(child=serializers.CharField(max_length=100), max_length=20, required=False,
                                default=list)  # fmt: skip
    languages = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class HouseholdUpdateSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(min_value=0, max_value=2**31)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    capacity = serializers.IntegerField(required=False, min_value=0, max_value=100)
    age_min = serializers.IntegerField(required=False, min_value=0, max_value=100)
    age_max = serializers.IntegerField(required=False, min_value=0, max_value=100)
    takes_siblings = serializers.BooleanField(required=False)
    needs_met = serializers.ListField(child=OneOfField(values=list(NEEDS)), max_length=20, required=False)
    culture = serializers.CharField(max_length=200, required=False, allow_blank=True)
    languages = serializers.CharField(max_length=200, required=False, allow_blank=True)
    support_plan = serializers.CharField(max_length=_TEXT, required=False, allow_blank=True)


class CaregiverNewPersonSerializer(serializers.Serializer):
    given_names = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    family_name = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    gender = OneOfField(values=Person.Gender.values, required=False, default=Person.Gender.UNKNOWN)
    source = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")  # type: ignore[assignment] # DRF takes declared fields off the class


class CaregiverMemberAddSerializer(serializers.Serializer):
    role = OneOfField(values=HouseholdMember.Role.values)
    person_id = RecordIdField(required=False, help_text="Someone on the register you may open (search first)")
    new_person = CaregiverNewPersonSerializer(required=False, help_text="Or someone new, added to the register")
    confirmed_new = serializers.BooleanField(required=False, default=False)
    joined_on = serializers.DateField(required=False)


class CaregiverMemberLeaveSerializer(serializers.Serializer):
    member_id = RecordIdField()
    left_on = serializers.DateField(required=False)


class CaregiverCheckSerializer(serializers.Serializer):
    kind = OneOfField(values=CaregiverCheck.Kind.values)
    done_on = serializers.DateField()
    outcome = OneOfField(values=CaregiverCheck.Outcome.values)
    member_id = RecordIdField(required=False, help_text="Needed for police vetting and health checks")
    expires_on = serializers.DateField(required=False, help_text="Police vetting and health checks: by policy")
    note = serializers.CharField(max_length=5_000, required=False, allow_blank=True, default="")


class CaregiverAssessmentStartSerializer(serializers.Serializer):
    started_on = serializers.DateField(required=False)


class CaregiverAssessmentCompleteSerializer(serializers.Serializer):
    recommendation = OneOfField(values=CaregiverAssessment.Recommendation.values)
    summary = serializers.CharField(max_length=_TEXT, allow_blank=True)
    completed_on = serializers.DateField(required=False)


class CaregiverDecisionSerializer(serializers.Serializer):
    decision = OneOfField(values=CaregiverAssessment.Decision.values)
    reason = serializers.CharField(max_length=5_000, required=False, allow_blank=True, default="")


class CaregiverReviewSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    outcome = OneOfField(values=CaregiverReview.Outcome.values)
    summary = serializers.CharField(max_length=_TEXT, allow_blank=True)


class CaregiverVisitSerializer(serializers.Serializer):
    visited_at = AwareDateTimeField(help_text="When, with its UTC offset; not in the future")
    summary = serializers.CharField(max_length=_TEXT, allow_blank=True)


class CaregiverTrainingSerializer(serializers.Serializer):
    course = OneOfField(values=list(COURSES))
    completed_on = serializers.DateField()
    member_id = RecordIdField(required=False)
    expires_on = serializers.DateField(required=False)


class CaregiverSpecialistRoleSerializer(serializers.Serializer):
    role = OneOfField(values=list(SPECIALIST_ROLES))


class HouseholdDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    name = serializers.CharField()
    status = serializers.CharField()
    kind = serializers.CharField()
    site_id = serializers.IntegerField()
    version = serializers.IntegerField()
    address = serializers.CharField(allow_null=True, help_text="SENSITIVE: masked without access")
    address_masked = serializers.BooleanField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    capacity = serializers.IntegerField()
    age_min = serializers.IntegerField()
    age_max = serializers.IntegerField()
    takes_siblings = serializers.BooleanField()
    needs_met = serializers.ListField(child=serializers.CharField())
    culture = serializers.CharField()
    iwi = serializers.ListField(child=serializers.CharField())
    languages = serializers.CharField()
    social_worker = serializers.CharField()
    enquiry_on = serializers.DateField()
    approved_on = serializers.DateField(allow_null=True)
    next_review_on = serializers.DateField(allow_null=True)
    support_plan = serializers.CharField()
    flags = serializers.ListField(child=serializers.CharField())
    members = serializers.ListField(child=serializers.DictField())
    checks = serializers.ListField(child=serializers.DictField())
    assessments = serializers.ListField(child=serializers.DictField())
    reviews = serializers.ListField(child=serializers.DictField())
    visits = serializers.ListField(child=serializers.DictField())
    training = serializers.ListField(child=serializers.DictField())
    specialist_roles = serializers.ListField(child=serializers.DictField())
    placements = serializers.ListField(child=serializers.DictField())
    summary_only = serializers.BooleanField(
        help_text="Read through a child placed there: no checks, assessments, reviews, visits, training or support plan"
    )
    may_change = serializers.BooleanField()
    may_decide = serializers.BooleanField()


def _detail(view: HouseholdView) -> dict[str, Any]:
    h = view.household
    return {
        "id": h.pk, "reference": h.reference, "name": h.name, "status": h.status, "kind": h.kind,
        "site_id": h.site_id, "version": h.version, "address": view.address_text or None,
        "address_masked": view.address_masked, "latitude": view.latitude, "longitude": view.longitude,
        "capacity": h.capacity, "age_min": h.age_min, "age_max": h.age_max, "takes_siblings": h.takes_siblings,
        "needs_met": h.needs_met, "culture": h.culture, "iwi": h.iwi, "languages": h.languages,
        "social_worker": view.social_worker_name, "enquiry_on": h.enquiry_on, "approved_on": h.approved_on,
        "next_review_on": h.next_review_on, "support_plan": "" if view.summary_only else h.support_plan,
        "flags": view.flags.words, "summary_only": view.summary_only,
        "members": [{"id": m.id, "person_id": m.person_id, "name": m.name, "role": m.role,
                     "joined_on": m.joined_on, "left_on": m.left_on, "may_open": m.may_open} for m in view.members],
        "checks": [{"id": c.id, "kind": c.kind, "member_id": c.member_id, "done_on": c.done_on,
                    "expires_on": c.expires_on, "outcome": c.outcome, "expired": c.expired, "expiring": c.expiring,
                    "current": c.current} for c in view.checks],
        "assessments": [{"id": a.pk, "assessor_id": a.assessor_id, "started_on": a.started_on,
                         "completed_on": a.completed_on, "recommendation": a.recommendation, "summary": a.summary,
                         "decision": a.decision, "decided_by_id": a.decided_by_id, "decided_at": a.decided_at}
                        for a in view.assessments],
        "reviews": [{"held_on": r.held_on, "outcome": r.outcome, "summary": r.summary,
                     "next_review_on": r.next_review_on} for r in view.reviews],
        "visits": [{"visited_at": v.visited_at, "by_id": v.by_id, "summary": v.summary} for v in view.visits],
        "training": [{"course": t.course, "member_id": t.member_id, "completed_on": t.completed_on,
                      "expires_on": t.expires_on} for t, _, _ in view.training],
        "specialist_roles": [{"role": r.role, "granted_on": r.granted_on, "ended_on": r.ended_on}
                             for r, _ in view.specialist_roles],
        "placements": [{"placement_id": p.placement_id, "child_id": p.child_id, "name": p.name,
                        "started_on": p.started_on, "awaiting_approval": p.awaiting_approval}
                       for p in view.placements],
        "may_change": view.may_change, "may_decide": view.may_decide,
    }  # fmt: skip


def _address(data: dict[str, Any] | None) -> AddressInput | None:
    return AddressInput(**data) if data else None


# --- Views ---------------------------------------------------------------------------


class CaregiversView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CAREGIVER_READ}"

    @extend_schema(
        operation_id="caregivers_list", parameters=[CaregiverListQuerySerializer],
        responses={200: HouseholdPageSerializer, **_READ},
        summary="Caregiver households you may see, newest enquiry first; never an address",
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        query = CaregiverListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        page = household_list_for(actor=acting(request), status=q.get("status", ""), kind=q.get("kind", ""),
                                  site_id=q.get("site_id"), page=q["page"], page_size=q["page_size"])  # fmt: skip
        rows = [{**row.__dict__, "flags": row.flags.words} for row in page.rows]
        return Response(HouseholdPageSerializer({"results": rows, "page": page.page,
                                                 "has_next": page.has_next}).data)  # fmt: skip

    @extend_schema(
        request=HouseholdCreateSerializer, parameters=[IDEMPOTENCY_KEY],
        responses={201: CreatedSerializer, **_WRITE}, summary="Add a caregiver household at enquiry; idempotent",
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        data = _valid(HouseholdCreateSerializer, request)
        actor = acting(request)

        def create() -> Response:
            site_id = data.pop("site_id", None)
            site = actor.site if site_id is None or site_id == actor.site_id else None
            if site is None:
                raise CaregiverError("Add a household at your own site.", "site_id")
            household = services.household_create(actor=actor, site=site, address=_address(data.pop("address", None)),
                                                  **data)  # fmt: skip
            return Response({"id": household.pk, "url": f"/api/v1/caregivers/{household.pk}"}, status=201)

        return idempotent(request, "caregivers.create", lambda: answered(create))


class CaregiverDetailView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CAREGIVER_READ}"

    @extend_schema(responses={200: HouseholdDetailSerializer, **_READ},
                   summary="A caregiver household as you may see it (its address masked without access)")  # fmt: skip
    def get(self, request: Request, household_id: int) -> Response:
        view = household_get(actor=acting(request), household_id=household_id)
        return Response(HouseholdDetailSerializer(_detail(view)).data)

    @extend_schema(request=HouseholdUpdateSerializer, responses={200: CreatedSerializer, **_WRITE, **_CONFLICT},
                   summary="Change a household's details or support plan, from the version you saw")  # fmt: skip
    def put(self, request: Request, household_id: int) -> Response:
        data = _valid(HouseholdUpdateSerializer, request)

        def change() -> Response:
            actor, version = acting(request), data.pop("expected_version")
            plan = data.pop("support_plan", None)
            household = services.household_update(actor=actor, household_id=household_id, expected_version=version,
                                                  **data)  # fmt: skip
            if plan is not None:
                household = services.support_plan_save(actor=actor, household_id=household_id,
                                                       expected_version=household.version, text=plan)  # fmt: skip
            return Response({"id": household.pk, "url": f"/api/v1/caregivers/{household.pk}"})

        return answered(change)


def _created(kind: str, household_id: int, pk: int) -> Response:
    return Response({"id": pk, "url": f"/api/v1/caregivers/{household_id}#{kind}-{pk}"}, status=201)


class CaregiverMembersView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CAREGIVER_MANAGE}"

    @extend_schema(request=CaregiverMemberAddSerializer, responses={201: CreatedSerializer, **_WRITE, **_CONFLICT},
                   summary="Add someone to the household: person_id (search first) or new_person")  # fmt: skip
    def post(self, request: Request, household_id: int) -> Response:
        data = _valid(CaregiverMemberAddSerializer, request)

        def add() -> Response:
            new = data.pop("new_person", None)
            person = None
            if new is not None:
                person = PersonInput(names=[NameInput(new["given_names"], new["family_name"])],
                                     birth_date=BirthDateInput(date=new["birth_date"]), gender=new["gender"],
                                     source=new["source"])  # fmt: skip
            member = services.member_add(actor=acting(request), household_id=household_id, new_person=person, **data)
            return _created("member", household_id, member.pk)

        return answered(add)


class CaregiverMemberLeaveView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.CAREGIVER_MANAGE}"

    @extend_schema(request=CaregiverMemberLeaveSerializer, responses={200: CreatedSerializer, **_WRITE},
                   summary="Record that someone has left the household")  # fmt: skip
    def post(self, request: Request, household_id: int) -> Response:
        data = _valid(CaregiverMemberLeaveSerializer, request)

        def leave() -> Response:
            member = services.member_leave(actor=acting(request), household_id=household_id, **data)
            return Response({"id": member.pk, "url": f"/api/v1/caregivers/{household_id}"})

        return answered(leave)


def _recording(
    serializer: type[serializers.Serializer],
    service: Callable[..., Any],
    kind: str,
    summary: str,
    permission: Permission = Permission.CAREGIVER_MANAGE,
    status: int = 201,
) -> type[TiakiAPIView]:
    """An endpoint that records one thing on a household through one service."""

    class Recording(TiakiAPIView):
        tiaki_access = f"personal-data:{permission}"

        @extend_schema(request=serializer, responses={status: CreatedSerializer, **_WRITE, **_CONFLICT},
                       summary=summary, operation_id=f"caregivers_{kind.replace('-', '_')}_create")  # fmt: skip
        def post(self, request: Request, household_id: int) -> Response:
            data = _valid(serializer, request)

            def record() -> Response:
                done = service(actor=acting(request), household_id=household_id, **data)
                answer = _created(kind, household_id, done.pk)
                answer.status_code = status
                return answer

            return answered(record)

    Recording.__name__ = Recording.__qualname__ = f"Caregiver{kind.title().replace('-', '')}View"
    return Recording


CaregiverChecksView = _recording(
    CaregiverCheckSerializer,
    services.check_record,
    "check",
    "Record a check (police vetting and health checks for one member, by policy)",
)
AssessmentStartView = _recording(
    CaregiverAssessmentStartSerializer,
    services.assessment_start,
    "assessment",
    "Start assessing the household: you are the assessor",
)
AssessmentCompleteView = _recording(
    CaregiverAssessmentCompleteSerializer,
    services.assessment_complete,
    "assessment-complete",
    "Complete the assessment with a recommendation",
    status=200,
)
AssessmentDecisionView = _recording(
    CaregiverDecisionSerializer,
    services.assessment_decide,
    "decision",
    "Decide on a completed assessment (never your own); approval needs the checks",
    permission=Permission.CAREGIVER_APPROVE,
    status=200,
)
CaregiverReviewsView = _recording(
    CaregiverReviewSerializer, services.review_record, "review", "Record the yearly review"
)
CaregiverVisitsView = _recording(
    CaregiverVisitSerializer, services.visit_record, "visit", "Record a visit to the household"
)
CaregiverTrainingView = _recording(CaregiverTrainingSerializer, services.training_record, "training", "Record training")
SpecialistRolesView = _recording(CaregiverSpecialistRoleSerializer, services.specialist_role_grant, "specialist-role",
                                 "Grant a specialist role (only with its qualifying training)")  # fmt: skip
