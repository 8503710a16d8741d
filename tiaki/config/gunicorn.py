"""gunicorn's configuration for Tiaki: ``gunicorn -c python:tiaki.config.gunicorn
tiaki.config.wsgi:application`` (docs/configuration.md).

Its access log names each request by method and path, never the query string
(``%(U)s``, not ``%(r)s``: a query can hold a name or birth date someone
typed), nor the referrer or user agent (request headers a client controls),
then the status, the size, the time taken in milliseconds and the request's
X-Request-ID, which the audit trail and Tiaki's own log lines carry too. The
error log cuts query strings the same way (gunicorn names the request's URI
when a worker fails). Settings come from TIAKI_GUNICORN_* variables; any
command-line option overrides them, as the load test does (tiaki.intake.loadtest).
"""

from __future__ import annotations

import logging
import os

from gunicorn import glogging  # type: ignore[import-untyped] # gunicorn ships no type hints

from tiaki.web.logging import QueryStringFilter

bind = os.environ.get("TIAKI_GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("TIAKI_GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("TIAKI_GUNICORN_THREADS", "4"))
keepalive = 30
loglevel = os.environ.get("TIAKI_GUNICORN_LOG_LEVEL", "info")
# "-" is standard output; a path writes to that file.
accesslog = os.environ.get("TIAKI_GUNICORN_ACCESS_LOG", "-")
errorlog = "-"

access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms [%({x-request-id}o)s]'


class GunicornQueryStringFilter(QueryStringFilter):
    """Tiaki's query string filter, and one more: gunicorn reports a request
    it cannot parse with the offending text quoted ("Invalid HTTP Version:
    'Smith&dob=2015-03-04 HTTP/1.1'" from a query sent with its spaces
    unencoded), already formatted; the quoted part is withheld."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("Invalid request from ip=") and "'" in message:
            record.msg, record.args = message.split("'", 1)[0] + "(withheld: it quotes the request)", None
        return super().filter(record)


class PrivateLogger(glogging.Logger):
    """gunicorn's logger, with query strings cut from every line it writes."""

    def setup(self, cfg: object) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.addFilter(GunicornQueryStringFilter())


logger_class = PrivateLogger
