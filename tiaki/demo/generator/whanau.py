"""Households of whānau: parents, tamariki, half-siblings and grandparents.

A household is one or two parents with one to five children at a shared
address. Some have a half-sibling (a parent's child with a previous partner,
living in the house or with the other parent), some have grandparents (in
the house or nearby), some moved house, and about one in a hundred live at a
protected address. Ages keep every parent 18 to 45 years older than their
child, which the generator tests check.
"""

from __future__ import annotations

from bisect import bisect
from datetime import date
from itertools import accumulate
from random import Random

from tiaki.demo.generator.places import PLACES, SUBURBS
from tiaki.demo.generator.pools import Culture, Pools
from tiaki.demo.generator.records import (
    ANOTHER,
    FEMALE,
    GENDER_UNKNOWN,
    GRANDPARENT,
    HALF_SIBLING,
    MALE,
    PARENT,
    PARTNER,
    PREVIOUS,
    SIBLING,
    NextIds,
    RowMaker,
)

YEAR = 365
# Parent-to-child age gaps in days. Drawn from 19 to 44 years rather than 18
# to 45 so that rounding a year-only birth date to 1 July (RowMaker.person)
# can never take a gap outside 18 to 45 years.
GAP_MIN = 19 * YEAR + 5
GAP_MAX = 44 * YEAR
CHILDREN_PER_HOUSEHOLD = (1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5)


class WhanauMaker:
    """Makes households until told to stop; every call uses exactly the
    number of persons it returns, so the caller can hit a total exactly."""

    def __init__(self, *, rng: Random, pools: Pools, ids: NextIds, as_of: date, stamp: object) -> None:
        self.rng = rng
        self.pools = pools
        self.make = RowMaker(rng=rng, ids=ids, as_of=as_of, stamp=stamp, pools_streets=pools.streets)
        self.cum_weights = list(accumulate(p.weight for p in PLACES))

    # --- names --------------------------------------------------------------

    def culture(self) -> Culture:
        roll = self.rng.random()
        if roll < 0.24:
            return self.pools.maori
        if roll < 0.32:
            return self.pools.pacific
        return self.pools.general

    def child_culture(self, a: Culture, b: Culture | None) -> Culture:
        """Tamariki of a Māori parent mostly get Māori given names; many
        other families choose them too (Nīkau, Kahurangi, Aroha)."""
        roll = self.rng.random()
        if a.is_maori or (b is not None and b.is_maori):
            return self.pools.maori if roll < 0.65 else self.pools.general
        if a is self.pools.pacific or b is self.pools.pacific:
            return self.pools.pacific if roll < 0.55 else self.pools.general
        return self.pools.maori if roll < 0.1 else self.pools.general

    def name_person(self, pid: int, culture: Culture, gender: str, family: str) -> str:
        """Give ``pid`` a legal name (and maybe others); return the given names."""
        make = self.make
        middle = make.given_name(culture if self.rng.random() < 0.7 else self.culture(), gender)
        first = make.given_name(culture, gender)
        return make.legal_name(pid, first, middle if middle != first and self.rng.random() < 0.4 else "", family)

    # --- places -------------------------------------------------------------

    def home(self) -> int:
        r = self.rng.random
        place = PLACES[bisect(self.cum_weights, r() * self.cum_weights[-1])]
        suburbs = SUBURBS.get(place.city)
        if place.suburb and r() < 0.4:
            suburb = place.suburb
        elif suburbs:
            suburb = suburbs[int(r() * len(suburbs))]
        elif r() < 0.5:
            suburb = self.pools.suburbs[int(r() * len(self.pools.suburbs))]
        else:
            suburb = ""
        return self.make.address(place.city, suburb, place.postcode_prefix)

    # --- people -------------------------------------------------------------

    def child_gender(self) -> str:
        roll = self.rng.random()
        if roll < 0.49:
            return FEMALE
        if roll < 0.98:
            return MALE
        return ANOTHER if roll < 0.99 else GENDER_UNKNOWN

    def lone_adult(self) -> None:
        make = self.make
        gender = FEMALE if self.rng.random() < 0.5 else MALE
        pid = make.person(self.rng.randrange(18 * YEAR, 70 * YEAR), gender, may_be_unknown=True)
        culture = self.culture()
        self.name_person(pid, culture, gender, make.surname(culture))
        make.lives_at(pid, self.home(), since=make.as_of - self.rng.randrange(30, 10 * YEAR))

    def household(self, budget: int) -> int:
        """Add one household of at most ``budget`` persons; return its size."""
        rng = self.rng
        r = rng.random
        randrange = rng.randrange
        make = self.make
        today = make.as_of
        if budget <= 1:
            self.lone_adult()
            return 1

        # Composition first, trimmed to the budget, so the caller's total is exact.
        n_parents = 2 if r() < 0.6 else 1
        n_children = CHILDREN_PER_HOUSEHOLD[int(r() * len(CHILDREN_PER_HOUSEHOLD))]
        has_half = r() < 0.16
        has_ex = has_half and r() < 0.7
        n_grand = 0 if r() >= 0.22 else (1 if r() < 0.4 else 2)
        overflow = n_parents + n_children + has_half + has_ex + n_grand - budget
        if overflow > 0:
            n_grand, has_ex, has_half = 0, False, False
            n_children = max(1, budget - n_parents)
            n_parents = min(n_parents, budget - n_children)

        # Ages in days: the gaps between tamariki first (3% twins, with the
        # same birth date), then the youngest's age, so all are 0 to 17
        # except a few young adults still at home.
        gaps = [0 if r() < 0.03 else randrange(300, 4 * YEAR) for _ in range(n_children - 1)]
        spread = sum(gaps)
        youngest = randrange(0, max(YEAR, 18 * YEAR - spread))
        if r() < 0.06:
            youngest += randrange(YEAR, 4 * YEAR)
        ages = [youngest + spread]
        for gap in gaps:
            ages.append(ages[-1] - gap)
        eldest = ages[0]
        gap_a = randrange(GAP_MIN, max(GAP_MIN + 1, min(40 * YEAR, GAP_MAX - spread)))
        age_a = eldest + gap_a
        gap_b = min(max(gap_a + randrange(-4 * YEAR, 6 * YEAR), GAP_MIN), GAP_MAX - spread)
        age_b = eldest + gap_b

        # Parents: mostly a mother and a father; some same-sex couples; most
        # sole parents are mothers.
        if n_parents == 2:
            gender_a = FEMALE if r() < 0.95 else MALE
            gender_b = (MALE if gender_a == FEMALE else FEMALE) if r() < 0.96 else gender_a
        else:
            gender_a, gender_b = (FEMALE if r() < 0.85 else MALE), MALE
        culture_a = self.culture()
        culture_b = (culture_a if r() < 0.6 else self.culture()) if n_parents == 2 else None
        birth_a = make.surname(culture_a)
        family_a = birth_a
        family_b = make.surname(culture_b) if culture_b is not None else ""

        pid_a = make.person(age_a, gender_a, may_be_unknown=True)
        together = today - eldest - randrange(0, 6 * YEAR)
        took_name = n_parents == 2 and gender_a == FEMALE and gender_b == MALE and r() < 0.35
        if took_name:
            family_a = family_b
        given_a = self.name_person(pid_a, culture_a, gender_a, family_a)
        if took_name:
            make.name(pid_a, PREVIOUS, given_a, birth_a, valid_to=together)  # her birth name
        pid_b = 0
        if culture_b is not None:
            pid_b = make.person(age_b, gender_b, may_be_unknown=True)
            self.name_person(pid_b, culture_b, gender_b, family_b)
            make.relate(pid_a, pid_b, PARTNER, started=together)

        # Tamariki: the father's surname, the mother's, or both hyphenated.
        roll = r()
        if culture_b is None:
            kid_family = family_a if roll < 0.85 else make.surname(self.pools.general)
        else:
            father, mother = (family_b, family_a) if gender_b == MALE else (family_a, family_b)
            if roll < 0.6 or father == mother:
                kid_family = father
            elif roll < 0.85:
                kid_family = mother
            else:
                kid_family = f"{father}-{mother}" if roll < 0.95 else f"{mother}-{father}"
        kids = []
        for age in ages:
            gender = self.child_gender()
            pid = make.person(age, gender)
            self.name_person(pid, self.child_culture(culture_a, culture_b), gender, kid_family)
            make.relate(pid_a, pid, PARENT)
            if pid_b:
                make.relate(pid_b, pid, PARENT)
            kids.append((pid, age))
        for i, (older, _) in enumerate(kids):
            for younger, _ in kids[i + 1 :]:
                make.relate(older, younger, SIBLING)

        # A's child with a previous partner, and that partner if on record.
        half_pid = ex_pid = age_h = 0
        half_at_home = has_half and r() < 0.4
        if has_half:
            age_h = max(0, min(eldest + randrange(YEAR, 6 * YEAR), age_a - GAP_MIN))
            gender_h = self.child_gender()
            half_pid = make.person(age_h, gender_h)
            culture_x = self.culture()
            family_x = make.surname(culture_x)
            self.name_person(half_pid, self.child_culture(culture_a, culture_x), gender_h, family_x)
            make.relate(pid_a, half_pid, PARENT)
            for kid, _ in kids:
                make.relate(kid, half_pid, HALF_SIBLING)
            if has_ex:
                age_x = min(max(age_a + randrange(-5 * YEAR, 7 * YEAR), age_h + GAP_MIN), age_h + GAP_MAX)
                gender_x = MALE if gender_a == FEMALE else FEMALE
                ex_pid = make.person(age_x, gender_x, may_be_unknown=True)
                self.name_person(ex_pid, culture_x, gender_x, family_x)
                make.relate(ex_pid, half_pid, PARENT)
                met = today - age_h - randrange(YEAR, 4 * YEAR)
                make.relate(pid_a, ex_pid, PARTNER, started=met, ended=min(today - 30, met + randrange(2, 8) * YEAR))

        # Grandparents: A's parents, sometimes living in the house.
        grands: list[tuple[int, int | None]] = []
        grand_at_home = n_grand > 0 and r() < 0.3
        if n_grand:
            age_g = age_a + randrange(GAP_MIN, GAP_MAX - 4 * YEAR)
            for g in range(n_grand):
                gender_g = MALE if g else FEMALE
                age = min(max(age_g + (randrange(0, 5 * YEAR) if g else 0), age_a + GAP_MIN), age_a + GAP_MAX)
                died = None
                if not grand_at_home and (age > 88 * YEAR or r() < 0.05):
                    died = today - randrange(30, 10 * YEAR)
                gpid = make.person(age, gender_g, may_be_unknown=True, deceased=died)
                self.name_person(gpid, culture_a, gender_g, birth_a)
                make.relate(gpid, pid_a, PARENT)
                for kid, _ in kids:
                    make.relate(gpid, kid, GRANDPARENT)
                if half_pid:
                    make.relate(gpid, half_pid, GRANDPARENT)
                grands.append((gpid, died))
            if len(grands) == 2:
                make.relate(grands[0][0], grands[1][0], PARTNER)

        # Addresses: the home everyone shares, sometimes the one before it.
        moved_in = today - randrange(30, 12 * YEAR)
        protected = r() < 0.012
        home = self.home()
        adults = [pid_a, pid_b] if pid_b else [pid_a]
        residents = [(p, None) for p in adults] + [(k, today - a) for k, a in kids]
        if half_at_home:
            residents.append((half_pid, None))
        if grand_at_home:
            residents.extend((g, None) for g, _ in grands)
        for pid, born in residents:
            since = moved_in if born is None or born < moved_in else born
            make.lives_at(pid, home, since=since, protected=protected)
        if r() < 0.15:
            before = self.home()
            left_before = moved_in - randrange(YEAR, 8 * YEAR)
            for pid, born in residents:
                if born is None or born < moved_in:
                    make.lives_at(
                        pid, before, since=left_before if born is None else max(born, left_before), until=moved_in
                    )

        # Everyone else lives elsewhere.
        if ex_pid or (has_half and not half_at_home):
            other = self.home()
            if ex_pid:
                make.lives_at(ex_pid, other, since=today - randrange(30, 8 * YEAR))
            if not half_at_home:
                make.lives_at(half_pid, other, since=today - age_h)
        if grands and not grand_at_home:
            theirs = self.home()
            since = today - randrange(5 * YEAR, 30 * YEAR)
            for gpid, died in grands:
                make.lives_at(gpid, theirs, since=since if died is None else min(since, died - 1), until=died)
        return n_parents + n_children + has_half + has_ex + n_grand
