"""Liveness, readiness and health (tiaki.web.health): what a load balancer,
systemd or an operator polls. Names of checks and plain sentences only:
nothing that would help an attacker (no versions, hosts or exception text)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from tiaki.access.declare import public
from tiaki.web import health


@public
@require_GET
def livez(request: HttpRequest) -> JsonResponse:
    """The process answers: nothing else is asked (a restart would not mend a database)."""
    return JsonResponse({"status": "ok"})


@public
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Whether this process can serve: 503 with the list of what is wrong."""
    problems = [p for _ready, found in health.run(ready_only=True).values() for p in found]
    if problems:
        return JsonResponse({"status": "unready", "problems": problems}, status=503)
    return JsonResponse({"status": "ready", "problems": []})


@public
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Overall status and each check's problems: "ok"; "degraded" (200) when
    only warnings are found (late jobs); "unhealthy" (503) when a check this
    process needs fails (the database)."""
    results = health.run(ready_only=False)
    unhealthy = any(ready and problems for ready, problems in results.values())
    degraded = any(problems for _ready, problems in results.values())
    status = "unhealthy" if unhealthy else "degraded" if degraded else "ok"
    checks = {name: {"status": "ok" if not problems else "failing", "problems": problems}
              for name, (_ready, problems) in results.items()}  # fmt: skip
    return JsonResponse({"status": status, "checks": checks}, status=503 if unhealthy else 200)
