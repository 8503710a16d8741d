"""Schemathesis holds /api/v1/schema/ to the running API, in-process over WSGI.

For a social worker (alice, allocated to an open case holding a child with a
report and notes, so that ids exist) and for a partner (NGO) worker's token,
every operation is called with requests generated from the schema, valid and
not, and each answer must be:

- not a server error (no 5xx);
- a documented status code, with its documented media type
  (``application/problem+json`` for every problem) and schema;
- for a request the schema says is valid, an acceptance, or a refusal the
  schema documents as one a valid request can get (positive_data_acceptance
  with the expected statuses below, per operation).

Bounded for CI: a few examples per operation, derandomized (the same cases
every run), no Hypothesis example database written into the tree. Run it
alone with ``.venv/bin/pytest tiaki/api/tests/test_schemathesis.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.core.serializers.json import DjangoJSONEncoder
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from tiaki.access.roles import Role
from tiaki.casework import services as casework
from tiaki.intake.models import ReportOfConcern, ReportPerson
from tiaki.staff.models import User

pytestmark = pytest.mark.django_db

# Hypothesis keeps caches (constants, Unicode tables) in .hypothesis/ under the
# working directory, that is the checkout: keep them in the temporary
# directory instead (the example database is off: CONFIG's "database").
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "tiaki-hypothesis")

#: Examples per operation and generation mode: enough to cross every
#: documented constraint (the coverage phase adds its boundary cases), small
#: enough that both actors finish in well under three minutes.
MAX_EXAMPLES = 12

# What a request the schema calls valid may get: an acceptance, or a refusal
# for access (401, 403, 404), a conflict (409), a reused Idempotency-Key (422)
# or a body over the documented size limit (413: text fields may each be long,
# the services giving the specific limit, and several at their longest pass
# it).
_VALID = ["2xx", "401", "403", "404", "409", "413", "422"]
# Where a valid request can also be refused for a fact no schema can state,
# documented in the operation's 400: a body naming a site, child or report
# that does not exist, a date in the future, a note about a child not on the
# case; a chronology's `since` after its `until` or a stale cursor; a search
# of blanks only. Everywhere else (the plain reads) a 400 for a valid request
# fails the test.
_FACTS = [*_VALID, "400"]


def _accepting(statuses: list[str], **where: str) -> dict:
    return {**where, "checks": {"positive_data_acceptance": {"expected-statuses": statuses}}}


CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            # A failure is reported as found: shrinking it could take minutes of CI.
            "no-shrink": True,
            # Hypothesis would otherwise keep failing examples in .hypothesis/ in the tree.
            "database": "none",
            "mode": "all",
        },
        "phases": {"stateful": {"enabled": False}},
        "checks": {"positive_data_acceptance": {"expected-statuses": _VALID}},
        "operations": [
            _accepting(_FACTS, **{"include-method-regex": "^(POST|PUT)$"}),
            _accepting(_FACTS, **{"include-path-regex": "/chronology"}),
        ],
    }
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    positive_data_acceptance,
]


@pytest.fixture
def seeded(alice, case, child, site):
    """alice's open case with the child, a report about the child, two notes."""
    now = timezone.now()
    report = ReportOfConcern.objects.create(
        site=site,
        reference="ROC-2026-0000001",
        received_at=now - dt.timedelta(days=3),
        narrative="Seen upset at school.",
    )
    ReportPerson.objects.create(report=report, person=child, role=ReportPerson.Role.CHILD)
    for hours in (5, 2):
        casework.note_add(actor=alice, case_id=case.pk, kind="visit", occurred_at=now - dt.timedelta(hours=hours),
                          title="Home visit", text="Saw the child at home.", child_seen=True)  # fmt: skip
    return case


def token_for(user) -> str:
    return AuthToken.objects.create(user)[1]


def _load() -> schemathesis.BaseSchema:
    """The schema as /api/v1/schema/ serves it (SpectacularAPIView's own
    generator), answered by the Django WSGI app in this process. Loaded at
    import: it reads the URLconf and the views, not the database."""
    raw = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(json.dumps(raw, cls=DjangoJSONEncoder)), config=CONFIG)
    loaded.app = get_wsgi_application()
    return loaded


schema = _load()


@pytest.fixture(autouse=True)
def _seeded(seeded):
    return seeded


@pytest.fixture(autouse=True)
def _one_connection():
    """Keep the test's database connection across requests, as Django's test
    client does: the WSGI handler closes it after each request otherwise (on
    PostgreSQL, taking the test's transaction and its seeded records along)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def call_and_validate(case, user) -> None:
    case.call_and_validate(headers={"Authorization": f"Token {token_for(user)}"}, checks=CHECKS)


# The seeded records are shared by an operation's examples on purpose (ids
# that exist); nothing the examples create needs resetting between them.
_SHARED_FIXTURES = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@schema.parametrize()
@_SHARED_FIXTURES
def test_it_answers_a_social_worker_as_the_schema_documents(case, alice):
    call_and_validate(case, alice)


@schema.parametrize()
@_SHARED_FIXTURES
def test_it_answers_a_partner_token_as_the_schema_documents(case, site):
    partner, _ = User.objects.get_or_create(
        username="ngo-referrals", defaults={"role": Role.PARTNER_WORKER, "site": site}
    )
    call_and_validate(case, partner)
