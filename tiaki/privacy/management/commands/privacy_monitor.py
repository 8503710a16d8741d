"""``tiaki privacy_monitor [--full] [--json]``: run an access monitoring pass
by hand (the jobs privacy.monitor and privacy.monitor_full run them on a
schedule). Prints counts only."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tiaki.privacy.monitoring import monitoring_run


class Command(BaseCommand):
    help = "Run an access monitoring pass over the audit trail (incremental, or --full)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="read the whole trail and rebuild the daily counts")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        run = monitoring_run(kind="full" if options["full"] else "incremental")
        seconds = (run.finished_at - run.started_at).total_seconds() if run.finished_at else 0.0
        summary = {"kind": run.kind, "from_seq": run.from_seq, "to_seq": run.to_seq,
                   "events_scanned": run.events_scanned, "alerts_raised": run.alerts_raised,
                   "seconds": round(seconds, 3)}  # fmt: skip
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(
                f"{run.get_kind_display()}: read {run.events_scanned} events (seq {run.from_seq} to {run.to_seq}), "
                f"raised {run.alerts_raised} new alert{'s' if run.alerts_raised != 1 else ''} in {seconds:.1f} s."
            )
