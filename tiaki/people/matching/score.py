"""Pairwise scoring: how likely a candidate is the person a query describes.

Each piece of evidence adds a weight in log-odds units (positive for
agreement, negative for disagreement, roughly Fellegi-Sunter); the total is
squashed into 0..1 so that a total of ``MATCH_LOGODDS`` is exactly
``MATCH_THRESHOLD``. Every weight carries a plain-language reason.

The rule that matters most for safety is the sibling/twin guard in
``score``: two different given names (not a known variant, not a close
spelling) hold the score below the threshold whatever else agrees, unless
an identifier is the same. Siblings and twins share a surname, an address
and even a birth date, and must never be taken for one person.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from tiaki.people.matching import dates, variants
from tiaki.people.matching.normalise import phonetic
from tiaki.people.matching.records import Candidate, FoldedName, PersonRecord, PreparedQuery

MATCH_THRESHOLD = 0.8
MATCH_LOGODDS = 9.0
_SPREAD = 2.0  # log-odds per e-fold of the squashed score
_BELOW = 0.75  # where the twin guard holds a score


@dataclass(frozen=True)
class Evidence:
    weight: float
    reason: str
    agrees: bool = True
    differs: bool = False  # present on both sides and clearly different


NONE = Evidence(0.0, "", agrees=False)
_NAME_KIND_WORDS = {"previous": "previous name", "alias": "alias", "preferred": "preferred name"}


def _close_spelling(a: str, b: str) -> bool:
    if min(len(a), len(b)) < 3:
        return False
    distance = DamerauLevenshtein.distance(a, b)
    if distance <= 1:
        return True
    return distance == 2 and min(len(a), len(b)) >= 7 and JaroWinkler.similarity(a, b) >= 0.9


def _sounds_alike(a: str, b: str) -> bool:
    # Metaphone alone hears "Hana" and "Hine" as one name (HN); requiring the
    # spellings to be near too keeps sisters apart.
    return phonetic(a) == phonetic(b) and JaroWinkler.similarity(a, b) >= 0.8


def _kind_note(name: FoldedName) -> str:
    word = _NAME_KIND_WORDS.get(name.kind)
    return f" ({word})" if word else ""


def compare_given(q: FoldedName, c: FoldedName) -> Evidence:
    qf, cf = q.first, c.first
    if not qf or not cf:
        return NONE
    note = _kind_note(c)
    if q.given == c.given or qf == cf:
        return Evidence(5.0 if q.given == c.given and len(q.given_tokens) > 1 else 4.0, f"same given name{note}")
    if q.given.replace(" ", "") == c.given.replace(" ", ""):
        return Evidence(4.0, f"same given name{note}")
    kind = variants.variant_kind(qf, cf)
    if kind is not None:
        word = "known alias" if kind == variants.TRANSLITERATION else "nickname"
        return Evidence(3.5, f"{word} {q.given_shown.split()[0]} / {c.given_shown.split()[0]}{note}")
    if len(qf) == 1 or len(cf) == 1:
        return Evidence(1.0, "same initial", agrees=False) if qf[0] == cf[0] else Evidence(-4.0, "", False, True)
    if qf in c.given_tokens[1:] or cf in q.given_tokens[1:]:
        return Evidence(2.5, f"uses a middle name{note}")
    if _sounds_alike(qf, cf):
        return Evidence(3.0, f"sounds like {c.given_shown.split()[0]}{note}")
    if _close_spelling(qf, cf) or _close_spelling(q.given.replace(" ", ""), c.given.replace(" ", "")):
        return Evidence(2.5, f"given name spelt like {c.given_shown.split()[0]}{note}")
    return Evidence(-5.0, "different given name", agrees=False, differs=True)


def compare_family(q: FoldedName, c: FoldedName) -> Evidence:
    if not q.family or not c.family:
        return NONE
    note = _kind_note(c)
    if q.family == c.family:
        return Evidence(3.5, f"same family name{note}")
    if set(q.family_forms) & set(c.family_forms):
        return Evidence(2.5, f"shares part of the family name {c.family_shown}{note}")
    if _sounds_alike(q.family, c.family):
        return Evidence(2.5, f"family name sounds like {c.family_shown}{note}")
    if _close_spelling(q.family, c.family):
        return Evidence(2.5, f"family name spelt like {c.family_shown}{note}")
    # Family names change (marriage, a child taking the other parent's name),
    # so a different one counts against less than a different given name.
    return Evidence(-3.0, "different family name", agrees=False, differs=True)


def _best(evidence: list[Evidence]) -> Evidence:
    return max(evidence, key=lambda e: e.weight) if evidence else NONE


def compare_names(q: FoldedName, names: list[FoldedName]) -> tuple[Evidence, Evidence, bool]:
    """Best given-name and family-name evidence over all the candidate's
    names, trying the query's given and family names the other way round too."""
    given = _best([compare_given(q, c) for c in names])
    family = _best([compare_family(q, c) for c in names])
    swapped_q = FoldedName.of("legal", q.family_shown, q.given_shown)
    if swapped_q.first and q.first and given.weight + family.weight < 7:
        s_given = _best([compare_given(swapped_q, c) for c in names])
        s_family = _best([compare_family(swapped_q, c) for c in names])
        if s_given.agrees and s_family.agrees and s_given.weight + s_family.weight > given.weight + family.weight + 1:
            return s_given, s_family, True
    return given, family, False


_ID_WORDS = {"nhi": "same NHI", "nsn": "same NSN", "msd": "same MSD number"}


def compare_identifier(query_value: str, identifiers: list[tuple[str, str]]) -> Evidence:
    if not query_value or not identifiers:
        return NONE
    for kind, value in identifiers:
        if value == query_value:
            return Evidence(14.0, _ID_WORDS.get(kind, "same identifier"))
    near = [
        k for k, v in identifiers if len(v) == len(query_value) and DamerauLevenshtein.distance(v, query_value) <= 1
    ]
    if near:
        # agrees only for numbers without a check character: twins' NHIs or
        # NSNs may be issued one after the other, a character apart.
        return Evidence(4.0, "identifier one character different", agrees=not set(near) & set(_ID_WORDS))
    # A national number (NHI, NSN) is given once per person; another
    # agency's number is typed from paper more often, so weighs less.
    national = any(kind in _ID_WORDS and len(v) == len(query_value) for kind, v in identifiers)
    return Evidence(-6.0 if national else -1.5, "different identifier", agrees=False, differs=True)


def compare_address(tokens: frozenset[str], postcode: str, addresses: list[tuple[frozenset[str], str]]) -> Evidence:
    if not tokens or not addresses:
        return NONE
    best = NONE
    for their_tokens, their_postcode in addresses:
        shared = tokens & their_tokens
        union = tokens | their_tokens
        overlap = len(shared) / len(union) if union else 0.0
        if overlap >= 0.6:
            candidate = Evidence(2.5, "same address")
        elif postcode and postcode == their_postcode:
            candidate = Evidence(0.5, "same postcode")
        elif overlap >= 0.3:
            candidate = Evidence(0.5, "similar address")
        else:
            candidate = NONE
        if candidate.weight > best.weight:
            best = candidate
    return best


def squash(logodds: float) -> float:
    offset = math.log(MATCH_THRESHOLD / (1 - MATCH_THRESHOLD))
    return 1 / (1 + math.exp(-((logodds - MATCH_LOGODDS) / _SPREAD + offset)))


def score(query: PreparedQuery, person: PersonRecord) -> Candidate:
    given, family, swapped = compare_names(query.name, person.names)
    birth = dates.compare(query.date, person.date_of_birth, year_only=person.year_only)
    ident = compare_identifier(query.identifier, person.identifiers)
    place = compare_address(query.address_tokens, query.postcode, person.addresses)
    total = given.weight + family.weight + birth.weight + ident.weight + place.weight
    reasons = [e.reason for e in (ident, given, family) if e.reason and e.weight > 0]
    if swapped:
        reasons.append("given and family names swapped")
    if birth.reason and birth.weight > 0:
        reasons.append(birth.reason)
    if place.reason:
        reasons.append(place.reason)
    reasons += [e.reason for e in (ident, given, family, birth) if e.reason and e.weight <= 0 and e.reason]
    same_identifier = ident.weight >= 10
    if same_identifier and (given.agrees or family.agrees or birth.agrees or place.weight > 0):
        # An identifier is near-decisive (twins never share one): the same
        # one and anything else that agrees, even only the postcode, is a
        # match, whatever typing mistakes surround it.
        total = max(total, MATCH_LOGODDS + 1)
    # A non-national number one character off (``ident.agrees``: see
    # compare_identifier) is that person's number mistyped, not a twin's
    # (their numbers are unrelated), when enough else agrees: the family
    # name and birth date; the birth date and address; or both names and
    # the address (the birth date then being the mistyped field).
    typo_identifier = (
        ident.agrees
        and not same_identifier
        and (
            (family.agrees and birth.weight >= 7)
            or (not given.differs and birth.weight >= 7 and place.weight >= 2.5)
            or (given.agrees and family.agrees and place.weight >= 2.5)
        )
    )
    if typo_identifier and not given.differs:
        total = max(total, MATCH_LOGODDS)
    value = squash(total)
    # The sibling and twin guard (module docstring); and a match needs at
    # least one name that agrees, or the same identifier.
    if not (same_identifier or typo_identifier) and (given.differs or not (given.agrees or family.agrees)):
        value = min(value, _BELOW)
    return Candidate(
        person_id=person.person_id,
        score=round(value, 4),
        reasons=tuple(dict.fromkeys(reasons)),
        is_match=value >= MATCH_THRESHOLD,
    )
