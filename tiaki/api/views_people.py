"""The person register under /api/v1/persons: search, create (idempotent),
relationships. Same services, selectors and access rules as the pages."""

from __future__ import annotations

from typing import Any, NoReturn

from django.http import HttpRequest
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from tiaki.access.permissions import Permission
from tiaki.api.idempotency import IDEMPOTENCY_KEY, idempotent
from tiaki.api.problems import problem
from tiaki.api.serializers import ProblemSerializer
from tiaki.api.serializers_people import (
    PersonCreateSerializer,
    RelationshipCreateSerializer,
    RelationshipSerializer,
    SearchQuerySerializer,
    SearchResultSerializer,
)
from tiaki.api.views import TiakiAPIView, acting
from tiaki.casework.api.serializers import CreatedSerializer
from tiaki.people import selectors
from tiaki.people import services as people_services
from tiaki.people.matching import MatchQuery, parse_search_text
from tiaki.people.selectors.search import person_search

_SEARCH_REFUSED = OpenApiResponse(
    ProblemSerializer,
    description="validation_failed: a field too long or of the wrong type, or every field blank "
    "(give at least one of q, given_names, family_name, birth_date, age, address, identifier)",
)


class PersonSearchView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.PERSON_SEARCH}"

    @extend_schema(
        request=SearchQuerySerializer,
        responses={200: SearchResultSerializer, 400: _SEARCH_REFUSED},
        summary="Search before create: ranked candidates you may open, and whether another record has the name",
        description=(
            "POST only: names, birth dates, addresses and numbers go in the JSON body, never in a URL. "
            "`results` are persons you may open, best first; `restricted` says only that a record you "
            "may not open has the name typed (decided from the name alone), with a fixed `notice`."
        ),
    )
    def post(self, request: Request) -> Response:
        params = SearchQuerySerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        query = (
            parse_search_text(data["q"])
            if data.get("q", "").strip()
            else MatchQuery(**{k: v for k, v in data.items() if k != "q"})
        )
        result = person_search(actor=acting(request), query=query)
        return Response(SearchResultSerializer(result).data)

    def http_method_not_allowed(self, request: HttpRequest, *args: Any, **kwargs: Any) -> NoReturn:
        # Search used to be a GET with the name and birth date in the query
        # string (and so in every request log): say where it went instead.
        raise exceptions.MethodNotAllowed(
            request.method or "",
            detail="Search with POST /api/v1/persons/search and a JSON body: "
            "names, birth dates and numbers must not be sent in a URL.",
        )


class PersonCreateView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.PERSON_CREATE}"

    @extend_schema(
        request=PersonCreateSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: CreatedSerializer,
            409: OpenApiResponse(
                ProblemSerializer, description="possible_duplicates: review, then resend with confirmed_new"
            ),
        },
        summary="Add a person (after searching); idempotent per Idempotency-Key",
    )
    def post(self, request: Request) -> Response:
        body = PersonCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return idempotent(request, "persons.create", lambda: self._create(request, body.validated_data))

    def _create(self, request: Request, data: dict[str, Any]) -> Response:
        person_input = people_services.PersonInput(
            names=[
                people_services.NameInput(n["given_names"], n["family_name"], kind=n["kind"]) for n in data["names"]
            ],
            birth_date=people_services.BirthDateInput(
                date=data["date_of_birth"], year=data["birth_year"], age=data["age"]
            ),
            gender=data["gender"],
            identifiers=[(i["kind"], i["value"]) for i in data["identifiers"]],
            address=people_services.AddressInput(**data["address"]) if data["address"] else None,
            ethnicities=data["ethnicities"],
            iwi=data["iwi"],
            source=data["source"],
        )
        try:
            person = people_services.person_create(
                actor=acting(request), data=person_input, confirmed_new=data["confirmed_new"]
            )
        except people_services.PossibleDuplicates as found:
            return problem(
                409,
                "possible_duplicates",
                "This person may already be on the register. Search for them; "
                "if none is this person, send again with confirmed_new.",
                # Strong matches the caller may open; ``restricted`` is the
                # search's fixed notice (no count: the selector's rule).
                candidates=len(found.candidates),
                restricted=found.result.restricted,
            )
        except people_services.PersonInputError as exc:
            return problem(
                400, "validation_failed", "Some fields are missing or not valid: see errors.", errors=exc.errors
            )
        return Response({"id": person.pk, "url": f"/api/v1/persons/{person.pk}"}, status=201)


class PersonRelationshipsView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.PERSON_READ}"

    @extend_schema(responses={200: RelationshipSerializer(many=True)}, summary="A person's relationships")
    def get(self, request: Request, person_id: int) -> Response:
        record = selectors.person_get(actor=acting(request), person_id=person_id)
        return Response(RelationshipSerializer(record.relationships, many=True).data)

    @extend_schema(
        request=RelationshipCreateSerializer,
        responses={201: RelationshipSerializer},
        summary="Record a relationship: the other person is <kind> of this person",
    )
    def post(self, request: Request, person_id: int) -> Response:
        body = RelationshipCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            people_services.relationship_add(
                actor=acting(request), person_id=person_id, other_is=True, **body.validated_data
            )
        except people_services.PersonInputError as exc:
            return problem(
                400, "validation_failed", "Some fields are missing or not valid: see errors.", errors=exc.errors
            )
        record = selectors.person_get(actor=acting(request), person_id=person_id)
        added = next(r for r in record.relationships if r.person_id == body.validated_data["other_person_id"])
        return Response(RelationshipSerializer(added).data, status=201)
