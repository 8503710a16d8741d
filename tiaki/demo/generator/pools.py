"""Name and street pools drawn once from a seeded Faker ``en_NZ``.

Calling Faker for every row costs tens of microseconds a call, which is most
of a minute per million persons; drawing a few thousand values up front and
then choosing among them with ``random.Random`` keeps the generator fast and
just as deterministic. Duplicates are kept, so common names stay common.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from faker import Faker

from tiaki.demo.generator import names


@dataclass(frozen=True, slots=True)
class Culture:
    """The names a whānau draws from."""

    given_female: tuple[str, ...]
    given_male: tuple[str, ...]
    surnames: tuple[str, ...]
    is_maori: bool = False


@dataclass(frozen=True, slots=True)
class Pools:
    general: Culture
    maori: Culture
    pacific: Culture
    streets: tuple[str, ...]
    suburbs: tuple[str, ...]  # made-up suburbs for towns without a SUBURBS entry


_SUBURB_ENDINGS = ("Park", "Heights", "Bay", "Hill", "Flat", "Valley", "Downs")


def build_pools(seed: int, *, size: int = 3000) -> Pools:
    fake = Faker("en_NZ")
    fake.seed_instance(seed)

    def draw(method: Callable[[], object], count: int) -> tuple[str, ...]:
        return tuple(unicodedata.normalize("NFC", str(method())) for _ in range(count))

    general = Culture(
        given_female=draw(fake.first_name_female, size),
        given_male=draw(fake.first_name_male, size),
        surnames=draw(fake.last_name, size),
    )
    streets = draw(fake.street_name, size)
    # The en_NZ provider builds place names from te reo parts ("Aratipu");
    # a few English-style ones ("Walker Heights") make the mix realistic.
    suburbs = tuple(
        unicodedata.normalize("NFC", fake.te_reo_first() + fake.te_reo_ending())
        if i % 4
        else f"{fake.last_name()} {fake.random_element(_SUBURB_ENDINGS)}"
        for i in range(size // 4)
    )
    return Pools(
        general=general,
        maori=Culture(names.MAORI_GIVEN_FEMALE, names.MAORI_GIVEN_MALE, names.MAORI_SURNAMES, is_maori=True),
        pacific=Culture(names.PACIFIC_GIVEN_FEMALE, names.PACIFIC_GIVEN_MALE, names.PACIFIC_SURNAMES),
        streets=streets,
        suburbs=suburbs,
    )
