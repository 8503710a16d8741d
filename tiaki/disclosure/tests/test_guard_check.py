"""The disclosure guard (selectors.guard.check): what may not reach whom."""

from __future__ import annotations

import datetime as dt

from tiaki.access.models import StaffSubjectLink
from tiaki.access.roles import Role
from tiaki.disclosure.artefacts import Artefact, Fact, Item, Recipient
from tiaki.disclosure.models import GuardRule
from tiaki.disclosure.selectors.guard import check, normalise
from tiaki.disclosure.tests.world import PLACEMENT_STREET, PROTECTED_STREET, _person
from tiaki.people.models import Person, PersonAlert
from tiaki.staff.tests.factories import UserFactory


def letter(whanau, text: str, *, facts=()) -> Artefact:
    return Artefact(
        kind="letter", title="Letter", case_id=whanau.case.pk, subject_ids=[whanau.child.pk],
        items=[Item(key="body", label="Letter body", text=text, facts=list(facts))],
    )  # fmt: skip


def to_person(person, label: str) -> Recipient:
    return Recipient(kind="person", label=label, person_id=person.pk)


def test_normalise_folds_case_macrons_punctuation_and_street_types():
    assert normalise("14 Rātā Street,") == normalise("14  rata st")
    assert normalise("021 555-1234") == "0215551234"


def test_a_letter_to_the_mother_with_her_own_address_passes(whanau):
    art = letter(whanau, f"We will visit you at {PROTECTED_STREET} on Monday.")
    assert check(art, to_person(whanau.mother, "Aroha Pene")) == []


def test_a_letter_to_the_father_with_the_mothers_address_is_blocked(whanau):
    art = letter(whanau, f"Aroha now lives at {PROTECTED_STREET.upper()}, Raumanga.")
    [finding] = check(art, to_person(whanau.father, "Wiremu Tane"))
    assert finding.rule == "protected_address"
    assert finding.item_key == "body"
    assert finding.about_person == whanau.mother.pk
    assert finding.protected_from == whanau.father.pk
    assert finding.overridable
    assert finding.words == (
        "Remove Aroha Pene's address from 'Letter body': it is protected, and this letter is to Wiremu Tane, "
        "who Aroha Pene is protected from by a protection order."
    )
    assert "Rātā" not in finding.words
    assert "14" not in finding.words


def to_household(whanau) -> Recipient:
    return Recipient(kind="household", label="Kingi whānau", household_id=whanau.household.pk)


def pack(whanau, texts: list[str], **kw) -> Artefact:
    return Artefact(
        kind="share_pack", title="Share pack", case_id=whanau.case.pk, subject_ids=[whanau.child.pk],
        items=[Item(key=f"i{n}", label=f"Item {n}", text=t) for n, t in enumerate(texts)], **kw,
    )  # fmt: skip


def test_it_finds_the_address_written_differently(whanau):
    art = letter(whanau, "She's at 14 rata st now")
    [finding] = check(art, to_person(whanau.father, "Wiremu Tane"))
    assert finding.rule == "protected_address"


def test_it_finds_the_street_without_its_number(whanau):
    art = letter(whanau, "She has moved to Rātā Street.")
    assert [f.rule for f in check(art, to_person(whanau.father, "Wiremu Tane"))] == ["protected_address"]


def test_a_mention_of_a_street_name_inside_another_word_is_not_found(whanau):
    art = letter(whanau, "The Rātāstreeting festival.")
    assert check(art, to_person(whanau.father, "Wiremu Tane")) == []


def test_a_letter_to_the_fathers_mother_is_blocked_because_she_is_linked_to_him(whanau, father_mother):
    art = letter(whanau, f"Aroha is at {PROTECTED_STREET}.")
    [finding] = check(art, to_person(father_mother, "Mere Tane"))
    assert finding.protected_from == whanau.father.pk
    assert "letter is to Mere Tane, who is linked to Wiremu Tane (parent), who Aroha Pene is protected from" in (
        finding.words
    )


def test_a_declared_fact_is_blocked_without_the_text(whanau):
    fact = Fact(rule="protected_address", about_person=whanau.mother.pk, what="Aroha Pene's address")
    art = letter(whanau, "See the address block.", facts=[fact])
    [finding] = check(art, to_person(whanau.father, "Wiremu Tane"))
    assert (finding.rule, finding.about_person) == ("protected_address", whanau.mother.pk)


def test_an_ended_protection_order_no_longer_names_the_father_but_unnamed_still_blocks(whanau):
    whanau.mother.alerts.update(ended_on="2026-07-01")
    art = letter(whanau, f"Aroha is at {PROTECTED_STREET}.")
    [finding] = check(art, to_person(whanau.father, "Wiremu Tane"))
    assert finding.protected_from is None
    assert "goes only to Aroha Pene, their own household or staff" in finding.words


def test_with_a_named_danger_the_address_may_go_to_someone_unlinked(whanau, household):
    art = letter(whanau, f"Aroha is at {PROTECTED_STREET}.")
    assert check(art, to_household(whanau)) == []


def test_a_share_pack_with_the_placement_location_to_the_father_is_blocked(whanau):
    art = pack(whanau, ["Bedtime is 7:30.", f"Tūī lives at {PLACEMENT_STREET}, Tikipunga."])
    [finding] = check(art, to_person(whanau.father, "Wiremu Tane"))
    assert (finding.rule, finding.item_key, finding.about_person) == ("placement_location", "i1", whanau.child.pk)
    assert "Kauri" not in finding.words
    assert finding.words.startswith("Remove where Tūī Te Whare lives (the placement address) from 'Item 1'")


def test_a_share_pack_with_the_placement_location_to_the_caregivers_passes(whanau):
    art = pack(whanau, [f"Tūī lives at {PLACEMENT_STREET}."])
    assert check(art, to_household(whanau)) == []
    assert check(art, to_person(whanau.caregiver, "Rangi Kingi")) == []


def test_the_placement_location_is_blocked_to_anyone_linked_to_whom_the_caregiver_is_protected_from(
    whanau, father_mother
):
    PersonAlert.objects.create(
        person=whanau.caregiver, kind=PersonAlert.Kind.FAMILY_VIOLENCE, source="Police", review_on="2027-01-01",
        recorded_at=whanau.placement.recorded_at, other_person=whanau.father,
    )  # fmt: skip
    art = pack(whanau, [f"Tūī lives at {PLACEMENT_STREET}."])
    [finding] = check(art, to_person(father_mother, "Mere Tane"))
    assert finding.protected_from == whanau.father.pk


def test_the_notifier_is_never_named_to_anyone_outside(whanau, notifier_report):
    art = pack(whanau, ["The neighbour hine walker rang us.", "Call 0215550147 for more."])
    findings = check(art, to_household(whanau))
    assert {(f.rule, f.item_key) for f in findings} == {("notifier_identity", "i0"), ("notifier_identity", "i1")}
    assert all("Walker" not in f.words for f in findings)


def test_staff_who_may_read_sensitive_information_get_the_notifier(whanau, notifier_report, bob):
    art = pack(whanau, ["Hine Walker rang us."])
    assert check(art, Recipient(kind="staff", label="Bob", user_id=bob.pk)) == []


def test_staff_who_may_not_read_sensitive_information_do_not(whanau, notifier_report, site):
    trainee = UserFactory(username="trainee", role=Role.CONTACT_CENTRE, site=site)
    art = pack(whanau, ["Hine Walker rang us."])
    [finding] = check(art, Recipient(kind="staff", label="A trainee", user_id=trainee.pk))
    assert finding.rule == "sensitive"


def test_another_childs_full_name_is_blocked_outside_the_agency(whanau, sibling):
    art = pack(whanau, ["Tūī misses her sister ana pene."])
    [finding] = check(art, to_person(whanau.mother, "Aroha Pene"))
    assert (finding.rule, finding.about_person) == ("other_child", sibling.pk)
    art = pack(whanau, ["Tūī misses her sister Ana."])
    assert check(art, to_person(whanau.mother, "Aroha Pene")) == []


def test_a_disabled_rule_finds_nothing(whanau):
    GuardRule.objects.filter(code="protected_address").update(enabled=False)
    art = letter(whanau, f"Aroha is at {PROTECTED_STREET}.")
    assert check(art, to_person(whanau.father, "Wiremu Tane")) == []


def test_a_subject_sealed_from_a_staff_recipient_is_never_overridable(whanau, staff_caregiver):
    art = pack(whanau, ["Rangi is doing well."])
    art.subject_ids.append(whanau.caregiver.pk)
    [finding] = check(art, Recipient(kind="staff", label="Rangi", user_id=staff_caregiver.pk))
    assert (finding.rule, finding.overridable, finding.about_person) == ("sealed", False, whanau.caregiver.pk)


def test_a_person_who_is_staff_may_be_written_to_about_themselves(whanau, staff_caregiver):
    art = pack(whanau, ["Thank you for caring for Tūī."])
    art.subject_ids.append(whanau.caregiver.pk)
    assert check(art, to_person(whanau.caregiver, "Rangi Kingi")) == []


def test_a_subject_sealed_for_someone_else_is_blocked_to_a_person_who_is_staff(whanau, staff_caregiver, site_manager):
    other = UserFactory(username="kaimahi", role=Role.SOCIAL_WORKER, site=site_manager.site)
    StaffSubjectLink.objects.create(user=other, person=whanau.child, kind="whanau", recorded_by=site_manager)
    whanau.child.sealed = True
    whanau.child.save(update_fields=["sealed"])
    art = pack(whanau, ["Routines."])
    [finding] = check(art, to_household(whanau))
    assert (finding.rule, finding.about_person, finding.overridable) == ("sealed", whanau.child.pk, False)


def test_a_merged_record_of_the_father_is_still_the_father(whanau):
    duplicate = _person("William", "Tane", dt.date(1990, 7, 9))
    Person.objects.filter(pk=duplicate.pk).update(merged_into=whanau.father)
    art = letter(whanau, f"Aroha is at {PROTECTED_STREET}.")
    [finding] = check(art, to_person(duplicate, "William Tane"))
    assert finding.protected_from == whanau.father.pk


def test_the_subject_line_and_the_address_block_are_scanned_too(whanau):
    art = letter(whanau, "Kia ora.")
    art.letter_subject = f"Visit at {PROTECTED_STREET}"
    [finding] = check(art, to_person(whanau.father, "Wiremu Tane"))
    assert (finding.item_key, finding.item_label) == ("letter_subject", "Subject line")
    art = letter(whanau, "Kia ora.")
    recipient = Recipient(kind="person", label="Wiremu Tane", person_id=whanau.father.pk,
                          address_lines=f"{PROTECTED_STREET}\nRaumanga\nWhangārei")  # fmt: skip
    assert [f.item_key for f in check(art, recipient)] == ["address_lines"]


def test_someone_living_with_the_father_is_linked_to_him(whanau, site, alice):
    from tiaki.care.models import CaregiverHousehold, HouseholdMember

    home = CaregiverHousehold.objects.create(
        name="Tane household", kind=CaregiverHousehold.Kind.KIN, status=CaregiverHousehold.Status.ENQUIRY, site=site,
        capacity=1, enquiry_on=dt.date(2026, 1, 1), created_by=alice, created_at=whanau.placement.recorded_at,
    )  # fmt: skip
    flatmate = _person("Hemi", "Walker", dt.date(1988, 1, 1))
    for person in (whanau.father, flatmate):
        HouseholdMember.objects.create(household=home, person=person, role="caregiver", joined_on=dt.date(2026, 1, 1))
    art = letter(whanau, f"Aroha is at {PROTECTED_STREET}.")
    [finding] = check(art, to_person(flatmate, "Hemi Walker"))
    assert finding.protected_from == whanau.father.pk
    assert "lives in the same household" in finding.words
    assert [f.protected_from for f in check(art, Recipient(kind="household", label="Tane", household_id=home.pk))] == [
        whanau.father.pk
    ]


def test_a_siblings_placement_is_protected_too(whanau, sibling, household):
    from tiaki.care.models import CareEpisode, Placement
    from tiaki.people.models import Address

    elsewhere = Address.objects.create(street="22 Puriri Lane", city="Whangārei")
    episode = CareEpisode.objects.create(
        child=sibling, case=whanau.case, entered_on=dt.date(2026, 6, 1), legal_basis=CareEpisode.LegalBasis.S101,
        reasons_text="Family violence.", living_with=CareEpisode.LivingWith.ONE_PARENT, recorded_by=whanau.worker,
        recorded_at=whanau.placement.recorded_at,
    )  # fmt: skip
    Placement.objects.create(
        episode=episode, child=sibling, kind=Placement.Kind.NON_KIN, started_on=dt.date(2026, 6, 1), location=elsewhere,
        recorded_by=whanau.worker, recorded_at=whanau.placement.recorded_at,
    )  # fmt: skip
    art = pack(whanau, ["Ana's home is at 22 Puriri Ln."])
    findings = check(art, to_household(whanau))
    assert [(f.rule, f.about_person) for f in findings] == [("placement_location", sibling.pk)]


def test_a_kin_caregiver_linked_to_the_childs_danger_still_gets_their_own_address(whanau, father_mother):
    from tiaki.care.models import HouseholdMember

    HouseholdMember.objects.create(household=whanau.household, person=father_mother, role="caregiver",
                                   joined_on=dt.date(2026, 1, 1))  # fmt: skip
    PersonAlert.objects.create(
        person=whanau.child, kind=PersonAlert.Kind.FAMILY_VIOLENCE, source="Police", review_on="2027-01-01",
        recorded_at=whanau.placement.recorded_at, other_person=whanau.father,
    )  # fmt: skip
    art = pack(whanau, [f"Tūī lives at {PLACEMENT_STREET}."])
    assert check(art, to_household(whanau)) == []
    assert check(art, to_person(father_mother, "Mere Tane")) == []  # she lives there
    [finding] = check(art, to_person(whanau.father, "Wiremu Tane"))
    assert finding.protected_from == whanau.father.pk


def test_the_guard_fails_closed_when_its_rules_are_missing(whanau):
    """A GuardRule table emptied (a bad restore, a test database flushed)
    leaves every rule in force as the agency started with it; only a row
    turned off turns a rule off."""
    from tiaki.disclosure.artefacts import Artefact, Item, Recipient
    from tiaki.disclosure.models import GuardRule
    from tiaki.disclosure.selectors.guard import check
    from tiaki.disclosure.tests.world import PROTECTED_STREET

    body = Item(key="body", label="Letter body", text=f"Aroha lives at {PROTECTED_STREET}.")
    artefact = Artefact(kind="letter", title="Letter", case_id=whanau.case.pk, subject_ids=[whanau.child.pk],
                        items=[body])  # fmt: skip
    to_father = Recipient(kind="person", label="Wiremu Tane", person_id=whanau.father.pk)
    GuardRule.objects.all().delete()
    assert [f.rule for f in check(artefact, to_father)] == ["protected_address"]
    GuardRule.objects.create(code="protected_address", enabled=False, why="Turned off for this test.")
    assert check(artefact, to_father) == []
