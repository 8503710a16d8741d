"""The top bar carries each role's main jobs (tiaki.web.navigation.NAV),
marks the page the user is on, and folds behind GOV.UK's menu button."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tiaki.access.roles import Role
from tiaki.access.tests.conftest import inducted
from tiaki.staff.tests.factories import UserFactory
from tiaki.web import navigation

pytestmark = pytest.mark.django_db

MAIN_JOBS = {
    Role.CONTACT_CENTRE: ["Home", "Record a report", "Find a person"],
    Role.SOCIAL_WORKER: ["Home", "My cases", "Find a person", "Caregivers"],
    Role.TRAINEE: ["Home", "My cases", "Find a person", "Caregivers"],
    Role.SUPERVISOR: ["Home", "Queue", "Team cases", "Find a person", "Caregivers", "Dashboard", "Blocked disclosures"],
    Role.SITE_MANAGER: [
        "Home",
        "Queue",
        "Team cases",
        "Find a person",
        "Caregivers",
        "Dashboard",
        "Blocked disclosures",
        "Partners",
    ],
    Role.PRIVACY_OFFICER: [
        "Home",
        "Audit",
        "Break-glass reviews",
        "Sealed records",
        "Subject access",
        "Privacy register",
        "Near misses",
        "Access alerts",
        "Partners",
    ],
    Role.ADMINISTRATOR: ["Home", "Users", "Policy", "Jobs"],
    Role.ANALYST: ["Home", "Dashboard"],
    Role.PARTNER_WORKER: ["Home", "Make a referral"],
    Role.CAREGIVER: ["Home"],
    Role.WHANAU: ["Home"],
    Role.YOUNG_PERSON: ["Home"],
}


def _menu(html: str) -> list[tuple[str, str, str]]:
    """(label, href, aria-current) of each link in the top bar."""
    menu = html.split('id="navigation"')[1].split("</ul>")[0]
    return [
        (re.sub(r"<[^>]+>", "", label), href, current)
        for href, current, label in re.findall(
            r'<a class="govuk-service-navigation__link" href="([^"]+)"(?: aria-current="(\w+)")?>(.*?)</a>', menu
        )
    ]


def test_every_role_is_offered_its_main_jobs():
    assert set(MAIN_JOBS) == set(Role)
    for role, labels in MAIN_JOBS.items():
        assert [e.label for e in navigation.entries_for(UserFactory.build(role=role))] == labels, role


@pytest.mark.parametrize("role", list(Role))
def test_every_link_in_the_top_bar_opens_for_its_role(client, role):
    client.force_login(inducted(UserFactory(role=role)))
    for label, href, _ in _menu(client.get("/").content.decode()):
        assert client.get(href).status_code == 200, (role, label)


def test_the_page_the_user_is_on_is_marked_current_and_pages_beneath_it_are_within_it(client):
    client.force_login(UserFactory(role=Role.ADMINISTRATOR))
    menu = _menu(client.get(reverse("web:admin-users")).content.decode())
    assert ("Users", "/admin/users/", "page") in menu
    assert ("Home", "/", "") in menu
    user = UserFactory(role=Role.SOCIAL_WORKER)
    menu = _menu(client.get(reverse("web:admin-user", args=[user.pk])).content.decode())
    assert ("Users", "/admin/users/", "true") in menu
    assert [m for m in menu if m[2]] == [("Users", "/admin/users/", "true")]


def test_the_top_bar_folds_behind_the_menu_button_of_govuk_service_navigation(client):
    client.force_login(UserFactory(role=Role.SUPERVISOR))
    html = client.get("/").content.decode()
    assert 'data-module="govuk-service-navigation"' in html
    assert re.search(r'<button type="button" class="[^"]*govuk-js-service-navigation-toggle" '
                     r'aria-controls="navigation" hidden>Menu</button>', html)  # fmt: skip


def test_a_role_label_is_not_wrapped_in_a_second_pair_of_brackets(client):
    client.force_login(UserFactory(role=Role.PARTNER_WORKER, first_name="Grace", last_name="Liu"))
    html = client.get("/").content.decode()
    assert "Grace Liu, <span" in html
    assert "((" not in html
    assert "))" not in html
