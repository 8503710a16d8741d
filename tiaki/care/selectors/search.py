"""Finding a placement: approved caregiver households with room for a child
(and the brothers and sisters to be placed with them), for their age, ranked
by how well they match the child's needs, iwi, culture and distance from
their whānau and school, each with its reasons in plain words.

Only someone who may place the child sees it: the actor must be able to
record on an open case the child is in (tiaki.casework.reach.case_decision
with ``write``); anyone else is answered as for a missing child (404, the
refusal audited). A household with a member sealed from the actor
(tiaki.access.sealed) is absent from the results, not marked.

A household's address, suburb, city and coordinates are SENSITIVE (its
children's placement location): they are read to measure distances and
never leave this module. A result holds the household's reference, name,
kind, free places, whole-kilometre distances from two localities
(tiaki.care.places, towns, never addresses) and its reasons. A protected
address never feeds a distance: the distance to it would say where it is.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count, F, OuterRef, Q, Subquery, TextField
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from tiaki.access import Permission, sealed
from tiaki.access.models import StaffSubjectLink
from tiaki.access.paths import reading, selector
from tiaki.access.scoping import HIDDEN, NO_RELATIONSHIP, Decision, person_decision, refuse
from tiaki.audit.actions import AuditAction
from tiaki.care import places
from tiaki.care.codes import NEEDS
from tiaki.care.models import CareEpisode, CaregiverCheck, CaregiverHousehold, HouseholdMember, Placement
from tiaki.casework.models import Case, CaseParticipant
from tiaki.casework.reach import case_decision
from tiaki.casework.selectors.cases import age_on
from tiaki.people.models import Person, PersonAddress, PersonIwi, Relationship
from tiaki.staff.models import User

#: How many households a search shows, best first (the count says how many matched).
LIMIT = 25
#: The ages a search is for: children and young people in care (to 21 with transition support).
MIN_AGE, MAX_AGE = 0, 20
#: At most this many brothers and sisters placed with the child.
MAX_SIBLINGS = 9

KINDS: dict[str, str] = dict(CaregiverHousehold.Kind.choices)

_SIBLING_KINDS = (Relationship.Kind.SIBLING, Relationship.Kind.HALF_SIBLING)
_PARENT_KINDS = (Relationship.Kind.PARENT, Relationship.Kind.STEP_PARENT)


class SearchInputError(ValueError):
    """Criteria that cannot be searched on, by field (the form's and the API's names)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class SearchCriteria:
    """What a placement is sought for. ``age`` None: not known (no age filter)."""

    age: int | None = None
    needs: frozenset[str] = frozenset()
    #: How many brothers and sisters need to be placed with the child.
    siblings_together: int = 0
    iwi: tuple[str, ...] = ()
    culture: str = ""
    whanau_locality: str = ""
    school_locality: str = ""
    kinds: frozenset[str] = field(default_factory=lambda: frozenset(KINDS))

    @classmethod
    def for_child(cls, child_id: int, *, today: dt.date | None = None, school_locality: str = "",
                  actor: User | None = None) -> SearchCriteria:  # fmt: skip
        """The defaults worked out from the child alone: their age, their iwi,
        their brothers and sisters in care not placed with them now, and the
        town of their own or a parent's last address that is not protected.
        Reads personal data: only placement_search calls it, inside its read."""
        today = today or timezone.localdate()
        dob = Person.objects.filter(pk=child_id).values_list("date_of_birth", flat=True).first()
        iwi = list(
            dict.fromkeys(PersonIwi.objects.filter(person_id=child_id).order_by("pk").values_list("iwi", flat=True))
        )
        return cls(
            age=age_on(dob, today) if dob is not None else None,
            iwi=tuple(iwi),
            siblings_together=_siblings_apart_in_care(child_id, actor),
            whanau_locality=_whanau_locality(child_id, actor),
            school_locality=school_locality,
        )

    def checked(self) -> SearchCriteria:
        """These criteria with localities named officially, or SearchInputError
        naming each field at fault (never repeating what was typed)."""
        errors: dict[str, str] = {}
        if self.age is not None and not MIN_AGE <= self.age <= MAX_AGE:
            errors["age"] = f"Age must be between {MIN_AGE} and {MAX_AGE}"
        unknown = sorted(self.needs - set(NEEDS))
        if unknown:
            errors["needs"] = "Choose needs from the list"
        if not 0 <= self.siblings_together <= MAX_SIBLINGS:
            errors["siblings"] = f"Brothers and sisters to place together must be between 0 and {MAX_SIBLINGS}"
        if not self.kinds or self.kinds - set(KINDS):
            errors["kinds"] = "Choose at least one kind of caregiver from the list"
        whanau, school = self.whanau_locality.strip(), self.school_locality.strip()
        whanau_name = places.locality_name(whanau) if whanau else ""
        school_name = places.locality_name(school) if school else ""
        if whanau_name is None:
            errors["whanau_locality"] = "Enter the whānau's town or city as the list names it"
        if school_name is None:
            errors["school_locality"] = "Enter the school's town or city as the list names it"
        if errors:
            raise SearchInputError(errors)
        return replace(self, whanau_locality=whanau_name or "", school_locality=school_name or "",
                       iwi=tuple(i.strip() for i in self.iwi if i.strip()), culture=self.culture.strip())  # fmt: skip


@dataclass(frozen=True)
class Candidate:
    """One household as a search shows it: never its address or whereabouts."""

    household_id: int
    reference: str
    name: str
    kind: str
    kind_label: str
    free_places: int
    whanau_km: int | None
    school_km: int | None
    kin: bool
    score: int
    reasons: tuple[str, ...]
    #: Criteria it does not meet, each "Does not meet: ...".
    unmet: tuple[str, ...]


@dataclass(frozen=True)
class PlacementSearch:
    child_id: int
    criteria: SearchCriteria
    candidates: list[Candidate]
    #: How many households matched (the candidates are the best LIMIT of them).
    matched: int
    #: The child has a current placement (a move, not a first placement).
    has_current_placement: bool
    #: The child has an open episode in care.
    in_care: bool


# --- The child's defaults -----------------------------------------------------------


def _relatives(child_id: int, kinds: Iterable[str], *, child_is: str | None = None) -> list[int]:
    """People related to the child by ``kinds`` (either way round, or with
    the child as ``child_is``: "to" for the child's parents), current ones:
    one statement (both directions are indexed)."""
    rows = Relationship.objects.filter(
        Q(to_person_id=child_id) if child_is == "to" else Q(to_person_id=child_id) | Q(from_person_id=child_id),
        kind__in=list(kinds),
        ended_on__isnull=True,
    ).values_list("from_person_id", "to_person_id")
    return sorted({other if other != child_id else this for other, this in rows} - {child_id})


def _siblings_apart_in_care(child_id: int, actor: User | None) -> int:
    """Brothers and sisters in care (an open episode) not placed with the child
    now; one sealed from the actor is not counted (sealed means absent)."""
    siblings = sealed.shown_person_ids(actor, _relatives(child_id, _SIBLING_KINDS))
    if not siblings:
        return 0
    in_care = set(
        CareEpisode.objects.filter(child_id__in=siblings, left_on__isnull=True).values_list("child_id", flat=True)
    )
    homes = dict(
        Placement.objects.filter(child_id__in=[child_id, *in_care], ended_on__isnull=True).values_list(
            "child_id", "household_id"
        )
    )
    own = homes.get(child_id)
    return sum(1 for sid in in_care if own is None or homes.get(sid) != own)


def _last_address(person_id: int) -> PersonAddress | None:
    return (
        PersonAddress.objects.filter(person_id=person_id)
        .select_related("address")
        .order_by(F("valid_to").desc(nulls_first=True), F("valid_from").desc(nulls_last=True), "-pk")
        .first()
    )


def _whanau_locality(child_id: int, actor: User | None) -> str:
    """The town of the child's last address, else of a parent's, where that
    address is not protected and the town is in the gazetteer. A protected
    last address is passed over, never an older one taken in its place: the
    whānau may have moved to it."""
    parents = sealed.shown_person_ids(actor, _relatives(child_id, _PARENT_KINDS, child_is="to"))
    for person_id in [child_id, *parents]:
        address = _last_address(person_id)
        if address is None or address.protected:
            continue
        name = places.locality_name(address.address.city) or places.locality_name(address.address.suburb)
        if name:
            return name
    return ""


# --- Who may place ------------------------------------------------------------------


def _placing_decision(actor: User, child_id: int, now: dt.datetime) -> Decision:
    """Whether ``actor`` may place the child: they may read the child and
    record on an open case the child is in. A missing child and an
    out-of-reach one take the person decision's one path."""
    read = person_decision(actor, child_id, now=now)
    if not read.allowed:
        return read
    cases = CaseParticipant.objects.filter(person_id=child_id, case__status=Case.Status.OPEN)
    for case_id in cases.order_by("case_id").values_list("case_id", flat=True).distinct():
        placing = case_decision(actor, case_id, write=True, now=now)
        if placing.allowed:
            return placing
        if placing.reason not in HIDDEN:
            return placing  # a role or induction refusal: the actor should hear why
    return refuse(NO_RELATIONSHIP)


# --- The search -----------------------------------------------------------------


def _candidates(criteria: SearchCriteria, today: dt.date) -> list[dict[str, Any]]:
    """Approved households of the kinds asked for, taking the child's age,
    with room for them and their brothers and sisters, every current
    caregiver with a clear police vet in date: one statement, placements
    counted (one grouped join) and caregivers without a vet found (one
    subquery, not one per household) in it."""
    # A caregiver without a clear police vet in date cannot be placed with
    # (tiaki.care.services.placements refuses it), so their household is not offered.
    vetted = CaregiverCheck.objects.filter(
        kind=CaregiverCheck.Kind.POLICE_VET, outcome=CaregiverCheck.Outcome.CLEAR, member__isnull=False
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
    lapsed = (
        HouseholdMember.objects.filter(role=HouseholdMember.Role.CAREGIVER, left_on__isnull=True)
        .exclude(pk__in=vetted.values("member_id"))
        .values("household_id")
    )
    current = (
        Placement.objects.filter(household_id=OuterRef("pk"), ended_on__isnull=True)
        .values("household_id")
        .annotate(n=Count("pk"))
    )
    rows = CaregiverHousehold.objects.filter(status=CaregiverHousehold.Status.APPROVED, kind__in=sorted(criteria.kinds))
    if criteria.age is not None:
        rows = rows.filter(age_min__lte=criteria.age, age_max__gte=criteria.age)
    rows = (
        rows.exclude(pk__in=lapsed)
        # Current placements only, from the (household, ended_on) index: a
        # join over every placement a household ever had was most of the time.
        .annotate(placed=Coalesce(Subquery(current.values("n")[:1]), 0))
        .filter(capacity__gte=F("placed") + 1 + criteria.siblings_together)
        # The code lists as their text: many households share one, parsed once (_codes).
        .annotate(needs_text=Cast("needs_met", TextField()), iwi_text=Cast("iwi", TextField()))
    )
    columns = ("pk", "name", "kind", "capacity", "placed", "takes_siblings", "needs_text", "iwi_text", "culture",
               "latitude", "longitude")  # fmt: skip
    found = list(rows.values(*columns))
    for row in found:
        row["needs_met"], row["iwi"] = _codes(row.pop("needs_text")), _codes(row.pop("iwi_text"))
    return found


@functools.lru_cache(maxsize=4096)
def _codes(text: str | None) -> tuple[str, ...]:
    """A JSON list of names or codes, as a tuple (anything else: none)."""
    try:
        value = json.loads(text) if text else []
    except ValueError:
        return ()
    return tuple(str(item) for item in value) if isinstance(value, list) else ()


def _hidden_households(actor: User, household_ids: set[int]) -> set[int]:
    """Households with a current member sealed from ``actor``: only members
    who could be (marked sealed, merged into one that is, or linked to the
    actor) are read, then decided by the one rule (tiaki.access.sealed)."""
    if not household_ids:
        return set()
    linked = StaffSubjectLink.objects.filter(user=actor).values("person_id")
    maybe = HouseholdMember.objects.filter(
        Q(person__sealed=True) | Q(person__merged_into__sealed=True) | Q(person_id__in=linked),
        household_id__in=sorted(household_ids),
        left_on__isnull=True,
    ).values_list("household_id", "person_id")
    members = list(maybe)
    hidden = sealed.hidden_person_ids(actor, [pid for _, pid in members])
    return {hid for hid, pid in members if pid in hidden}


def _kin_households(child_id: int) -> set[int]:
    """Approved households with a current member related to the child on the register."""
    relatives = _relatives(child_id, [kind for kind, _ in Relationship.Kind.choices])
    if not relatives:
        return set()
    return set(
        HouseholdMember.objects.filter(
            person_id__in=relatives, left_on__isnull=True, household__status=CaregiverHousehold.Status.APPROVED
        ).values_list("household_id", flat=True)
    )


#: Households' iwi and cultures repeat: each spelling is folded once.
_fold = functools.lru_cache(maxsize=4096)(places.fold)


def _need_labels(codes: Iterable[str]) -> str:
    labels = [NEEDS[code] for code in NEEDS if code in set(codes)]
    return ", ".join(label[:1].lower() + label[1:] if not label.startswith("Te ") else label for label in labels)


def _km(point: tuple[float, float] | None, row: dict[str, Any]) -> int | None:
    if point is None or row["latitude"] is None or row["longitude"] is None:
        return None
    return round(places.distance_between(row["latitude"], row["longitude"], *point))


def _ranked(row: dict[str, Any], criteria: SearchCriteria, kin: bool, whanau: tuple[float, float] | None,
            school: tuple[float, float] | None, *, explain: bool = True) -> Candidate:  # fmt: skip
    """The household's score and, with ``explain``, its reasons: every row
    is scored, only those shown are explained (the same arithmetic)."""
    reasons: list[str] = []
    unmet: list[str] = []
    score = 0
    if kin:
        reasons.append("Whānau or kin caregivers")
        score += 100
    free = row["capacity"] - row["placed"]
    reasons.append(f"Has room for {free} {'child' if free == 1 else 'children'}")
    score += min(free - 1 - criteria.siblings_together, 3)
    if criteria.siblings_together:
        if row["takes_siblings"]:
            reasons.append("Takes brothers and sisters together")
            score += 20
        else:
            unmet.append("Does not meet: takes brothers and sisters together")
            score -= 20
    # Named as the household names them (macrons kept where a search left them out).
    ours = {_fold(name) for name in criteria.iwi}
    shared = [name for name in row["iwi"] if _fold(name) in ours]
    if shared:
        label = "Shares an iwi connection" if len(shared) == 1 else "Shares iwi connections"
        if explain:
            reasons.append(f"{label}: {', '.join(dict.fromkeys(shared))}")
        score += 15 * len(shared)
    if criteria.culture:
        if _fold(criteria.culture) in _fold(row["culture"] or ""):
            reasons.append(f"Shares culture: {criteria.culture}")
            score += 10
        else:
            unmet.append(f"Does not meet: culture ({criteria.culture})")
    met = criteria.needs & set(row["needs_met"])
    if met:
        if explain:
            reasons.append(f"Meets needs: {_need_labels(met)}")
        score += 10 * len(met)
    if criteria.needs - met:
        if explain:
            unmet.append(f"Does not meet: {_need_labels(criteria.needs - met)}")
        score -= 10 * len(criteria.needs - met)
    whanau_km, school_km = _km(whanau, row), _km(school, row)
    for km, what, weight in ((whanau_km, "whānau", 30), (school_km, "school", 20)):
        if km is not None:
            reasons.append(f"{km} km from {what}")
            score += max(0, round(weight * (1 - km / 200)))
    return Candidate(
        household_id=row["pk"], reference=f"CG-{row['pk']:05d}", name=row["name"], kind=row["kind"],
        kind_label=KINDS.get(row["kind"], row["kind"]), free_places=free, whanau_km=whanau_km, school_km=school_km,
        kin=kin, score=score, reasons=tuple(reasons), unmet=tuple(unmet),
    )  # fmt: skip


@selector(AuditAction.PLACEMENT_SEARCH, permission=Permission.PLACEMENT_SEARCH)
def placement_search(
    *,
    actor: User,
    child_id: int,
    criteria: SearchCriteria | None = None,
    errors: dict[str, str] | None = None,
    now: dt.datetime | None = None,
) -> PlacementSearch:
    """Approved caregiver households for the child, best first (kin first,
    then by score), for someone who may place them: who may record on an
    open case the child is in. ``criteria`` None: the child's defaults
    (SearchCriteria.for_child). Bad criteria (or ``errors`` the caller found
    parsing them) raise SearchInputError after the access check, so an
    out-of-reach child is a 404 whatever was typed."""
    now = now or timezone.now()
    decision = _placing_decision(actor, child_id, now)
    with reading(actor, decision=decision, subject_type="person", subject_ids=[child_id],
                 relationship=f"placement-search:{decision.relationship}"):  # fmt: skip
        if errors:
            raise SearchInputError(errors)
        today = timezone.localdate(now)
        asked = (criteria or SearchCriteria.for_child(child_id, today=today, actor=actor)).checked()
        rows = _candidates(asked, today)
        hidden = _hidden_households(actor, {row["pk"] for row in rows})
        rows = [row for row in rows if row["pk"] not in hidden]
        kin = _kin_households(child_id)
        whanau = places.locality(asked.whanau_locality) if asked.whanau_locality else None
        school = places.locality(asked.school_locality) if asked.school_locality else None
        scored = [(_ranked(row, asked, row["pk"] in kin, whanau, school, explain=False), row) for row in rows]
        scored.sort(key=lambda pair: _order(pair[0]))
        ranked = [_ranked(row, asked, c.kin, whanau, school) for c, row in scored[:LIMIT]]
        in_care = CareEpisode.objects.filter(child_id=child_id, left_on__isnull=True).exists()
        placed = Placement.objects.filter(child_id=child_id, ended_on__isnull=True).exists()
    return PlacementSearch(child_id, asked, ranked, len(scored), placed, in_care)


def _order(c: Candidate) -> tuple[bool, int, int, int]:
    """Kin first, then the best score, the nearest to whānau, the longest registered."""
    return (not c.kin, -c.score, c.whanau_km if c.whanau_km is not None else 10**6, c.household_id)
