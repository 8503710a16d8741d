"""Writing the chronology: called by every service that records an event
about a child, inside that service's transaction, so an event and its
chronology entries commit (or roll back) together.

Titles and summaries are plain words without SENSITIVE values: the notifier
of a report, a protected address or a note marked sensitive stay in their
source record, and ``sensitive`` entries are masked for readers without the
field permission (tiaki.chronology.selectors).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from tiaki.chronology.models import ChronologyEntry

Kind = ChronologyEntry.Kind

#: Longest summary kept on an entry; the source record holds the whole text.
SUMMARY_LENGTH = 300


def summarise(text: str, length: int = SUMMARY_LENGTH) -> str:
    """The first ``length`` characters of ``text`` on one line, cut at a word."""
    flat = " ".join(text.split())
    if len(flat) <= length:
        return flat
    cut = flat[: length - 1].rsplit(" ", 1)[0]
    return cut + "…"


def chronology_add(
    *,
    person_ids: Iterable[int],
    kind: str,
    occurred_at: dt.datetime,
    title: str,
    source_id: int,
    summary: str = "",
    significant: bool = False,
    sensitive: bool = False,
    case_id: int | None = None,
    report_id: int | None = None,
) -> list[ChronologyEntry]:
    """One entry per child for one event. The caller has checked permission
    and records the audit event; this only writes the projection."""
    now = timezone.now()
    entries = [
        ChronologyEntry(
            person_id=person_id,
            occurred_at=occurred_at,
            kind=Kind(kind),
            significant=significant,
            sensitive=sensitive,
            title=summarise(title, 200),
            summary=summarise(summary),
            case_id=case_id,
            report_id=report_id,
            source_id=source_id,
            recorded_at=now,
        )
        for person_id in sorted(set(person_ids))
    ]
    return ChronologyEntry.objects.bulk_create(entries)


def chronology_retitle(
    *,
    kind: str,
    source_id: int,
    title: str,
    summary: str,
    sensitive: bool | None = None,
    significant: bool | None = None,
) -> int:
    """A corrected source (a new note version) re-titles its entries; the
    source keeps every version, so nothing is lost."""
    changes: dict[str, object] = {"title": summarise(title, 200), "summary": summarise(summary)}
    if sensitive is not None:
        changes["sensitive"] = sensitive
    if significant is not None:
        changes["significant"] = significant
    return ChronologyEntry.objects.filter(kind=Kind(kind), source_id=source_id).update(**changes)
