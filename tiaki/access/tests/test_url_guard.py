"""Every URL pattern declares its access rule (tiaki.access.declare): a view
added without one fails here before it can leak anything."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from tiaki.access.declare import declared


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_view_declares_its_access_rule():
    undeclared = [route for route, callback in _walk(get_resolver().url_patterns) if declared(callback) is None]
    assert undeclared == []


def test_the_walk_finds_the_views():
    routes = dict(_walk(get_resolver().url_patterns))
    assert "people/<id:person_id>/" in routes
    assert "api/v1/persons/<id:person_id>" in routes
