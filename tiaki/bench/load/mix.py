"""The agency's day as the load test plays it: which roles sign in, in what
proportion, and how long they think between pages. Standard library only:
the locust process (locustfile.py) and the Django side (accounts.py, run.py)
both read it, so the accounts prepared always match the users spawned.

The proportions follow the staffing ``tiaki seed`` models (tiaki.demo.generator.agency:
about six social workers to a supervisor, a site manager per site) with the
contact centre taking the calls: social workers are half the staff signed
in, contact-centre kaimahi a quarter, supervisors most of the rest, and a
few site managers and analysts.
"""

from __future__ import annotations

#: Locust user-class weight per role (tiaki.access.roles.Role values).
ROLE_WEIGHTS: dict[str, int] = {
    "social-worker": 50,
    "contact-centre": 25,
    "supervisor": 15,
    "site-manager": 6,
    "analyst": 4,
}

#: Think time between tasks, in seconds (uniform), unless the run says otherwise.
#: Compressed: a real kaimahi spends far longer on a page (docs/scaling.md,
#: "Capacity", models that); the load test needs the server busy, not idle.
DEFAULT_THINK = (1.0, 3.0)

PLAN_ENV = "TIAKI_LOADTEST_PLAN"
OUT_ENV = "TIAKI_LOADTEST_OUT"


def users_per_role(users: int) -> dict[str, int]:
    """How many of ``users`` each role gets: one each first when there are
    enough to go round (so every page of the mix is visited), then the rest
    in proportion to the weights (largest remainder, so the split is exact)."""
    floor = 1 if users >= len(ROLE_WEIGHTS) else 0
    rest = users - floor * len(ROLE_WEIGHTS)
    total = sum(ROLE_WEIGHTS.values())
    exact = {role: rest * w / total for role, w in ROLE_WEIGHTS.items()}
    counts = {role: int(x) for role, x in exact.items()}
    for role in sorted(exact, key=lambda r: counts[r] - exact[r])[: rest - sum(counts.values())]:
        counts[role] += 1
    return {role: n + floor for role, n in counts.items()}
