"""gunicorn's configuration for Tiaki: ``tiaki serve`` runs ``gunicorn -c
python:tiaki.config.gunicorn tiaki.config.wsgi:application`` (docs/deployment.md).

The process settings are derived from the machine (tiaki.config.serving,
where each is explained); TIAKI_GUNICORN_* variables and command-line
options override them, as the load test does (tiaki.intake.loadtest).

Its access log names each request by method and path, never the query string
(``%(U)s``, not ``%(r)s``: a query can hold a name or birth date someone
typed), nor the referrer or user agent (request headers a client controls),
then the status, the size, the time taken in milliseconds and the request's
X-Request-ID, which the audit trail and Tiaki's own log lines carry too. The
error log cuts query strings the same way (gunicorn names the request's URI
when a worker fails). With TIAKI_LOG_FORMAT=json (production's default) both
are written as JSON lines, like Tiaki's own.

Metrics: each worker writes its counters to PROMETHEUS_MULTIPROC_DIR
(``<TIAKI_VAR_DIR>/prometheus``), emptied when the master starts; a worker
that exits is marked dead so its live gauges are dropped.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Any

from gunicorn import glogging  # type: ignore[import-untyped] # gunicorn ships no type hints

from tiaki.config.serving import derive
from tiaki.web.logging import PrivateJsonFormatter, QueryStringFilter

_derived = derive()
bind = _derived.bind
worker_class = "gthread"
workers = _derived.workers
threads = _derived.threads
timeout = _derived.timeout
graceful_timeout = _derived.graceful_timeout
keepalive = _derived.keepalive
max_requests = _derived.max_requests
max_requests_jitter = _derived.max_requests_jitter
preload_app = _derived.preload_app
# No control socket (gunicorn 25's gunicornc, in $HOME/.gunicorn by default):
# signals from systemd are the control interface, the socket would be one
# more way to change the service, and every server on a machine would share its path.
control_socket_disable = True
loglevel = os.environ.get("TIAKI_GUNICORN_LOG_LEVEL", "info")
# "-" is standard output; a path writes to that file.
accesslog = os.environ.get("TIAKI_GUNICORN_ACCESS_LOG", "-")
errorlog = "-"

access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms [%({x-request-id}o)s]'

_VAR = Path(os.environ.get("TIAKI_VAR_DIR", str(Path(__file__).resolve().parents[2] / "var")))
_JSON = os.environ.get("TIAKI_LOG_FORMAT", "json" if os.environ.get("TIAKI_MODE") == "production" else "text")


def on_starting(server: Any) -> None:
    """A fresh metrics directory: files left by an earlier master would add
    their counts to this one's. Set here, in the master before any worker
    forks and imports prometheus_client (which reads it once), not when this
    module is imported (a test imports it)."""
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(_VAR / "prometheus"))
    directory = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True, exist_ok=True)


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


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
    """gunicorn's logger, with query strings cut from every line it writes
    (and lines as JSON when Tiaki's are)."""

    def setup(self, cfg: object) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.addFilter(GunicornQueryStringFilter())
                if _JSON.strip().lower() == "json":
                    handler.setFormatter(PrivateJsonFormatter())


logger_class = PrivateLogger
