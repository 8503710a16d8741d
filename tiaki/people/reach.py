"""The people domain's part of need-to-know (tiaki.access.reach): the person
register is the subject every person decision is made on (its ``sealed``
flag and ``merged_into`` link are read by the sealed rule and the
merged-record rule), and whoever added a person reads them for a day
(``created:<id>``). Registered from PeopleConfig.ready()."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from tiaki.access import reach, scoping
from tiaki.people.models import Person
from tiaki.staff.models import User

# How long the person who added a record may read it without another relationship.
CREATOR_WINDOW = dt.timedelta(hours=24)


def _params(actor: User, now: dt.datetime) -> dict[str, Any]:
    return {"created_since": connection.ops.adapt_datetimefield_value(now - CREATOR_WINDOW)}


def _created_sql() -> str:
    # On ``q`` itself: the person decided on is the row that was created.
    return "(CASE WHEN q.created_by_id = %(actor)s AND q.created_at > %(created_since)s THEN q.id END)"


def _created_bulk(r: reach.Bulk) -> QuerySet[Any]:
    return Person.objects.filter(created_by=r.actor, created_at__gt=r.now - CREATOR_WINDOW).values_list("pk", flat=True)


SUBJECT = reach.PersonSubject(model=Person)

CREATED = reach.PersonRelationship(name="created", rank=70, sql=_created_sql, bulk=_created_bulk)


def register() -> None:
    reach.register_subject(SUBJECT)
    reach.register(CREATED, params=_params)


def visible_persons(
    actor: User,
    *,
    now: dt.datetime | None = None,
    include_break_glass: bool = True,
    include_duty: bool = True,
) -> QuerySet[Person]:
    """scoping.visible_person_ids as a queryset, for lists."""
    ids = scoping.visible_person_ids(
        actor, now=now or timezone.now(), include_break_glass=include_break_glass, include_duty=include_duty
    )
    return Person.objects.filter(pk__in=sorted(ids))
