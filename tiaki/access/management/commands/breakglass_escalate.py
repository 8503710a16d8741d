"""``tiaki breakglass_escalate``: the scheduled job that sends break-glass
reviews still open after 5 working days to the site manager, run by hand.
`tiaki worker` runs it hourly (``access.breakglass_escalate``,
tiaki/access/jobs.py); a page visit never does this."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tiaki.access.services import breakglass_escalate_overdue


class Command(BaseCommand):
    help = "Escalate overdue break-glass reviews to site managers."

    def handle(self, *args: Any, **options: Any) -> None:
        count = breakglass_escalate_overdue()
        self.stdout.write(f"Escalated {count} overdue break-glass review{'s' if count != 1 else ''}.")
