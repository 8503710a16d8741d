"""The register of subject access requests: recording, verifying identity,
assigning, extending, transferring, withdrawing and deciding, each with its
bad input refused (nothing saved, the attempt audited)."""

from __future__ import annotations

import pytest

from tiaki.audit.models import AuditEvent
from tiaki.disclosure.models import SubjectAccessRequest
from tiaki.disclosure.subject_access import clock

pytestmark = pytest.mark.django_db


def test_the_fixture_request_is_verified_and_reviewed_by_the_privacy_officer(access_request, privacy_officer):
    assert access_request.status == SubjectAccessRequest.Status.IN_REVIEW
    assert access_request.reviewer == privacy_officer
    assert access_request.reference.startswith("SAR-")
    assert access_request.due_on == clock.due_date(access_request.received_on)
    trail = AuditEvent.objects.filter(relationship=f"subject-access:{access_request.pk}")
    assert set(trail.values_list("action", flat=True)) == {"subject_access.create", "subject_access.update"}
