"""Letter templates: privacy officers and site managers change them; a
template naming a field letters cannot fill is refused with the field's
name and the attempt audited; two people saving at once are told apart."""

from __future__ import annotations

import pytest

from tiaki.access import AccessDenied
from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditEvent
from tiaki.disclosure import reasons
from tiaki.disclosure.models import LetterTemplate
from tiaki.disclosure.services.templates import StaleTemplate, TemplateError, template_save

pytestmark = pytest.mark.django_db


def change(actor, template, **values):
    fields = {"name": template.name, "audience": template.audience, "subject": template.subject,
              "body": template.body, "active": template.active} | values  # fmt: skip
    return template_save(actor=actor, template_id=template.pk, expected_version=template.version, **fields)


def test_a_privacy_officer_changes_a_template_audited(privacy_officer, appointment_template):
    saved = change(privacy_officer, appointment_template, body="Kia ora $recipient_name, about $child_first_name.")
    assert (saved.version, saved.updated_by) == (2, privacy_officer)
    event = AuditEvent.objects.get(action=AuditAction.LETTER_TEMPLATE_UPDATE)
    assert event.outcome == "allowed"
    assert event.subject_type == "letter_template"


def test_a_field_that_does_not_exist_is_refused_naming_it_and_audited(site_manager, appointment_template):
    with pytest.raises(TemplateError) as raised:
        change(site_manager, appointment_template, body="Kia ora $recipient_name, about $chlid_name.")
    assert raised.value.field == "body"
    assert raised.value.message.startswith("$chlid_name is not a field letters can use. Fields: $recipient_name, ")
    assert LetterTemplate.objects.get(pk=appointment_template.pk).version == 1
    refused = AuditEvent.objects.get(action=AuditAction.LETTER_TEMPLATE_UPDATE)
    assert (refused.outcome, refused.reason) == ("refused", reasons.TEMPLATE_FIELD_UNKNOWN)


def test_a_new_template_and_a_stale_save(privacy_officer, site_manager, appointment_template):
    made = template_save(actor=privacy_officer, template_id=None, expected_version=0, name="Court date",
                         audience="whanau", subject="Court on $today", body="Kia ora $recipient_name.")  # fmt: skip
    assert made.version == 1
    change(site_manager, appointment_template, subject="Meeting soon")
    with pytest.raises(StaleTemplate) as raised:
        change(privacy_officer, appointment_template, subject="Hui")
    assert raised.value.current.subject == "Meeting soon"


def test_a_social_worker_may_not_change_templates(alice, appointment_template):
    with pytest.raises(AccessDenied):
        change(alice, appointment_template, subject="Hui")
