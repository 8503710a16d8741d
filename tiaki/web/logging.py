"""Logging that keeps personal data out of log files.

Log messages in Tiaki carry ids, never names or values. Two leaks are closed
here: an exception's message (a database error can quote the row it refused),
so PrivateFormatter writes tracebacks with exception types and frames only;
and query strings, which can hold whatever a user or a script typed (a name,
a birth date), so QueryStringFilter cuts them from every line that names a
path: runserver's request log (django.server), Django's "Not Found" and
"Bad Request" warnings (django.request), gunicorn's error log
(tiaki.config.gunicorn, whose access log never formats one).
"""

from __future__ import annotations

import logging
import re
import time
import traceback
from contextvars import ContextVar
from types import TracebackType
from typing import Any

from pythonjsonlogger.json import JsonFormatter

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")

_ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request_id = request_id_var.get()
        if request_id == "-":
            # Django logs a 4xx (django.request) after the middleware that set
            # the id has returned; the request it passes still carries it.
            request_id = getattr(getattr(record, "request", None), "request_id", "-")
        record.request_id = request_id
        return True


# A path (from its first "/") followed by "?" and the query, up to the
# request line's " HTTP/1.1", a quote or the end of the line: spaces are not
# a boundary, because a script can send `GET /x?name=Tui Smith HTTP/1.1` and
# runserver logs that line as it came. Cutting too much is safe; too little is not.
_QUERY = re.compile(r"(/[^\s?#\"']*)\?[^\"'\n]*?(?=\s+HTTP/\d|[\"'\n]|$)")


def strip_query_strings(text: str) -> str:
    """``text`` with the query string cut from every path or URL in it."""
    return _QUERY.sub(r"\1", text)


# http.server's log_error (runserver): its message quotes words of a bad
# request line, e.g. "Bad request version ('Smith')" from a query string
# sent with its spaces unencoded; the status line that follows says enough.
_HTTP_SERVER_ERROR = "code %d, message %s"


class QueryStringFilter(logging.Filter):
    """Cut query strings from the formatted message (its arguments included:
    runserver passes the request line as one), before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == _HTTP_SERVER_ERROR and isinstance(record.args, tuple) and len(record.args) == 2:
            record.args = (record.args[0], "withheld (it quotes the request line)")
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True  # a malformed call: logging reports it as it would have
        stripped = strip_query_strings(message)
        if stripped != message:
            record.msg, record.args = stripped, None
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


#: The fields a request line adds (tiaki.web.middleware.RequestLogMiddleware):
#: a route's name, never its path; an account's id, never a name.
REQUEST_FIELDS = ("route", "method", "status", "duration_ms", "user_id")


class PrivateJsonFormatter(JsonFormatter):
    """One JSON object a line: time (UTC), level, logger, message,
    request_id and, for request lines, REQUEST_FIELDS; nothing else from the
    record (Django's request loggers attach the request itself). Exceptions
    as PrivateFormatter writes them: types and frames, never messages."""

    def format(self, record: logging.LogRecord) -> str:
        moment = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        log_data: dict[str, Any] = {
            "time": f"{moment}.{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        for name in REQUEST_FIELDS:
            if hasattr(record, name):
                log_data[name] = getattr(record, name)
        if record.exc_info:
            log_data["exception"] = _PRIVATE.formatException(record.exc_info)
        return self.serialize_log_record(log_data)


_PRIVATE = PrivateFormatter()
