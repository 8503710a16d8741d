"""The OpenAPI schema at /api/v1/schema/ tells the truth about errors.

Every error the API answers is a problem (tiaki.api.problems), served as
``application/problem+json``: TiakiAutoSchema (REST_FRAMEWORK's
DEFAULT_SCHEMA_CLASS) documents every 4xx with that media type, and adds to
each operation the problems that the shared machinery answers, so that no
view lists them by hand and none can forget one:

- 401 for every operation (no token, or not a valid one);
- 403 where a permission, induction or CSRF (session clients) is checked;
- 404 where the path holds a record id (missing, out of reach or impossible,
  alike: tiaki.web.converters);
- 400 where a body, query or required header is read; 413 and 415 where a
  body is read (tiaki.api.parsers' limits, DRF's media types);
- 400 and 422 where an Idempotency-Key is required (tiaki.api.idempotency).

A view documents only its own extras (409 possible_duplicates or
stale_version, 413 for an upload, a 404 for ids in the body). The test
tiaki/api/tests/test_schemathesis.py holds the schema to this against the
running API, and tests/attack/test_schema_honest.py holds each rule.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.permissions import SAFE_METHODS

from tiaki.api.problems import PROBLEM_CONTENT_TYPE

#: What each shared problem means, as the schema describes it.
COMMON_PROBLEMS = {
    "400": "Not valid (validation_failed with errors, field -> messages; invalid with field; "
    "a malformed body, query or header)",
    "401": "not_authenticated or authentication_failed: no token, or not a valid one",
    "403": "The account's role, induction or access does not allow this",
    "404": "not_found: no such record, or not yours to see (the same answer)",
    "413": "body_too_large: the body is over the limit named in the answer",
    "415": "unsupported_media_type: send the body as one of the documented media types",
    "422": "idempotency_key_reused: this Idempotency-Key was already used for a different request",
}

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def _is_error(status_code: str) -> bool:
    return status_code.isdigit() and int(status_code) >= 400


class TiakiAutoSchema(AutoSchema):
    def _get_response_for_code(
        self, serializer: Any, status_code: str, media_types: Any = None, direction: Any = "response"
    ) -> dict[str, Any]:
        if _is_error(status_code):
            from tiaki.api.serializers import ProblemSerializer

            if isinstance(serializer, OpenApiResponse) and serializer.response is None:
                serializer = OpenApiResponse(ProblemSerializer, serializer.description, serializer.examples)
            elif serializer is None:
                serializer = ProblemSerializer
            media_types = media_types or [PROBLEM_CONTENT_TYPE]
        return super()._get_response_for_code(serializer, status_code, media_types, direction)

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        from tiaki.api.serializers import ProblemSerializer

        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for status_code in self._shared_problems():
            if status_code not in responses:
                responses[status_code] = self._get_response_for_code(
                    OpenApiResponse(ProblemSerializer, description=COMMON_PROBLEMS[status_code]), status_code
                )
        return dict(sorted(responses.items()))

    def _map_basic_serializer(self, serializer: Any, direction: Any) -> dict[str, Any]:
        # A rule across fields (search needs one of them) as JSON Schema can say it.
        result: dict[str, Any] = super()._map_basic_serializer(serializer, direction)
        least = getattr(serializer, "schema_min_properties", None)
        if least is not None:
            result["minProperties"] = least
        return result

    def _shared_problems(self) -> list[str]:
        """The problems the shared machinery can answer for this operation."""
        codes = ["401"]
        if getattr(self.view, "tiaki_access", None) != "signed-in" or self.method not in SAFE_METHODS:
            codes.append("403")
        if "{" in self.path:
            codes.append("404")
        overrides = [p for p in self.get_override_parameters() if isinstance(p, OpenApiParameter)]
        reads_input = any(p.location in (OpenApiParameter.QUERY, OpenApiParameter.HEADER) for p in overrides)
        # A serializer given as parameters describes the query string.
        reads_input = reads_input or any(not isinstance(p, OpenApiParameter) for p in self.get_override_parameters())
        if self.method in _BODY_METHODS and self.get_request_serializer() is not None:
            codes += ["400", "413", "415"]
        elif reads_input:
            codes.append("400")
        if any(p.name == "Idempotency-Key" for p in overrides):
            codes += ["400", "422"]
        return sorted(set(codes))


class OneOfFieldSchema(OpenApiSerializerFieldExtension):
    """tiaki.api.serializers.OneOfField is an enum in the schema: the values
    the service accepts, though the service (not the serializer) checks them."""

    target_class = "tiaki.api.serializers.OneOfField"

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.target.values), "description": self.target.help_text or ""}
