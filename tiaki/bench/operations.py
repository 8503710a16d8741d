"""The named operations of ``tiaki bench``.

Each operation has a ``run(i)`` that does the work as a user would cause it
(through the selectors or the full page, middleware included), and where one
exists a ``raw(i)`` that fetches the same rows with hand-written SQL. The
ratio between them is the figure to compare across noisy machines. Later
issues add their operations to ``OPERATIONS``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from tiaki.access.models import CURRENT_INDUCTION_COURSE, PrivacyInduction
from tiaki.access.roles import Role
from tiaki.access.scoping import has_induction
from tiaki.bench.unaudited import suspended_for_benchmark
from tiaki.casework.models import Case, CaseParticipant
from tiaki.people import selectors
from tiaki.people.models import Person
from tiaki.staff.models import Site, User

Run = Callable[[int], object]


@dataclass
class Operation:
    name: str
    description: str
    run: Run
    raw: Run | None = None
    #: At most this many timed runs (and a tenth as many warm-ups), whatever
    #: --repeat says: for an operation that takes seconds (a 2,000-entry PDF).
    repeat: int | None = None


class BenchContext:
    """What the operations share: an actor, a signed-in client, sample ids."""

    def __init__(self, *, seed: int, samples: int) -> None:
        self.actor = _bench_actor()
        #: Operations left out because what they time is not in this tree: name -> why.
        self.skipped: dict[str, str] = {}
        host = "testserver" if "testserver" in settings.ALLOWED_HOSTS else settings.ALLOWED_HOSTS[0]
        self.client = Client(HTTP_HOST=host)
        self.client.force_login(self.actor)
        bounds = Person.objects.order_by("pk").values_list("pk", flat=True)
        first, last = bounds.first(), bounds.last()
        if first is None or last is None:
            raise RuntimeError("The register is empty: run `tiaki seed --persons N` first.")
        rng = random.Random(seed)
        candidates = [rng.randint(first, last) for _ in range(samples * 2)]
        ids = set(Person.objects.filter(pk__in=candidates, sealed=False).values_list("pk", flat=True))
        self.person_ids = sorted(ids)[:samples] or [first]
        rng.shuffle(self.person_ids)
        _allocate(self.actor, self.person_ids)

    def person_id(self, i: int) -> int:
        return self.person_ids[i % len(self.person_ids)]


def _bench_actor() -> User:
    site = Site.objects.order_by("pk").first()
    if site is None:
        raise RuntimeError("No sites: run `tiaki seed --persons N` first.")
    user, _ = User.objects.get_or_create(
        username="bench-social-worker", defaults={"role": Role.SOCIAL_WORKER, "first_name": "Bench", "site": site}
    )
    if not has_induction(user):
        PrivacyInduction.objects.create(
            user=user, completed_on=timezone.localdate(), course_version=CURRENT_INDUCTION_COURSE, recorded_by=user
        )
    return user


def _allocate(actor: User, person_ids: list[int]) -> None:
    """The bench reads people as their allocated worker would: one open case
    holding the sample, so need-to-know is checked for real on every read."""
    case = Case.objects.filter(allocated_worker=actor, status=Case.Status.OPEN).first()
    if case is None:
        assert actor.site is not None  # _bench_actor() always gives the bench actor a site
        case = Case.objects.create(
            kind=Case.Kind.ONGOING, site=actor.site, allocated_worker=actor, opened_at=timezone.now()
        )
    have = set(CaseParticipant.objects.filter(case=case).values_list("person_id", flat=True))
    CaseParticipant.objects.bulk_create(
        CaseParticipant(case=case, person_id=pid) for pid in person_ids if pid not in have
    )


_PERSON_SQL = {
    "person": (
        "SELECT id, date_of_birth, birth_date_precision, gender, deceased_on, sealed FROM people_person WHERE id = %s"
    ),
    "names": "SELECT id, kind, given_names, family_name, is_primary FROM people_personname WHERE person_id = %s",
    "addresses": (
        "SELECT pa.protected, pa.valid_from, pa.valid_to, a.street, a.suburb, a.city, a.postcode "
        "FROM people_personaddress pa JOIN people_address a ON a.id = pa.address_id WHERE pa.person_id = %s"
    ),
    "relationships": (
        "SELECT r.to_person_id, r.kind, n.given_names, n.family_name FROM people_relationship r "
        "LEFT JOIN people_personname n ON n.person_id = r.to_person_id AND n.is_primary WHERE r.from_person_id = %s "
        "UNION ALL "
        "SELECT r.from_person_id, r.kind, n.given_names, n.family_name FROM people_relationship r "
        "LEFT JOIN people_personname n ON n.person_id = r.from_person_id AND n.is_primary WHERE r.to_person_id = %s"
    ),
}


def _person_raw(person_id: int) -> object:
    with connection.cursor() as cursor:
        rows = []
        for name, sql in _PERSON_SQL.items():
            cursor.execute(sql, [person_id, person_id] if name == "relationships" else [person_id])
            rows.append(cursor.fetchall())
    return rows


def _search_operations(ctx: BenchContext) -> list[Operation]:
    # Imported here: people_ops imports BenchContext and Operation from this module.
    from tiaki.bench.people_ops import search_operations

    return search_operations(ctx)


def _intake_operations(ctx: BenchContext) -> list[Operation]:
    from tiaki.bench.intake_queue_ops import queue_operations
    from tiaki.bench.intake_save_ops import save_operations

    return [*save_operations(ctx), *queue_operations(ctx)]


def _casework_operations(ctx: BenchContext) -> list[Operation]:
    from tiaki.bench.casework_ops import casework_operations

    return casework_operations(ctx)


def _care_operations(ctx: BenchContext) -> list[Operation]:
    from tiaki.bench.care_ops import care_operations

    return care_operations(ctx)


def _disclosure_operations(ctx: BenchContext) -> list[Operation]:
    from tiaki.bench.disclosure_guard_ops import guard_operations
    from tiaki.bench.disclosure_ops import disclosure_operations
    from tiaki.bench.subject_access_ops import subject_access_operations

    return [*disclosure_operations(ctx), *guard_operations(ctx), *subject_access_operations(ctx)]


def _privacy_operations(ctx: BenchContext) -> list[Operation]:
    from tiaki.bench.privacy_monitoring_ops import monitoring_operations
    from tiaki.bench.privacy_register_ops import privacy_register_operations

    return [*privacy_register_operations(ctx), *monitoring_operations(ctx)]


def _privacy_report_operations(ctx: BenchContext) -> list[Operation]:
    from tiaki.bench.privacy_report_ops import privacy_report_operations

    return privacy_report_operations(ctx)


def build(ctx: BenchContext) -> list[Operation]:
    def home_page(i: int) -> object:
        response = ctx.client.get("/")
        assert response.status_code == 200, response.status_code
        return response

    def person_get(i: int) -> object:
        return selectors.person_get(actor=ctx.actor, person_id=ctx.person_id(i))

    def person_page(i: int) -> object:
        response = ctx.client.get(f"/people/{ctx.person_id(i)}/")
        assert response.status_code == 200, response.status_code
        return response

    def person_page_unaudited(i: int) -> object:
        # The bench-only switch: the same page with audit.record() a no-op,
        # to measure what auditing costs (target: at most 10% at the median).
        with suspended_for_benchmark():
            return person_page(i)

    def person_raw(i: int) -> object:
        return _person_raw(ctx.person_id(i))

    return [
        Operation("home_page", "GET / as a signed-in social worker, full middleware", home_page),
        Operation(
            "person_get", "person_get selector: one person with names, addresses, relationships", person_get, person_raw
        ),
        Operation("person_page", "GET /people/<id>/: the person page, full middleware", person_page, person_raw),
        *_search_operations(ctx),
        *_intake_operations(ctx),
        *_casework_operations(ctx),
        *_care_operations(ctx),
        *_disclosure_operations(ctx),
        *_privacy_operations(ctx),
        *_privacy_report_operations(ctx),
        Operation(
            "person_page_unaudited",
            "the person page with auditing switched off (bench-only), to compare with person_page",
            person_page_unaudited,
        ),
    ]
