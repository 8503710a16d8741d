"""Sharing as pages: the worker's Sharing page for a child (what was
shared, with whom, every read of it; the form that shares chosen items,
each shown exactly as it would be shared; withdrawing one with a reason),
and the caregiver's and partner worker's "Shared with you" pages.

The form is this module's own (one form, used here alone). Views parse
input, call the service or selector, and render: the service says what is
wrong (tiaki.disclosure.services.sharing.ShareError), the guard what it
stopped (DisclosureBlocked), and a share that ended says so in words (410)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tiaki.access import Permission
from tiaki.access.declare import personal_data, requires
from tiaki.disclosure.models import Share
from tiaki.disclosure.selectors.sharing import ChildShares, recipient_account_for, shares_for_child, shares_for_me
from tiaki.disclosure.services.accounts import AccountLinkError, link_recipient_account
from tiaki.disclosure.services.pipeline import DisclosureBlocked
from tiaki.disclosure.services.sharing import MAX_DAYS, ShareEnded, ShareError, create_share, read_share, revoke_share
from tiaki.web.forms import DateInputField
from tiaki.web.requests import actor_of

#: The service's field names as the form's.
_FIELDS = {"expires_at": "expires_on", "items": "items", "recipient": "recipient", "purpose": "purpose",
           "consent": "consent", "consent_on": "consent_on", "override_reason": "override_reason"}  # fmt: skip


def _text(label: str, *, required: bool = False, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text, max_length=5_000,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class ShareForm(forms.Form):
    items = forms.MultipleChoiceField(label="What to share", widget=forms.CheckboxSelectMultiple,
                                      error_messages={"required": "Choose at least one thing to share."})  # fmt: skip
    recipient = forms.ChoiceField(label="Who to share it with", widget=forms.RadioSelect,
                                  error_messages={"required": "Choose who to share it with."})  # fmt: skip
    purpose = _text(
        "Why you are sharing it",
        required=True,
        help_text="They will see this. For example: so Rangi knows Tūī's bedtime routine.",
    )
    purpose.error_messages["required"] = "Enter why you are sharing it."
    consent = forms.ChoiceField(
        label="Consent",
        choices=Share.Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whose consent you have, or that you have none."},
    )
    consent_on = DateInputField(label="Date consent was given", required=False, past=True,
                                what="the date consent was given")  # fmt: skip
    consent_note = _text("How consent was given (optional)")
    override_reason = _text("Why you are sharing without consent",
                            help_text="Needed only when there is no consent.")  # fmt: skip
    expires_on = DateInputField(label="Last day it can be read",
                                help_text="At most 12 months from today. For example, 27 3 2027",
                                what="the last day it can be read")  # fmt: skip

    def __init__(self, *args: Any, view: ChildShares, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(c.key, c.label) for c in view.choices]  # type: ignore[attr-defined]
        self.fields["recipient"].choices = [  # type: ignore[attr-defined]
            *[
                (f"household:{pk}", f"{name} (caregivers, where {view.child_name} lives)")
                for pk, name in view.households
            ],
            *[(f"organisation:{pk}", f"{name} (partner organisation)") for pk, name in view.organisations],
        ]


def _expires_at(day: dt.date | None) -> dt.datetime | None:
    """The end of the last day it can be read: midnight after it, here."""
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def _recipient(value: str) -> tuple[int | None, int | None]:
    """The household's or the organisation's id, from the radio's value."""
    kind, _, number = value.partition(":")
    pk = int(number) if number.isdigit() else None
    return (pk if kind == "household" else None), (pk if kind == "organisation" else None)


@personal_data(Permission.SHARE_CREATE)
@require_http_methods(["GET", "POST"])
def child_sharing_page(request: HttpRequest, child_id: int) -> HttpResponse:
    """The child's shares (with their reads) and, for the child's team, the form to share."""
    actor = actor_of(request)
    view = shares_for_child(actor=actor, child_id=child_id)
    status = 200
    blocked: DisclosureBlocked | None = None
    form = ShareForm(request.POST if request.method == "POST" else None, view=view)
    if request.method == "POST" and view.may_share:
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                household_id, organisation_id = _recipient(data["recipient"])
                share = create_share(
                    actor=actor, child_id=child_id, household_id=household_id, organisation_id=organisation_id,
                    item_keys=data["items"],
                    purpose=data["purpose"], consent=data["consent"], consent_on=data["consent_on"],
                    consent_note=data["consent_note"], override_reason=data["override_reason"],
                    expires_at=_expires_at(data["expires_on"]),
                )  # fmt: skip
            except ShareError as exc:
                form.add_error(_FIELDS.get(exc.field) or None, exc.message)
            except DisclosureBlocked as exc:
                blocked = exc
                status = 409
            else:
                recipient = share.household.name if share.household else share.organisation.name  # type: ignore[union-attr]
                messages.success(request, f"Shared with {recipient}. You will see here each time they read it.")
                return redirect("web:child-sharing", child_id=child_id)
    context = {"view": view, "form": form, "blocked": blocked, "max_days": MAX_DAYS}
    return render(request, "disclosure/sharing_child.html", context, status=status)


@personal_data(Permission.SHARE_CREATE)
@require_http_methods(["POST"])
def share_revoke_action(request: HttpRequest, share_id: int) -> HttpResponse:
    """Withdraw a share (from the child's Sharing page); its next read is refused."""
    actor = actor_of(request)
    child_id = request.POST.get("child", "")
    # The service decides access before it looks at the reason: a stranger's
    # empty form is a 404 (tests/attack/test_enumeration.py), never a flashed error.
    try:
        share = revoke_share(actor=actor, share_id=share_id, reason=str(request.POST.get("reason", "")))
    except ShareError as exc:
        messages.error(request, f"{exc.message} Nothing was withdrawn.")
        return redirect("web:child-sharing", child_id=int(child_id)) if child_id.isdigit() else redirect("web:home")
    messages.success(request, "The share is withdrawn: it can no longer be read.")
    return redirect("web:child-sharing", child_id=share.child_id)


@requires(Permission.SHARE_READ)
@require_GET
def shares_mine_page(request: HttpRequest) -> HttpResponse:
    """What has been shared with the caregiver's household or the partner's organisation."""
    mine = shares_for_me(actor=actor_of(request))
    return render(request, "disclosure/sharing_mine.html", {"mine": mine})


@requires(Permission.SHARE_READ)
@require_GET
def share_read_page(request: HttpRequest, share_id: int) -> HttpResponse:
    """One share, read (and recorded as read); ended, it says until when and whom to ask."""
    try:
        share = read_share(actor=actor_of(request), share_id=share_id)
    except ShareEnded as exc:
        return render(request, "disclosure/sharing_ended.html", {"message": exc.message}, status=410)
    return render(request, "disclosure/sharing_read.html", {"share": share})


class ReadsForForm(forms.Form):
    household = forms.IntegerField(label="Caregiver household number (CG-…, the digits)", required=False, min_value=1,
                                   help_text="For a caregiver: the household whose shares they read.")  # fmt: skip
    organisation = forms.TypedChoiceField(label="Partner organisation", required=False, coerce=int, empty_value=None,
                                          help_text="For a partner worker: their organisation.")  # fmt: skip

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "None"), *organisations]  # type: ignore[attr-defined]


@requires(Permission.USER_MANAGE)
@require_http_methods(["GET", "POST"])
def reads_for_page(request: HttpRequest, user_id: int) -> HttpResponse:
    """An administrator links a caregiver or partner worker account to the household or organisation it reads for."""
    actor = actor_of(request)
    found = recipient_account_for(actor=actor, user_id=user_id)
    if found is None:
        raise Http404
    form = ReadsForForm(request.POST or None, organisations=found.organisations,
                        initial={"household": found.household.removeprefix("CG-").lstrip("0") or None,
                                 "organisation": found.organisation_id})  # fmt: skip
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                link_recipient_account(actor=actor, user_id=user_id, household_id=form.cleaned_data["household"],
                                       organisation_id=form.cleaned_data["organisation"])  # fmt: skip
            except AccountLinkError as exc:
                form.add_error("organisation" if exc.field == "organisation" else "household", exc.message)
            else:
                messages.success(request, f"{found.username} now reads what is shared with them there.")
                return redirect("web:admin-user", user_id=user_id)
    context = {
        "form": form, "title": "Which household or organisation this account reads for",
        "caption": found.username, "submit": "Save", "back": reverse("web:admin-user", args=[user_id]),
        "intro": "A caregiver reads what is shared with their household; a partner worker what is shared with "
                 "their organisation. Nothing else.",
    }  # fmt: skip
    return render(request, "care/form.html", context, status=status)
