"""A child's (or a whānau's) chronology under /api/v1/persons/{id}/chronology.

Each view parses the query, calls one chronology selector (need-to-know and
audit as on the pages) and answers. A filter or cursor that is not valid is a
400 ``invalid`` problem with the query ``field`` at fault; out of reach is
404, a missing permission 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from tiaki.access import Permission
from tiaki.api import serializers_chronology as c
from tiaki.api.problems import problem
from tiaki.api.views import TiakiAPIView, acting
from tiaki.casework import selectors
from tiaki.casework.api import serializers as s
from tiaki.casework.api.views import _READ, _next
from tiaki.casework.selectors import ChronologyInputError, ChronologyPage, Filters


def _chronology(request: Request, read: Callable[..., ChronologyPage], person_id: int) -> ChronologyPage | Response:
    params = c.ChronologyQuerySerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    q = params.validated_data
    try:
        filters = Filters(kinds=frozenset(q.get("type") or ()), since=q["since"], until=q["until"],
                          significant_only=q["significant"])  # fmt: skip
    except ChronologyInputError as exc:  # the types are checked above, so: 'since' is after 'until'
        return problem(400, "invalid", str(exc), field="since")
    try:
        return read(actor=acting(request), person_id=person_id, filters=filters, cursor=q["cursor"] or None,
                    page_size=q["page_size"])  # fmt: skip
    except ChronologyInputError as exc:
        return problem(400, "invalid", str(exc), field="cursor")


def _entries(request: Request, page: ChronologyPage) -> dict[str, Any]:
    return {
        "via_break_glass": page.via_break_glass,
        "results": page.entries,
        "next": _next(request, "cursor", page.next_cursor) if page.next_cursor else None,
    }


_CHRONOLOGY_ERRORS = {400: OpenApiResponse(s.InvalidSerializer, description="A filter or cursor not valid"), **_READ}


class ChronologyView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.PERSON_READ}"

    @extend_schema(
        parameters=[c.ChronologyQuerySerializer],
        responses={200: c.ChronologySerializer, **_CHRONOLOGY_ERRORS},
        summary="A child's chronology, newest first, filtered; follow `next` for older entries",
    )
    def get(self, request: Request, person_id: int) -> Response:
        page = _chronology(request, selectors.chronology_page, person_id)
        if isinstance(page, Response):
            return page
        name = page.names.get(person_id, "Name not recorded")
        return Response(c.ChronologySerializer({"person_id": person_id, "name": name, **_entries(request, page)}).data)


class WhanauChronologyView(TiakiAPIView):
    tiaki_access = f"personal-data:{Permission.PERSON_READ}"

    @extend_schema(
        parameters=[c.ChronologyQuerySerializer],
        responses={200: c.WhanauChronologySerializer, **_CHRONOLOGY_ERRORS},
        summary="The chronologies of this child's whānau merged (only children you may see; not_shown counts "
        "the others)",
    )
    def get(self, request: Request, person_id: int) -> Response:
        page = _chronology(request, selectors.whanau_chronology_page, person_id)
        if isinstance(page, Response):
            return page
        children = [{"id": pid, "name": page.names.get(pid, "Name not recorded")} for pid in page.person_ids]
        return Response(c.WhanauChronologySerializer({"children": children, "not_shown": page.not_shown,
                                                      **_entries(request, page)}).data)  # fmt: skip
