"""The request an audit event belongs to: set by
tiaki.web.middleware.RequestIdMiddleware, read by tiaki.audit.record()."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    client_address: str | None


NO_REQUEST = RequestContext(request_id="", client_address=None)
request_context: ContextVar[RequestContext] = ContextVar("audit_request_context", default=NO_REQUEST)
