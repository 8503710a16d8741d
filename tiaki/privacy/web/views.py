"""The privacy office's pages: audit search, break-glass review, sealed
records; and, for the allocated line, who has seen a person's record."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tiaki.access import AccessDenied, Permission
from tiaki.access import services as access_services
from tiaki.access.declare import personal_data, requires
from tiaki.access.models import StaffSubjectLink
from tiaki.people.selectors.trail import TrailPerson, person_find_for_trail
from tiaki.people.web import saved_searches
from tiaki.privacy.selectors import trail as selectors
from tiaki.privacy.web.forms import (
    AuditPersonFindForm,
    AuditSearchForm,
    BreakGlassReviewForm,
    SealedGrantForm,
    StaffLinkForm,
)
from tiaki.staff import selectors as staff_selectors
from tiaki.web.requests import actor_of


# Declared for every role (HOME_VIEW) so that a refusal reaches this view:
# the selector checks person:read and need-to-know itself, audited, and its
# 403 is answered with who can see the page and how to ask, not a dead end.
@personal_data(Permission.HOME_VIEW)
@require_GET
def person_seen_by_page(request: HttpRequest, person_id: int) -> HttpResponse:
    try:
        rows = selectors.person_access_log(actor=actor_of(request), person_id=person_id)
    except AccessDenied as exc:
        context = {"person_id": person_id, "detail": str(exc.args[0]) if exc.args else selectors.SEEN_BY_POINTER}
        return render(request, "privacy/person_seen_by_refused.html", context, status=403)
    opened = [r for r in rows if r.kind != "listed"]
    listed = [r for r in rows if r.kind == "listed"]
    return render(request, "privacy/person_seen_by.html", {"person_id": person_id, "opened": opened, "listed": listed})


@personal_data(Permission.AUDIT_READ)
@require_GET
def audit_search_page(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        page = selectors.audit_search(
            actor=actor_of(request),
            query=selectors.AuditQuery(
                staff_username=data["staff"].strip(),
                person_id=data["person"],
                date_from=data["date_from"],
                date_to=data["date_to"],
                outcome=data["outcome"],
                before_seq=data["before"],
            ),
        )
    context = {"form": form, "page": page, "query": request.GET.urlencode()}
    # htmx asks for the results region only when the form changes.
    template = "privacy/_audit_results.html" if request.htmx else "privacy/audit_search.html"  # type: ignore[attr-defined]
    return render(request, template, context)


#: saved_searches kind for finding a person by name to search the trail for.
_FIND = "audit-person"


def _find_context(form: AuditPersonFindForm, found: list[TrailPerson] | None) -> dict[str, Any]:
    return {"find_form": form, "found": found}


@personal_data(Permission.AUDIT_READ)
@require_http_methods(["GET", "POST"])
def audit_person_find_page(request: HttpRequest) -> HttpResponse:
    """Find a person by name: POSTed and answered with a redirect to a page
    named by an opaque id (tiaki.people.web.saved_searches), as people search does."""
    if request.method == "GET":
        return render(request, "privacy/audit_person_find.html", _find_context(AuditPersonFindForm(), None))
    form = AuditPersonFindForm(request.POST)
    if not form.is_valid():
        return render(request, "privacy/audit_person_find.html", _find_context(form, None), status=400)
    token = saved_searches.keep(request, _FIND, {k: form.cleaned_data.get(k) for k in form.fields})
    response = redirect("web:privacy-audit-found", token=token)
    response.status_code = 303  # See Other: the browser GETs the result page
    return response


@personal_data(Permission.AUDIT_READ)
@require_GET
def audit_person_found_page(request: HttpRequest, token: str) -> HttpResponse:
    """A name search kept in the session, run again (and audited) each time it is shown."""
    data = saved_searches.recall(request, _FIND, token)
    form = AuditPersonFindForm(data)
    if data is None or not form.is_valid():
        messages.info(request, "That search has expired. Search again.")
        return redirect("web:privacy-audit-find")
    found = person_find_for_trail(
        actor=actor_of(request),
        given_names=form.cleaned_data["given_names"].strip(),
        family_name=form.cleaned_data["family_name"].strip(),
    )
    return render(request, "privacy/audit_person_find.html", _find_context(form, found))


@requires(Permission.BREAKGLASS_REVIEW)
@require_GET
def breakglass_queue_page(request: HttpRequest) -> HttpResponse:
    items = selectors.breakglass_queue(actor=actor_of(request))
    return render(request, "privacy/breakglass_queue.html", {"items": items, "form": BreakGlassReviewForm()})


@requires(Permission.BREAKGLASS_REVIEW)
@require_POST
def breakglass_review_action(request: HttpRequest, grant_id: int) -> HttpResponse:
    form = BreakGlassReviewForm(request.POST)
    if form.is_valid():
        try:
            access_services.breakglass_review(
                actor=actor_of(request),
                grant_id=grant_id,
                justified=form.cleaned_data["justified"],
                notes=form.cleaned_data["notes"],
            )
        except access_services.AccessRequestError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Review of emergency access {grant_id} saved.")
            return redirect("web:privacy-breakglass")
    items = selectors.breakglass_queue(actor=actor_of(request))
    return render(
        request, "privacy/breakglass_queue.html", {"items": items, "form": form, "form_for": grant_id}, status=400
    )


@requires(Permission.SEALED_MANAGE)
@require_http_methods(["GET", "POST"])
def sealed_records_page(request: HttpRequest) -> HttpResponse:
    grant_form = SealedGrantForm(request.POST if request.POST.get("form") == "grant" else None, prefix="grant")
    link_form = StaffLinkForm(request.POST if request.POST.get("form") == "link" else None, prefix="link")
    for form, kind in ((grant_form, "grant"), (link_form, "link")):
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            user = staff_selectors.active_user_named(username=data["username"].strip())
            if user is None:
                form.add_error("username", "There is no active staff member with that username.")
                continue
            try:
                if kind == "grant":
                    access_services.sealed_grant(
                        actor=actor_of(request), user=user, person_id=data["person_id"], reason=data["reason"]
                    )
                    messages.success(request, "Access to the sealed record granted.")
                else:
                    access_services.staff_subject_link(
                        actor=actor_of(request),
                        user=user,
                        person_id=data["person_id"],
                        kind=StaffSubjectLink.Kind(data["kind"]),
                    )
                    messages.success(request, "The record is now sealed.")
            except access_services.AccessRequestError as exc:
                form.add_error(None, str(exc))
                continue
            return redirect("web:privacy-sealed")
    # A refused or invalid form is a 400 with its message on the page (a second link used to be a 500).
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/sealed.html", {"grant_form": grant_form, "link_form": link_form}, status=status)
