"""Need-to-know as a registry (tiaki.access.reach): access composes the
relationships each domain declares in its own reach.py and imports no
domain's models, so a new domain gives reach without editing access."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tiaki.access import reach, scoping
from tiaki.people.models import Person

ACCESS = Path(scoping.__file__).parent

#: What access may import from tiaki: the kernel (docs/architecture.md).
KERNEL = frozenset({"access", "staff", "audit", "inbox", "timeframes", "jobs"})

MISSING = 987_654_321


def domain_imports(source: str) -> list[str]:
    """The tiaki packages outside the kernel that ``source`` imports, by
    statement or by name (``import_module("tiaki.x")``, ``apps.get_model``)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module]
            if node.module == "tiaki":
                modules = [f"tiaki.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name == "get_model":
                found.append("get_model")
            elif name in {"import_module", "__import__"}:
                modules = [
                    arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                ]
        for module in modules:
            parts = module.split(".")
            if parts[0] == "tiaki" and len(parts) > 1 and parts[1] not in KERNEL:
                found.append(module)
    return found


def access_sources() -> list[Path]:
    return sorted(
        path for path in ACCESS.rglob("*.py") if not {"tests", "migrations"} & set(path.relative_to(ACCESS).parts)
    )


def test_access_imports_no_domain():
    offending = {
        str(path.relative_to(ACCESS)): found for path in access_sources() if (found := domain_imports(path.read_text()))
    }
    assert offending == {}
    assert len(access_sources()) > 10  # the walk found the package


@pytest.mark.parametrize(
    "planted",
    [
        "from tiaki.people.models import Person",
        "import tiaki.casework.models",
        "from tiaki import intake",
        "from tiaki.chronology.models import ChronologyEntry as E",
        "importlib.import_module('tiaki.home.panels')",
        "apps.get_model('people', 'Person')",
        "def f():\n    from tiaki.privacy import selectors\n",
    ],
)
def test_the_import_check_catches_a_planted_domain_import(planted):
    assert domain_imports("from tiaki.access.models import SealedGrant\nfrom tiaki import audit\n") == []
    assert domain_imports(planted) != []


def test_the_registry_holds_exactly_the_known_relationships_in_their_order():
    assert [(rel.name, rel.rank, rel.usual, rel.ongoing) for rel in reach.relationships()] == [
        ("allocated-case", 10, True, True),
        ("allocated-report", 20, False, True),
        # A caregiver household's own social worker, to the people in it (tiaki.care.reach).
        ("caregiver-household", 25, False, True),
        ("supervision-line:case", 30, False, True),
        ("supervision-line:report", 40, False, True),
        ("intake-duty", 50, False, True),
        ("break-glass", 60, False, False),
        ("created", 70, False, True),
    ]
    assert reach.person_subject().model is Person


def test_it_refuses_a_registration_that_would_make_decisions_ambiguous():
    allocated = reach.relationships()[0]
    reach.register(allocated)  # the same again: nothing changes
    generation = reach.generation()
    with pytest.raises(reach.RegistryError, match="already registered"):
        reach.register(reach.PersonRelationship("allocated-case", 99, sql=str, bulk=lambda r: None))
    with pytest.raises(reach.RegistryError, match="already taken"):
        reach.register(reach.PersonRelationship("portal", 10, sql=str, bulk=lambda r: None))
    with pytest.raises(reach.RegistryError, match="outrank"):
        reach.register(reach.PersonRelationship("portal", 95, sql=str, bulk=lambda r: None, usual=True))
    assert reach.generation() == generation


# A made-up domain, declared here as a domain's reach.py would: a mentor
# reads their mentee. Nothing in access names it.

MENTEES: dict[int, int] = {}


def _mentor_params(actor: Any, now: dt.datetime) -> dict[str, Any]:
    return {"mentee": MENTEES.get(actor.pk)}


MENTOR = reach.PersonRelationship(
    name="mentor",
    rank=65,
    sql=lambda: "(CASE WHEN q.id = %(mentee)s THEN q.id END)",
    bulk=lambda r: (
        Person.objects.filter(pk=MENTEES[r.actor.pk]).values_list("pk", flat=True) if r.actor.pk in MENTEES else None
    ),
    ongoing=False,
)


@pytest.fixture
def mentoring():
    reach.register(MENTOR, params=_mentor_params)
    try:
        yield MENTEES
    finally:
        reach.unregister(MENTOR.name, params=_mentor_params)
        MENTEES.clear()


_LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+\b|::int[248]\b")


def statements(decide: Any, *args: Any) -> tuple[scoping.Decision, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        decision = decide(*args)
    return decision, [_LITERAL.sub("?", q["sql"]) for q in queries.captured_queries]


def test_a_relationship_a_new_domain_registers_gives_reach_without_editing_access(bob, child, case, mentoring):
    assert scoping.person_decision(bob, child.pk).reason == scoping.NO_RELATIONSHIP
    mentoring[bob.pk] = child.pk
    decision = scoping.person_decision(bob, child.pk)
    assert decision.relationship == f"mentor:{child.pk}"
    # Declared not ongoing: SENSITIVE fields stay masked through it.
    assert not decision.may_see_sensitive
    assert scoping.visible_person_reach(bob) == ({child.pk}, set())


def test_a_registered_relationship_keeps_its_place_in_the_order(alice, child, case, mentoring):
    mentoring[alice.pk] = child.pk
    assert scoping.person_decision(alice, child.pk).relationship == f"allocated-case:{case.pk}"
    assert scoping.visible_person_reach(alice) == ({child.pk}, {child.pk})


def test_a_missing_person_still_costs_what_one_out_of_reach_does_with_the_new_relationship(bob, child, mentoring):
    out_of_reach, asked = statements(scoping.person_decision, bob, child.pk)
    missing, same = statements(scoping.person_decision, bob, MISSING)
    assert (out_of_reach.reason, missing.reason) == (scoping.NO_RELATIONSHIP, scoping.NOT_FOUND)
    assert asked == same
    assert len(asked) == 2
    # The new relationship is rarer: read in the second statement, by both.
    assert "CASE WHEN q.id =" in asked[1]
    assert "CASE WHEN q.id =" not in asked[0]


def test_unregistering_ends_the_reach_on_the_next_decision(bob, child, mentoring):
    mentoring[bob.pk] = child.pk
    assert scoping.person_decision(bob, child.pk, now=timezone.now()).allowed
    reach.unregister(MENTOR.name, params=_mentor_params)
    assert scoping.person_decision(bob, child.pk).reason == scoping.NO_RELATIONSHIP
