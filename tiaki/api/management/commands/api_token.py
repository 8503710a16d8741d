"""``tiaki api_token USERNAME``: an agency client's API tokens.

- ``tiaki api_token USERNAME [--days N]`` issues one; it is printed once and
  Tiaki keeps only its hash.
- ``--list`` shows the account's tokens by their non-secret prefix.
- ``--revoke PREFIX`` revokes one token, ``--revoke-all`` every one; the next
  request with a revoked token is refused (401). Both are audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tiaki.api.selectors import token_rows
from tiaki.api.services import (
    TokenNotFoundError,
    api_token_issue,
    api_token_revoke_all_by_operator,
    api_token_revoke_by_operator,
)
from tiaki.staff.models import User


class Command(BaseCommand):
    help = "Issue (printed once), list or revoke an account's API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=None, help="expire after this many days (default: never)")
        what = parser.add_mutually_exclusive_group()
        what.add_argument("--list", action="store_true", help="list the account's tokens (prefix, dates)")
        what.add_argument("--revoke", metavar="PREFIX", help="revoke the token starting with PREFIX (from --list)")
        what.add_argument("--revoke-all", action="store_true", help="revoke every token of the account")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No account is called {options['username']!r}.")
        if options["list"]:
            self._list(user)
        elif options["revoke"]:
            try:
                api_token_revoke_by_operator(user=user, token_key=options["revoke"])
            except TokenNotFoundError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"Revoked {user.username}'s token {options['revoke']}.")
        elif options["revoke_all"]:
            count = api_token_revoke_all_by_operator(user=user)
            self.stdout.write(f"Revoked {count} token{'' if count == 1 else 's'} of {user.username}.")
        else:
            self._issue(user, options["days"])

    def _issue(self, user: User, days: int | None) -> None:
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        try:
            token = api_token_issue(user=user, days=days)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(token)

    def _list(self, user: User) -> None:
        # An operator at the command line may do what an administrator may.
        rows = token_rows(user=user)
        if not rows:
            self.stdout.write(f"{user.username} has no API tokens.")
        for row in rows:
            expires = _when(row.expiry) if row.expiry else "never"
            self.stdout.write(
                f"{row.token_key}  created {_when(row.created)}  expires {expires}"
                f"  last used {_when(row.last_used_at)}{' (expired)' if row.expired else ''}"
            )


def _when(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"
