"""The care journey: after an s78 order a social worker brings a child into
care with its reasons, finds a placement and places her with an approved
caregiver, writes her About me with her own words, and later moves her, with
a reason, to the household her brother already lives in. Where she lives
stays masked for a trainee and under break-glass; every step is in her
chronology; axe-core finds nothing on any page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_accessible, screenshot
from tests.browser.test_casework_journey import fill_date, landed, switch_to
from tests.browser.test_shell import sign_in_by_keyboard
from tiaki.access.models import PrivacyInduction
from tiaki.access.roles import Role
from tiaki.access.services import breakglass_open
from tiaki.care.models import AboutMeVersion, CareEpisode, Placement
from tiaki.care.services.episodes import care_enter
from tiaki.care.services.placements import placement_start
from tiaki.care.tests.conftest_episodes import household
from tiaki.casework.models import Case, CaseParticipant, CourtOrder
from tiaki.demo.accounts import DEMO_PASSWORD, ensure_demo_accounts
from tiaki.demo.work import ensure_demo_work
from tiaki.people.models import Relationship
from tiaki.people.selectors.record import MASKED
from tiaki.people.tests.factories import PersonNameFactory
from tiaki.staff.models import Site, User
from tiaki.staff.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

#: The street of the caregivers' homes (tiaki.care.tests.conftest_episodes): SENSITIVE.
STREET = "Kensington"


def _world(worker: User) -> dict[str, object]:
    """Aroha's open case with her brother Nikau, already in care with the Te
    Rangi whānau; the s78 order made for her; two approved households."""
    now = timezone.now()
    aroha = PersonNameFactory(given_names="Aroha", family_name="Tane", person__date_of_birth=dt.date(2016, 5, 4)).person
    nikau = PersonNameFactory(given_names="Nikau", family_name="Tane", person__date_of_birth=dt.date(2013, 8, 1)).person
    Relationship.objects.create(from_person=nikau, to_person=aroha, kind=Relationship.Kind.SIBLING)
    case = Case.objects.create(kind=Case.Kind.ONGOING, site=worker.site, allocated_worker=worker, opened_at=now,
                               opened_by=worker)  # fmt: skip
    for child in (aroha, nikau):
        CaseParticipant.objects.create(case=case, person=child, role=CaseParticipant.Role.CHILD)
    CourtOrder.objects.create(
        case=case, child=aroha, kind=CourtOrder.Kind.S78, court="Manukau Family Court",
        made_on=timezone.localdate(), without_notice=True,
        no_safety_plan_reason="Mum could not be found and Aroha was alone at night.", recorded_by=worker,
        recorded_at=now,
    )  # fmt: skip
    parata = household(worker, name="The Parata whānau", kind="general")
    te_rangi = household(worker, name="The Te Rangi whānau", kind="general")
    for home, capacity in ((parata, 2), (te_rangi, 3)):
        # Room for Aroha and her brother: the search asks for both by default.
        home.capacity, home.takes_siblings = capacity, True
        home.save(update_fields=["capacity", "takes_siblings"])
    earlier = timezone.localdate() - dt.timedelta(days=90)
    care_enter(actor=worker, case_id=case.pk, child_id=nikau.pk, entered_on=earlier,
               legal_basis="s139", reasons=["neglect"], main_reason="neglect",
               reasons_text="Mum asked for help while she is in hospital.", living_with="one_parent")  # fmt: skip
    placement_start(actor=worker, child_id=nikau.pk, started_on=earlier,
                    kind="non_kin", household_id=te_rangi.pk)  # fmt: skip
    return {"aroha": aroha, "case": case, "parata": parata, "te_rangi": te_rangi}


def _place_with(page, reference: str) -> None:
    page.get_by_role("link", name=f"Place with this household ({reference})").click()


def test_a_worker_brings_a_child_into_care_places_and_moves_her_and_her_location_stays_masked(live_server, page):
    ensure_demo_accounts()
    ensure_demo_work()  # the demo accounts' inductions (and their other work)
    base = live_server.url
    worker = User.objects.get(username="demo-social-worker")
    world = _world(worker)
    aroha, case = world["aroha"], world["case"]
    parata, te_rangi = world["parata"], world["te_rangi"]
    today = timezone.localdate()

    # 1. Into care under the s78 order, from the case page, with its reasons and her views.
    sign_in_by_keyboard(page, base, "demo-social-worker")
    page.goto(f"{base}/cases/{case.pk}/")
    page.get_by_role("link", name="Record entering care for Aroha Tane").click()
    landed(page, rf"/cases/{case.pk}/children/{aroha.pk}/enter-care/$")
    assert_accessible(page, "the entering care form")
    fill_date(page, "entered_on", today)
    page.get_by_label("Interim custody order without notice (s78)").check()
    page.get_by_label("The order it rests on (s78, s39, s101 and s110)").select_option(index=1)
    page.get_by_label("Neglect", exact=True).check()
    page.get_by_label("Family violence in the home").check()
    page.get_by_label("The main reason").select_option("neglect")
    page.get_by_label("The reasons in your own words").fill("Left alone at night; violence at home when Dad visits.")
    page.get_by_label("One parent", exact=True).check()
    page.get_by_label(re.compile("The child's views on coming into care")).fill("I want to be with Nikau.")
    page.get_by_role("button", name="Record that they came into care").click()
    landed(page, rf"/care/children/{aroha.pk}/$")
    episode = CareEpisode.objects.get(child=aroha)
    assert episode.legal_basis == "s78"
    assert episode.court_order is not None
    assert sorted(episode.reasons.values_list("code", flat=True)) == ["family_violence", "neglect"]
    assert_accessible(page, "the care history, just in care")

    # 2. Find a placement; both households are offered, and the worker places her
    # with the Parata whānau tonight (she moves to her brother once his caregivers are ready).
    page.get_by_role("link", name="Find a placement").click()
    landed(page, rf"/care/children/{aroha.pk}/find-a-placement/$")
    assert_accessible(page, "finding a placement")
    results = page.locator("main").inner_text()
    assert parata.reference in results
    assert te_rangi.reference in results
    assert STREET not in results
    screenshot(page, "care-find-a-placement")
    _place_with(page, parata.reference)
    landed(page, rf"/care/children/{aroha.pk}/placements/new/")
    assert_accessible(page, "the placement form")
    fill_date(page, "started_on", today)
    page.get_by_label("This placement was planned").check()
    page.get_by_label("Why they are placed here").fill("The Parata whānau have room tonight and are close to kura.")
    page.get_by_label("If apart from their brothers and sisters in care: why").fill(
        "Nikau's caregivers need a day to make room for her."
    )
    page.get_by_role("button", name="Record the placement").click()
    landed(page, rf"/care/children/{aroha.pk}/$")
    placed = Placement.objects.get(child=aroha, ended_on__isnull=True)
    assert placed.household_id == parata.pk
    assert placed.siblings == "apart"
    history = page.locator("main").inner_text()
    assert "The Parata whānau" in history
    assert STREET in history
    assert "SENSITIVE" in history

    # 3. About me, with Aroha's own words.
    page.get_by_role("link", name="About me").click()
    page.get_by_role("link", name="Write About me").click()
    assert_accessible(page, "the About me form")
    page.locator("#likes-1-text").fill("Netball, my cat Pōtae and drawing horses.")
    page.locator("#likes-1-own_words").check()
    page.locator("#likes-1-shareable").check()
    page.locator("#when_upset-1-text").fill("Sit with me and don't ask questions straight away.")
    page.locator("#when_upset-1-own_words").check()
    page.get_by_role("button", name="Save About me").click()
    page.wait_for_selector("text=my cat Pōtae")
    saved = AboutMeVersion.objects.get(about__child=aroha)
    assert {item["topic"]: item["own_words"] for item in saved.items} == {"likes": True, "when_upset": True}
    assert_accessible(page, "About me")
    screenshot(page, "care-about-me")

    # 4. Later: moved, with a reason, to her brother's caregivers.
    page.goto(f"{base}/care/children/{aroha.pk}/find-a-placement/")
    _place_with(page, te_rangi.reference)
    landed(page, rf"/care/children/{aroha.pk}/placements/move/")
    assert_accessible(page, "the move form")
    fill_date(page, "started_on", today)
    page.get_by_label("To live with their brothers or sisters").check()
    page.get_by_label("Why they are moving").fill("To live with Nikau, as she asked; the Te Rangi whānau made room.")
    page.get_by_label("This placement was planned").check()
    page.get_by_role("button", name="Record the move").click()
    landed(page, rf"/care/children/{aroha.pk}/$")
    moved = Placement.objects.get(child=aroha, ended_on__isnull=True)
    assert moved.household_id == te_rangi.pk
    assert moved.siblings == "all"
    assert Placement.objects.get(pk=placed.pk).end_reason == "with_siblings"
    assert "Placed with all their brothers and sisters in care" in page.locator("main").inner_text()
    assert_accessible(page, "the care history after the move")
    screenshot(page, "care-history")

    # 5. Every step is in her chronology, and no place is named there.
    page.goto(f"{base}/people/{aroha.pk}/chronology/")
    timeline = page.locator("main").inner_text()
    assert "Came into care under an s78 order" in timeline
    assert timeline.count("Placement") >= 1
    assert "Moved" in timeline
    assert STREET not in timeline
    assert_accessible(page, "the chronology with care")

    # 6. A trainee on her case reads the care history without where she lives.
    trainee = User.objects.get(username="demo-trainee")
    second = Case.objects.create(kind=Case.Kind.ONGOING, site=worker.site, allocated_worker=trainee,
                                 opened_at=timezone.now(), opened_by=worker)  # fmt: skip
    CaseParticipant.objects.create(case=second, person=aroha, role=CaseParticipant.Role.CHILD)
    switch_to(page, base, "demo-trainee")
    page.goto(f"{base}/care/children/{aroha.pk}/")
    shown = page.locator("main").inner_text()
    assert "The Te Rangi whānau" in shown
    assert STREET not in page.content()
    assert_accessible(page, "the care history for a trainee")

    # 7. Under break-glass, a social worker elsewhere sees her care but not where she lives.
    elsewhere = Site.objects.create(name="Ōtautahi", region="Waitaha")
    outsider = UserFactory(username="sw-otautahi", role=Role.SOCIAL_WORKER, site=elsewhere)
    outsider.set_password(DEMO_PASSWORD)
    outsider.save(update_fields=["password"])
    PrivacyInduction.objects.create(user=outsider, completed_on=today, course_version="2026", recorded_by=worker)
    breakglass_open(actor=outsider, person_id=aroha.pk, reason="After-hours call: she may be missing tonight.")
    switch_to(page, base, "sw-otautahi")
    page.goto(f"{base}/care/children/{aroha.pk}/")
    shown = page.locator("main").inner_text()
    assert "You are using emergency access: where the child lives is not shown." in shown
    assert MASKED in shown
    assert STREET not in page.content()
    assert_accessible(page, "the care history under break-glass")
    screenshot(page, "care-history-break-glass")
