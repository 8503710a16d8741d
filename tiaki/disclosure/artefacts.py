"""What the pipeline is given: an artefact (what would leave) and its
recipient (who would receive it). Producers (letters, exports, shares, the
partner API, later subject access) build these from what the sender may
see; the guard (selectors.guard) checks them; the pipeline records and
renders them (services.pipeline, pdf)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Fact:
    """Something the producer knows an item contains that a guard rule is
    about: ``rule`` a GuardRule.Code value, ``about_person`` whose it is,
    ``what`` plain words for the sender ("Aroha Pene's protected address").
    The guard also scans every item's text for protected values, so a
    producer that forgets a fact (or a worker typing an address into a
    letter) is still caught."""

    rule: str
    about_person: int | None
    what: str


@dataclass
class Item:
    """One part of an artefact: a letter's body, a chronology entry, a
    plan section, an About me topic, a shared contact. ``key`` is stable
    within the artefact (findings point at it)."""

    key: str
    label: str
    text: str
    about_person: int | None = None
    facts: list[Fact] = field(default_factory=list)
    #: A heading it is shown under in the PDF ("2019", "Routines").
    section: str = ""


@dataclass
class Artefact:
    kind: str  # Disclosure.Kind
    title: str
    case_id: int | None
    #: The people it is about (DisclosureSubject; sealed and danger checks start here).
    subject_ids: list[int]
    items: list[Item]
    #: For a letter: its subject line and the address block (recipient's, not protected).
    letter_subject: str = ""

    def as_json(self) -> dict:
        return asdict(self)

    def content_hash(self) -> str:
        return hashlib.sha256(json.dumps(self.as_json(), sort_keys=True, default=str).encode()).hexdigest()

    @classmethod
    def from_json(cls, data: dict) -> Artefact:
        items = [Item(**{**i, "facts": [Fact(**f) for f in i.get("facts", [])]}) for i in data.get("items", [])]
        return cls(**{**data, "items": items})


@dataclass(frozen=True)
class Recipient:
    """Exactly one of the ids, matching ``kind`` (Disclosure.RecipientKind).
    ``label`` names them on the artefact and its watermark; ``address_lines``
    is where a letter goes (empty: no address on record)."""

    kind: str
    label: str
    user_id: int | None = None
    person_id: int | None = None
    household_id: int | None = None
    organisation_id: int | None = None
    address_lines: str = ""

    @property
    def external(self) -> bool:
        return self.kind != "staff"
