"""``tiaki demo``: migrate, seed a small synthetic agency if empty, create the
demo sign-ins, print them and serve http://127.0.0.1:8000."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiaki.demo.accounts import DEMO_PASSWORD, ensure_demo_accounts
from tiaki.demo.work import ensure_demo_work
from tiaki.people.models import Person


class Command(BaseCommand):
    help = "Set up a demonstration agency with made-up people and serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, default=2000, help="persons to seed if the register is empty")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="address and port to serve on")
        parser.add_argument("--no-serve", action="store_true", help="set up, print the sign-ins and stop")
        parser.add_argument(
            "--no-worker", action="store_true", help="serve without `tiaki worker` (no scheduled jobs, no email)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("tiaki demo makes made-up data and demo passwords: it will not run in production mode.")
        call_command("migrate", interactive=False, verbosity=0)
        if not Person.objects.exists():
            call_command("seed", persons=options["persons"], seed=1, stdout=self.stdout)
        accounts = ensure_demo_accounts()
        ensure_demo_work()
        self.stdout.write("")
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        width = max(len(a.username) for a in accounts)
        for account in accounts:
            self.stdout.write(f"  {account.username.ljust(width)}  {account.role_label}: {account.what}")
        self.stdout.write("The portal sign-ins (whānau, young person) come with the portals.")
        self.stdout.write("")
        if options["no_serve"]:
            return
        # The demo runs its jobs as production does: escalations, the duplicate
        # scan and email (into var/mail, the file backend) by `tiaki worker`.
        worker = None if options["no_worker"] else self._start_worker()
        self.stdout.write(f"Serving Tiaki at http://{options['addr']}/  (Ctrl-C to stop)")
        if worker is not None:
            mail = getattr(settings, "EMAIL_FILE_PATH", None)
            where = f"; emails are written to {mail}" if mail else ""
            self.stdout.write(f"`tiaki worker` runs the scheduled jobs{where}")
        try:
            call_command("runserver", options["addr"], use_reloader=False, skip_checks=True)
        finally:
            if worker is not None:
                worker.terminate()  # SIGTERM: it finishes the job it is running, then exits
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    worker.kill()

    def _start_worker(self) -> subprocess.Popen[bytes]:
        # Our own interpreter and command, no user input.
        return subprocess.Popen([sys.executable, "-m", "tiaki", "worker"], env=os.environ.copy())
