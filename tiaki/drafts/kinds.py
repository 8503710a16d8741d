"""The forms that keep drafts, registered by the domains that own them (from
their AppConfig.ready()), so this kernel knows no domain's tables. A kind says
what the form is called, where it lives, and what the record's reach is: a
draft about a record its owner can no longer record on is neither listed nor
restored (tiaki.drafts.selectors)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tiaki.staff.models import User


@dataclass(frozen=True)
class DraftKind:
    name: str
    #: What the list says the draft is: "Case note", "Correction to a note".
    label: str
    #: The form's page (URL name in the ``web`` namespace) and its arguments
    #: from (record_id, part): ids only, never personal values.
    url_name: str
    url_args: Callable[[int, int], tuple[int, ...]]
    #: The id of the case (or other parent record) the draft is about, if
    #: ``actor`` may still record on the record; None otherwise (missing,
    #: closed, reallocated, out of reach). Runs the domain's own decision.
    reach: Callable[[User, int], int | None]


_KINDS: dict[str, DraftKind] = {}


def register(kind: DraftKind) -> None:
    _KINDS[kind.name] = kind


def get(name: str) -> DraftKind | None:
    return _KINDS.get(name)


def registered() -> dict[str, DraftKind]:
    return dict(_KINDS)
