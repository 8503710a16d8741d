"""Every URL pattern declares its access rule (tiaki.access.declare): a view
added without one, with a label set by hand, or made public off the
allowlist fails here before it can leak anything. Each way round is
planted below and must be named."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, path

from tiaki.access.declare import PUBLIC, declared, personal_data, public, signed_in
from tiaki.access.permissions import Permission
from tiaki.api.views import TiakiAPIView
from tiaki.audit.models import AuditChainHead, AuditEvent

# Routes anyone may call, signed in or not, by URL name; none shows
# personal data. Signing out is public so a stale session can always end.
# The metrics answer only their bearer token (tiaki.web.views.metrics).
PUBLIC_ROUTES = frozenset(
    {"web:sign-in", "web:sign-out", "web:healthz", "web:livez", "web:readyz", "web:metrics"}
    | {"api:schema", "api:docs", "api:redoc"}
)


def _walk(patterns: Iterable[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, Callable]]:
    """(route, namespaced URL name, callback) for every pattern."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), f"{namespace}{pattern.name or ''}", pattern.callback


def url_offences(patterns: Iterable[Any]) -> list[str]:
    """Routes whose view declares no rule the kernel made, API views not on
    the kernel's base view, and public routes off PUBLIC_ROUTES."""
    found = []
    for route, name, callback in _walk(patterns):
        label = declared(callback)
        cls = getattr(callback, "cls", None)
        if label is None:
            found.append(f"{route} ({name}): no declared access rule")
        elif cls is not None and not issubclass(cls, TiakiAPIView) and label != PUBLIC:
            found.append(f"{route} ({name}): API view not on tiaki.api.views.TiakiAPIView")
        elif label == PUBLIC and name not in PUBLIC_ROUTES:
            found.append(f"{route} ({name}): public, and not on PUBLIC_ROUTES")
    return found


def test_every_view_declares_its_access_rule():
    assert url_offences(get_resolver().url_patterns) == []


def test_the_walk_finds_the_views():
    routes = {route: name for route, name, _ in _walk(get_resolver().url_patterns)}
    assert routes["people/<id:person_id>/"] == "web:person-detail"
    assert routes["api/v1/persons/<id:person_id>"] == "api:person-detail"
    assert set(routes.values()) >= PUBLIC_ROUTES


def _fresh() -> Callable[[HttpRequest], HttpResponse]:
    """A new view each time: declaring one marks it for good."""

    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("planted")

    return view


def _planted(*extra: URLPattern) -> list[str]:
    found = url_offences([*get_resolver().url_patterns, *extra])
    return [f for f in found if "planted" in f]


def test_the_guard_names_an_undeclared_view():
    assert _planted(path("planted/", _fresh(), name="planted")) == ["planted/ (planted): no declared access rule"]


def test_the_guard_names_a_view_labelled_by_hand():
    labelled = _fresh()
    labelled.tiaki_access = f"personal-data:{Permission.PERSON_READ}"  # type: ignore[attr-defined]

    class Labelled(TiakiAPIView):
        pass

    Labelled.tiaki_access = Permission.PERSON_READ

    assert _planted(
        path("planted/", labelled, name="planted"), path("planted-api/", Labelled.as_view(), name="planted-api")
    ) == ["planted/ (planted): no declared access rule", "planted-api/ (planted-api): no declared access rule"]


def test_the_guard_names_an_api_view_off_the_kernel_base():
    from rest_framework.views import APIView

    class Bare(APIView):
        tiaki_access = "signed-in"

    # Labelled by hand, or wrapped by a decorator: neither is checked by the
    # kernel's RolePermission, so neither counts.
    assert _planted(
        path("planted/", Bare.as_view(), name="planted"),
        path("planted-wrapped/", signed_in(Bare.as_view()), name="planted-wrapped"),
    ) == [
        "planted/ (planted): no declared access rule",
        "planted-wrapped/ (planted-wrapped): API view not on tiaki.api.views.TiakiAPIView",
    ]


def test_the_guard_names_a_new_public_route():
    assert _planted(path("planted/", public(_fresh()), name="planted")) == [
        "planted/ (planted): public, and not on PUBLIC_ROUTES"
    ]


def test_an_api_view_with_an_unknown_label_cannot_be_made():
    with pytest.raises(TypeError, match="not an access rule"):

        class Unknown(TiakiAPIView):
            tiaki_access = "everyone"


# The declaration enforces: a role without the permission is refused, and
# audited, before the view runs.


@personal_data(Permission.CASE_READ)
def _case_page(request: HttpRequest) -> HttpResponse:
    raise AssertionError("the view ran for a role without the permission")


urlpatterns = [path("planted-case/", _case_page)]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_personal_data_refuses_a_role_without_the_permission_before_the_view_runs(privacy_officer):
    client = Client()
    client.force_login(privacy_officer)
    before = AuditChainHead.objects.get(pk=1).last_seq
    response = client.get("/planted-case/")
    assert response.status_code == 403
    events = AuditEvent.objects.filter(seq__gt=before).values_list("actor_id", "action", "outcome", "reason")
    assert list(events) == [(privacy_officer.pk, "case.read", "refused", "permission_missing")]


@pytest.mark.django_db
def test_an_api_view_refuses_a_role_without_its_personal_data_permission(privacy_officer):
    client = Client()
    client.force_login(privacy_officer)
    before = AuditChainHead.objects.get(pk=1).last_seq
    response = client.get("/api/v1/cases")
    assert response.status_code == 403
    events = AuditEvent.objects.filter(seq__gt=before).values_list("actor_id", "action", "outcome", "reason")
    assert list(events) == [(privacy_officer.pk, "case.read", "refused", "permission_missing")]


def test_a_public_label_is_one_the_decorators_made():
    assert declared(public(_fresh())) == PUBLIC
