"""``tiaki intake_loadtest --clients 20 --seconds 30 [--base-url URL] [--json]``:
POST reports to the API from concurrent clients on loopback, then check that
every acknowledged report is in the database (tiaki.intake.loadtest)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiaki.intake.loadtest import LoadTestError, run_loadtest


class Command(BaseCommand):
    help = "Load-test POST /api/v1/reports on this machine and count that nothing acknowledged was lost."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clients", type=int, default=20, help="concurrent client threads (default 20)")
        parser.add_argument("--seconds", type=float, default=30.0, help="how long to run (default 30)")
        parser.add_argument("--max-reports", type=int, default=None, help="stop after sending this many")
        parser.add_argument(
            "--base-url",
            default=None,
            help="a Tiaki already running on loopback (http://127.0.0.1:PORT); default: start gunicorn here",
        )
        parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4)")
        parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (default 4)")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The load test writes made-up reports: it will not run in production mode.")
        try:
            result = run_loadtest(
                clients=options["clients"],
                seconds=options["seconds"],
                base_url=options["base_url"],
                workers=options["workers"],
                threads=options["threads"],
                max_reports=options["max_reports"],
            )
        except LoadTestError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(result.as_json() if options["json"] else str(result))
        if not result.ok:
            raise CommandError("Acknowledged reports are missing from the database, or none were acknowledged.")
