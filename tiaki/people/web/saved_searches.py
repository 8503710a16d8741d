"""Searches kept server-side behind an opaque id, so that a name, birth
date, address or number typed into a search never travels in a URL (where
browser history, proxies, the Referer header and request logs keep it).

A search form is POSTed; the view keeps what was typed in the signed-in
user's session under a random token and redirects to a page named only by
that token (``/people/search/<token>/``). The session, not a table: it
belongs to the one user who typed the query (a token copied to anyone else
finds nothing), it is deleted at sign-out and expires with the session
(SESSION_COOKIE_AGE, 30 idle minutes by default), and it needs no table,
migration or clean-up job. Each session keeps only its last
``KEPT`` searches, each for at most ``LIFETIME``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

SESSION_KEY = "tiaki_searches"
#: Searches kept per session (older ones are forgotten first).
KEPT = 10
#: How long a kept search can be opened again.
LIFETIME = dt.timedelta(minutes=30)


def keep(request: HttpRequest, kind: str, data: dict[str, Any]) -> str:
    """Keep ``data`` (JSON-serialisable form input) for ``kind`` of search;
    the token to put in the result page's URL."""
    token = secrets.token_urlsafe(16)
    kept = _live(request)
    kept[token] = {"kind": kind, "data": data, "at": timezone.now().isoformat()}
    request.session[SESSION_KEY] = dict(list(kept.items())[-KEPT:])
    return token


def recall(request: HttpRequest, kind: str, token: str) -> dict[str, Any] | None:
    """What was typed for the search ``token`` of this ``kind``, or None if
    it is unknown here, of another kind or expired."""
    entry = _live(request).get(token)
    if entry is None or entry.get("kind") != kind:
        return None
    data: dict[str, Any] = entry["data"]
    return data


def _live(request: HttpRequest) -> dict[str, dict[str, Any]]:
    kept = request.session.get(SESSION_KEY)
    if not isinstance(kept, dict):
        return {}
    oldest = timezone.now() - LIFETIME
    return {token: entry for token, entry in kept.items() if dt.datetime.fromisoformat(entry["at"]) > oldest}
