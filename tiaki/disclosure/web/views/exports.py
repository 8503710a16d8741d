"""Exporting a case's chronology, summary, plan or About me as a PDF: for
the staff member themselves (download or print), or for a named recipient
(one of the case's people, a caregiver household or a partner
organisation) by email or removable media, encrypted with a password shown
once. Built only through the domains' selectors (tiaki.disclosure.exports)
and sent only through the pipeline, which guards, watermarks and records it."""

from __future__ import annotations

from typing import cast

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tiaki.access import Permission
from tiaki.access.declare import personal_data
from tiaki.casework.selectors.cases import case_get
from tiaki.disclosure import exports
from tiaki.disclosure.artefacts import Recipient
from tiaki.disclosure.selectors.letters import letter_recipients
from tiaki.disclosure.services.letters import export_file
from tiaki.disclosure.services.pipeline import DisclosureBlocked, DisclosureError, release
from tiaki.staff.models import User
from tiaki.web.requests import actor_of

#: Who it is for and how it leaves.
WAYS = {
    "download": "Me: download it",
    "print": "Me: print it",
    "email": "A named recipient, by email (encrypted)",
    "removable_media": "A named recipient, on removable media (encrypted)",
}
FOR_ME = frozenset({"download", "print"})


class ExportForm(forms.Form):
    channel = forms.ChoiceField(label="Who it is for and how it leaves", choices=list(WAYS.items()),
                                widget=forms.RadioSelect, initial="download")  # fmt: skip
    recipient = forms.ChoiceField(label="The named recipient", required=False,
                                  help_text="Only for email or removable media.")  # fmt: skip
    purpose = forms.CharField(label="Why it is needed", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Recorded with the disclosure.")  # fmt: skip


def staff_recipient(actor: User) -> Recipient:
    return Recipient(kind="staff", label=actor.get_full_name() or actor.username, user_id=actor.pk)


def chosen_recipient(actor: User, case_id: int, key: str) -> Recipient | None:
    """A named recipient among the case's people, households and partners."""
    choice = next((c for c in letter_recipients(actor=actor, case_id=case_id) if c.key == key), None)
    if choice is None:
        return None
    return Recipient(kind=choice.kind, label=choice.label, person_id=choice.person_id,
                     household_id=choice.household_id, organisation_id=choice.organisation_id,
                     address_lines=choice.address_lines)  # fmt: skip


@personal_data(Permission.DISCLOSURE_MAKE)
@require_http_methods(["GET", "POST"])
def export_page(request: HttpRequest, case_id: int, kind: str) -> HttpResponse:
    """Export as PDF: choose who it is for and why; then the document id,
    the password (encrypted exports, shown once) and the file."""
    if kind not in exports.KINDS:
        raise Http404
    actor = actor_of(request)
    view = case_get(actor=actor, case_id=case_id)
    form = ExportForm(request.POST if request.method == "POST" else None)
    cast(forms.ChoiceField, form.fields["recipient"]).choices = [("", "Choose a recipient")] + [
        (c.key, f"{c.label} ({c.why})") for c in letter_recipients(actor=actor, case_id=case_id)
    ]
    context: dict[str, object] = {"case": view.case, "kind": kind, "kind_label": exports.KINDS[kind], "form": form}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            recipient: Recipient | None
            if data["channel"] in FOR_ME:
                recipient = staff_recipient(actor)
            else:
                recipient = chosen_recipient(actor, case_id, data["recipient"]) if data["recipient"] else None
            if recipient is None:
                form.add_error("recipient", "Choose who it is for.")
            else:
                try:
                    artefact = exports.build(actor, kind, case_id)
                    released = release(actor=actor, artefact=artefact, recipient=recipient,
                                       purpose=data["purpose"], channel=data["channel"])  # fmt: skip
                except ValueError as exc:  # DisclosureError too
                    field = exc.field if isinstance(exc, DisclosureError) else ""
                    form.add_error(field if field in form.fields else None, str(exc))
                except DisclosureBlocked as exc:
                    context["findings"] = exc.findings
                    context["blocked"] = exc.disclosure
                    status = 200
                else:
                    context |= {"released": released.disclosure, "password": released.password}
                    return render(request, "disclosure/exports_done.html", context)
    context["summary"] = [
        (form[name].id_for_label if name in form.fields else "main-content", str(message))
        for name, errors in form.errors.items()
        for message in errors
    ]
    return render(request, "disclosure/exports_form.html", context, status=status)


@personal_data(Permission.DISCLOSURE_MAKE)
@require_POST
def export_pdf(request: HttpRequest, disclosure_id: int) -> HttpResponse:
    """The export's PDF, for the person who made it, once."""
    name, data = export_file(actor=actor_of(request), disclosure_id=disclosure_id, now=timezone.now())
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
