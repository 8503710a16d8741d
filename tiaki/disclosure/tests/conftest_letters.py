"""Fixtures of the disclosure letters part: the shared whānau with the
seeded templates (migration 0002; put back when a transactional test
flushed them), and a helper to start a letter."""

from __future__ import annotations

import importlib

import pytest
from django.utils import timezone

from tiaki.disclosure.models import LetterTemplate

__all__ = ["appointment_template", "letters_whanau", "seeded_templates"]


def seeded_templates() -> list[LetterTemplate]:
    """The four templates migration 0002 seeds, made again if they are gone."""
    policy = importlib.import_module("tiaki.disclosure.migrations.0002_policy")
    return [
        LetterTemplate.objects.get_or_create(
            name=name, defaults={"audience": audience, "subject": subject, "body": body, "updated_at": timezone.now()}
        )[0]
        for name, audience, subject, body in policy.TEMPLATES
    ]


@pytest.fixture
def appointment_template(db) -> LetterTemplate:
    seeded_templates()
    return LetterTemplate.objects.get(name="Appointment with your social worker")


@pytest.fixture
def letters_whanau(whanau, appointment_template):
    whanau.template = appointment_template
    return whanau
