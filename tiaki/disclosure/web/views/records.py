"""The disclosure records as pages. For the privacy office (disclosure:read):
recent disclosures and near misses, filtered; the lookup by the document id
on a page (posted, then redirected to the record: the id never sits in the
address bar's history of searches); one record in full. For the sender: what
they released (``released_response`` right after release shows an encrypted
file's password, once) and the file's one download."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tiaki.access import Permission
from tiaki.access.declare import personal_data
from tiaki.disclosure.selectors.records import disclosure_get, disclosure_list, disclosure_made_get
from tiaki.disclosure.services.pipeline import Released
from tiaki.disclosure.services.records import FileGone, disclosure_file_take
from tiaki.disclosure.web.forms.records import DisclosureFilterForm, LookupForm
from tiaki.web.requests import actor_of


def _no_store(response: HttpResponse) -> HttpResponse:
    # A page with a password or a file on it is never kept by the browser or a proxy.
    response["Cache-Control"] = "no-store"
    return response


@personal_data(Permission.DISCLOSURE_READ)
@require_http_methods(["GET", "POST"])
def disclosure_list_page(request: HttpRequest) -> HttpResponse:
    """Recent disclosures and near misses, filtered by outcome and kind, and
    the lookup by document id (POST; found: redirected to the record)."""
    actor = actor_of(request)
    lookup = LookupForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if lookup.is_valid():
            found = disclosure_list(actor=actor, document_id=lookup.cleaned_data["document_id"], page_size=1)
            if found.rows:
                return redirect("web:disclosure-detail", disclosure_id=found.rows[0].id)
            status = 404
            lookup.add_error("document_id", "No disclosure has that document id. Check it against the page.")
    filters = DisclosureFilterForm(request.GET or None)
    filters.is_valid()
    data = getattr(filters, "cleaned_data", {}) or {}
    number = request.GET.get("page", "")
    page = disclosure_list(
        actor=actor, outcome=data.get("outcome", ""), kind=data.get("kind", ""),
        page=int(number) if number.isdigit() and len(number) < 7 else 1,
    )  # fmt: skip
    query = request.GET.copy()
    query.pop("page", None)
    context = {"lookup": lookup, "filters": filters, "page": page, "query": query.urlencode()}
    return render(request, "disclosure/records_list.html", context, status=status)


@personal_data(Permission.DISCLOSURE_READ)
@require_GET
def disclosure_page(request: HttpRequest, disclosure_id: int) -> HttpResponse:
    """One disclosure record in full, for the privacy office."""
    view = disclosure_get(actor=actor_of(request), disclosure_id=disclosure_id)
    return render(request, "disclosure/records_detail.html", {"view": view})


def released_response(request: HttpRequest, released: Released) -> HttpResponse:
    """The sender's page right after ``release``: the document id, the
    download, and for an encrypted file its password, shown this once (it is
    never stored). Producers' views (letters, exports) answer their POST with it."""
    view = disclosure_made_get(actor=actor_of(request), disclosure_id=released.disclosure.pk)
    context = {"view": view, "password": released.password, "just_made": True}
    return _no_store(render(request, "disclosure/records_made.html", context))


@personal_data(Permission.DISCLOSURE_MAKE)
@require_GET
def disclosure_made_page(request: HttpRequest, disclosure_id: int) -> HttpResponse:
    """What the sender released (their own only: 404 for anyone else)."""
    view = disclosure_made_get(actor=actor_of(request), disclosure_id=disclosure_id)
    return _no_store(render(request, "disclosure/records_made.html", {"view": view, "password": None}))


@personal_data(Permission.DISCLOSURE_MAKE)
@require_POST
def disclosure_file_download(request: HttpRequest, disclosure_id: int) -> HttpResponse:
    """The file, once, to its sender (a button, not a link: nothing prefetches it)."""
    actor = actor_of(request)
    try:
        out = disclosure_file_take(actor=actor, disclosure_id=disclosure_id)
    except FileGone as gone:
        view = disclosure_made_get(actor=actor, disclosure_id=disclosure_id)
        context = {"view": view, "password": None, "gone": gone.message}
        return _no_store(render(request, "disclosure/records_made.html", context, status=410))
    response = HttpResponse(out.data, content_type=out.content_type)
    response["Content-Disposition"] = f'attachment; filename="{out.filename}"'
    return _no_store(response)
