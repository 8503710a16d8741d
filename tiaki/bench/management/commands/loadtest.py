"""``tiaki loadtest [--users 200] [--workers 1,2,4] [--seconds 60] [--think 1-3] [--json]``:
staff of every role sign in and work through the pages of an agency's day
against the app served here under gunicorn, once per worker count; prints
per-page throughput, median and p95, and fails on any error
(tiaki.bench.load.run; the figures are in docs/benchmarks.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from tiaki.bench.load.mix import DEFAULT_THINK
from tiaki.bench.load.run import as_json, as_table, machine, run_loadtest
from tiaki.intake.loadtest import LoadTestError
from tiaki.people.models import Person


def _workers(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise CommandError(f"--workers takes numbers separated by commas, for example 1,2,4 (not {text!r}).") from None


def _think(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    try:
        return float(low), float(high or low)
    except ValueError:
        raise CommandError(f"--think takes LOW-HIGH seconds, for example 1-3 (not {text!r}).") from None


class Command(BaseCommand):
    help = "Load-test the staff pages on this machine with a realistic mix of roles; fails on any error."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=200, help="simulated staff signed in (default 200)")
        parser.add_argument("--workers", default="1,2,4", help="gunicorn worker counts to run, in turn (default 1,2,4)")
        parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (default 4)")
        parser.add_argument("--seconds", type=float, default=60.0, help="seconds measured per run (default 60)")
        parser.add_argument(
            "--ramp", type=float, default=None, help="seconds to sign everyone in first (default: users / 10)"
        )
        low, high = DEFAULT_THINK
        parser.add_argument(
            "--think", default=f"{low:g}-{high:g}", help=f"think time between tasks, seconds (default {low:g}-{high:g})"
        )
        parser.add_argument("--seed", type=int, default=1, help="seed for choosing accounts and records")
        parser.add_argument(
            "--base-url", default=None, help="a Tiaki already running on loopback; default: start gunicorn here"
        )
        parser.add_argument(
            "--tour", action="store_true", help="each user first visits each of its pages once (short runs, tests)"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The load test signs in as the agency's staff: it will not run in production mode.")
        workers = _workers(options["workers"])
        think = _think(options["think"])
        context = {
            "command": "tiaki loadtest "
            + " ".join(f"--{k} {options[k]}" for k in ("users", "workers", "threads", "seconds", "think", "seed"))
            + (f" --ramp {options['ramp']:g}" if options["ramp"] is not None else "")
            + (" --tour" if options["tour"] else ""),
            "machine": machine(),
            "database": {"vendor": connection.vendor, "persons": Person.objects.count()},
        }
        try:
            results = run_loadtest(
                users=options["users"], workers=workers, seconds=options["seconds"], ramp=options["ramp"],
                threads=options["threads"], think=think, base_url=options["base_url"], seed=options["seed"],
                tour=options["tour"],
            )  # fmt: skip
        except LoadTestError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(as_json(results, context) if options["json"] else as_table(results))
        errors = sum(r.errors for r in results)
        if errors:
            raise CommandError(f"{errors} requests failed: the mix must run without errors.")
