"""The registry of need-to-know: which relationships give a staff member
reach to a person, declared by the domain that owns them.

tiaki.access.scoping decides and tiaki.access.sealed hides, but neither
knows a domain's tables: each domain's ``reach.py`` (registered from its
AppConfig.ready()) declares

- the person subject (``PersonSubject``, once, by the people domain): the
  register's model, whose ``sealed`` flag and ``merged_into`` link the
  sealed rule and the merged-record rule read;
- its relationships (``PersonRelationship``): a name and a rank (the order
  of precedence, lowest first), a scalar SQL subquery that gives the
  relationship's id for the person decided on (or NULL), and the bulk form
  that gathers every person the relationship reaches, for lists and search;
- the statement parameters its fragments use (``params``).

scoping composes these into the same few statements for every person read
(built once per database vendor and registry generation), so a new domain
(care, portal) gives reach by registering in its own ``reach.py``, without
editing access. docs/access.md shows how.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection

if TYPE_CHECKING:
    from django.db.models import Manager, Model, QuerySet

    from tiaki.staff.models import User

#: Statement parameters a domain adds: ``params(actor, now)``. Their names
#: share one namespace with the kernel's (actor, manager_site, now).
Params = Callable[["User", dt.datetime], dict[str, Any]]


@dataclass
class Bulk:
    """What a relationship's bulk form starts from: the actor, the moment,
    their supervision line and the sites they are on intake duty at (both
    read at most once per call, and only if a relationship asks)."""

    actor: User
    now: dt.datetime
    supervisees_of: Callable[[User], list[int]]
    duty_sites_of: Callable[[User, dt.datetime], list[int]] | None

    @functools.cached_property
    def supervisees(self) -> list[int]:
        return self.supervisees_of(self.actor)

    @functools.cached_property
    def duty_sites(self) -> list[int]:
        """Empty when the list asked for reach without intake duty."""
        return self.duty_sites_of(self.actor, self.now) if self.duty_sites_of is not None else []


@dataclass(frozen=True)
class PersonRelationship:
    """One relationship that gives reach to a person.

    ``sql()`` returns a scalar subquery (in parentheses) over ``q``, the
    person decided on (the record itself, or the survivor it was merged
    into), giving the id the decision names (``<name>:<id>``) or NULL. It may
    use the parameters (``%(actor)s``, ``%(now)s``, ``%(manager_site)s`` and
    those registered with it) and the common table expressions ``team(id)``
    (the actor's supervision line) and ``duty(site_id)`` (where they are on
    intake duty now) when it is not ``usual``. It is called once per database
    vendor, so it may quote table names by the connection's rules.

    ``bulk(reach)`` returns a flat ``values_list`` of the person ids the
    relationship reaches (no ordering), or None when it can reach nobody
    (nothing to look for): the union of all of them is who the actor may see.

    ``usual`` relationships are read in the first statement, which most
    allowed reads stop after; the others in the second, which every refusal
    runs too. ``ongoing`` says whether SENSITIVE fields may show through it
    (emergency access never reveals a protected address).
    """

    name: str
    rank: int
    sql: Callable[[], str] = field(compare=False)
    bulk: Callable[[Bulk], QuerySet[Any] | None] = field(compare=False)
    usual: bool = False
    ongoing: bool = True


@dataclass(frozen=True)
class PersonSubject:
    """The person register, declared by the domain that owns it. ``model``
    has a boolean ``sealed`` and a ``merged_into`` link to itself (the
    survivor a merged record is part of)."""

    model: type[Model]

    @property
    def table(self) -> str:
        return connection.ops.quote_name(self.model._meta.db_table)

    def column(self, name: str) -> str:
        """The quoted column of field ``name`` (``sealed``, ``merged_into``)."""
        column = getattr(self.model._meta.get_field(name), "column", None)
        if not isinstance(column, str):
            raise RegistryError(f"The person subject has no column for {name!r}.")
        return connection.ops.quote_name(column)


class RegistryError(RuntimeError):
    """A registration that would make two decisions disagree."""


@dataclass
class _Registry:
    relationships: dict[str, PersonRelationship] = field(default_factory=dict)
    params: list[Params] = field(default_factory=list)
    subject: PersonSubject | None = None
    #: The relationships in their order of precedence, kept sorted: every
    #: person decision walks them.
    ordered: tuple[PersonRelationship, ...] = ()
    #: Bumped by every change: the composed statements are cached per generation.
    generation: int = 0

    def changed(self) -> None:
        self.ordered = tuple(sorted(self.relationships.values(), key=lambda rel: rel.rank))
        self.generation += 1


_registry = _Registry()


def register(*relationships: PersonRelationship, params: Params | None = None) -> None:
    """Add ``relationships`` (and the parameters their SQL uses). Registering
    the same relationship again changes nothing; another with a name or rank
    already taken is refused."""
    added = False
    for rel in relationships:
        known = _registry.relationships.get(rel.name)
        if known is not None:
            if known == rel:
                continue
            raise RegistryError(f"Relationship {rel.name!r} is already registered.")
        if any(other.rank == rel.rank for other in _registry.relationships.values()):
            raise RegistryError(f"Rank {rel.rank} of {rel.name!r} is already taken: the order would be ambiguous.")
        # The first statement's answer is final (an allowed read stops after
        # it), so nothing it does not read may outrank what it does.
        candidates = [*_registry.relationships.values(), rel]
        usual_ranks = [r.rank for r in candidates if r.usual]
        rarer_ranks = [r.rank for r in candidates if not r.usual]
        if usual_ranks and rarer_ranks and max(usual_ranks) > min(rarer_ranks):
            raise RegistryError(f"{rel.name!r}: a usual relationship must outrank every rarer one.")
        _registry.relationships[rel.name] = rel
        added = True
    if params is not None and params not in _registry.params:
        _registry.params.append(params)
        added = True
    if added:
        _registry.changed()


def unregister(*names: str, params: Params | None = None) -> None:
    """Remove relationships (a test's made-up domain cleans up after itself)."""
    for name in names:
        _registry.relationships.pop(name, None)
    if params is not None and params in _registry.params:
        _registry.params.remove(params)
    _registry.changed()


def register_subject(subject: PersonSubject) -> None:
    if _registry.subject is not None and _registry.subject != subject:
        raise RegistryError("The person subject is already registered.")
    if _registry.subject is None:
        _registry.subject = subject
        _registry.changed()


def person_subject() -> PersonSubject:
    if _registry.subject is None:
        raise RegistryError("No domain has registered the person subject (tiaki.people.reach).")
    return _registry.subject


def persons() -> Manager[Any]:
    """The person register's manager, for the kernel's own reads of it
    (sealed flags, merges, grants): the people domain declares the model."""
    return person_subject().model._default_manager


def relationships() -> tuple[PersonRelationship, ...]:
    """Every registered relationship, in the order of precedence."""
    return _registry.ordered


def generation() -> int:
    return _registry.generation


def domain_params(actor: User, now: dt.datetime) -> dict[str, Any]:
    """The parameters every registered domain adds for one statement."""
    merged: dict[str, Any] = {}
    for params in _registry.params:
        merged.update(params(actor, now))
    return merged
