"""Benchmark operation for the breach and near-miss register (issue 17's
figure): GET /privacy/register/ as a privacy officer with 2,000 incidents
on the register, p95 <= 200 ms.

The setup tops the register up to 2,000 incidents once (found again by
their ``how_found_detail`` on later runs): breaches and near misses from
every source, a tenth notifiable with their clocks running or told, a third
closed, spread over the last year. ``privacy.register_page`` is the whole
page through the middleware, audited as a privacy officer's list."""

from __future__ import annotations

import datetime as dt
import random

from django.conf import settings
from django.test import Client
from django.utils import timezone

from tiaki.bench.operations import BenchContext, Operation
from tiaki.bench.subject_access_ops import _officer
from tiaki.privacy.models import PrivacyIncident
from tiaki.privacy.models.incidents import COMMISSIONER_HOURS
from tiaki.privacy.references import new_incident_reference
from tiaki.staff.models import Site, User

INCIDENTS = 2_000
#: Marks the bench's incidents, so a later run finds them and adds none.
SOURCE = "bench-privacy-register"
PI = PrivacyIncident


def _seed(officer: User, site: Site, *, seed: int = 17) -> int:
    have = PrivacyIncident.objects.filter(how_found_detail=SOURCE).count()
    if have >= INCIDENTS:
        return have
    rng = random.Random(seed)
    now = timezone.now()
    sites = list(Site.objects.order_by("pk").values_list("pk", flat=True)[:20]) or [site.pk]
    rows = []
    for n in range(INCIDENTS - have):
        aware = now - dt.timedelta(minutes=rng.randint(30, 365 * 24 * 60))
        kind = PI.Kind.BREACH if n % 3 == 0 else PI.Kind.NEAR_MISS
        notifiable = kind == PI.Kind.BREACH and n % 10 == 0
        closed = n % 3 == 1
        told = notifiable and (closed or n % 20 == 0)
        rows.append(
            PrivacyIncident(
                reference=new_incident_reference(),
                kind=kind,
                source=rng.choice([s for s, _ in PI.Source.choices]),
                status=PI.Status.CLOSED if closed else PI.Status.ASSESSED if n % 3 == 2 else PI.Status.OPEN,
                category=rng.choice([c for c, _ in PI.Category.choices]),
                occurred_on=timezone.localdate(aware),
                became_aware_at=aware,
                description="A synthetic incident for the register benchmark.",
                how_found=PI.HowFound.SELF,
                how_found_detail=SOURCE,
                site_id=rng.choice(sites),
                reported_by=officer,
                reported_at=aware,
                notifiable=notifiable or None,
                serious_harm_likely=notifiable or None,
                commissioner_due_at=aware + dt.timedelta(hours=COMMISSIONER_HOURS) if notifiable else None,
                commissioner_notified_at=aware + dt.timedelta(hours=30) if told else None,
                closed_at=aware + dt.timedelta(days=10) if closed else None,
                created_at=aware,
                updated_at=aware,
            )
        )
    PrivacyIncident.objects.bulk_create(rows, batch_size=500)
    return PrivacyIncident.objects.filter(how_found_detail=SOURCE).count()


def privacy_register_operations(ctx: BenchContext) -> list[Operation]:
    site = ctx.actor.site or Site.objects.order_by("pk").first()
    assert site is not None  # BenchContext needs a seeded agency
    officer = _officer("bench-privacy-officer", "Bench", "Reviewer", site)
    seeded = _seed(officer, site)
    total = PrivacyIncident.objects.count()
    host = "testserver" if "testserver" in settings.ALLOWED_HOSTS else settings.ALLOWED_HOSTS[0]
    client = Client(HTTP_HOST=host)
    client.force_login(officer)

    def register_page(i: int) -> object:
        response = client.get("/privacy/register/")
        assert response.status_code == 200, response.status_code
        return response

    return [
        Operation(
            "privacy.register_page",
            f"GET /privacy/register/ as a privacy officer: {total:,} incidents on the register ({seeded:,} the "
            "bench's), running clocks first, one page of 50 (target p95 <= 200 ms)",
            register_page,
        )
    ]
