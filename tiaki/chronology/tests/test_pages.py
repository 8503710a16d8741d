"""The chronology pages as a worker uses them: one child's history and the
whānau's merged, filtered by GET, paged by keyset, printed, audited once per
view, and masked or refused where the reader's reach stops."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.utils import timezone

from tiaki.access import services as access_services
from tiaki.audit.actions import AuditAction
from tiaki.audit.models import AuditChainHead, AuditEvent
from tiaki.casework import services
from tiaki.casework.models import Case, CaseNote, CaseParticipant
from tiaki.chronology.models import ChronologyEntry
from tiaki.chronology.services import chronology_add
from tiaki.chronology.web import views as chronology_views
from tiaki.people.models import Person, Relationship
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import User
from tiaki.web.tests.dates import date_parts, typed_parts

pytestmark = pytest.mark.django_db

Kind = ChronologyEntry.Kind
NZ = dt.timezone(dt.timedelta(hours=13))  # NZDT, for fixed summer dates
REASON = "Police called: the child may be at the address tonight and at risk."


def head() -> int:
    return AuditChainHead.objects.get(pk=1).last_seq


def reads_since(seq: int, user: User) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(seq__gt=seq, actor_id=user.pk, action=AuditAction.CHRONOLOGY_READ).order_by("seq")
    )


def titles(page) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'tiaki-chronology__title">([^<]*)</h3>', page.content.decode())]


def older_link(page) -> str:
    found = re.search(r'href="([^"]*)" rel="next"', page.content.decode())
    assert found, "no Older events link"
    return html.unescape(found.group(1))


def entry(child: Person, title: str, at: dt.datetime, kind: str = Kind.PLACEMENT, **fields: object) -> None:
    chronology_add(person_ids=[child.pk], kind=kind, occurred_at=at, title=title, source_id=1, **fields)  # type: ignore[arg-type]


def many(child: Person, count: int) -> list[str]:
    """``count`` entries a day apart, the newest yesterday; their titles newest first."""
    start = timezone.now() - dt.timedelta(days=1)
    for i in range(count):
        entry(child, f"Event {i:03}", start - dt.timedelta(days=i))
    return [f"Event {i:03}" for i in range(count)]


def note(actor: User, case: Case, title: str, ago: dt.timedelta, **fields: object) -> CaseNote:
    return services.note_add(
        actor=actor, case_id=case.pk, kind=CaseNote.Kind.PHONE, occurred_at=timezone.now() - ago, title=title,
        text=f"What was said in the call: {title}.", **fields,  # type: ignore[arg-type]
    )  # fmt: skip


def sibling(child: Person, given: str) -> Person:
    other = PersonNameFactory(given_names=given, family_name="Te Whare").person
    Relationship.objects.create(from_person=child, to_person=other, kind=Relationship.Kind.SIBLING)
    return other


def test_it_shows_the_childs_history_newest_first_with_links_to_each_source(client, alice, child, case):
    first = note(alice, case, "Call with kura", dt.timedelta(hours=3))
    note(alice, case, "Call with nana", dt.timedelta(hours=2), significant=True)
    entry(child, "Report came in", dt.datetime(2025, 3, 3, 15, 15, tzinfo=NZ), Kind.REPORT)
    client.force_login(alice)
    page = client.get(f"/people/{child.pk}/chronology/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Chronology: Tūī Te Whare" in body
    assert titles(page) == ["Phone call: Call with nana", "Phone call: Call with kura", "Report came in"]
    assert f'href="/cases/notes/{first.pk}/"' in body
    assert "3 March 2025, 15:15" in body
    assert '<time datetime="2025-03-03T15:15:00+13:00">' in body
    assert body.count("tiaki-chronology__entry--significant") == 1
    assert ">Significant</strong>" in body
    assert '<h2 class="govuk-heading-l tiaki-chronology__year">2025' in body
    assert "Older events" not in body


def test_it_filters_by_type_dates_and_significance_in_the_address(client, alice, child, case):
    entry(child, "Placed with nana", dt.datetime(2024, 6, 1, 10, 0, tzinfo=NZ))
    entry(child, "Plan agreed", dt.datetime(2025, 1, 10, 10, 0, tzinfo=NZ), Kind.PLAN, significant=True)
    entry(child, "Plan reviewed", dt.datetime(2025, 2, 10, 10, 0, tzinfo=NZ), Kind.PLAN)
    client.force_login(alice)
    url = f"/people/{child.pk}/chronology/"
    assert titles(client.get(url, {"type": "plan"})) == ["Plan reviewed", "Plan agreed"]
    both = client.get(url, {"type": ["plan", "placement"]})
    assert titles(both) == ["Plan reviewed", "Plan agreed", "Placed with nana"]
    january = {**date_parts("from_date", dt.date(2025, 1, 1)), **date_parts("to_date", dt.date(2025, 1, 31))}
    assert titles(client.get(url, january)) == ["Plan agreed"]
    assert titles(client.get(url, {"from_date": "2025-01-11"})) == ["Plan reviewed"]  # an ISO date in a link
    assert titles(client.get(url, date_parts("to_date", dt.date(2025, 1, 10)))) == ["Plan agreed", "Placed with nana"]
    significant = client.get(url, {"significant": "on"})
    assert titles(significant) == ["Plan agreed"]
    assert 'id="significant" name="significant" type="checkbox" value="on" checked' in significant.content.decode()
    none = client.get(url, {"type": "email"}).content.decode()
    assert "No events match these filters." in none


def test_it_pages_older_events_by_cursor_without_overlap_keeping_the_filters(client, alice, child, case):
    expected = many(child, 60)
    entry(child, "Plan agreed", timezone.now() - dt.timedelta(days=100), Kind.PLAN)
    client.force_login(alice)
    first = client.get(f"/people/{child.pk}/chronology/", {"type": "placement"})
    assert titles(first) == expected[:50]
    link = older_link(first)
    assert "type=placement" in link
    assert "cursor=" in link
    second = client.get(link)
    assert second.status_code == 200
    assert titles(second) == expected[50:]
    assert "Older events" not in second.content.decode()
    assert "Newest events" in second.content.decode()


def test_each_view_is_one_audited_read(client, alice, child, case):
    many(child, 55)
    client.force_login(alice)
    before = head()
    first = client.get(f"/people/{child.pk}/chronology/")
    events = reads_since(before, alice)
    assert [(e.outcome, e.subject_ids) for e in events] == [("allowed", f"[{child.pk}]")]
    before = head()
    client.get(older_link(first))
    assert len(reads_since(before, alice)) == 1
    before = head()
    client.get(f"/people/{child.pk}/chronology/", {"print": "1"})
    assert len(reads_since(before, alice)) == 1


def test_a_colleague_without_a_relationship_gets_404_and_is_audited(client, bob, child, case):
    entry(child, "Placed with nana", timezone.now() - dt.timedelta(days=1))
    client.force_login(bob)
    before = head()
    assert client.get(f"/people/{child.pk}/chronology/").status_code == 404
    assert client.get(f"/people/{child.pk}/chronology/whanau/").status_code == 404
    events = reads_since(before, bob)
    assert [(e.outcome, e.reason) for e in events] == [("refused", "no_relationship")] * 2


def test_a_sensitive_entry_is_masked_under_break_glass_and_shown_to_the_allocated_worker(
    client, alice, bob, child, case
):
    secret = note(alice, case, "Disclosure at kura", dt.timedelta(hours=1), sensitive=True)
    client.force_login(alice)
    mine = client.get(f"/people/{child.pk}/chronology/").content.decode()
    assert "Phone call: Disclosure at kura" in mine
    assert f"/cases/notes/{secret.pk}/" in mine
    access_services.breakglass_open(actor=bob, person_id=child.pk, reason=REASON)
    client.force_login(bob)
    page = client.get(f"/people/{child.pk}/chronology/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "You are using emergency access" in body
    assert "Disclosure at kura" not in body
    assert "Case note: restricted" in body
    assert "Restricted information" in body
    assert f"/cases/notes/{secret.pk}/" not in body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"type": "gossip"}, "Unknown event type: gossip."),
        ({**typed_parts("from_date", "1", "3", "2025"), **typed_parts("to_date", "1", "2", "2025")},
         "The &#x27;from&#x27; date is after the &#x27;to&#x27;"),
        (typed_parts("from_date", "31", "2", "2025"), "The &#x27;from&#x27; date must be a real date."),
        ({"cursor": "yesterday"}, "That page marker is not valid"),
    ],
)  # fmt: skip
def test_bad_filters_are_a_400_with_the_reason_and_read_nothing(client, alice, child, case, query, message):
    client.force_login(alice)
    before = head()
    page = client.get(f"/people/{child.pk}/chronology/", query)
    body = page.content.decode()
    assert page.status_code == 400
    assert "There is a problem" in body
    assert message in body
    assert reads_since(before, alice) == []
    if "from_date_day" in query:
        assert (
            f'name="from_date_day" type="text" inputmode="numeric" spellcheck="false" value="{query["from_date_day"]}"'
            in body
        )  # what they typed stays


def test_the_whanau_chronology_merges_siblings_and_counts_those_not_shown(client, alice, child, case):
    brother = sibling(child, "Rawiri")
    sibling(child, "Aroha")  # no case with alice: out of her reach
    CaseParticipant.objects.create(case=case, person=brother, role=CaseParticipant.Role.CHILD)
    note(alice, case, "Both at kura", dt.timedelta(hours=1))
    entry(brother, "Rawiri placed with koro", timezone.now() - dt.timedelta(days=2))
    entry(child, "Tūī placed with nana", timezone.now() - dt.timedelta(days=3))
    client.force_login(alice)
    before = head()
    page = client.get(f"/people/{child.pk}/chronology/whanau/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Whānau chronology: Tūī Te Whare" in body
    assert titles(page) == ["Phone call: Both at kura", "Rawiri placed with koro", "Tūī placed with nana"]
    assert "About Tūī Te Whare and Rawiri Te Whare" in body
    assert f'href="/people/{brother.pk}/chronology/"' in body
    assert "1 other child in this whānau is not shown because you do not work with them." in body
    assert "Aroha" not in body
    events = reads_since(before, alice)
    assert [e.subject_ids for e in events] == [f"[{child.pk},{brother.pk}]"]


def test_the_print_version_lists_every_matching_event_with_a_header(client, alice, child, case, monkeypatch):
    expected = many(child, 60)
    client.force_login(alice)
    page = client.get(f"/people/{child.pk}/chronology/", {"print": "1", "type": "placement"})
    body = page.content.decode()
    assert titles(page) == expected
    assert "Older events" not in body
    assert 'id="filters"' not in body
    assert "IN-CONFIDENCE" in body
    assert re.search(r"Printed \d+ \w+ \d{4}, \d\d:\d\d by ", body)
    assert "Showing Placement, newest first." in body
    screen = client.get(f"/people/{child.pk}/chronology/", {"type": "placement"}).content.decode()
    assert "?type=placement&amp;print=1" in screen
    assert "most recent events that match" not in body
    monkeypatch.setattr(chronology_views, "PRINT_LIMIT", 55)
    cut = client.get(f"/people/{child.pk}/chronology/", {"print": "1"})
    assert titles(cut) == expected[:55]
    assert "This printout lists the 55 most recent events that match the filters." in cut.content.decode()
