"""The chronology pages: one child's history, or their whānau's children
merged, newest first, filtered by GET (codes and dates only, so a filtered
view is a shareable link) and paged by keyset (?cursor=).

Each view calls its selector once: the selector audits the view, so a second
call would record a second read. Filters are checked before that call, and a
filter the selector cannot use re-renders the form with the reason (400)
without reading anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from tiaki.access import Permission
from tiaki.access.declare import personal_data
from tiaki.chronology import selectors
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.selectors import ChronologyInputError, ChronologyPage, Entry, Filters
from tiaki.chronology.web.forms import ChronologyFilterForm
from tiaki.web.requests import actor_of

Kind = ChronologyEntry.Kind

#: Most entries one printout lists; the page says when there were more.
PRINT_LIMIT = 2000

#: Where each kind of entry's source record is shown, and what to call it.
_REPORT = ("web:intake-report", "report_id", "", "report")
SOURCES: dict[str, tuple[str, str, str, str]] = {
    Kind.REPORT: _REPORT,
    Kind.DECISION: _REPORT,
    Kind.RESPONSE: _REPORT,
    Kind.CASE: ("web:case-detail", "case_id", "", "case"),
    Kind.NOTE: ("web:note-detail", "source_id", "", "case note"),
    Kind.PLAN: ("web:plan-detail", "source_id", "", "plan"),
    Kind.FGC: ("web:fgc-detail", "source_id", "", "Family Group Conference"),
    Kind.ORDER: ("web:order-detail", "source_id", "", "court order"),
    Kind.DOCUMENT: ("web:case-detail", "case_id", "#documents", "case documents"),
    Kind.EMAIL: ("web:email-detail", "source_id", "", "email"),
}


@dataclass(frozen=True)
class TimelineRow:
    entry: Entry
    href: str | None
    source_label: str
    #: In a whānau chronology, the children the event is about: (id, name).
    about: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class TimelineYear:
    year: int
    rows: list[TimelineRow]


def source_link(entry: Entry) -> tuple[str | None, str]:
    """The page showing an entry's source record, and what it is called;
    none for a masked entry (its title says only that it is restricted)."""
    source = SOURCES.get(entry.kind)
    if source is None or entry.masked:
        return None, ""
    name, attribute, fragment, label = source
    record_id = getattr(entry, attribute)
    if record_id is None:
        return None, ""
    return reverse(name, args=[record_id]) + fragment, label


def timeline(page: ChronologyPage) -> list[TimelineYear]:
    """The page's entries grouped by their year in local time, newest first."""
    years: list[TimelineYear] = []
    order = {pid: i for i, pid in enumerate(page.person_ids)}  # the child asked about first
    for entry in page.entries:
        year = timezone.localtime(entry.occurred_at).year
        if not years or years[-1].year != year:
            years.append(TimelineYear(year, []))
        href, label = source_link(entry)
        about = tuple(
            (pid, page.names.get(pid, f"Person {pid}"))
            for pid in sorted(entry.person_ids, key=lambda pid: order.get(pid, len(order)))
        )
        years[-1].rows.append(TimelineRow(entry, href, label, about))
    return years


def _query(params: QueryDict, **changes: str | None) -> str:
    query = params.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return query.urlencode()


def _page(
    request: HttpRequest,
    person_id: int,
    *,
    read: Callable[..., ChronologyPage],
    template: str,
    url_name: str,
) -> HttpResponse:
    form = ChronologyFilterForm(request.GET)
    printing = request.GET.get("print") == "1"
    context: dict[str, Any] = {
        "form": form,
        "person_id": person_id,
        "kinds": Kind.choices,
        "chosen_kinds": request.GET.getlist("type"),
        "printing": printing,
        "url": reverse(url_name, args=[person_id]),
        "whanau": url_name == "web:whanau-chronology",
    }
    if not form.is_valid():
        return render(request, template, context, status=400)
    filters: Filters = form.cleaned_data["filters"]
    try:
        page = read(
            actor=actor_of(request),
            person_id=person_id,
            filters=filters,
            cursor=None if printing else (form.cleaned_data["cursor"] or None),
            page_size=PRINT_LIMIT if printing else selectors.PAGE_SIZE,
        )
    except ChronologyInputError as exc:
        form.add_error(None, str(exc))
        return render(request, template, context, status=400)
    user = actor_of(request)
    context |= {
        "page": page,
        "name": page.names.get(person_id, f"Person {person_id}"),
        "years": timeline(page),
        "children": [(pid, page.names.get(pid, f"Person {pid}")) for pid in page.person_ids],
        "kind_labels": [label for value, label in Kind.choices if value in filters.kinds],
        "first_page": printing or not form.cleaned_data["cursor"],
        "older_query": _query(request.GET, cursor=page.next_cursor, print=None) if page.next_cursor else "",
        "print_query": _query(request.GET, cursor=None, print="1"),
        "screen_query": _query(request.GET, cursor=None, print=None),
        "truncated": printing and page.next_cursor is not None,
        "print_limit": f"{PRINT_LIMIT:,}",
        "printed_at": timezone.localtime(),
        "printed_by": user.get_full_name() or user.username,
    }
    return render(request, template, context)


@personal_data(Permission.CASE_READ)
@require_GET
def chronology_page(request: HttpRequest, person_id: int) -> HttpResponse:
    return _page(
        request,
        person_id,
        read=selectors.chronology_page,
        template="chronology/chronology.html",
        url_name="web:chronology",
    )


@personal_data(Permission.CASE_READ)
@require_GET
def whanau_chronology_page(request: HttpRequest, person_id: int) -> HttpResponse:
    return _page(
        request,
        person_id,
        read=selectors.whanau_chronology_page,
        template="chronology/whanau.html",
        url_name="web:whanau-chronology",
    )
