"""The disclosure guard: what an artefact may not carry to its recipient.

``check(artefact, recipient)`` is a pure read (no audit: the pipeline,
tiaki.disclosure.services.pipeline, records what it decides). It reads the
rules as policy data (GuardRule rows: enabled, overridable, when_unnamed,
every_external, why) and returns one Finding per thing to remove, in words
that say what and why and never quote the protected value.

What it looks for, in every item of the artefact:

- the Facts a producer declared (``rule`` and ``about_person``);
- a text scan (case, macrons, punctuation and street-type abbreviations
  folded: "14 Rata St" is "14 Rātā Street") for the protected addresses
  (PersonAddress.protected) of the subjects and of everyone related to them,
  the placement locations of subject children (Placement.location and the
  household's address), the names and contact details of the notifiers of
  reports of concern about the subjects, and the full names of other
  children (children related to a subject who are not subjects themselves).
  A street line is also found without its house number ("Rātā Street").

Who may not receive it. The *danger set* of a protected person P is the
people named as ``other_person`` on P's current alerts (no end date, or one
still to come), and the people linked to them by a current Relationship,
one hop only (the father's mother, his new partner, his brother: the people
most likely to pass it on; two hops would take in most of a whānau and
block letters the protection does not need). P is never in their own
danger set. For a placement location the protected people are the child
and the household's current members (their caregivers).

The people *behind* a recipient: a person is themselves; a household is its
current members; a caregiver or partner account (RecipientAccount) is its
person; an organisation is nobody on the register unless an account names
a person. Merged records are followed both ways (a recipient recorded twice
is still the same person).

Rules:

- protected_address, placement_location, sensitive: a finding when someone
  behind the recipient is in the danger set. With nobody named and the
  rule's ``when_unnamed`` "block", it goes only to the person it is about,
  their own household (for a placement, the household the child is placed
  with), or staff.
- notifier_identity (``every_external``): never to a recipient outside the
  agency.
- other_child: never outside the agency, except to that child.
- sealed (never overridable, whatever the row says): a subject hidden from a
  user behind the recipient (tiaki.access.sealed.hidden_person_ids): the
  staff user, a caregiver or partner account's user, and for a person or
  household, the staff who are those people themselves (a StaffSubjectLink
  of kind "self"); for those, the records sealed only because of their own
  whānau links are not counted (a parent may be written to about their own
  child).
- Staff recipients are checked only for sealed, and for SENSITIVE
  information (protected addresses, placement locations, notifiers,
  sensitive facts) when they may not read it (person_sensitive:read).

Fast: a fixed number of queries whatever the number of items (a 50-item
pack is checked in a few milliseconds; bench op disclosure.guard_pack_50).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from tiaki.access import Permission, has_permission
from tiaki.access.models import StaffSubjectLink
from tiaki.access.sealed import hidden_person_ids
from tiaki.care.models import HouseholdMember, Placement
from tiaki.disclosure.artefacts import Artefact, Item, Recipient
from tiaki.disclosure.models import GuardRule, RecipientAccount
from tiaki.disclosure.policy import DEFAULT_RULES
from tiaki.intake.models import ReportPerson
from tiaki.people.models import Person, PersonAddress, PersonAlert, PersonName, Relationship
from tiaki.people.selectors.record import display_names
from tiaki.staff.models import User

Code = GuardRule.Code

#: Rules about SENSITIVE information (checked for staff who may not read it).
_SENSITIVE_RULES = frozenset({Code.PROTECTED_ADDRESS, Code.PLACEMENT_LOCATION, Code.NOTIFIER_IDENTITY, Code.SENSITIVE})
_ADULT_AGE = 18
#: How a person is linked to a danger when they share a household rather than a Relationship.
_SAME_HOUSEHOLD = "same-household"


@dataclass(frozen=True)
class Finding:
    """One thing to remove before the artefact may reach its recipient."""

    rule: str
    item_key: str
    item_label: str
    about_person: int | None
    protected_from: int | None
    #: What to remove and why, for the sender; never quotes the protected value.
    words: str
    overridable: bool


# Normalising text for the scan.

_STREET_TYPES = {
    "street": "st", "str": "st", "road": "rd", "avenue": "ave", "av": "ave", "place": "pl", "drive": "dr",
    "crescent": "cres", "cr": "cres", "cresc": "cres", "terrace": "tce", "terr": "tce", "lane": "ln",
    "court": "ct", "highway": "hwy", "grove": "gr", "close": "cl", "parade": "pde", "square": "sq",
    "boulevard": "blvd", "mount": "mt", "saint": "st", "quay": "qy", "esplanade": "esp",
}  # fmt: skip
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_DIGIT_GAP = re.compile(r"(?<=\d) (?=\d)")


def normalise(text: str) -> str:
    """Lower case, macrons and accents folded, apostrophes dropped, anything
    else not a letter or digit a single space, street types abbreviated, and
    digit groups run together ("021 555 1234" is "0215551234"), so that a
    value and a text are compared alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    for mark in ("'", "\u02bb", "\u2018", "\u2019", "`"):
        plain = plain.replace(mark, "")
    words = [_STREET_TYPES.get(w, w) for w in _NOT_WORD.sub(" ", plain).split()]
    return _DIGIT_GAP.sub("", " ".join(words))


def street_patterns(street: str) -> tuple[str, ...]:
    """The forms a street line is found in: whole, and without its house
    number when what is left still names a street ("rata st")."""
    whole = normalise(street)
    if not whole:
        return ()
    words = whole.split()
    while words and any(c.isdigit() for c in words[0]):
        words.pop(0)
    bare = " ".join(words)
    if len(words) >= 2 and bare != whole:
        return (whole, bare)
    return (whole,)


@dataclass
class _Value:
    """A protected value the scan looks for."""

    rule: str
    about_person: int
    patterns: tuple[str, ...]
    #: For an address: which (a household at it may receive a placement location).
    address_id: int | None = None
    household_id: int | None = None


@dataclass
class _Recipient:
    persons: set[int] = field(default_factory=set)
    households: set[int] = field(default_factory=set)
    household_addresses: set[int] = field(default_factory=set)
    users: set[int] = field(default_factory=set)
    #: Users who are a person behind the recipient (their own whānau links do not seal).
    self_users: set[int] = field(default_factory=set)


def _today() -> dt.date:
    return timezone.localdate()


def _current(prefix: str = "", today: dt.date | None = None, end: str = "ended_on") -> Q:
    today = today or _today()
    return Q(**{f"{prefix}{end}__isnull": True}) | Q(**{f"{prefix}{end}__gte": today})


def _merged_family(ids: Iterable[int]) -> dict[int, set[int]]:
    """Each id with every record it is one person with (survivor and merged)."""
    ids = set(ids)
    if not ids:
        return {}
    family: dict[int, set[int]] = {pid: {pid} for pid in ids}
    rows = Person.objects.filter(Q(pk__in=ids) | Q(merged_into_id__in=ids)).values_list("pk", "merged_into_id")
    survivors: dict[int, int] = {}
    for pk, survivor in rows:
        if survivor is not None:
            survivors[pk] = survivor
    for pk, survivor in survivors.items():
        if pk in family:
            family[pk].add(survivor)
        if survivor in family:
            family[survivor].add(pk)
    return family


def _related(person_ids: set[int], today: dt.date) -> list[tuple[int, int, str]]:
    """Current relationships of ``person_ids``: (person, other, kind), both ways."""
    if not person_ids:
        return []
    rows = Relationship.objects.filter(
        Q(from_person_id__in=person_ids) | Q(to_person_id__in=person_ids), _current(today=today)
    ).values_list("from_person_id", "to_person_id", "kind")
    found = []
    for a, b, kind in rows:
        if a in person_ids:
            found.append((a, b, kind))
        if b in person_ids:
            found.append((b, a, kind))
    return found


class _Guard:
    def __init__(self, artefact: Artefact, recipient: Recipient, sender: User | None) -> None:
        self.artefact = artefact
        self.recipient = recipient
        self.sender = sender
        self.today = _today()
        self.rules = _active_rules()
        self.findings: dict[tuple[str, str, int | None], Finding] = {}
        self.names: dict[int, str] = {}

    # Loading what is protected.

    def load(self) -> None:
        art = self.artefact
        self.subjects = {int(p) for p in art.subject_ids}
        mentioned = set(self.subjects)
        for item in art.items:
            if item.about_person:
                mentioned.add(int(item.about_person))
            mentioned.update(int(f.about_person) for f in item.facts if f.about_person)
        self.mentioned = mentioned
        relations = _related(self.subjects, self.today)
        related = {other for _, other, _ in relations}
        self.people = mentioned | related
        self.values: list[_Value] = []
        if Code.PROTECTED_ADDRESS in self.rules:
            for pid, address_id, street in PersonAddress.objects.filter(
                person_id__in=self.people, protected=True
            ).values_list("person_id", "address_id", "address__street"):
                self.values.append(_Value(Code.PROTECTED_ADDRESS, pid, street_patterns(street), address_id=address_id))
        # Placements of subject children: where they live, and who cares for them there.
        self.placements: dict[int, list[tuple[int | None, int | None]]] = {}
        placement_rows = list(
            # The subjects' and their relatives' (a sibling in care elsewhere): where any child lives.
            Placement.objects.filter(child_id__in=self.people)
            .filter(_current(today=self.today))
            .values_list("child_id", "household_id", "location_id", "location__street", "household__address_id",
                         "household__address__street")
        )  # fmt: skip
        for child, household, loc_id, loc_street, hh_addr_id, hh_street in placement_rows:
            self.placements.setdefault(child, []).append((household, hh_addr_id or loc_id))
            if Code.PLACEMENT_LOCATION not in self.rules:
                continue
            for addr_id, street in {(loc_id, loc_street), (hh_addr_id, hh_street)}:
                if addr_id and street:
                    self.values.append(_Value(Code.PLACEMENT_LOCATION, child, street_patterns(street),
                                              address_id=addr_id, household_id=household))  # fmt: skip
        households = {h for rows in self.placements.values() for h, _ in rows if h}
        self.caregivers: dict[int, set[int]] = {}
        for hh, pid in HouseholdMember.objects.filter(household_id__in=households, left_on__isnull=True).values_list(
            "household_id", "person_id"
        ):
            self.caregivers.setdefault(hh, set()).add(pid)
        if Code.NOTIFIER_IDENTITY in self.rules:
            for pid, name, contact in (
                ReportPerson.objects.filter(person_id__in=self.subjects)
                .values_list("person_id", "report__notifier_name", "report__notifier_contact")
                .distinct()
            ):
                patterns = tuple(p for p in (normalise(name or ""), normalise(contact or "")) if len(p) >= 3)
                if patterns:
                    self.values.append(_Value(Code.NOTIFIER_IDENTITY, pid, patterns))
        self.other_children: set[int] = set()
        if Code.OTHER_CHILD in self.rules:
            others = related - self.subjects
            # Born less than 18 years ago (29 February answers as 28 February in other years).
            born_after = dt.date(self.today.year - _ADULT_AGE, self.today.month, min(self.today.day, 28))
            if self.today.day > 28:
                born_after += dt.timedelta(days=self.today.day - 28)
            patterns_of: dict[int, set[str]] = {}
            for pid, given, family in (
                PersonName.objects.filter(person_id__in=others, person__date_of_birth__gt=born_after).values_list(
                    "person_id", "given_names", "family_name"
                )
                if others
                else []
            ):
                for full in {f"{given} {family}", f"{(given or '').split(' ')[0]} {family}"}:
                    norm = normalise(full)
                    if len(norm.split()) >= 2:
                        patterns_of.setdefault(pid, set()).add(norm)
            self.other_children = set(patterns_of)
            for pid, found in patterns_of.items():
                self.values.append(_Value(Code.OTHER_CHILD, pid, tuple(sorted(found))))
        self._load_dangers()

    def _load_dangers(self) -> None:
        """The named dangers of everyone whose information may be in the
        artefact, and the people one relationship away from them."""
        protected = set(self.people)
        for members in self.caregivers.values():
            protected |= members
        self.named: dict[int, dict[int, str]] = {}
        for pid, other, kind in PersonAlert.objects.filter(
            _current(today=self.today), person_id__in=protected, other_person__isnull=False
        ).values_list("person_id", "other_person_id", "kind"):
            self.named.setdefault(pid, {})[other] = kind
        named_ids = {o for by in self.named.values() for o in by}
        family = _merged_family(named_ids)
        self.named_family = family
        everyone = set().union(*family.values()) if family else set()
        #: Who is linked to each named danger (one hop), and how.
        self.linked: dict[int, dict[int, str]] = {}
        for danger, other, kind in _related(everyone, self.today):
            self.linked.setdefault(other, {})[danger] = kind
        # And who lives with them in a household on the register (a flatmate, a new partner not yet recorded).
        if everyone:
            homes: dict[int, set[int]] = {}
            for home, danger in HouseholdMember.objects.filter(
                person_id__in=everyone, left_on__isnull=True
            ).values_list("household_id", "person_id"):
                homes.setdefault(home, set()).add(danger)
            for home, other in HouseholdMember.objects.filter(household_id__in=homes, left_on__isnull=True).values_list(
                "household_id", "person_id"
            ):
                for danger in homes[home] - {other}:
                    self.linked.setdefault(other, {}).setdefault(danger, _SAME_HOUSEHOLD)
        self.to_named = {m: pid for pid, ids in family.items() for m in ids}

    def load_recipient(self) -> None:
        r = self.recipient
        behind = _Recipient()
        if r.user_id:
            behind.users.add(r.user_id)
        if r.person_id:
            behind.persons.add(r.person_id)
            behind.households |= set(
                HouseholdMember.objects.filter(person_id=r.person_id, left_on__isnull=True).values_list(
                    "household_id", flat=True
                )
            )
        if r.household_id:
            behind.households.add(r.household_id)
            behind.persons |= set(
                HouseholdMember.objects.filter(household_id=r.household_id, left_on__isnull=True).values_list(
                    "person_id", flat=True
                )
            )
        accounts = RecipientAccount.objects.none()
        if r.user_id:
            accounts = RecipientAccount.objects.filter(user_id=r.user_id)
        elif r.household_id:
            accounts = RecipientAccount.objects.filter(household_id=r.household_id)
        elif r.organisation_id:
            accounts = RecipientAccount.objects.filter(organisation_id=r.organisation_id)
        for user, person, household in accounts.values_list("user_id", "person_id", "household_id"):
            behind.users.add(user)
            if person:
                behind.persons.add(person)
            if household and r.kind != "household":
                behind.households.add(household)
        if behind.persons:
            family = _merged_family(behind.persons)
            behind.persons = set().union(*family.values())
            selves = set(
                StaffSubjectLink.objects.filter(
                    person_id__in=behind.persons, kind=StaffSubjectLink.Kind.SELF
                ).values_list("user_id", flat=True)
            )
            behind.self_users = selves - behind.users
            behind.users |= selves
        self.behind = behind

    # Deciding.

    def run(self) -> list[Finding]:
        if not self.rules:
            return []
        self.load()
        self.load_recipient()
        self.names = display_names(
            self.people | set(self.to_named) | self.behind.persons | {p for ps in self.caregivers.values() for p in ps}
        )
        if Code.SEALED in self.rules:
            self._sealed()
        for item in self._scanned_items():
            for fact in item.facts:
                self._decide(fact.rule, fact.about_person, item.key, item.label, fact_words=fact.what)
            text = f" {normalise(item.text)} " if item.text else ""
            if not text.strip():
                continue
            for value in self.values:
                if any(f" {p} " in text for p in value.patterns):
                    self._decide(value.rule, value.about_person, item.key, item.label, value=value)
        return list(self.findings.values())

    def _scanned_items(self) -> list[Item]:
        """Every item, and the parts of the artefact around them a sender can
        type into: its title, a letter's subject line and its address block."""
        art, extra = self.artefact, []
        if art.title:
            extra.append(Item(key="title", label="Title", text=art.title))
        if art.letter_subject:
            extra.append(Item(key="letter_subject", label="Subject line", text=art.letter_subject))
        if self.recipient.address_lines:
            extra.append(Item(key="address_lines", label="Address block", text=self.recipient.address_lines))
        return [*extra, *art.items]

    def _sealed(self) -> None:
        candidates = self.mentioned
        if not self.behind.users or not candidates:
            return
        users = {u.pk: u for u in User.objects.filter(pk__in=self.behind.users)}
        own_links: dict[int, set[int]] = {}
        if self.behind.self_users:
            for user, pid in StaffSubjectLink.objects.filter(user_id__in=self.behind.self_users).values_list(
                "user_id", "person_id"
            ):
                own_links.setdefault(user, set()).add(pid)
        hidden: set[int] = set()
        for uid, staff in users.items():
            found = hidden_person_ids(staff, candidates)
            if uid in self.behind.self_users:
                # Sealed only because they are this person or their whānau: a
                # person is written to about themselves and their own family.
                found -= own_links.get(uid, set()) | self.behind.persons
            hidden |= found
        for pid in sorted(hidden):
            self._add(Finding(
                rule=Code.SEALED, item_key="", item_label=self.artefact.title, about_person=pid, protected_from=None,
                words=(f"This {self._kind_word()} cannot go to {self.recipient.label}: the record of "
                       f"{self._name(pid)} is sealed from them. Nobody can override this; choose another recipient."),
                overridable=False,
            ))  # fmt: skip

    def _decide(
        self,
        rule: str,
        about: int | None,
        key: str,
        label: str,
        *,
        value: _Value | None = None,
        fact_words: str = "",
    ) -> None:
        if rule not in self.rules or rule == Code.SEALED:
            return
        policy = self.rules[rule]
        what = self._what(rule, about)
        where = f"Remove {what} from '{label}'"
        if not self.recipient.external:
            if rule in _SENSITIVE_RULES and not self._staff_may_read_sensitive():
                self._add(Finding(
                    rule=Code.SENSITIVE if Code.SENSITIVE in self.rules else rule, item_key=key, item_label=label,
                    about_person=about, protected_from=None, overridable=self._overridable(Code.SENSITIVE),
                    words=f"{where}: it is SENSITIVE, and {self.recipient.label} may not see SENSITIVE information.",
                ))  # fmt: skip
            return
        if rule == Code.NOTIFIER_IDENTITY or (policy.every_external and rule != Code.OTHER_CHILD):
            outside = f"this {self._kind_word()} is to {self.recipient.label}, outside it"
            why = (
                "who reports a concern stays within the agency"
                if rule == Code.NOTIFIER_IDENTITY
                else ("it never leaves the agency")
            )
            self._add(Finding(
                rule=rule, item_key=key, item_label=label, about_person=about, protected_from=None,
                overridable=self._overridable(rule), words=f"{where}: {why}, and {outside}.",
            ))  # fmt: skip
            return
        if rule == Code.OTHER_CHILD:
            if about is not None and about in self.behind.persons:
                return
            self._add(Finding(
                rule=rule, item_key=key, item_label=label, about_person=about, protected_from=None,
                overridable=self._overridable(rule),
                words=f"{where}: another child's details belong to that child, and this {self._kind_word()} is "
                      f"about someone else.",
            ))  # fmt: skip
            return
        if about is None:
            # A fact with no person: nobody it could be allowed to, so only the danger check cannot run.
            if policy.when_unnamed == GuardRule.WhenUnnamed.BLOCK:
                self._add(Finding(
                    rule=rule, item_key=key, item_label=label, about_person=None, protected_from=None,
                    overridable=self._overridable(rule),
                    words=f"Remove {fact_words or 'it'} from '{label}': it is protected and may not leave the agency "
                          f"without saying whose it is.",
                ))  # fmt: skip
            return
        protected = {about}
        allowed_households: set[int] = set()
        if rule == Code.PLACEMENT_LOCATION:
            for household, _address in self.placements.get(about, []):
                if household and (value is None or value.household_id in (None, household)):
                    allowed_households.add(household)
                    protected |= self.caregivers.get(household, set())
        # The household the child lives in knows its own address: it is kept
        # from them only if the named danger is one of them, not for a link
        # (a kin placement with the father's mother, whom he is linked to).
        hit = self._danger_hit(protected, direct_only=bool(self.behind.households & allowed_households))
        if hit is not None:
            victim, danger, via, through = hit
            self._add(Finding(
                rule=rule, item_key=key, item_label=label, about_person=about, protected_from=danger,
                overridable=self._overridable(rule),
                words=f"{where}: {self._why_protected(rule)}, and this {self._kind_word()} is to "
                      f"{self._to_whom(via, through, danger)}{self._protection(victim, danger)}.",
            ))  # fmt: skip
            return
        named = any(self.named.get(p) for p in protected)
        if named or policy.when_unnamed != GuardRule.WhenUnnamed.BLOCK:
            return
        if about in self.behind.persons:
            return
        if rule == Code.PLACEMENT_LOCATION:
            if self.behind.households & allowed_households:
                return
            if value is not None and value.address_id in self._recipient_household_addresses():
                return
        elif self._households_of(about) & self.behind.households:
            return
        self._add(Finding(
            rule=rule, item_key=key, item_label=label, about_person=about, protected_from=None,
            overridable=self._overridable(rule),
            words=f"{where}: {self._why_protected(rule)}, and goes only to "
                  f"{self._only_to(rule, about)}; this {self._kind_word()} is to {self.recipient.label}.",
        ))  # fmt: skip

    def _danger_hit(self, protected: set[int], *, direct_only: bool = False) -> tuple[int, int, int, str] | None:
        """(victim, named danger, the person behind the recipient, how linked)
        for the first person behind the recipient in a protected person's
        danger set (with ``direct_only``, only the named dangers themselves)."""
        for victim in sorted(protected):
            for named in sorted(self.named.get(victim, {})):
                family = self.named_family.get(named, {named})
                for person in sorted(self.behind.persons - {victim}):
                    if person in family:
                        return victim, named, person, ""
                    links = {} if direct_only else self.linked.get(person, {})
                    for linked_to in sorted(links):
                        if linked_to in family and person != victim:
                            return victim, named, person, links[linked_to]
        return None

    # Words.

    def _add(self, finding: Finding) -> None:
        self.findings.setdefault((finding.rule, finding.item_key, finding.about_person), finding)

    def _overridable(self, rule: str) -> bool:
        policy = self.rules.get(rule)
        return rule != Code.SEALED and bool(policy and policy.overridable)

    def _staff_may_read_sensitive(self) -> bool:
        if not hasattr(self, "_staff_sensitive"):
            user = User.objects.filter(pk=self.recipient.user_id).first() if self.recipient.user_id else None
            self._staff_sensitive = has_permission(user, Permission.PERSON_SENSITIVE_READ)
        return self._staff_sensitive

    def _recipient_household_addresses(self) -> set[int]:
        found = set()
        for rows in self.placements.values():
            for household, address in rows:
                if household in self.behind.households and address:
                    found.add(address)
        return found

    def _households_of(self, person: int) -> set[int]:
        if not hasattr(self, "_memberships"):
            self._memberships: dict[int, set[int]] = {}
            for hh, pid in HouseholdMember.objects.filter(
                person_id__in=self.people, household_id__in=self.behind.households, left_on__isnull=True
            ).values_list("household_id", "person_id"):
                self._memberships.setdefault(pid, set()).add(hh)
        return self._memberships.get(person, set())

    def _name(self, pid: int | None) -> str:
        if pid is None:
            return "someone"
        return self.names.get(pid) or "a person on the register"

    def _kind_word(self) -> str:
        return {"letter": "letter", "share_pack": "share pack", "api_response": "response"}.get(
            self.artefact.kind, "document"
        )

    def _what(self, rule: str, about: int | None) -> str:
        name = self._name(about)
        words: dict[str, str] = {
            Code.PROTECTED_ADDRESS: f"{name}'s address",
            Code.PLACEMENT_LOCATION: f"where {name} lives (the placement address)",
            Code.NOTIFIER_IDENTITY: f"who reported a concern about {name} (their name or contact details)",
            Code.OTHER_CHILD: f"{name}'s details",
            Code.SENSITIVE: f"the SENSITIVE information about {name}",
        }
        return words.get(rule, f"the protected information about {name}")

    @staticmethod
    def _why_protected(rule: str) -> str:
        words: dict[str, str] = {
            Code.PROTECTED_ADDRESS: "it is protected",
            Code.PLACEMENT_LOCATION: "where a child in care lives is protected",
            Code.SENSITIVE: "it is SENSITIVE",
        }
        return words.get(rule, "it is protected")

    def _to_whom(self, via: int, through: str, danger: int) -> str:
        label = self.recipient.label
        who = self._name(via)
        if (via in self.to_named and self.to_named[via] == danger) or not through:
            person = f"{who}, who" if label == who else f"{label} ({who}), who"
            return f"{person} "
        kind = (
            "lives in the same household"
            if through == _SAME_HOUSEHOLD
            else (dict(Relationship.Kind.choices).get(through, "relative").lower())
        )
        person = who if label == who else f"{label} ({who})"
        return f"{person}, who is linked to {self._name(danger)} ({kind}), who "

    def _protection(self, victim: int, danger: int) -> str:
        if self.sender is not None and not has_permission(self.sender, Permission.PERSON_SENSITIVE_READ):
            # The alert itself is SENSITIVE: a sender who may not read it is told only that it exists.
            return f"{self._name(victim)} is protected from"
        kind = self.named.get(victim, {}).get(danger, "")
        orders: dict[str, str] = {
            PersonAlert.Kind.PROTECTION_ORDER: "a protection order",
            PersonAlert.Kind.FAMILY_VIOLENCE: "a family violence alert",
        }
        return f"{self._name(victim)} is protected from by {orders.get(kind, 'a safety alert')}"

    def _only_to(self, rule: str, about: int) -> str:
        name = self._name(about)
        if rule == Code.PLACEMENT_LOCATION:
            return f"{name}, their caregivers or staff (nobody is named who {name} is protected from)"
        return f"{name}, their own household or staff (nobody is named who {name} is protected from)"


def check(artefact: Artefact, recipient: Recipient, *, sender: User | None = None) -> list[Finding]:
    """Every finding of the enabled guard rules for ``artefact`` going to
    ``recipient`` (empty: it may go). A pure read: no audit. With ``sender``,
    a sender who may not read SENSITIVE information is not told which alert
    protects whom."""
    return _Guard(artefact, recipient, sender).run()


def _active_rules() -> dict[str, GuardRule]:
    """The rules in force by code: each row as the agency set it, and every
    rule without a row as DEFAULT_RULES has it (never silently off)."""
    rows = {r.code: r for r in GuardRule.objects.all()}
    rules: dict[str, GuardRule] = {}
    for code, (overridable, when_unnamed, every_external, why) in DEFAULT_RULES.items():
        row = rows.get(code) or GuardRule(
            code=code, overridable=overridable, when_unnamed=when_unnamed, every_external=every_external, why=why
        )
        if row.enabled:
            rules[code] = row
    return rules
