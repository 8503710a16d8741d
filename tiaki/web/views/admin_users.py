"""Account administration: roles, privacy induction, intake duty. No case data."""

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
from tiaki.staff import selectors as staff_selectors
from tiaki.web.forms import InductionForm, RoleForm
from tiaki.web.requests import actor_of


@requires(Permission.USER_MANAGE)
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    users = staff_selectors.user_list(actor=actor_of(request), search=request.GET.get("q", ""))
    return render(request, "web/admin/user_list.html", {"users": users, "q": request.GET.get("q", "")})


@requires(Permission.USER_MANAGE)
@require_http_methods(["GET", "POST"])
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    user = staff_selectors.user_get(actor=actor_of(request), user_id=user_id)
    if user is None:
        raise Http404
    role_form = RoleForm(
        request.POST if request.POST.get("form") == "role" else None, initial={"role": user.role}, prefix="role"
    )
    induction_form = InductionForm(
        request.POST if request.POST.get("form") == "induction" else None,
        initial={"course_version": CURRENT_INDUCTION_COURSE},
        prefix="induction",
    )
    try:
        if role_form.is_bound and role_form.is_valid():
            access_services.role_grant(actor=actor_of(request), user=user, role=Role(role_form.cleaned_data["role"]))
            messages.success(request, "Role changed.")
            return redirect("web:admin-user", user_id=user.pk)
        if induction_form.is_bound and induction_form.is_valid():
            access_services.induction_record(actor=actor_of(request), user=user, **induction_form.cleaned_data)
            messages.success(request, "Privacy induction recorded.")
            return redirect("web:admin-user", user_id=user.pk)
    except access_services.AccessRequestError as exc:
        (role_form if role_form.is_bound else induction_form).add_error(None, str(exc))
    inductions = staff_selectors.inductions_of(actor=actor_of(request), user=user)
    return render(
        request,
        "web/admin/user_detail.html",
        {"subject": user, "role_form": role_form, "induction_form": induction_form, "inductions": inductions},
    )
