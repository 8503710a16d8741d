"""Benchmark operations for the chronology and case notes (issue 6 figures:
a child's chronology first page p95 <= 100 ms and at most 3x its raw SQL;
a whānau chronology p95 <= 250 ms; adding a note p95 <= 100 ms; on 20
million chronology entries on PostgreSQL).

The children come from the seed's showcase histories
(tiaki.demo.generator.casework.showcase_children): ten children with about
2,000 entries each, and the five children of one whānau. The bench actor
reads them as their allocated worker: they join the bench actor's open case
(tiaki.bench.operations._allocate), so need-to-know is checked for real.

``chronology_first_page_raw`` is ONE hand-written statement returning the
same 50 rows as the selector's first page, with the same masking of
SENSITIVE entries as a CASE expression, so the ratio shows what
need-to-know, the audit event and building the page cost on top of the
index range scan.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tiaki.access import scoping
from tiaki.bench.operations import BenchContext, Operation, _allocate
from tiaki.casework.models import Case, CaseNote
from tiaki.casework.services import note_add
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.selectors import PAGE_SIZE, chronology_page, whanau_chronology_page
from tiaki.demo.generator.casework import showcase_children

#: What the selector shows in place of a SENSITIVE entry's summary
#: (tiaki.chronology.selectors._entry); the bench test checks they agree.
MASKED_SUMMARY = "Restricted information. Ask the allocated worker or their supervisor."


def _masked_title_sql() -> str:
    whens = " ".join(
        f"WHEN '{kind.value}' THEN '{str(kind.label).replace(chr(39), chr(39) * 2)}: restricted'"
        for kind in ChronologyEntry.Kind
    )
    return f"CASE kind {whens} END"


# Parameters: mask?, mask?, then the person id(s). Columns and order as the
# selector's _FIELDS; the rows as its first page.
_PAGE_SQL = (
    "SELECT id, person_id, occurred_at, kind, significant, sensitive, "
    f"CASE WHEN sensitive AND %s THEN {_masked_title_sql()} ELSE title END, "
    "CASE WHEN sensitive AND %s THEN %s ELSE summary END, "
    "case_id, report_id, source_id "
    "FROM casework_chronologyentry WHERE person_id {where} "
    "ORDER BY occurred_at DESC, id DESC LIMIT %s"
)


def chronology_raw(person_ids: list[int], *, mask: bool, limit: int = PAGE_SIZE) -> list[tuple[object, ...]]:
    """The first page of one child's (or several children's) chronology in one statement."""
    where = "= %s" if len(person_ids) == 1 else f"IN ({', '.join(['%s'] * len(person_ids))})"
    with connection.cursor() as cursor:
        cursor.execute(_PAGE_SQL.format(where=where), [mask, mask, MASKED_SUMMARY, *person_ids, limit])
        return cursor.fetchall()


def casework_operations(ctx: BenchContext) -> list[Operation]:
    long_histories, whanau = showcase_children()
    if not long_histories:
        return []  # seeded without casework (tiaki seed --no-casework)
    _allocate(ctx.actor, [*long_histories, *whanau])
    case_id = (
        Case.objects.filter(allocated_worker=ctx.actor, status=Case.Status.OPEN)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    assert case_id is not None  # _allocate() has just made or found it
    mask = not scoping.person_decision(ctx.actor, long_histories[0]).may_see_sensitive
    family = whanau or long_histories[:1]

    def child(i: int) -> int:
        return long_histories[i % len(long_histories)]

    def first_page(i: int) -> object:
        page = chronology_page(actor=ctx.actor, person_id=child(i))
        assert page.entries
        return page

    def first_page_raw(i: int) -> object:
        return chronology_raw([child(i)], mask=mask)

    def page_full(i: int) -> object:
        response = ctx.client.get(reverse("web:chronology", args=[child(i)]))
        assert response.status_code == 200, response.status_code
        return response

    def whanau_page(i: int) -> object:
        return whanau_chronology_page(actor=ctx.actor, person_id=family[i % len(family)])

    def whanau_raw(i: int) -> object:
        return chronology_raw(family, mask=mask)

    def add_note(i: int) -> object:
        return note_add(
            actor=ctx.actor, case_id=case_id, kind=CaseNote.Kind.PHONE,
            occurred_at=timezone.now() - dt.timedelta(minutes=30), title="Call with the caregiver",
            text="Rang the caregiver to check how the week went; the tamariki are settled. Next visit booked.",
            about_ids=[child(i)],
        )  # fmt: skip

    return [
        Operation(
            "chronology_first_page",
            f"chronology_page selector: first {PAGE_SIZE} entries of a ~2,000-entry chronology, as allocated worker",
            first_page,
            first_page_raw,
        ),
        Operation(
            "chronology_page_full",
            "GET /people/<id>/chronology/: the same child's chronology page, full middleware",
            page_full,
            first_page_raw,
        ),
        Operation(
            "whanau_chronology",
            f"whanau_chronology_page selector: {len(family)} siblings' chronologies merged, first page",
            whanau_page,
            whanau_raw,
        ),
        Operation(
            "note_add",
            "note_add service: a phone note about one child on the bench actor's case, audit on",
            add_note,
        ),
    ]
