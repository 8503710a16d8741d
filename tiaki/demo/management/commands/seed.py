"""``tiaki seed --persons N [--seed S] [--reports R] [--years Y] [--no-casework] [--reset]``: a synthetic agency.

With reports comes their casework (tiaki.demo.generator.casework): the
chronology, cases, notes, plans, FGCs and orders, about 20 entries per
person, and care (tiaki.demo.generator.care): children in care with their
placements, and the caregiver register; ``--no-casework`` leaves the
reports on their own."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError
from django.db.models import ProtectedError

from tiaki.demo.generator import delete_seeded_rows, seed_agency, seeded_rows_exist


class Command(BaseCommand):
    help = "Fill an empty register with made-up whānau, sites, teams and staff."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, default=2000, help="exact number of persons (default 2000)")
        parser.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same data")
        parser.add_argument(
            "--reports",
            type=int,
            default=None,
            help="reports of concern over the history (default: about 2.5 per person; 0 for none)",
        )
        parser.add_argument("--years", type=int, default=22, help="years of report history (default 22)")
        parser.add_argument(
            "--no-casework",
            action="store_true",
            help="reports only: no chronology, cases, notes, plans, FGCs, orders or care",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="first delete the person register and the generated staff (demo sign-ins are kept)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("tiaki seed makes made-up people: it will not run in production mode.")
        persons: int = options["persons"]
        if persons < 1:
            raise CommandError("--persons must be at least 1.")
        if options["reports"] is not None and options["reports"] < 0:
            raise CommandError("--reports must be 0 or more.")
        if options["years"] < 1:
            raise CommandError("--years must be at least 1.")
        verbose = options["verbosity"] > 1
        if seeded_rows_exist():
            if not options["reset"]:
                raise CommandError(
                    "The register already has persons or generated staff; "
                    "run with --reset to delete them and seed again."
                )
            try:
                delete_seeded_rows()
            except (IntegrityError, ProtectedError) as exc:
                raise CommandError(
                    f"Could not delete the existing register because other records refer to it: {exc}"
                ) from exc
        summary = seed_agency(
            persons=persons,
            seed=options["seed"],
            reports=options["reports"],
            years=options["years"],
            casework=not options["no_casework"],
            out=(lambda line: self.stdout.write(f"  {line}")) if verbose else None,
        )
        self.stdout.write(str(summary))
