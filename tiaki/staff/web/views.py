"""Account administration: roles, privacy induction and API tokens. No case data."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from tiaki.access import Permission
from tiaki.access import services as access_services
from tiaki.access.declare import requires
from tiaki.access.models import CURRENT_INDUCTION_COURSE
from tiaki.access.roles import Role
from tiaki.api import selectors as api_selectors
from tiaki.api import services as api_services
from tiaki.staff import selectors as staff_selectors
from tiaki.staff.web.forms import InductionForm, RoleForm, TokenRevokeForm
from tiaki.web.requests import actor_of


@requires(Permission.USER_MANAGE)
@require_GET
def user_list_page(request: HttpRequest) -> HttpResponse:
    users = staff_selectors.user_list(actor=actor_of(request), search=request.GET.get("q", ""))
    return render(request, "staff/user_list.html", {"users": users, "q": request.GET.get("q", "")})


@requires(Permission.USER_MANAGE)
@require_http_methods(["GET", "POST"])
def user_detail_page(request: HttpRequest, user_id: int) -> HttpResponse:
    user = staff_selectors.user_get(actor=actor_of(request), user_id=user_id)
    if user is None:
        raise Http404
    role_form = RoleForm(
        request.POST if request.POST.get("form") == "role" else None, initial={"role": user.role}, prefix="role"
    )
    inductions = staff_selectors.inductions_of(actor=actor_of(request), user=user)
    induction_form = InductionForm(
        request.POST if request.POST.get("form") == "induction" else None,
        initial={
            "course_version": CURRENT_INDUCTION_COURSE,
            "kind": "refresher" if inductions else "induction",
        },
        prefix="induction",
    )
    try:
        if role_form.is_bound and role_form.is_valid():
            access_services.role_grant(actor=actor_of(request), user=user, role=Role(role_form.cleaned_data["role"]))
            messages.success(request, "Role changed.")
            return redirect("web:admin-user", user_id=user.pk)
        if induction_form.is_bound and induction_form.is_valid():
            access_services.induction_record(actor=actor_of(request), user=user, **induction_form.cleaned_data)
            messages.success(
                request,
                "Privacy refresher recorded."
                if induction_form.cleaned_data["kind"] == "refresher"
                else "Privacy induction recorded.",
            )
            return redirect("web:admin-user", user_id=user.pk)
    except access_services.AccessRequestError as exc:
        (role_form if role_form.is_bound else induction_form).add_error(None, str(exc))
    return render(
        request,
        "staff/user_detail.html",
        {"subject": user, "role_form": role_form, "induction_form": induction_form, "inductions": inductions},
    )


@requires(Permission.USER_MANAGE)
@require_http_methods(["GET", "POST"])
def user_tokens_page(request: HttpRequest, user_id: int) -> HttpResponse:
    """An account's API tokens, seen by their non-secret prefix, revoked one
    at a time or all at once (tiaki.api.services)."""
    actor = actor_of(request)
    subject = staff_selectors.user_get(actor=actor, user_id=user_id)
    if subject is None:
        raise Http404
    form = TokenRevokeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        if form.cleaned_data["all"]:
            count = api_services.api_token_revoke_all(actor=actor, user=subject)
            messages.success(request, f"Revoked {count} token{'' if count == 1 else 's'}.")
        else:
            key = form.cleaned_data["token_key"]
            try:
                api_services.api_token_revoke(actor=actor, user=subject, token_key=key)
                messages.success(request, f"Revoked token {key}. Its next request will be refused.")
            except api_services.TokenNotFoundError:
                messages.error(request, f"There is no token {key} to revoke: it may have been revoked already.")
        # After a POST, a redirect: reloading the page must not revoke again.
        return redirect("web:admin-user-tokens", user_id=subject.pk)
    tokens = api_selectors.api_tokens_of(actor=actor, user=subject)
    return render(request, "staff/user_tokens.html", {"subject": subject, "tokens": tokens, "form": form})
