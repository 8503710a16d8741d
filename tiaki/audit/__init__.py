"""The append-only, hash-chained audit trail: ``audit.record(...)``, called by
the read and write paths (tiaki.access.paths) and the refusal
(tiaki.access.enforcement), and ``tiaki audit verify`` to check it. See
docs/audit.md."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tiaki.audit.services import record as record

__all__ = ["record"]


def __getattr__(name: str) -> Any:
    # Lazy: Django imports this package before the app registry is ready, and
    # services imports models.
    if name in __all__:
        from tiaki.audit import services

        return getattr(services, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
