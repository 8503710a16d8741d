"""``/metrics`` for Prometheus: answered only to a request bearing
``Authorization: Bearer <TIAKI_METRICS_TOKEN>``; to anyone else, and always
when no token is configured, it is a 404 like any absent page."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from tiaki.access.declare import public
from tiaki.web.metrics import exposition

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def _authorised(request: HttpRequest) -> bool:
    token = settings.TIAKI_METRICS_TOKEN
    if not token:
        return False
    scheme, _, offered = request.headers.get("Authorization", "").partition(" ")
    # Compared in constant time, so the answer's timing says nothing of the token.
    return hmac.compare_digest(offered.strip().encode(), token.encode()) and scheme.lower() == "bearer"


@public
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Public in the URL guard's sense (no account): the token is the rule."""
    if not _authorised(request):
        raise Http404
    return HttpResponse(exposition(), content_type=CONTENT_TYPE)
