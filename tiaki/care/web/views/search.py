"""Finding a placement, as a page: the search form, prefilled from the child,
and the households that fit, each with its reasons and a link to place the
child there. The view parses the query, calls placement_search (need-to-know
and audit) and renders; it never shows where a household is."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from tiaki.access import Permission
from tiaki.access.declare import personal_data
from tiaki.care import places
from tiaki.care.selectors.search import PlacementSearch, SearchInputError, placement_search
from tiaki.care.web.forms.search import LOCALITY_LIST, PlacementSearchForm, initial
from tiaki.web.requests import actor_of


@personal_data(Permission.PLACEMENT_SEARCH)
@require_http_methods(["GET", "POST"])
def placement_search_page(request: HttpRequest, child_id: int) -> HttpResponse:
    """GET: the child's defaults, searched at once. A search the worker
    changes is POSTed, so what they typed about the child (needs, iwi, towns)
    never sits in a URL, a browser's history or a log. One with a mistake is
    shown again with its errors (400), after the access check, so an
    out-of-reach child is a 404 whatever was typed."""
    actor = actor_of(request)
    result: PlacementSearch | None = None
    status = 200
    if request.method != "POST":
        result = placement_search(actor=actor, child_id=child_id)
        form = PlacementSearchForm(initial=initial(result.criteria))
    else:
        form = PlacementSearchForm(request.POST)
        valid = form.is_valid()
        try:
            result = placement_search(actor=actor, child_id=child_id, criteria=form.criteria() if valid else None,
                                      errors=None if valid else form.first_errors())  # fmt: skip
        except SearchInputError as exc:
            for name, message in exc.errors.items():
                if name in form.fields and not form.has_error(name):
                    form.add_error(name, message)
            status = 400
    context: dict[str, Any] = {
        "child_id": child_id,
        "form": form,
        "result": result,
        "locality_list": LOCALITY_LIST,
        "localities": sorted(places.LOCALITIES),
        "place_url_name": "web:placement-move" if result and result.has_current_placement else "web:placement-add",
    }
    return render(request, "care/placement_search.html", context, status=status)
