"""``tiaki restore-drill [--from DUMP] [--keep] [--json] [--dir DIR]``: back up
this database, restore it into a new one, compare every table's row count and
verify the copy's audit chain (tiaki.audit.drill, docs/deployment.md, "Backups and restore"). Exit 1
on a mismatch or a broken chain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiaki.audit.drill import DrillError, run_drill


class Command(BaseCommand):
    help = "Back up the database, restore it into a new one and check the copy: row counts and the audit chain."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from",
            dest="dump_from",
            type=Path,
            default=None,
            help="restore this backup (pg_dump -Fc file, or an SQLite backup file) instead of taking one",
        )
        parser.add_argument("--keep", action="store_true", help="keep the restored copy (it is dropped by default)")
        parser.add_argument("--json", action="store_true", help="print one JSON document")
        parser.add_argument(
            "--dir",
            type=Path,
            default=None,
            help="where the backup file (and an SQLite copy) go (default: VAR_DIR/drill)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out_dir: Path = options["dir"] or Path(settings.VAR_DIR) / "drill"
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"The drill directory {str(out_dir)!r} cannot be created: {exc.strerror}.") from None
        dump_from: Path | None = options["dump_from"]
        if dump_from is not None and not dump_from.is_file():
            raise CommandError(f"The backup file {str(dump_from)!r} does not exist.")
        try:
            report = run_drill(dump_from=dump_from, keep=options["keep"], out_dir=out_dir)
        except DrillError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(report.as_json() if options["json"] else str(report))
        if not report.ok:
            problems = []
            if report.mismatched:
                problems.append(f"row counts differ in {', '.join(report.mismatched)}")
            if not report.verify.get("ok"):
                problems.append(f"the copy's audit chain is broken: {report.verify.get('problem')}")
            raise CommandError("Restore drill failed: " + "; ".join(problems) + ".")
