"""The write path of a child's care records (episodes, placements, missing
episodes): record on the case the child's open episode is on, through the
case team's write path (tiaki.casework.services.case_path), with the episode
row locked, so two workers recording a move at once are put one after the
other and the second is told what the first did."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

from tiaki.access import scoping
from tiaki.access.ids import record_id
from tiaki.access.paths import Step, writing
from tiaki.care.models import CareEpisode
from tiaki.casework.models import Case
from tiaki.casework.services.case_path import case_for_write
from tiaki.casework.services.errors import CaseworkError, StaleVersion
from tiaki.staff.models import User

NOT_IN_CARE = "This child is not in care: record their entry into care first."


class CareError(CaseworkError):
    """The care record cannot be changed as asked; ``field`` names the input
    at fault. Nothing was saved (pages show it by the field, the API as a
    problem, exactly as casework's own errors)."""


class CareStale(CareError, StaleVersion):  # noqa: N818 - reads as what happened
    """Someone else changed the record since the form was opened: nothing was
    saved (a StaleVersion, so pages answer 409 and keep what was typed)."""

    def __init__(self, message: str) -> None:
        CaseworkError.__init__(self, message, "version")
        self.current = None


@contextmanager
def open_episode_for_write(actor: User, child_id: int) -> Iterator[tuple[CareEpisode, Case, Step]]:
    """``with open_episode_for_write(actor, child_id) as (episode, case, step):``
    the child's open episode, locked, for someone who may record on its case.
    A child not in care is a CareError for a reader of the child and, for
    anyone else, the same refusal as a child who does not exist."""
    child_id = record_id(child_id)
    case_id = (
        CareEpisode.objects.filter(child_id=child_id, left_on__isnull=True).values_list("case_id", flat=True).first()
    )
    if case_id is None:
        decision = scoping.person_decision(actor, child_id)
        if decision.allowed:
            raise CareError(NOT_IN_CARE)
        with writing(actor, decision=decision, subject_type="person", subject_ids=[child_id]):
            raise AssertionError("unreachable: the refused decision raised")  # pragma: no cover
    with case_for_write(actor, case_id) as (case, step):
        episode = CareEpisode.objects.select_for_update().filter(child_id=child_id, left_on__isnull=True).first()
        if episode is None or episode.case_id != case.pk:
            raise CareStale("Someone else changed this child's care record since you opened it. Nothing was saved.")
        step.subject_type, step.subject_ids = "person", [child_id]
        yield episode, case, step


def text(value: str, field: str, label: str, *, required: bool = True, limit: int = 20_000) -> str:
    value = (value or "").strip()
    if required and not value:
        raise CareError(f"Enter {label}.", field)
    if len(value) > limit:
        raise CareError(f"Keep {label} under {limit:,} characters.", field)
    return value


def not_future(day: dt.date, field: str, label: str) -> None:
    if day > timezone.localdate():
        raise CareError(f"{label} cannot be in the future.", field)


def day_words(day: dt.date) -> str:
    """ "3 March 2026", as the pages' |day filter says it (for errors and chronology)."""
    return f"{day.day} {day:%B %Y}"
