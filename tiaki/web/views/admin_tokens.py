"""An account's API tokens, for administrators: seen by their non-secret
prefix, revoked one at a time or all at once (tiaki.api.services). No case data."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tiaki.access import Permission
from tiaki.access.declare import requires
from tiaki.api import selectors as api_selectors
from tiaki.api import services as api_services
from tiaki.staff import selectors as staff_selectors
from tiaki.web.requests import actor_of


class TokenRevokeForm(forms.Form):
    # Kept with its one page: the form is a button per token, not a domain form.
    token_key = forms.CharField(required=False, max_length=40)
    all = forms.BooleanField(required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("all") and not data.get("token_key"):
            raise forms.ValidationError("Choose a token to revoke.")
        return data


@requires(Permission.USER_MANAGE)
@require_http_methods(["GET", "POST"])
def user_tokens(request: HttpRequest, user_id: int) -> HttpResponse:
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
    return render(request, "web/admin/user_tokens.html", {"subject": subject, "tokens": tokens, "form": form})
