"""What is recorded on a case, as pages: court orders (an s78 order with its
engagement attempts), documents and emails; plans and Family Group
Conferences are in tiaki.casework.web.views.plans. Views parse input, call the
casework service or selector, and render; a refused save shows the user their
own input again (tiaki.casework.services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from tiaki.access import Permission
from tiaki.access.declare import personal_data, requires
from tiaki.casework import services as casework
from tiaki.casework.models import CourtOrder
from tiaki.casework.selectors import (
    CaseView,
    case_get,
    court_order_get,
    document_open,
    email_get,
)
from tiaki.casework.services import CaseworkError
from tiaki.casework.uploads import ACCEPTED_EXTENSIONS, UploadRejected, check_size
from tiaki.casework.web.forms.records import (
    AttemptRow,
    DocumentForm,
    EmailForm,
    OrderForm,
    attempt_rows_from_post,
    blank_attempt_rows,
    mark_row_date_errors,
    typed_initial,
)
from tiaki.casework.web.service_errors import row_error, show_error
from tiaki.drafts.web import restore as drafts
from tiaki.web.requests import actor_of

#: The email page shows which attachments were not kept, once (email_add_page -> email_page).
_SKIPPED_SESSION_KEY = "case_records_email_skipped"


# --- Shared -----------------------------------------------------------------------


def _child_choices(view: CaseView) -> list[tuple[int, str]]:
    return [(child.person_id, child.name) for child in view.children]


def _case_url(case_id: int, section: str) -> str:
    return reverse("web:case-detail", args=[case_id]) + f"#{section}"


# --- Court orders -------------------------------------------------------------------


def _order_rows(request: HttpRequest) -> list[AttemptRow]:
    return attempt_rows_from_post(request.POST, add=1 if "add_attempt" in request.POST else 0)


@requires(Permission.CASE_UPDATE)
@require_http_methods(["GET", "POST"])
def order_add_page(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record a court order. An s78 (without notice) order needs the attempts
    to engage the whānau and why no safety plan was workable: the service
    refuses it otherwise, and the page shows that with everything kept."""
    view = case_get(actor=actor_of(request), case_id=case_id, notes_limit=0, to_record=True)
    children = _child_choices(view)
    status = 200
    draft = drafts.hook(actor_of(request), "casework.order", case_id, restore=request.method == "GET")
    if request.method == "GET":
        form = OrderForm(children=children)
        rows = blank_attempt_rows()
        if (kept := drafts.posted(draft.restored)) is not None:
            drafts.restore(form, draft.restored)
            rows = attempt_rows_from_post(kept) or rows
    elif "add_attempt" in request.POST:
        form = OrderForm(initial=typed_initial(OrderForm(request.POST, children=children)), children=children)
        rows = _order_rows(request)
    else:
        form = OrderForm(request.POST, children=children)
        rows = _order_rows(request)
        status = 400
        s78 = request.POST.get("kind") == CourtOrder.Kind.S78
        if form.is_valid() and not (s78 and mark_row_date_errors(rows)):
            data = form.cleaned_data
            without_notice = data["kind"] == CourtOrder.Kind.S78
            try:
                order = casework.court_order_record(
                    actor=actor_of(request), case_id=case_id, child_id=data["child"], kind=data["kind"],
                    court=data["court"], made_on=data["made_on"], expires_on=data["expires_on"],
                    conditions=data["conditions"],
                    # The s78 fields are hidden for other kinds: what is left in them is not part of the order.
                    no_safety_plan_reason=data["no_safety_plan_reason"] if without_notice else "",
                    engagement_attempts=[row.as_service_row() for row in rows] if without_notice else (),
                )  # fmt: skip
            except CaseworkError as exc:
                if not row_error(rows, exc, "attempts"):
                    show_error(form, exc)
            else:
                messages.success(request, f"{order.get_kind_display()} recorded.")
                return redirect("web:order-detail", order_id=order.pk)
    context = {
        "view": view,
        "case": view.case,
        "form": form,
        "rows": rows,
        "row_errors": [row for row in rows if row.error],
        "draft_hook": draft,
        "kinds": _kind_rows(form),
    }
    return render(request, "casework/records/order_add.html", context, status=status)


def _kind_rows(form: OrderForm) -> list[dict[str, Any]]:
    chosen = form["kind"].value()
    return [{"value": v, "label": label, "checked": v == chosen, "s78": v == CourtOrder.Kind.S78}
            for v, label in CourtOrder.Kind.choices]  # fmt: skip


@personal_data(Permission.CASE_READ)
@require_GET
def order_page(request: HttpRequest, order_id: int) -> HttpResponse:
    found = court_order_get(actor=actor_of(request), order_id=order_id)
    context = {"order": found.order, "case": found.case, "child_name": found.child_name, "attempts": found.attempts}
    return render(request, "casework/records/order_detail.html", context)


# --- Documents and emails -------------------------------------------------------


def _upload_context(view: CaseView, form: forms.Form) -> dict[str, Any]:
    return {
        "view": view,
        "case": view.case,
        "form": form,
        "accepted": ", ".join(ACCEPTED_EXTENSIONS),
        "max_mb": settings.TIAKI_UPLOAD_MAX_MB,
    }


def _upload_bytes(form: forms.Form) -> tuple[str, bytes] | None:
    """The uploaded file's name and bytes, if within the size limit; checked
    before reading, so an oversized file is never read into memory."""
    upload = form.cleaned_data["file"]
    try:
        check_size(upload.size or 0)
    except UploadRejected as exc:
        form.add_error("file", str(exc))
        return None
    return upload.name or "", upload.read()


@requires(Permission.CASE_UPDATE)
@require_http_methods(["GET", "POST"])
def document_upload_page(request: HttpRequest, case_id: int) -> HttpResponse:
    view = case_get(actor=actor_of(request), case_id=case_id, notes_limit=0, to_record=True)
    form = DocumentForm(request.POST or None, request.FILES or None, children=_child_choices(view))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and (upload := _upload_bytes(form)) is not None:
            name, data = upload
            try:
                casework.document_upload(
                    actor=actor_of(request), case_id=case_id, name=name, data=data,
                    title=form.cleaned_data["title"], classification=form.cleaned_data["classification"],
                    person_id=form.cleaned_data["person"],
                )  # fmt: skip
            except CaseworkError as exc:
                show_error(form, exc)
            else:
                messages.success(request, "The document is added to the case.")
                return redirect(_case_url(case_id, "documents"))
    return render(request, "casework/records/document_upload.html", _upload_context(view, form), status=status)


@personal_data(Permission.CASE_READ)
@require_GET
def document_download_page(request: HttpRequest, document_id: int) -> HttpResponseBase:
    document = document_open(actor=actor_of(request), document_id=document_id)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires(Permission.CASE_UPDATE)
@require_http_methods(["GET", "POST"])
def email_add_page(request: HttpRequest, case_id: int) -> HttpResponse:
    view = case_get(actor=actor_of(request), case_id=case_id, notes_limit=0, to_record=True)
    form = EmailForm(request.POST or None, request.FILES or None, children=_child_choices(view))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and (upload := _upload_bytes(form)) is not None:
            name, data = upload
            try:
                result = casework.email_import(
                    actor=actor_of(request), case_id=case_id, name=name, data=data,
                    classification=form.cleaned_data["classification"], person_id=form.cleaned_data["person"],
                )  # fmt: skip
            except CaseworkError as exc:
                show_error(form, exc)
            else:
                kept = len(result.documents)
                done = "The email is added to the case"
                if kept or result.skipped:
                    done += f", with {kept} of {kept + len(result.skipped)} attachment(s) kept as documents"
                messages.success(request, done + ".")
                # Attachment names can be personal: kept in the server-side session, not the message cookie.
                request.session[_SKIPPED_SESSION_KEY] = {"email": result.email.pk, "skipped": result.skipped}
                return redirect("web:email-detail", email_id=result.email.pk)
    return render(request, "casework/records/email_add.html", _upload_context(view, form), status=status)


@personal_data(Permission.CASE_READ)
@require_GET
def email_page(request: HttpRequest, email_id: int) -> HttpResponse:
    found = email_get(actor=actor_of(request), email_id=email_id)
    skipped: list[Any] = []
    just_added = request.session.get(_SKIPPED_SESSION_KEY)
    if isinstance(just_added, dict) and just_added.get("email") == email_id:
        skipped = list(just_added.get("skipped") or [])
        del request.session[_SKIPPED_SESSION_KEY]
    context = {"message": found.message, "case": found.case, "documents": found.documents, "skipped": skipped}
    return render(request, "casework/records/email_detail.html", context)
