"""``tiaki audit verify | lockdown --role NAME | seed-events N``.

verify: walk the whole chain and name the first broken event (exit 1), or
print "Audit trail intact: N events". lockdown: PostgreSQL privileges for
the web app's role. seed-events: synthetic events for the benchmark.
See docs/audit.md.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiaki.audit.bulk import seed_events
from tiaki.audit.privileges import LockdownError, lockdown
from tiaki.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Check the audit trail's hash chain, lock down its privileges, or add synthetic events."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="{verify,lockdown,seed-events}")
        verify = commands.add_parser("verify", help="check every event's hash and link; exit 1 at the first break")
        verify.add_argument("--json", action="store_true", help="print one JSON document")
        verify.add_argument("--workers", type=int, default=2, help="processes on PostgreSQL (default 2)")
        lock = commands.add_parser("lockdown", help="PostgreSQL: let the app's role only read and append")
        lock.add_argument("--role", required=True, help="the database role the web app connects as")
        seed = commands.add_parser("seed-events", help="append N synthetic events (benchmark databases only)")
        seed.add_argument("count", type=int)
        seed.add_argument("--batch", type=int, default=200_000, help="events per transaction")
        seed.add_argument("--json", action="store_true", help="print one JSON document")
        seed.add_argument(
            "--days",
            type=int,
            default=0,
            help="spread the events over the last D days (working hours mostly, a few planted anomalies); "
            "default 0: one microsecond apart",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        subcommand = options["subcommand"]
        if subcommand == "verify":
            self._verify(as_json=options["json"], workers=options["workers"])
        elif subcommand == "lockdown":
            try:
                statements = lockdown(role=options["role"])
            except LockdownError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write("\n".join([*(f"{statement};" for statement in statements), "Lockdown applied."]))
        else:
            if options["count"] < 1 or options["batch"] < 1 or options["days"] < 0:
                raise CommandError("The count and --batch must be at least 1, and --days not below 0.")
            result = seed_events(options["count"], batch=options["batch"], days=options["days"])
            summary = {"events": result.events, "seconds": round(result.seconds, 3), "last_seq": result.last_seq}
            if options["json"]:
                self.stdout.write(json.dumps(summary))
            else:
                self.stdout.write(
                    f"Appended {result.events} events in {result.seconds:.1f} s (last seq {result.last_seq})."
                )

    def _verify(self, *, as_json: bool, workers: int) -> None:
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        verdict = verify_chain(workers=workers)
        if as_json:
            self.stdout.write(json.dumps(verdict.as_dict()))
        if not verdict.ok:
            raise CommandError(f"Audit trail broken at event {verdict.broken_seq}: {verdict.problem}.")
        if not as_json:
            self.stdout.write(
                f"Audit trail intact: {verdict.events} events "
                f"(checked in {verdict.seconds:.1f} s; head hash {verdict.head_hash})"
            )
