"""The disclosure guard's rules and the agency's starting letter templates
(policy data: no personal data)."""

from django.db import migrations
from django.utils import timezone

RULES = [
    ("protected_address", True, "block", False,
     "A protected address keeps someone safe from a person who has hurt them or may hurt them. "
     "It must never reach that person or anyone linked to them."),
    ("placement_location", True, "block", False,
     "Where a child in care lives is kept from anyone the child or their caregivers are protected from."),
    ("notifier_identity", False, "block", True,
     "People who report concerns are promised their identity stays with the agency. "
     "It never leaves Tiaki: not even a second person may let it out."),
    ("other_child", True, "block", True,
     "Another child's details belong to that child. They are not shared in an artefact about someone else."),
    ("sensitive", True, "block", False,
     "Information marked SENSITIVE is kept from anyone it is protected from."),
    ("sealed", False, "block", False,
     "The record is sealed from the recipient (a staff member or their whānau is involved). "
     "Nobody can override this."),
]

TEMPLATES = [
    ("Appointment with your social worker", "whanau", "Meeting about $child_first_name",
     "Kia ora $recipient_name,\n\nI would like to meet with you about $child_first_name. "
     "Please call me on $worker_phone so we can find a time that suits you.\n\n"
     "Ngā mihi,\n$worker_name\n$site_name"),
    ("Welcome to a caregiver", "caregiver", "$child_first_name coming to stay",
     "Kia ora $recipient_name,\n\nThank you for caring for $child_first_name. "
     "I will visit soon to talk about their routines and what helps them feel settled.\n\n"
     "Ngā mihi,\n$worker_name\n$site_name"),
    ("Information for a school", "school", "About $child_name",
     "Kia ora,\n\nI am the social worker for $child_name. Please contact me on $worker_phone "
     "if you have any questions.\n\nNgā mihi,\n$worker_name\n$site_name"),
    ("Referral to a partner", "partner", "Referral for $child_name ($case_reference)",
     "Kia ora,\n\nWe would like your service to work with $child_name. "
     "The details we can share are attached.\n\nNgā mihi,\n$worker_name\n$site_name"),
]


def seed(apps, schema_editor):
    GuardRule = apps.get_model("disclosure", "GuardRule")
    LetterTemplate = apps.get_model("disclosure", "LetterTemplate")
    for code, overridable, when_unnamed, every_external, why in RULES:
        GuardRule.objects.get_or_create(
            code=code,
            defaults={"overridable": overridable, "when_unnamed": when_unnamed, "every_external": every_external, "why": why},
        )
    now = timezone.now()
    for name, audience, subject, body in TEMPLATES:
        LetterTemplate.objects.get_or_create(
            name=name, defaults={"audience": audience, "subject": subject, "body": body, "updated_at": now}
        )


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
