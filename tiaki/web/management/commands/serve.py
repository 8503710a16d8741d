"""``tiaki serve``: the app under gunicorn with the settings derived from
this machine (tiaki.config.serving, tiaki.config.gunicorn).

``--print-config`` (or ``--check``) prints the derived settings and the
checks below, and exits. In production it refuses to start until the static
files are collected: WhiteNoise would otherwise fail on the first page.
gunicorn replaces this process (exec), so systemd's signals reach its
master directly: TERM finishes requests in flight then stops, HUP starts
new workers on the new code then retires the old ones.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiaki.config.serving import derive
from tiaki.web.health import manifest_path


class Command(BaseCommand):
    help = "Serve Tiaki under gunicorn, with settings derived from this machine."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", help="address to listen on (default TIAKI_GUNICORN_BIND or 127.0.0.1:8000)")
        parser.add_argument("--workers", type=int, help="worker processes (default: from CPUs and memory)")
        parser.add_argument("--threads", type=int, help="threads per worker (default 4)")
        parser.add_argument("--timeout", type=int, help="seconds before a silent worker is replaced (default 60)")
        parser.add_argument("--print-config", "--check", action="store_true", dest="print_config",
                            help="print the derived settings and the start-up checks, then exit")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        env = dict(os.environ)
        for option, name in (("bind", "BIND"), ("workers", "WORKERS"), ("threads", "THREADS"), ("timeout", "TIMEOUT")):
            if options[option] is not None:
                if option != "bind" and options[option] < 1:
                    raise CommandError(f"--{option} must be at least 1.")
                env[f"TIAKI_GUNICORN_{name}"] = str(options[option])
        try:
            config = derive(env)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        problems = self.problems()
        if options["print_config"]:
            self.stdout.write(f"mode = {settings.MODE}")
            for line in config.lines():
                self.stdout.write(line)
            self.stdout.write(f"log_format = {settings.LOG_FORMAT}")
            self.stdout.write(
                "metrics = " + ("on (bearer token)" if settings.TIAKI_METRICS_TOKEN else "off (no token)")
            )
            for problem in problems:
                self.stdout.write(f"problem: {problem}")
            if problems:
                raise CommandError("Tiaki would not start: " + " ".join(problems))
            return
        if problems:
            raise CommandError("Tiaki will not start: " + " ".join(problems))
        env.setdefault("PROMETHEUS_MULTIPROC_DIR", str(settings.VAR_DIR / "prometheus"))
        env["TIAKI_VAR_DIR"] = str(settings.VAR_DIR)
        command = [sys.executable, "-m", "gunicorn", "--config", "python:tiaki.config.gunicorn",
                   "tiaki.config.wsgi:application"]  # fmt: skip
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(sys.executable, command, env)  # noqa: S606 - our own interpreter and arguments

    @staticmethod
    def problems() -> list[str]:
        if settings.PRODUCTION and not manifest_path().is_file():
            return [f"The static files have not been collected into {settings.STATIC_ROOT}: run tiaki collectstatic."]
        return []
