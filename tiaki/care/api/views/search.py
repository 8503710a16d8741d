"""Finding a placement under /api/v1/care/children/{id}/placement-search.

The query holds the criteria (repeat ``needs``, ``iwi`` and ``kinds`` for
several); none at all is the child's defaults. The view parses the query,
calls placement_search (the page's rules: only someone who may place the
child, 404 otherwise, audited) and answers. A query that is not valid is a
400 ``validation_failed`` problem with ``errors`` by parameter, after the
access check. The answer never holds where a household is.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tiaki.access import Permission
from tiaki.api.problems import problem
from tiaki.api.serializers import InvalidSerializer, ProblemSerializer
from tiaki.api.views import TiakiAPIView, acting
from tiaki.care import places
from tiaki.care.codes import NEEDS
from tiaki.care.selectors.search import (
    KINDS,
    MAX_AGE,
    MAX_SIBLINGS,
    MIN_AGE,
    PlacementSearch,
    SearchCriteria,
    SearchInputError,
    placement_search,
)

_BAD = "Some query parameters are not valid: see errors."


class LocalityField(serializers.ChoiceField):
    """A town or city from the gazetteer: the schema lists the official names;
    a name spelt another way (case, macrons, a dual name) is read as the one
    it spells; one not in the list is refused with the service's words."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=sorted(places.LOCALITIES), **kwargs)

    def to_internal_value(self, data: Any) -> str:
        return places.locality_name(str(data)) or str(data)


class PlacementSearchQuerySerializer(serializers.Serializer):
    age = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=MIN_AGE,
                                   max_value=MAX_AGE, help_text="The child's age in years")  # fmt: skip
    siblings = serializers.IntegerField(required=False, default=0, min_value=0, max_value=MAX_SIBLINGS,
                                        help_text="Brothers and sisters to place with the child")  # fmt: skip
    needs = serializers.MultipleChoiceField(choices=list(NEEDS.items()), required=False,
                                            help_text="Needs the household must meet (repeat for several)")  # fmt: skip
    iwi = serializers.ListField(child=serializers.CharField(max_length=100, allow_blank=True), required=False,
                                max_length=20, help_text="The child's iwi (repeat for several)")  # fmt: skip
    culture = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    whanau_locality = LocalityField(required=False, allow_blank=True, default="",
                                    help_text="The town or city the whānau live in")  # fmt: skip
    school_locality = LocalityField(required=False, allow_blank=True, default="",
                                    help_text="The town or city of the child's school")  # fmt: skip
    kinds = serializers.MultipleChoiceField(choices=list(KINDS.items()), required=False,
                                            help_text="Kinds of caregiver (repeat; all when left out)")  # fmt: skip


class CandidateSerializer(serializers.Serializer):
    household_id = serializers.IntegerField()
    reference = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    free_places = serializers.IntegerField()
    whanau_km = serializers.IntegerField(allow_null=True, help_text="Whole km from the whānau's town")
    school_km = serializers.IntegerField(allow_null=True, help_text="Whole km from the school's town")
    kin = serializers.BooleanField(help_text="A member is related to the child on the register")
    score = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())
    unmet = serializers.ListField(child=serializers.CharField(), help_text='Each "Does not meet: ..."')


class CriteriaSerializer(serializers.Serializer):
    age = serializers.IntegerField(allow_null=True)
    siblings = serializers.IntegerField()
    needs = serializers.ListField(child=serializers.CharField())
    iwi = serializers.ListField(child=serializers.CharField())
    culture = serializers.CharField()
    whanau_locality = serializers.CharField()
    school_locality = serializers.CharField()
    kinds = serializers.ListField(child=serializers.CharField())


class PlacementSearchSerializer(serializers.Serializer):
    child_id = serializers.IntegerField()
    criteria = CriteriaSerializer()
    matched = serializers.IntegerField(help_text="How many households matched; results holds the best 25")
    in_care = serializers.BooleanField()
    has_current_placement = serializers.BooleanField()
    results = CandidateSerializer(many=True)


def _criteria(c: SearchCriteria) -> dict[str, Any]:
    return {
        "age": c.age, "siblings": c.siblings_together, "needs": sorted(c.needs), "iwi": list(c.iwi),
        "culture": c.culture, "whanau_locality": c.whanau_locality, "school_locality": c.school_locality,
        "kinds": [k for k in KINDS if k in c.kinds],
    }  # fmt: skip


def _answer(found: PlacementSearch) -> dict[str, Any]:
    return {
        "child_id": found.child_id, "criteria": _criteria(found.criteria), "matched": found.matched,
        "in_care": found.in_care, "has_current_placement": found.has_current_placement,
        "results": [{**c.__dict__, "reasons": list(c.reasons), "unmet": list(c.unmet)} for c in found.candidates],
    }  # fmt: skip


def _first(messages: Any) -> str:
    """The first message of a field's errors: a list, or for a list of values
    (needs, iwi, kinds) a dict of the bad items' own lists."""
    while isinstance(messages, dict):
        messages = next(iter(messages.values()), [""])
    return str(messages[0]) if messages else ""


class PlacementSearchView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.PLACEMENT_SEARCH}"

    @extend_schema(
        operation_id="care_placement_search",
        parameters=[PlacementSearchQuerySerializer],
        responses={
            200: PlacementSearchSerializer,
            400: OpenApiResponse(InvalidSerializer, description="validation_failed: see errors"),
            403: OpenApiResponse(ProblemSerializer, description="Role or induction refused"),
            404: OpenApiResponse(ProblemSerializer, description="No such child, or not yours to place"),
        },
        summary="Approved caregivers with room for a child, best first, each with its reasons",
    )
    def get(self, request: Request, child_id: int) -> Response:
        asked = {name for name in request.query_params if name in PlacementSearchQuerySerializer().fields}
        params = PlacementSearchQuerySerializer(data=request.query_params)
        criteria, errors = None, None
        if not params.is_valid():
            errors = {name: _first(messages) for name, messages in params.errors.items()}
        elif asked:
            q = params.validated_data
            criteria = SearchCriteria(
                age=q["age"], needs=frozenset(q.get("needs") or ()), siblings_together=q["siblings"],
                iwi=tuple(name for name in q.get("iwi") or () if name.strip()), culture=q["culture"],
                whanau_locality=q["whanau_locality"],
                school_locality=q["school_locality"], kinds=frozenset(q.get("kinds") or KINDS),
            )  # fmt: skip
        try:
            found = placement_search(actor=acting(request), child_id=child_id, criteria=criteria, errors=errors)
        except SearchInputError as exc:
            return problem(400, "validation_failed", _BAD, errors={name: [m] for name, m in exc.errors.items()})
        return Response(PlacementSearchSerializer(_answer(found)).data)
