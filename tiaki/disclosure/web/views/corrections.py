"""Corrections as pages: recording a request to correct something Tiaki
holds about a person (from their access request), and one correction
request with the item as held now and the two ways to answer it: correct
the note as a new version, or attach their statement of correction.

Views parse input, call one service or selector, and render: the service
says what is wrong (CorrectionError, next to its field; nothing saved, the
attempt audited: "Tiaki does not hold that about …")."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tiaki.access import Permission
from tiaki.access.declare import personal_data
from tiaki.disclosure.selectors.corrections import CorrectionView, correction_choices, correction_get
from tiaki.disclosure.services import corrections as service
from tiaki.disclosure.web.forms.corrections import CorrectForm, CorrectionForm, StatementForm
from tiaki.web.requests import actor_of


def _show(form: forms.Form, exc: service.CorrectionError) -> int:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return 409 if isinstance(exc, service.StaleCorrection) else 400


@personal_data(Permission.SUBJECT_ACCESS_MANAGE)
@require_http_methods(["GET", "POST"])
def new_page(request: HttpRequest, request_id: int) -> HttpResponse:
    """Record a request to correct one thing Tiaki holds about the person an access request is from."""
    actor = actor_of(request)
    choices = correction_choices(actor=actor, request_id=request_id)
    form = CorrectionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = service.correction_request_create(
                    actor=actor, person_id=choices.person_id, item_key=data["item_key"],
                    what_is_wrong=data["what_is_wrong"], should_say=data["should_say"],
                    access_request_id=choices.request_id, received_on=data["received_on"],
                )  # fmt: skip
            except service.CorrectionError as exc:
                status = _show(form, exc)
            else:
                messages.success(request, f"Correction request {made.reference} recorded.")
                return redirect("web:correction-detail", correction_id=made.pk)
    context = {"choices": choices, "form": form}
    return render(request, "disclosure/corrections/new.html", context, status=status)


def _detail(request: HttpRequest, view: CorrectionView, correct: CorrectForm, statement: StatementForm,
            status: int = 200) -> HttpResponse:  # fmt: skip
    failed = correct if correct.errors else statement if statement.errors else None
    context = {"view": view, "cor": view.correction, "correct": correct, "statement": statement, "failed": failed}
    return render(request, "disclosure/corrections/detail.html", context, status=status)


def _blank(view: CorrectionView) -> tuple[CorrectForm, StatementForm]:
    version = {"version": view.correction.version}
    text = view.item.text if view.item is not None else ""
    return (CorrectForm(prefix="correct", initial={**version, "text": text}),
            StatementForm(prefix="statement", initial=version))  # fmt: skip


@personal_data(Permission.SUBJECT_ACCESS_MANAGE)
@require_GET
def detail_page(request: HttpRequest, correction_id: int) -> HttpResponse:
    """One correction request: what it is about as held now, and how it was or may be answered."""
    view = correction_get(actor=actor_of(request), correction_id=correction_id)
    return _detail(request, view, *_blank(view))


@personal_data(Permission.SUBJECT_ACCESS_MANAGE)
@require_POST
def correct_action(request: HttpRequest, correction_id: int) -> HttpResponse:
    """Correct the note as a new version."""
    actor = actor_of(request)
    view = correction_get(actor=actor, correction_id=correction_id)
    correct = CorrectForm(request.POST, prefix="correct")
    statement = _blank(view)[1]
    if not correct.is_valid():
        return _detail(request, view, correct, statement, 400)
    data = correct.cleaned_data
    try:
        done = service.correction_correct(actor=actor, correction_id=correction_id, text=data["text"],
                                          reason=data["reason"], version=data["version"])  # fmt: skip
    except service.CorrectionError as exc:
        status = _show(correct, exc)
        return _detail(request, correction_get(actor=actor, correction_id=correction_id), correct, statement, status)
    messages.success(request, f"{done.reference}: the note is corrected as a new version; the earlier one stays.")
    return redirect("web:correction-detail", correction_id=correction_id)


@personal_data(Permission.SUBJECT_ACCESS_MANAGE)
@require_POST
def statement_action(request: HttpRequest, correction_id: int) -> HttpResponse:
    """Attach the person's statement of correction."""
    actor = actor_of(request)
    view = correction_get(actor=actor, correction_id=correction_id)
    correct = _blank(view)[0]
    statement = StatementForm(request.POST, prefix="statement")
    if not statement.is_valid():
        return _detail(request, view, correct, statement, 400)
    data = statement.cleaned_data
    try:
        done = service.correction_attach_statement(actor=actor, correction_id=correction_id,
                                                   statement=data["statement"], version=data["version"])  # fmt: skip
    except service.CorrectionError as exc:
        status = _show(statement, exc)
        return _detail(request, correction_get(actor=actor, correction_id=correction_id), correct, statement, status)
    messages.success(request, f"{done.reference}: the statement of correction is attached. It now shows with the "
                              "information wherever it appears.")  # fmt: skip
    return redirect("web:correction-detail", correction_id=correction_id)
