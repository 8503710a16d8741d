"""Which rows point at a person, and whether a merge can re-point each one.

Every foreign key to Person, in any installed app, is found from the model
registry when a merge runs (not listed here), so a table added by a later
issue is merged and unmerged without editing this package. The guard in
tiaki/people/tests/test_services_merging.py fails if one appears that this module
cannot handle (a unique constraint over expressions, a key to a field other
than the primary key).

A row whose re-pointing would break a unique constraint, or would make a row
point at the same person twice (a relationship between the two records),
is not moved: the merge (tiaki.people.merging.services, which does the
reading and re-pointing; this module only describes the keys, from the
model registry, and reads no rows) names why, and keeps it on the merged
record, reachable through ``Person.merged_records``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models

from tiaki.people.models import Person

#: Keys to Person that a merge deliberately leaves alone, and why.
SKIPPED: Mapping[tuple[str, str], str] = {
    ("people.Person", "merged_into"): "the merge link itself",
    ("people.MatchKey", "person"): "rebuilt by tiaki.people.services.match_keys after a merge",
    ("people.DuplicateCandidate", "person_a"): "review bookkeeping: a pair with a merged record leaves the queue",
    ("people.DuplicateCandidate", "person_b"): "review bookkeeping: a pair with a merged record leaves the queue",
    ("people.PersonMerge", "survivor"): "the merge's own record",
    ("people.PersonMerge", "merged"): "the merge's own record",
}

#: Why a row stayed on the merged record when re-pointing it would make it
#: refer to the survivor twice (Relationship's relationship_not_to_self).
SELF_REFERENCE = "self-reference"


class UnsupportedReference(Exception):  # noqa: N818 - names the model a merge cannot handle
    """A key to Person whose collisions this module cannot work out: merging
    would risk losing or corrupting rows, so no merge runs until it is handled."""


@dataclass(frozen=True)
class UniqueRule:
    """A uniqueness the database enforces over columns including the key."""

    name: str
    columns: tuple[str, ...]
    condition: models.Q | None
    nulls_distinct: bool


@dataclass(frozen=True)
class Reference:
    """One foreign key to Person: ``model.field`` holds a person's id."""

    model: type[models.Model]
    field: str
    column: str
    #: The model's other keys to Person (Relationship.to_person for from_person).
    other_person_columns: tuple[str, ...]
    unique_rules: tuple[UniqueRule, ...]

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def columns_needed(self) -> tuple[str, ...]:
        needed = dict.fromkeys(self.other_person_columns)
        for rule in self.unique_rules:
            needed.update(dict.fromkeys(rule.columns))
        needed.pop(self.column, None)
        return tuple(needed)


def person_foreign_keys() -> list[tuple[type[models.Model], models.Field[Any, Any]]]:
    """Every concrete column in any model that refers to Person, including
    hidden ones (``related_name="+"``) and many-to-many link tables, which
    ``Person._meta.related_objects`` leaves out."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue
        for field in model._meta.local_concrete_fields:
            if field.is_relation and field.remote_field is not None and field.related_model is Person:
                found.append((model, field))
    return sorted(found, key=lambda pair: (pair[0]._meta.label, pair[1].name))


def movable_references() -> list[Reference]:
    """The keys a merge re-points: every key to Person except SKIPPED.
    Raises UnsupportedReference before anything is written."""
    found = []
    for model, field in person_foreign_keys():
        if (model._meta.label, field.name) in SKIPPED:
            continue
        found.append(_reference(model, field))
    return found


def _reference(model: type[models.Model], field: models.Field[Any, Any]) -> Reference:
    label = f"{model._meta.label}.{field.name}"
    if not isinstance(field, models.ForeignKey):
        raise UnsupportedReference(f"{label} is not a plain foreign key.")
    if not field.target_field.primary_key:
        raise UnsupportedReference(f"{label} refers to Person by a field other than its id.")
    column = field.attname
    others = tuple(
        other.attname
        for other in model._meta.concrete_fields
        if other.attname != column and other.is_relation and other.related_model is Person
    )
    return Reference(
        model=model,
        field=field.name,
        column=column,
        other_person_columns=others,
        unique_rules=tuple(rule for rule in _unique_rules(model, label) if column in rule.columns),
    )


def _unique_rules(model: type[models.Model], label: str) -> list[UniqueRule]:
    meta = model._meta

    def columns(names: Sequence[str]) -> tuple[str, ...]:
        return tuple(meta.get_field(name).attname for name in names)  # type: ignore[union-attr]

    rules = [
        UniqueRule(f"{field.name}_unique", (field.attname,), None, nulls_distinct=True)
        for field in meta.concrete_fields
        if field.unique and not field.primary_key
    ]
    rules += [
        UniqueRule(f"unique_together:{'+'.join(names)}", columns(names), None, nulls_distinct=True)
        for names in meta.unique_together
    ]
    for constraint in meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint):
            continue
        if constraint.expressions:
            raise UnsupportedReference(f"{label}: unique constraint {constraint.name} is over expressions.")
        rules.append(
            UniqueRule(
                constraint.name,
                columns(constraint.fields),
                constraint.condition,
                nulls_distinct=constraint.nulls_distinct is not False,
            )
        )
    return rules
