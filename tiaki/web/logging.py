"""Logging that keeps personal data out of log files.

Log messages in Tiaki carry ids, never names or values; the one leak left is
an exception's message (a database error can quote the row it refused), so
PrivateFormatter writes tracebacks with exception types and frames only.
"""

from __future__ import annotations

import logging
import traceback
from contextvars import ContextVar
from types import TracebackType

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")

_ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class PrivateFormatter(logging.Formatter):
    def formatException(self, ei: _ExcInfo) -> str:  # noqa: N802 - logging's API name
        exc_type, _exc, tb = ei
        frames = "".join(traceback.format_tb(tb))
        name = exc_type.__qualname__ if exc_type else "Exception"
        return f"Traceback (most recent call last):\n{frames}{name}: <message withheld: may hold personal data>"

    def format(self, record: logging.LogRecord) -> str:
        # Django's request loggers pass the request as an argument; its repr
        # is never formatted into the message, but drop it to be sure.
        record.__dict__.pop("request", None)
        return super().format(record)
