"""Letters as pages: the template register (letter_template:manage) and a
case's letters: write one from a template to one of the case's people, a
caregiver household or a partner organisation, change it, and send it
through the pipeline. Blocked: the page shows the guard's findings (what to
remove and why) with the letter as typed; released: it downloads as a
watermarked PDF. Views parse input, call the selector or service, render."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tiaki.access import Permission
from tiaki.access.declare import personal_data, requires
from tiaki.casework.selectors.cases import case_get
from tiaki.disclosure.letters import FIELDS
from tiaki.disclosure.models import Letter, LetterTemplate
from tiaki.disclosure.selectors import letters as selectors
from tiaki.disclosure.services import letters as letter_services
from tiaki.disclosure.services.letters import (
    CHANNELS,
    LetterError,
    StaleLetter,
    letter_save,
    letter_send,
    letter_start,
)
from tiaki.disclosure.services.pipeline import DisclosureError
from tiaki.disclosure.services.templates import StaleTemplate, TemplateError, template_save
from tiaki.web.requests import actor_of


class TemplateForm(forms.Form):
    name = forms.CharField(label="Name", max_length=400)
    audience = forms.ChoiceField(label="Who it is for", choices=LetterTemplate.Audience.choices,
                                 widget=forms.RadioSelect)  # fmt: skip
    subject = forms.CharField(label="Subject", max_length=800)
    body = forms.CharField(label="Letter text", max_length=80_000, widget=forms.Textarea(attrs={"rows": 14}),
                           help_text="Use the fields listed here as $name: filled in for each letter.")  # fmt: skip
    active = forms.BooleanField(label="Offer this template to workers", required=False)
    expected_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class StartForm(forms.Form):
    template = forms.TypedChoiceField(label="Template", coerce=int, widget=forms.RadioSelect)
    recipient = forms.ChoiceField(label="Who the letter is to", widget=forms.RadioSelect)


class LetterForm(forms.Form):
    subject = forms.CharField(label="Subject", max_length=800)
    body = forms.CharField(label="Letter", max_length=200_000, widget=forms.Textarea(attrs={"rows": 18}))
    channel = forms.ChoiceField(label="How it leaves", choices=list(CHANNELS.items()), widget=forms.RadioSelect,
                                initial="post")  # fmt: skip
    expected_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


def _summary(form: forms.Form) -> list[tuple[str, str]]:
    return [(form[name].id_for_label if name in form.fields else "main-content", str(message))
            for name, errors in form.errors.items() for message in errors]  # fmt: skip


def _add(form: forms.Form, field: str, message: str) -> None:
    form.add_error(field if field in form.fields else None, message)


# The template register.


@requires(Permission.LETTER_TEMPLATE_MANAGE)
@require_GET
def template_list_page(request: HttpRequest) -> HttpResponse:
    """Every letter template, with a way to change each and to add one."""
    return render(request, "disclosure/letters_templates.html", {"templates": selectors.templates()})


@requires(Permission.LETTER_TEMPLATE_MANAGE)
@require_http_methods(["GET", "POST"])
def template_edit_page(request: HttpRequest, template_id: int | None = None) -> HttpResponse:
    """Add or change a template. Someone saving first: 409, their version
    shown beside the form, what this person typed kept."""
    current = None
    if template_id is not None:
        current = selectors.template(template_id)
        if current is None:
            raise Http404
    theirs: LetterTemplate | None = None
    status = 200
    if request.method == "GET":
        initial: dict[str, Any] = {"expected_version": current.version if current else 0, "active": True,
                                   "audience": LetterTemplate.Audience.WHANAU}  # fmt: skip
        if current:
            initial |= {"name": current.name, "audience": current.audience, "subject": current.subject,
                        "body": current.body, "active": current.active}  # fmt: skip
        form = TemplateForm(initial=initial)
    else:
        form = TemplateForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = template_save(
                    actor=actor_of(request), template_id=template_id, expected_version=data["expected_version"],
                    name=data["name"], audience=data["audience"], subject=data["subject"], body=data["body"],
                    active=data["active"],
                )  # fmt: skip
            except StaleTemplate as exc:
                theirs = exc.current
                data = request.POST.copy()
                data["expected_version"] = str(theirs.version)
                form = TemplateForm(data)
                form.is_valid()
                form.add_error(None, exc.message)
                status = 409
            except TemplateError as exc:
                _add(form, exc.field, exc.message)
            else:
                messages.success(request, f"The template “{saved.name}” is saved.")
                return redirect("web:letter-templates")
    context = {"form": form, "template": current, "theirs": theirs, "fields": FIELDS, "summary": _summary(form)}
    return render(request, "disclosure/letters_template_edit.html", context, status=status)


# A case's letters.


@personal_data(Permission.CASE_READ)
@require_GET
def case_letters_page(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case's letters, newest first, and a way to write one."""
    actor = actor_of(request)
    view = case_get(actor=actor, case_id=case_id)
    rows = selectors.letters_for_case(actor=actor, case_id=case_id)
    letters = [(letter, selectors.recipient_label(letter)) for letter in rows]
    return render(request, "disclosure/letters_list.html", {"case": view.case, "view": view, "letters": letters})


@personal_data(Permission.DISCLOSURE_MAKE)
@require_http_methods(["GET", "POST"])
def letter_new_page(request: HttpRequest, case_id: int) -> HttpResponse:
    """Choose a template and who the letter is to; the letter is then filled
    in with their name and address, for the worker to change."""
    actor = actor_of(request)
    view = case_get(actor=actor, case_id=case_id, to_record=True)
    choices = selectors.letter_recipients(actor=actor, case_id=case_id)
    active = selectors.templates(active_only=True)
    form = StartForm(request.POST if request.method == "POST" else None)
    cast(forms.ChoiceField, form.fields["template"]).choices = [(t.pk, t.name) for t in active]
    cast(forms.ChoiceField, form.fields["recipient"]).choices = [(c.key, f"{c.label} ({c.why})") for c in choices]
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                letter = letter_start(actor=actor, case_id=case_id, template_id=form.cleaned_data["template"],
                                      recipient_key=form.cleaned_data["recipient"])  # fmt: skip
            except LetterError as exc:
                _add(form, exc.field, exc.message)
            else:
                return redirect("web:letter-detail", letter_id=letter.pk)
    context = {"case": view.case, "form": form, "summary": _summary(form), "choices": choices}
    return render(request, "disclosure/letters_new.html", context, status=status)


def _override_url(disclosure_id: int) -> str:
    """The guard part's page where a leader decides a blocked attempt, if it is there."""
    for name in ("web:disclosure-decide", "web:guard-decide", "web:override-decide"):
        try:
            return reverse(name, args=[disclosure_id])
        except NoReverseMatch:
            continue
    return ""


@personal_data(Permission.CASE_READ)
@require_http_methods(["GET", "POST"])
def letter_page(request: HttpRequest, letter_id: int) -> HttpResponse:
    """A letter: change it, save it, send it. Blocked, the guard's findings
    are listed and the letter stays as typed; sent, it can be downloaded."""
    actor = actor_of(request)
    view = selectors.letter_get(actor=actor, letter_id=letter_id)
    letter = view.letter
    findings: list[Any] = []
    theirs: Letter | None = None
    password: str | None = None
    status = 200
    initial = {"subject": letter.subject, "body": letter.body, "expected_version": letter.version, "channel": "post"}
    if request.method == "GET":
        form = LetterForm(initial=initial)
        if letter.status == Letter.Status.BLOCKED and letter.disclosure_id:
            findings = list(letter.disclosure.findings.order_by("pk")) if letter.disclosure else []
    else:
        form = LetterForm(request.POST)
        status = 400
        if not view.may_write:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                if "send" in request.POST:
                    sent = letter_send(actor=actor, letter_id=letter_id, expected_version=data["expected_version"],
                                       subject=data["subject"], body=data["body"], channel=data["channel"])  # fmt: skip
                else:
                    letter_save(actor=actor, letter_id=letter_id, expected_version=data["expected_version"],
                                subject=data["subject"], body=data["body"])  # fmt: skip
                    messages.success(request, "The letter is saved.")
                    return redirect("web:letter-detail", letter_id=letter_id)
            except StaleLetter as exc:
                theirs = exc.current
                rebased = request.POST.copy()
                rebased["expected_version"] = str(theirs.version)
                form = LetterForm(rebased)
                form.is_valid()
                form.add_error(None, exc.message)
                status = 409
            except (LetterError, DisclosureError) as exc:
                _add(form, exc.field, exc.message)
            else:
                if sent.released is not None and not sent.released.password:
                    messages.success(request, f"The letter is sent ({sent.disclosure.document_id}). Download it below.")
                    return redirect("web:letter-detail", letter_id=letter_id)
                # An encrypted letter's password is shown in this answer only
                # (never stored, not even in the session), so no redirect.
                password = sent.released.password if sent.released is not None else None
                findings = sent.findings
                view = selectors.letter_get(actor=actor, letter_id=letter_id)
                letter = view.letter
                form = LetterForm(initial={**initial, "subject": letter.subject, "body": letter.body,
                                           "expected_version": letter.version, "channel": data["channel"]})  # fmt: skip
                status = 200
    context = {
        "view": view, "letter": letter, "form": form, "summary": _summary(form), "findings": findings,
        "theirs": theirs, "password": password,
        "override_url": _override_url(letter.disclosure_id) if letter.disclosure_id and findings else "",
        "file": _file(letter),
    }  # fmt: skip
    return render(request, "disclosure/letters_detail.html", context, status=status)


def _file(letter: Letter) -> bool:
    """Whether the sent letter's PDF is still there to download."""
    if letter.status != Letter.Status.SENT or letter.disclosure is None:
        return False
    file = getattr(letter.disclosure, "file", None)
    return file is not None and file.downloaded_at is None


@personal_data(Permission.DISCLOSURE_MAKE)
@require_POST
def letter_pdf_download(request: HttpRequest, letter_id: int) -> HttpResponse:
    """The sent letter's watermarked PDF, for its sender, once."""
    name, data = letter_services.letter_pdf(actor=actor_of(request), letter_id=letter_id, now=timezone.now())
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
