"""The load test's two reads of the register (tiaki.intake.loadtest): which
persons its referrals name, and how many of the reports it was told about
were kept. Ids and a count only, for an operator's command: no actor, and
nobody's record leaves here."""

from __future__ import annotations

from tiaki.intake.models import ReportOfConcern
from tiaki.people.models import Person

#: References looked up per query when counting.
BATCH = 1000


def referral_person_ids(*, limit: int) -> list[int]:
    """The first ``limit`` persons on the register (merged records left out), by id."""
    return list(Person.objects.filter(merged_into__isnull=True).order_by("pk").values_list("pk", flat=True)[:limit])


def reports_persisted(references: list[str]) -> int:
    """How many of ``references`` name a report in the database."""
    found = 0
    for start in range(0, len(references), BATCH):
        found += ReportOfConcern.objects.filter(reference__in=references[start : start + BATCH]).count()
    return found
