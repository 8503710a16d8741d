"""The synthetic agency generator (tiaki.demo.generator) and ``tiaki seed``."""

from __future__ import annotations

import hashlib
import unicodedata
from collections import defaultdict
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tiaki.access.roles import Role
from tiaki.demo.accounts import demo_usernames, ensure_demo_accounts
from tiaki.demo.generator import delete_seeded_rows, seed_agency
from tiaki.demo.generator import names as curated
from tiaki.people.models import Address, Person, PersonAddress, PersonName, Relationship
from tiaki.staff.models import Site, Team, User

AS_OF = date(2025, 1, 1)
pytestmark = pytest.mark.django_db


def seed(persons: int = 300, seed: int = 7) -> None:
    seed_agency(persons=persons, seed=seed, as_of=AS_OF)


def digest() -> str:
    """A hash of everything the generator decides, ids included."""
    h = hashlib.sha256()
    for rows in (
        Person.objects.order_by("id").values_list("id", "date_of_birth", "birth_date_precision", "gender"),
        PersonName.objects.order_by("id").values_list("person_id", "kind", "given_names", "family_name"),
        Relationship.objects.order_by("id").values_list("from_person_id", "to_person_id", "kind", "started_on"),
        PersonAddress.objects.order_by("id").values_list("person_id", "address_id", "protected", "valid_from"),
        Address.objects.order_by("id").values_list("street", "suburb", "city", "postcode"),
        User.objects.order_by("id").values_list("username", "first_name", "role", "site__name", "supervisor_id"),
    ):
        for row in rows:
            h.update(repr(row).encode())
    return h.hexdigest()


def pairs(kind: str) -> list[tuple[int, int]]:
    return list(Relationship.objects.filter(kind=kind).values_list("from_person_id", "to_person_id"))


def addresses_by_person() -> dict[int, set[int]]:
    homes: dict[int, set[int]] = defaultdict(set)
    for person_id, address_id in PersonAddress.objects.values_list("person_id", "address_id"):
        homes[person_id].add(address_id)
    return homes


def test_it_gives_the_same_data_for_the_same_seed_after_a_reset() -> None:
    seed()
    first = digest()
    delete_seeded_rows()
    assert not Person.objects.exists()
    seed()
    assert digest() == first


def test_it_gives_different_data_for_a_different_seed() -> None:
    seed(seed=7)
    first = digest()
    delete_seeded_rows()
    seed(seed=8)
    assert digest() != first


@pytest.mark.parametrize("persons", [1, 2, 3, 7, 300, 1001])
def test_it_makes_exactly_the_persons_asked_for(persons: int) -> None:
    summary = seed_agency(persons=persons, seed=3, as_of=AS_OF, chunk_persons=100)
    assert Person.objects.count() == persons == summary.persons
    assert PersonName.objects.filter(kind=PersonName.Kind.LEGAL, is_primary=True).count() == persons
    assert summary.names == PersonName.objects.count()
    assert summary.relationships == Relationship.objects.count()
    assert summary.addresses == Address.objects.count()


def test_every_child_has_one_or_two_parents() -> None:
    seed()
    parents: dict[int, int] = defaultdict(int)
    for _, child in pairs(Relationship.Kind.PARENT):
        parents[child] += 1
    under_18 = Person.objects.filter(date_of_birth__gt=date(AS_OF.year - 18, AS_OF.month, AS_OF.day))
    children = set(under_18.values_list("id", flat=True))
    assert len(children) > 100
    assert all(parents[child] in {1, 2} for child in children)
    assert set(parents.values()) == {1, 2}


def test_parents_are_18_to_45_years_older_than_their_children() -> None:
    seed(persons=2000)
    born = dict(Person.objects.values_list("id", "date_of_birth"))
    gaps = [
        (born[child] - born[parent]).days / 365.25
        for parent, child in pairs(Relationship.Kind.PARENT)
        if born[parent] and born[child]
    ]
    assert len(gaps) > 1000
    assert min(gaps) >= 18
    assert max(gaps) <= 45


def test_siblings_share_an_address_and_each_pair_is_stored_once() -> None:
    seed()
    homes = addresses_by_person()
    siblings = pairs(Relationship.Kind.SIBLING)
    assert len(siblings) > 50
    assert all(a < b for a, b in siblings)
    assert len(set(siblings)) == len(siblings)
    assert all(homes[a] & homes[b] for a, b in siblings)


def test_there_are_half_siblings_and_grandparents_some_living_with_their_mokopuna() -> None:
    seed(persons=1000)
    half = pairs(Relationship.Kind.HALF_SIBLING)
    assert half
    assert all(a < b for a, b in half)
    parent_of = defaultdict(set)
    for parent, child in pairs(Relationship.Kind.PARENT):
        parent_of[child].add(parent)
    # Half-siblings share exactly one recorded parent.
    assert all(len(parent_of[a] & parent_of[b]) == 1 for a, b in half)
    homes = addresses_by_person()
    grand = pairs(Relationship.Kind.GRANDPARENT)
    assert grand
    assert any(homes[g] & homes[c] for g, c in grand)
    assert any(not homes[g] & homes[c] for g, c in grand)
    # A grandparent is a parent of one of the grandchild's parents.
    assert all(any(g in parent_of[p] for p in parent_of[c]) for g, c in grand)


def test_names_are_nfc_and_about_a_quarter_to_a_third_are_maori() -> None:
    seed(persons=2000)
    rows = list(PersonName.objects.filter(kind=PersonName.Kind.LEGAL).values_list("given_names", "family_name"))
    assert all(unicodedata.is_normalized("NFC", g) and unicodedata.is_normalized("NFC", f) for g, f in rows)
    macrons = set("āēīōūĀĒĪŌŪ")
    assert any(macrons & set(g) for g, _ in rows)
    assert any(macrons & set(f) for _, f in rows)
    maori = set(curated.MAORI_GIVEN_FEMALE + curated.MAORI_GIVEN_MALE + curated.MAORI_SURNAMES)
    maori_names = sum(
        1 for given, family in rows if given.split(" ")[0] in maori or any(p in maori for p in family.split("-"))
    )
    assert 0.25 <= maori_names / len(rows) <= 0.4


def test_some_people_have_other_names_and_some_addresses_are_protected_or_previous() -> None:
    seed(persons=3000)
    kinds = set(PersonName.objects.values_list("kind", flat=True))
    assert kinds == {"legal", "preferred", "alias", "previous"}
    # Search is tested on these: Wiremu also known as William, Tūī as Tui.
    english = set(curated.TRANSLITERATIONS.values())
    aliases = set(PersonName.objects.filter(kind=PersonName.Kind.ALIAS).values_list("given_names", flat=True))
    assert aliases & english
    assert aliases - english
    total = PersonAddress.objects.count()
    protected = PersonAddress.objects.filter(protected=True).count()
    assert 0 < protected <= 0.03 * total
    assert PersonAddress.objects.filter(valid_to__isnull=False).exists()
    # Households share an address row.
    assert Address.objects.count() < Person.objects.count() / 2


def test_some_birth_dates_are_year_only_or_unknown_and_none_is_in_the_future() -> None:
    seed(persons=3000)
    precisions = set(Person.objects.values_list("birth_date_precision", flat=True))
    assert precisions == {"exact", "year", "unknown"}
    assert not Person.objects.filter(birth_date_precision="unknown", date_of_birth__isnull=False).exists()
    assert not Person.objects.filter(date_of_birth__gt=AS_OF).exists()


def test_staff_have_supervision_lines_and_never_sign_in() -> None:
    ensure_demo_accounts()
    seed()
    staff = User.objects.filter(username__startswith="staff-")
    assert staff.count() == 30
    assert not any(u.has_usable_password() for u in staff)
    sites = Site.objects.filter(staff__username__startswith="staff-").distinct()
    for site in sites:
        assert staff.filter(site=site, role=Role.SITE_MANAGER).count() == 1
    for worker in staff.filter(role__in=[Role.SOCIAL_WORKER, Role.TRAINEE, Role.CONTACT_CENTRE]):
        assert worker.supervisor is not None
        assert worker.supervisor.role == Role.SUPERVISOR
        assert worker.supervisor.team_id == worker.team_id
    assert set(Team.objects.values_list("kind", flat=True)) >= {Team.Kind.INTAKE, Team.Kind.CARE_PROTECTION}
    delete_seeded_rows()
    assert not User.objects.filter(username__startswith="staff-").exists()
    assert sorted(User.objects.filter(username__startswith="demo-").values_list("username", flat=True)) == (
        demo_usernames()
    )


def test_the_command_refuses_to_seed_twice_without_reset() -> None:
    call_command("seed", persons=50, seed=2, stdout=_Sink())
    with pytest.raises(CommandError, match="--reset"):
        call_command("seed", persons=50, seed=2, stdout=_Sink())
    out = _Sink()
    call_command("seed", persons=60, seed=2, reset=True, stdout=out)
    assert Person.objects.count() == 60
    assert "Seeded 60 persons" in out.text


def test_staff_scale_with_persons_and_all_pairs_are_unique() -> None:
    summary = seed_agency(persons=20_000, seed=1, as_of=AS_OF)
    assert summary.staff == 80
    rows = list(Relationship.objects.values_list("from_person_id", "to_person_id", "kind"))
    assert len(set(rows)) == len(rows)
    for kind in (Relationship.Kind.SIBLING, Relationship.Kind.HALF_SIBLING, Relationship.Kind.PARTNER):
        undirected = [frozenset(p) for p in pairs(kind)]
        assert len(set(undirected)) == len(undirected)
    assert not any(a == b for a, b, _ in rows)


class _Sink:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass
