"""The case page lists the children it is about, the other children and
young people on it (a sibling joined as whānau) and the adults, by age on
the day the page is read: a 9- or 17-year-old brother is not an adult."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tiaki.casework.models import CaseParticipant
from tiaki.casework.selectors.cases import age_on, case_get
from tiaki.casework.tests.conftest import person

pytestmark = pytest.mark.django_db


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier (28 February for a 29 February that year lacks)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def test_age_counts_whole_years_at_any_date():
    assert age_on(dt.date(2008, 3, 1), dt.date(2026, 2, 28)) == 17
    assert age_on(dt.date(2008, 3, 1), dt.date(2026, 3, 1)) == 18
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18
    assert age_on(dt.date(2017, 12, 31), dt.date(2026, 12, 31)) == 9


@pytest.fixture
def whanau(case):
    today = timezone.localdate()
    people = {
        "nine": person("Nīkau", person__date_of_birth=years_before(today, 9)),
        # Eighteen tomorrow: still a young person today.
        "seventeen": person("Ana", person__date_of_birth=years_before(today + dt.timedelta(days=1), 18)),
        "eighteen": person("Wiremu", person__date_of_birth=years_before(today, 18)),
        "mother": person("Mere", person__date_of_birth=years_before(today, 41)),
        "unknown": person("Hōhepa", person__date_of_birth=None, person__birth_date_precision="unknown"),
    }
    roles = {"mother": CaseParticipant.Role.PARENT}
    for key, who in people.items():
        CaseParticipant.objects.create(case=case, person=who, role=roles.get(key, CaseParticipant.Role.WHANAU))
    return people


def test_siblings_under_18_are_children_not_adults(alice, case, child, whanau):
    view = case_get(actor=alice, case_id=case.pk)
    assert [p.person_id for p in view.children] == [child.pk]
    assert {p.person_id for p in view.other_children} == {whanau["nine"].pk, whanau["seventeen"].pk}
    assert {p.person_id for p in view.adults} == {whanau["eighteen"].pk, whanau["mother"].pk}
    assert [p.person_id for p in view.age_not_known] == [whanau["unknown"].pk]


def test_the_case_page_shows_each_under_its_own_heading(client, alice, case, whanau):
    client.force_login(alice)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    others = page.split('id="other-children"', 1)[1].split('id="adults"', 1)[0]
    adults = page.split('id="adults"', 1)[1].split('id="age-not-known"', 1)[0]
    assert "Nīkau" in others
    assert "Ana" in others
    assert "Nīkau" not in adults
    assert "Ana" not in adults
    assert "Wiremu" in adults
    assert "Mere" in adults
    assert "Hōhepa" in page.split('id="age-not-known"', 1)[1].split('id="tasks"', 1)[0]
