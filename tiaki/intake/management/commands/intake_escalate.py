"""``tiaki intake_escalate``: the scheduled escalation of reports nearing
their response deadline (tiaki.intake.services.reports_escalate).

Run it from cron, never from a page visit, e.g. every 15 minutes::

    */15 * * * *  tiaki intake_escalate

A report past TriagePolicy.escalate_highlight_fraction of its response time
is highlighted in the queue (level 1); past escalate_notify_fraction its
supervisor is told in Tiaki (level 2). Running it twice changes nothing more.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tiaki.intake.services import reports_escalate


class Command(BaseCommand):
    help = "Escalate reports nearing their response deadline (run from cron, e.g. every 15 minutes)."

    def handle(self, *args: Any, **options: Any) -> None:
        highlighted, notified = reports_escalate()
        self.stdout.write(f"Highlighted {highlighted} report(s); told supervisors about {notified} report(s).")
