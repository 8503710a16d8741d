"""Letter templates: policy data (no personal data), changed by privacy
officers and site managers (letter_template:manage). A template whose
subject or body names a field letters cannot fill is refused with the
field's name, and the refused attempt is audited; two people saving the
same template at once cannot overwrite each other (``version``)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tiaki.access import Permission, scoping
from tiaki.access.enforcement import refusal_record
from tiaki.access.paths import service, writing
from tiaki.access.scoping import Decision
from tiaki.audit.actions import AuditAction
from tiaki.disclosure import reasons
from tiaki.disclosure.letters import FIELDS, unknown_fields
from tiaki.disclosure.models import LetterTemplate
from tiaki.staff.models import User

MAX_BODY = 20_000


class TemplateError(ValueError):
    """The template cannot be saved as asked; nothing was saved. ``field``
    names the input at fault (name, audience, subject, body, version)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class StaleTemplate(TemplateError):  # noqa: N818 - reads as what happened
    """Someone else saved the template first; ``current`` is theirs."""

    def __init__(self, message: str, current: LetterTemplate) -> None:
        super().__init__(message, "version")
        self.current = current


def fields_sentence() -> str:
    return ", ".join(f"${name}" for name in FIELDS)


def unknown_field_message(name: str) -> str:
    return f"${name} is not a field letters can use. Fields: {fields_sentence()}."


def _cleaned(name: str, audience: str, subject: str, body: str) -> tuple[str, str, str, str]:
    name, subject, body = (name or "").strip(), (subject or "").strip(), (body or "").strip()
    if not name:
        raise TemplateError("Enter the template's name.", "name")
    if len(name) > 120:
        raise TemplateError("Keep the name under 120 characters.", "name")
    if audience not in LetterTemplate.Audience.values:
        raise TemplateError("Choose who the letter is for.", "audience")
    if not subject:
        raise TemplateError("Enter the letter's subject.", "subject")
    if len(subject) > 200:
        raise TemplateError("Keep the subject under 200 characters.", "subject")
    if not body:
        raise TemplateError("Enter the letter's text.", "body")
    if len(body) > MAX_BODY:
        raise TemplateError(f"Keep the text under {MAX_BODY:,} characters.", "body")
    return name, audience, subject, body


@service(AuditAction.LETTER_TEMPLATE_UPDATE, permission=Permission.LETTER_TEMPLATE_MANAGE)
def template_save(
    *,
    actor: User,
    template_id: int | None,
    expected_version: int,
    name: str,
    audience: str,
    subject: str,
    body: str,
    active: bool = True,
) -> LetterTemplate:
    """Save a template (``template_id`` None: a new one, expected_version 0).
    A ``$field`` that letters cannot fill: TemplateError naming it, the
    refusal audited (reasons.TEMPLATE_FIELD_UNKNOWN), nothing saved."""
    decision = scoping.gate(actor, Permission.LETTER_TEMPLATE_MANAGE) or Decision(True, "letter-template-manager")
    ids = [template_id] if template_id else []
    if decision.allowed:
        name, audience, subject, body = _cleaned(name, audience, subject, body)
        for field, text in (("subject", subject), ("body", body)):
            if bad := unknown_fields(text):
                refusal_record(actor, reasons.TEMPLATE_FIELD_UNKNOWN, action=AuditAction.LETTER_TEMPLATE_UPDATE,
                               subject_type="letter_template", subject_ids=ids,
                               relationship=f"letter-template:{template_id or 'new'}:{field}")  # fmt: skip
                raise TemplateError(unknown_field_message(bad[0]), field)
    with writing(actor, decision=decision, subject_type="letter_template", subject_ids=ids) as step:
        now = timezone.now()
        if template_id is None:
            if LetterTemplate.objects.filter(name=name).exists():
                raise TemplateError("There is already a template with this name: choose another.", "name")
            template = LetterTemplate.objects.create(name=name, audience=audience, subject=subject, body=body,
                                                     active=active, updated_at=now, updated_by=actor)  # fmt: skip
        else:
            template = LetterTemplate.objects.select_for_update().get(pk=template_id)
            if template.version != expected_version:
                who = template.updated_by.get_full_name() if template.updated_by else "Someone"
                raise StaleTemplate(
                    f"{who or 'Someone'} saved this template since you opened it. Nothing was saved: your text "
                    "is below; compare it with theirs and save again.",
                    template,
                )
            if LetterTemplate.objects.filter(name=name).exclude(pk=template_id).exists():
                raise TemplateError("There is already a template with this name: choose another.", "name")
            template.name, template.audience, template.subject, template.body = name, audience, subject, body
            template.active, template.updated_at, template.updated_by = active, now, actor
            template.version += 1
            with transaction.atomic():
                template.save()
        step.subject_ids = [template.pk]
        step.relationship = f"letter-template:{template.pk}:v{template.version}"
    return template
