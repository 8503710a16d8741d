"""Folding and tokenising names, identifiers and addresses for comparison.

Names are stored exactly as given (DESIGN.md, "People's names"); everything
here works on a folded copy: lower case, macrons and other accents removed,
punctuation dropped. ``keys.py`` and ``score.py`` both fold through here, so
a name is compared the same way it was indexed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jellyfish

_NOT_LETTER = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")
# Particles that begin compound Māori and other surnames ("Te Whare", "Van
# der Berg"): the surname is indexed with and without them run together.
PARTICLES = frozenset({"te", "ta", "ngā", "nga", "van", "von", "der", "de", "la", "le", "mc", "mac", "o"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without macrons, accents or punctuation; hyphens and
    apostrophes become word breaks ("Smith-Ngata" -> "smith ngata")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("-", " ").replace("'", "").replace("\u02bb", "").replace("\u2018", "").replace("\u2019", "")
    return _SPACES.sub(" ", _NOT_LETTER.sub(" ", plain)).strip()


def tokens(text: str) -> list[str]:
    return fold(text).split()


def compact(text: str) -> str:
    """The folded name with its spaces removed: "Te Whare" and "Tewhare" agree."""
    return fold(text).replace(" ", "")


def first_given(text: str) -> str:
    parts = tokens(text)
    return parts[0] if parts else ""


def family_forms(text: str) -> tuple[str, ...]:
    """The forms a family name is indexed under: run together, and each
    hyphen- or space-separated part that is not a particle ("Smith-Ngata" is
    found as "smithngata", "smith" and "ngata")."""
    parts = tokens(text)
    if not parts:
        return ()
    forms = ["".join(parts)]
    if len(parts) > 1:
        forms.extend(p for p in parts if p not in PARTICLES and len(p) > 1)
    return tuple(dict.fromkeys(forms))


@lru_cache(maxsize=65536)
def phonetic(word: str) -> str:
    """A sound-alike code for a folded word; metaphone keeps the consonant
    skeleton, so "Hemi"/"Hemmi" and "Tewhare"/"Te Whare" share a code."""
    if not word:
        return ""
    return jellyfish.metaphone(word)[:6].upper() or word[:3].upper()


def identifier(text: str) -> str:
    """An identifier as compared: upper case, spaces and dashes removed."""
    return re.sub(r"[\s\-./]+", "", text).upper()


def postcode(text: str) -> str:
    match = re.search(r"\b(\d{4})\b", text)
    return match.group(1) if match else ""


def address_tokens(text: str) -> frozenset[str]:
    """Words and numbers of an address, folded; street words abbreviated the
    same way ("St" and "Street" agree)."""
    words = re.findall(r"[a-z]+|\d+", unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode())
    return frozenset(_STREET_WORDS.get(w, w) for w in words)


_STREET_WORDS = {
    "st": "street", "rd": "road", "ave": "avenue", "av": "avenue", "pl": "place", "cres": "crescent",
    "cr": "crescent", "dr": "drive", "tce": "terrace", "ln": "lane", "ct": "court", "hwy": "highway",
}  # fmt: skip
