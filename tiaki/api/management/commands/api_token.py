"""``tiaki api_token USERNAME [--days N]``: issue an API token for an agency
client's account. The token is printed once; Tiaki keeps only its hash."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiaki.api.services import api_token_issue
from tiaki.staff.models import User


class Command(BaseCommand):
    help = "Issue an API token for an account (printed once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=None, help="expire after this many days (default: never)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No account is called {options['username']!r}.")
        if options["days"] is not None and options["days"] < 1:
            raise CommandError("--days must be at least 1.")
        try:
            token = api_token_issue(actor=None, user=user, days=options["days"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(token)
