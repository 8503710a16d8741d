"""The About me tests' cast and records (imported by name by
the care tests' conftest; the access tests' alice/bob/charlie):

- alice: the social worker allocated to the child's open case, the child in care on it;
- bob: a colleague at the same site with no relationship to the child;
- charlie: an outsider, a social worker at another site;
- supervisor: alice's supervisor (on the case team through her);
- trainee: a trainee allocated to another open case of the child's: reads, never writes.

The child's episode in care is written straight to the table: entering care
is another engineer's service (tiaki.care.services.episodes)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.audit.models import AuditChainHead, AuditEvent
from tiaki.care.models import CareEpisode
from tiaki.care.services.about import about_me_save
from tiaki.casework.models import Case, CaseParticipant
from tiaki.staff.models import User
from tiaki.staff.tests.factories import UserFactory

#: "Now" for these tests: a Wednesday morning in Whangārei.
NOW = dt.datetime(2026, 11, 18, 22, 30, tzinfo=dt.UTC)

SLEEP = {"topic": "sleep", "text": "Lights off at 8; a story first.", "own_words": False, "shareable": True}
LIKES = {"topic": "likes", "text": "I love kapa haka and my cousin's dog.", "own_words": True, "shareable": True}
MARAE = {"topic": "iwi", "text": "Ngāpuhi; her marae is at Kaikohe.", "own_words": False, "shareable": False}


def head() -> int:
    """The audit chain's last position: events after it are this test's."""
    return AuditChainHead.objects.get(pk=1).last_seq


def events_since(seq: int, user: User | None = None, **filters: object) -> list[AuditEvent]:
    if user is not None:
        filters["actor_id"] = user.pk
    return list(AuditEvent.objects.filter(seq__gt=seq, **filters).order_by("seq"))


def save(actor: User, child, expected_version: int = 0, items=None, reason: str | None = None, **kw):
    return about_me_save(
        actor=actor, child_id=child.pk, expected_version=expected_version,
        items=[SLEEP, LIKES] if items is None else items,
        reason=("" if expected_version == 0 else "After talking with her at kura") if reason is None else reason,
        **kw,
    )  # fmt: skip


@pytest.fixture
def in_care(alice, case, child) -> CareEpisode:
    """The child in care on alice's case since a month ago."""
    return CareEpisode.objects.create(
        child=child, case=case, entered_on=timezone.localdate(NOW) - dt.timedelta(days=30),
        legal_basis=CareEpisode.LegalBasis.S101, reasons_text="Neglect at home.",
        living_with=CareEpisode.LivingWith.ONE_PARENT, recorded_by=alice, recorded_at=NOW - dt.timedelta(days=30),
    )  # fmt: skip


@pytest.fixture
def trainee(site, child, in_care) -> User:
    """A trainee allocated to another open case the child is on: may read her records."""
    user = inducted(UserFactory(username="trainee", role=Role.TRAINEE, site=site))
    theirs = Case.objects.create(kind=Case.Kind.ASSESSMENT, site=site, allocated_worker=user, opened_at=NOW)
    CaseParticipant.objects.create(case=theirs, person=child)
    return user
