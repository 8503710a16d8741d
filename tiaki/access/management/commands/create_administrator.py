"""``tiaki create-administrator USERNAME``: the first System administrator
(docs/deployment.md, step 6), who then adds everyone else on the account
pages. The password is asked for twice at the terminal, or read from
``--password-file`` for automation; it is never an argument (shell history,
the process list). Audited ``user.create`` (tiaki.access.services)."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiaki.access.services import AccessRequestError, administrator_create


class Command(BaseCommand):
    help = "Create a System administrator account (the first one; the others are added on the account pages)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--first-name", default="", help="their given name")
        parser.add_argument("--last-name", default="", help="their family name")
        parser.add_argument("--email", default="", help="their work email, for notices")
        parser.add_argument("--password-file", type=Path, help="read the password from this file (first line)")

    def handle(self, *args: Any, **options: Any) -> None:
        password = self._password(options["password_file"])
        try:
            user = administrator_create(
                username=options["username"], first_name=options["first_name"], last_name=options["last_name"],
                email=options["email"], password=password,
            )  # fmt: skip
        except AccessRequestError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Created the System administrator {user.username}. On first sign-in they set up their second factor."
        )

    def _password(self, path: Path | None) -> str:
        if path is not None:
            try:
                return path.read_text().splitlines()[0] if path.read_text() else ""
            except OSError as exc:
                raise CommandError(f"Cannot read the password file {path}: {exc.strerror}.") from None
        first = getpass.getpass("Password (12 characters or more): ")
        if getpass.getpass("The same password again: ") != first:
            raise CommandError("The two passwords differ; nothing was created.")
        return first
