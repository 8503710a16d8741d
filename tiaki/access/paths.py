"""The one read path and the one write path.

Every selector that reads personal data is declared with ``@selector(...)``
and every service that writes it with ``@service(...)``; each does its work
inside ``reading(...)`` or ``writing(...)``, which carry out the one rule in
order:

1. **decide**: the caller passes the decision it asked for (``person_decision``,
   ``case_decision``, ``list_decision``...), made before any transaction;
2. **enforce**: a refusal is audited in its own transaction and raised (404
   where existence must not leak, else 403), so the refusal's event survives;
3. **transaction**: the body runs in one ``transaction.atomic``;
4. **audit**: when the body finishes, the event it describes (``step``) is
   recorded in that same transaction: no event, no read and no write.

The declarations are a registry (``registered()``): the three-actor and
refused-and-audited tests loop over every access point there is, and
``tiaki/access/tests/test_guards.py`` fails on a public function taking an
``actor`` in a services or selectors module that is not declared. Only these
two paths, the refusal in ``tiaki.access.enforcement`` and the audit package
itself call ``tiaki.audit.record``.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal, ParamSpec, TypeVar

from django.apps import apps
from django.db import transaction

from tiaki import audit
from tiaki.access import require
from tiaki.access.enforcement import enforce
from tiaki.access.permissions import Permission
from tiaki.access.scoping import Decision
from tiaki.audit.actions import AuditAction
from tiaki.staff.models import User

P = ParamSpec("P")
R = TypeVar("R")

Kind = Literal["selector", "service"]


@dataclass(frozen=True)
class AccessPoint:
    """A declared selector or service: what it is audited under and the
    permission its role must hold (checked before anything else)."""

    name: str
    kind: Kind
    action: AuditAction
    permission: Permission | None
    function: Callable[..., Any]


_REGISTRY: dict[str, AccessPoint] = {}
_current: ContextVar[AccessPoint | None] = ContextVar("tiaki_access_point", default=None)


def _declare(
    kind: Kind, action: AuditAction, permission: Permission | None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    def decorator(function: Callable[P, R]) -> Callable[P, R]:
        name = f"{function.__module__}.{function.__qualname__}"

        @functools.wraps(function)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
            if permission is not None:
                # Before the caller's transaction: the refusal's event is kept.
                require(kwargs.get("actor"), permission, action=action)
            token = _current.set(point)
            try:
                return function(*args, **kwargs)
            finally:
                _current.reset(token)

        point = AccessPoint(name, kind, action, permission, wrapped)
        _REGISTRY[name] = point
        wrapped.access_point = point  # type: ignore[attr-defined]
        return wrapped

    return decorator


def selector(
    action: AuditAction, *, permission: Permission | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Declare a read of personal data audited under ``action``. With
    ``permission``, the actor's role must hold it before anything is read."""
    return _declare("selector", action, permission)


def service(action: AuditAction, *, permission: Permission | None = None) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Declare a write audited under ``action``; the actor's role must hold
    ``permission`` before any input is looked at."""
    return _declare("service", action, permission)


@dataclass
class Step:
    """What the path records when its body finishes. The body narrows it to
    what it actually read or wrote: the ids it returned, the relationship
    with the new record's id, a second event for a second thing done."""

    action: AuditAction
    decision: Decision | None
    subject_type: str
    subject_ids: list[int]
    relationship: str
    #: Further events in the same transaction: (action, subject_type, ids, relationship).
    more: list[tuple[AuditAction, str, list[int], str]] = field(default_factory=list)
    recorded: bool = True

    def also(
        self, action: AuditAction, *, subject_type: str = "", subject_ids: Iterable[int] = (), relationship: str = ""
    ) -> None:
        """Record a second event with this one (another thing the body did)."""
        self.more.append((action, subject_type, list(subject_ids), relationship))

    def nothing_done(self) -> None:
        """The body found nothing to do (an idempotent repeat): record no event."""
        self.recorded = False


def _point(kind: Kind) -> AccessPoint:
    point = _current.get()
    if point is None or point.kind != kind:
        declaration = "@selector" if kind == "selector" else "@service"
        raise RuntimeError(f"{'reading' if kind == 'selector' else 'writing'}() runs only inside a {declaration}.")
    return point


@contextmanager
def _path(
    kind: Kind,
    actor: User | None,
    *,
    decision: Decision | None,
    subject_type: str,
    subject_ids: Iterable[int],
    relationship: str | None,
    action: AuditAction | None,
) -> Iterator[Step]:
    point = _point(kind)
    action = action or point.action
    ids = list(subject_ids)
    if decision is not None and actor is not None:
        enforce(actor, decision, action=action, subject_type=subject_type, subject_ids=ids)
    with transaction.atomic():
        step = Step(
            action=action,
            decision=decision,
            subject_type=subject_type,
            subject_ids=ids,
            relationship=relationship if relationship is not None else (decision.relationship if decision else ""),
        )
        yield step
        if step.recorded:
            audit.record(
                actor=actor,
                action=step.action,
                subject_type=step.subject_type,
                subject_ids=step.subject_ids,
                relationship=step.relationship,
            )
            for more_action, more_type, more_ids, more_relationship in step.more:
                audit.record(actor=actor, action=more_action, subject_type=more_type, subject_ids=more_ids,
                             relationship=more_relationship)  # fmt: skip


def reading(
    actor: User,
    *,
    decision: Decision | None = None,
    subject_type: str = "",
    subject_ids: Iterable[int] = (),
    relationship: str | None = None,
    action: AuditAction | None = None,
) -> AbstractContextManager[Step]:
    """``with reading(actor, decision=..., subject_type=..., subject_ids=...) as step:``
    the read path of a @selector: enforce the decision, then read and audit
    in one transaction. ``action`` defaults to the selector's own."""
    return _path("selector", actor, decision=decision, subject_type=subject_type, subject_ids=subject_ids,
                 relationship=relationship, action=action)  # fmt: skip


def writing(
    actor: User | None,
    *,
    decision: Decision | None = None,
    subject_type: str = "",
    subject_ids: Iterable[int] = (),
    relationship: str | None = None,
    action: AuditAction | None = None,
) -> AbstractContextManager[Step]:
    """``with writing(actor, decision=..., subject_type=..., subject_ids=...) as step:``
    the write path of a @service: enforce the decision, then write and audit
    in one transaction (lock rows inside it with select_for_update).
    ``actor`` None is a system job."""
    return _path("service", actor, decision=decision, subject_type=subject_type, subject_ids=subject_ids,
                 relationship=relationship, action=action)  # fmt: skip


def registered() -> dict[str, AccessPoint]:
    """Every declared access point, after importing every domain's services
    and selectors (and their sub-packages), by dotted name."""
    for config in apps.get_app_configs():
        if not config.name.startswith("tiaki."):
            continue
        for module in _access_modules(config.name):
            importlib.import_module(module)
    return dict(sorted(_REGISTRY.items()))


def _access_modules(package: str) -> Iterator[str]:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return
    for info in pkgutil.walk_packages(spec.submodule_search_locations, prefix=f"{package}."):
        parts = info.name.split(".")
        if "tests" in parts or "migrations" in parts:
            continue
        if {"services", "selectors"} & set(parts):
            yield info.name
