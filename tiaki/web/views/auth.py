"""Sign-in: password, then (when required) a second factor (TOTP)."""

from __future__ import annotations

import base64

import django_otp
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods, require_POST

from tiaki.access.declare import public, signed_in
from tiaki.staff import selectors as staff_selectors
from tiaki.staff import services as staff_services
from tiaki.staff.qr import qr_data_uri
from tiaki.web.forms import SecondFactorForm, SignInForm


@public
class SignInView(auth_views.LoginView):
    template_name = "web/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True


@public
@require_POST
def sign_out_action(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import logout

    logout(request)
    # SignedOutNoticeMiddleware: a chosen sign-out is not a timeout.
    request.tiaki_signed_out = True  # type: ignore[attr-defined]
    return redirect(settings.LOGOUT_REDIRECT_URL)


@signed_in
@require_POST
def keep_alive_action(request: HttpRequest) -> HttpResponse:
    """Answer "Stay signed in" (session.mjs): any signed-in request pushes the idle
    limit on (SESSION_SAVE_EVERY_REQUEST); answers the seconds left. A session
    already ended answers 401, never a redirect, so the script can say so."""
    if not request.user.is_authenticated:
        return HttpResponse("Signed out", status=401, content_type="text/plain")
    request.session.modified = True
    return HttpResponse(str(settings.SESSION_COOKIE_AGE), content_type="text/plain")


def _onward(request: HttpRequest) -> str:
    """Where a proved second factor goes: the ``next`` page if it is a local
    path (never another site), else home."""
    asked = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(asked, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return asked if asked.startswith("/") and safe else reverse("web:home")


def _with_next(name: str, request: HttpRequest) -> str:
    onward = _onward(request)
    return reverse(name) + ("" if onward == reverse("web:home") else "?" + urlencode({"next": onward}))


@signed_in
@login_required
@require_http_methods(["GET", "POST"])
def second_factor_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():  # type: ignore[union-attr]
        return redirect(_onward(request))
    if not staff_selectors.has_confirmed_device(actor=user):  # type: ignore[arg-type]
        return redirect(_with_next("web:second-factor-enrol", request))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(user, form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(_onward(request))
        form.add_error("token", "That code is not right or has expired. Enter the newest code from your app.")
    return render(request, "web/second_factor.html", {"form": form})


@signed_in
@login_required
@require_http_methods(["GET", "POST"])
def second_factor_enrol_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    if staff_selectors.has_confirmed_device(actor=user):  # type: ignore[arg-type]
        return redirect(_with_next("web:second-factor", request))
    device = staff_selectors.totp_device_pending(actor=user)  # type: ignore[arg-type]
    if device is None:
        device = staff_services.totp_device_start(actor=user)  # type: ignore[arg-type]
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", "Too many wrong codes in a row. Wait a minute, then enter the newest code.")
        elif staff_services.totp_device_confirm(actor=user, device=device, token=form.cleaned_data["token"]):  # type: ignore[arg-type]
            django_otp.login(request, device)
            return redirect(_onward(request))
        else:
            form.add_error("token", "That code is not right. Check the time on your phone and enter the newest code.")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "web/second_factor_enrol.html",
        {
            "form": form,
            "qr": qr_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )
