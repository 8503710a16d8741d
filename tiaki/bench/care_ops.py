"""Benchmark operations for care (issue 14 figures, on the full synthetic
agency on PostgreSQL): a child's care history page, every placement and
move over 22 years, p95 <= 100 ms; finding a placement over all approved
caregivers p95 <= 200 ms; recording a placement move p95 <= 100 ms.

- ``care_history_page``: GET ``web:care-history`` for the children with the
  most placements (the seed's long histories, tiaki.demo.generator.care),
  as their allocated worker.
- ``placement_search``: GET ``web:placement-search`` for a child in care,
  no query string, so the criteria are worked out from the child.
- ``placement_move``: ``tiaki.care.services.placements.placement_move`` for
  a child with a current caregiver-household placement, to another approved
  household with room; each sample a different child, so none runs out.

The bench actor reads the children as their allocated worker would: they
join its open case (tiaki.bench.operations._allocate), so need-to-know is
checked and audited for real; the movers' own cases (the ones their care
episodes are on) are allocated to it, as writing needs write reach on that
case. The pages and the service are other parts of issue 14: while one is
missing from the tree its operation is left out and said so in
``BenchContext.skipped`` (``tiaki bench`` prints it), so the bench still runs.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from importlib import import_module
from typing import Any

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tiaki.bench.operations import BenchContext, Operation, _allocate
from tiaki.care.models import CareEpisode, CaregiverCheck, CaregiverHousehold, HouseholdMember, Placement
from tiaki.casework.models import Case

#: The children with the most placements whose history pages are timed.
HISTORY_CHILDREN = 10
SEARCH_CHILDREN = 20
#: Children moved (each once, until they run out).
MOVERS = 1000
_PLACEMENT_KIND = {"kin": "kin", "general": "non_kin", "specialist": "specialist"}


def _url(name: str, child_id: int) -> str | None:
    try:
        return reverse(name, args=[child_id])
    except NoReverseMatch:
        return None


def _service(module: str, name: str) -> Callable[..., Any] | None:
    try:
        return getattr(import_module(module), name, None)
    except ImportError:
        return None


def _get(ctx: BenchContext, url: str) -> object:
    response = ctx.client.get(url)
    assert response.status_code == 200, response.status_code
    return response


def care_operations(ctx: BenchContext) -> list[Operation]:
    if not CareEpisode.objects.exists():
        return []  # seeded without casework, so without care
    ops: list[Operation] = []
    ops += _history(ctx)
    ops += _search(ctx)
    ops += _move(ctx)
    return ops


def _history(ctx: BenchContext) -> list[Operation]:
    longest = list(
        Placement.objects.values("child_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "child_id")
        .values_list("child_id", flat=True)[:HISTORY_CHILDREN]
    )
    if not longest or _url("web:care-history", longest[0]) is None:
        ctx.skipped["care_history_page"] = (
            "the URL web:care-history is not in this tree (engineer A's care history page)"
        )
        return []
    _allocate(ctx.actor, longest)
    urls = [_url("web:care-history", child) or "" for child in longest]

    def history_page(i: int) -> object:
        return _get(ctx, urls[i % len(urls)])

    return [
        Operation(
            "care_history_page",
            f"GET /care/children/<id>/: the care history of the {len(urls)} children with the most placements, "
            "as allocated worker, full middleware",
            history_page,
        )
    ]


def _search(ctx: BenchContext) -> list[Operation]:
    children = list(
        CareEpisode.objects.filter(left_on__isnull=True)
        .order_by("pk")
        .values_list("child_id", flat=True)[:SEARCH_CHILDREN]
    )
    if not children or _url("web:placement-search", children[0]) is None:
        ctx.skipped["placement_search"] = (
            "the URL web:placement-search is not in this tree (engineer D's placement search)"
        )
        return []
    _allocate(ctx.actor, children)
    urls = [_url("web:placement-search", child) or "" for child in children]
    approved = CaregiverHousehold.objects.filter(status=CaregiverHousehold.Status.APPROVED).count()

    def search_page(i: int) -> object:
        return _get(ctx, urls[i % len(urls)])

    return [
        Operation(
            "placement_search",
            f"GET /care/children/<id>/find-a-placement/: defaults from the child, over {approved:,} approved "
            "households, full middleware",
            search_page,
        )
    ]


class _Moves:
    """The children to move and the households with room to move them to."""

    def __init__(self, ctx: BenchContext) -> None:
        self.ctx = ctx
        current = Placement.objects.filter(ended_on__isnull=True, household__isnull=False, unapproved_reason="")
        self.children = list(current.order_by("pk").values_list("child_id", flat=True)[:MOVERS])
        cases = set(
            CareEpisode.objects.filter(child_id__in=self.children, left_on__isnull=True).values_list(
                "case_id", flat=True
            )
        )
        # Writing needs write reach on the case the episode is on: the bench actor holds it.
        Case.objects.filter(pk__in=cases).update(allocated_worker=ctx.actor)
        _allocate(ctx.actor, self.children)
        placed = dict(
            Placement.objects.filter(ended_on__isnull=True, household__isnull=False)
            .values("household_id")
            .annotate(n=Count("pk"))
            .values_list("household_id", "n")
        )
        # Every approved household whose caregivers all have a clear police vet
        # in date (placing refuses any other), with the room it has now (full ones too:
        # a child moving out of one makes room there).
        self.room: list[list[Any]] = [
            [pk, _PLACEMENT_KIND[kind], capacity - placed.get(pk, 0)]
            for pk, kind, capacity in CaregiverHousehold.objects.filter(status=CaregiverHousehold.Status.APPROVED)
            .exclude(pk__in=_unvetted_households())
            .order_by("pk")
            .values_list("pk", "kind", "capacity")
        ]
        self.next_room = 0

    def target(self, leaving: int | None) -> tuple[int, str]:
        """The next approved household with room that the child is not in
        now; the place the child leaves is free for the next one."""
        for _ in range(len(self.room)):
            slot = self.room[self.next_room % len(self.room)]
            self.next_room += 1
            if slot[2] > 0 and slot[0] != leaving:
                slot[2] -= 1
                for other in self.room:
                    if other[0] == leaving:
                        other[2] += 1
                return slot[0], slot[1]
        raise RuntimeError("No approved household has room for another child.")

    def current(self, child_id: int) -> Placement:
        return Placement.objects.only("pk", "version", "household_id").get(child_id=child_id, ended_on__isnull=True)


def _unvetted_households() -> Any:
    """Households with a current caregiver without a clear police vet in date."""
    today = timezone.localdate()
    vetted = CaregiverCheck.objects.filter(
        kind=CaregiverCheck.Kind.POLICE_VET, outcome=CaregiverCheck.Outcome.CLEAR, member__isnull=False
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
    return (
        HouseholdMember.objects.filter(role=HouseholdMember.Role.CAREGIVER, left_on__isnull=True)
        .exclude(pk__in=vetted.values("member_id"))
        .values("household_id")
    )


def _move(ctx: BenchContext) -> list[Operation]:
    placement_move = _service("tiaki.care.services.placements", "placement_move")
    if placement_move is None:
        ctx.skipped["placement_move"] = (
            "tiaki.care.services.placements.placement_move is not in this tree (engineer A's placement services)"
        )
        return []
    moves = _Moves(ctx)
    if not moves.children or not any(slot[2] > 0 for slot in moves.room):
        ctx.skipped["placement_move"] = (
            "no child with a current household placement, or no approved household with room"
        )
        return []
    # The version each form would post back, read before the timing starts.
    before = {p.child_id: p for p in Placement.objects.filter(child_id__in=moves.children, ended_on__isnull=True)}

    def move(i: int) -> object:
        child = moves.children[i % len(moves.children)]
        placement = before.pop(child, None) or moves.current(child)
        household, kind = moves.target(placement.household_id)
        return placement_move(
            actor=ctx.actor, child_id=child, expected_version=placement.version, moved_on=timezone.localdate(),
            end_reason=Placement.EndReason.PLANNED_MOVE, end_detail="", kind=kind, household_id=household,
            move_reason="A home where the child can stay for the long term.", planned=True,
            distance_whanau_km=Decimal("12.5"), distance_school_km=Decimal("4.0"),
            siblings_apart_reason="Their brothers and sisters are settled where they are.",
        )  # fmt: skip

    return [
        Operation(
            "placement_move",
            "placement_move service: end a child's current placement and start one with another approved "
            "household with room, one transaction, audit on",
            move,
        )
    ]
