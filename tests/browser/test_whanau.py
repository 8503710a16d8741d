"""The whānau map: reached from the person page, keyboard-navigable inside
the SVG, accessible to axe-core, opening centred on the child, panning and
zooming inside its own region, and never scrolling the page sideways at
320 CSS px."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.demo.accounts import ensure_demo_accounts
from tiaki.demo.work import ensure_demo_work
from tiaki.people.tests.factories import PersonNameFactory, RelationshipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def named(given: str, family: str, gender: str, year: int, **fields):
    return PersonNameFactory(
        given_names=given,
        family_name=family,
        person__gender=gender,
        person__date_of_birth=f"{year}-06-01",
        **fields,
    ).person


def test_the_whanau_map_is_keyboard_navigable_and_accessible(live_server, page):
    ensure_demo_accounts()
    child = named("Tūī", "Te Whare", "female", 2015)
    brother = named("Rawiri", "Te Whare", "male", 2012)
    hemi = named("Hēmi", "Te Whare", "male", 1988)
    aroha = named("Aroha", "Ngata", "female", 1990)
    john = named("John", "Smith", "male", 1985)
    kahu = named("Kahu", "Smith", "another", 2019)
    mere = named("Mere", "Te Whare", "female", 1960, person__deceased_on="2021-03-03")
    wiremu = named("Wiremu", "Te Whare", "male", 1958)
    huia = named("Huia", "Te Whare-Parata", "female", 1986)
    kiri = named("Kiri", "Walker", "unknown", 1975)
    for parent in (hemi, aroha):
        RelationshipFactory(from_person=parent, to_person=child)
        RelationshipFactory(from_person=parent, to_person=brother)
    RelationshipFactory(from_person=hemi, to_person=aroha, kind="partner")
    RelationshipFactory(from_person=aroha, to_person=kahu)
    RelationshipFactory(from_person=john, to_person=kahu)
    RelationshipFactory(from_person=john, to_person=aroha, kind="partner", ended_on="2017-01-01")
    RelationshipFactory(from_person=kahu, to_person=child, kind="half-sibling")
    for grandparent in (mere, wiremu):
        RelationshipFactory(from_person=grandparent, to_person=hemi)
    RelationshipFactory(from_person=wiremu, to_person=mere, kind="partner")
    RelationshipFactory(from_person=huia, to_person=hemi, kind="sibling")
    RelationshipFactory(from_person=kiri, to_person=child, kind="caregiver")
    RelationshipFactory(from_person=john, to_person=child, kind="step-parent")
    ensure_demo_work()
    sign_in_by_keyboard(page, live_server.url, "demo-social-worker")
    page.get_by_role("link", name="Tūī Te Whare", exact=True).first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/people/{child.pk}/")
    # The record says what the agency is doing with her (tiaki.people.record_facts).
    assert page.get_by_role("heading", name="Their work with us").count() == 1
    assert_accessible(page, "the person page")
    screenshot(page, "person-record")
    page.get_by_role("link", name="Whānau map").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/people/{child.pk}/whanau/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tūī Te Whare"
    svg_links = page.locator("svg.tiaki-genogram__svg a")
    assert svg_links.count() >= 1
    # Tab from the heading until focus lands on a person inside the map.
    page.get_by_role("heading", level=1).evaluate("h => { h.tabIndex = -1; h.focus(); }")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('svg')"):
            break
    focused = page.evaluate("[document.activeElement.tagName, document.activeElement.getAttribute('href')]")
    assert focused[0] == "a"
    assert focused[1].startswith("/people/")
    assert page.get_by_role("link", name="Tūī Te Whare (focus), born 2015").count() == 1
    assert page.get_by_role("cell", name="Hēmi Te Whare — child of Mere Te Whare").count() == 1
    assert_accessible(page, "the whānau map")
    screenshot(page, "person-whanau")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/people/*/")

    # Pan and zoom, and the map opens centred on the child (tiaki/genogram.mjs).
    page.goto(f"{live_server.url}/people/{child.pk}/whanau/")
    assert focus_is_in_view(page)
    centre = page.get_by_role("button", name="Centre on Tūī Te Whare")
    before = view_box(page)
    page.get_by_role("button", name="Zoom in").click()
    zoomed = view_box(page)
    assert zoomed[2] < before[2]
    page.get_by_role("button", name="Zoom out").click()
    page.get_by_role("button", name="Zoom out").click()
    assert view_box(page)[2] > before[2]
    page.locator("[data-tiaki-genogram]").focus()
    unmoved = view_box(page)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    moved = view_box(page)
    assert moved[0] < unmoved[0]
    assert moved[1] < unmoved[1]
    assert moved[2:] == unmoved[2:]
    centre.click()
    assert view_box(page) == before
    assert focus_is_in_view(page)
    # Dragging moves the map and does not open the record under the pointer.
    box = page.locator("[data-tiaki-genogram]").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 80, y - 20, steps=5)
    page.mouse.up()
    assert page.url == f"{live_server.url}/people/{child.pk}/whanau/"
    assert view_box(page)[0] > before[0]

    # At 320 CSS px the page does not scroll sideways: the map pans inside its region.
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/people/{child.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.goto(f"{live_server.url}/people/{child.pk}/whanau/")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert focus_is_in_view(page)
    assert_accessible(page, "the whānau map at 320 CSS px")
    screenshot(page, "person-whanau-320")


def view_box(page) -> list[float]:
    return [float(v) for v in page.locator("svg.tiaki-genogram__svg").get_attribute("viewBox").split()]


def focus_is_in_view(page) -> bool:
    """The focus person's shape lies inside the map's visible region."""
    return page.evaluate(
        """() => {
          const region = document.querySelector("[data-tiaki-genogram]").getBoundingClientRect();
          const shape = document.querySelector(".tiaki-genogram__person--focus .tiaki-genogram__shape")
            .getBoundingClientRect();
          return shape.left >= region.left && shape.right <= region.right
            && shape.top >= region.top && shape.bottom <= region.bottom;
        }"""
    )
