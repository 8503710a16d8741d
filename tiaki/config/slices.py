"""Each domain's pages and API are found, not listed: a domain with
``<domain>/web/urls.py`` has its pages served, one with ``<domain>/api/urls.py``
its API under /api/v1/, so adding or changing a domain touches that domain
alone. Their URL names join the ``web`` and ``api`` namespaces, as before."""

from __future__ import annotations

import importlib.util

from django.apps import apps
from django.urls import URLResolver, include, path

KERNELS = frozenset({"tiaki.web", "tiaki.api"})


def slice_urls(kind: str) -> list[URLResolver]:
    """``path("", include(...))`` for every domain's ``<kind>/urls.py``, in
    INSTALLED_APPS order (a domain's own patterns never overlap another's)."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("tiaki.") or config.name in KERNELS:
            continue
        if importlib.util.find_spec(f"{config.name}.{kind}") is None:
            continue
        if importlib.util.find_spec(f"{config.name}.{kind}.urls") is not None:
            found.append(path("", include(f"{config.name}.{kind}.urls")))
    return found
