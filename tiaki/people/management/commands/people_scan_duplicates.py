"""``tiaki people_scan_duplicates``: the scheduled job that queues pairs of
records that may be one person for review
(tiaki.people.services.duplicates), run by hand. `tiaki worker` runs it
nightly (``people.scan_duplicates``, tiaki/people/jobs.py); nothing is
merged without a reviewer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tiaki.people.merging import duplicates_scan


class Command(BaseCommand):
    help = "Queue possible duplicate person records for review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--person", type=int, action="append", dest="person_ids", help="scan only this person (repeatable)"
        )
        parser.add_argument("--limit", type=int, help="scan at most this many persons")

    def handle(self, *args: Any, **options: Any) -> None:
        count = duplicates_scan(person_ids=options["person_ids"], limit=options["limit"])
        self.stdout.write(f"Queued {count} new possible duplicate{'s' if count != 1 else ''} for review.")
