"""``tiaki intake_escalate``: the scheduled escalation of reports nearing
their response deadline (tiaki.intake.services.reports_escalate), run by
hand. `tiaki worker` runs it every 15 minutes (``intake.escalate``,
tiaki/intake/jobs.py); a page visit never does.

A report past TriagePolicy.escalate_highlight_fraction of its response time
is highlighted in the queue (level 1); past escalate_notify_fraction its
supervisor is told in Tiaki (level 2). Running it twice changes nothing more.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tiaki.intake.services import reports_escalate


class Command(BaseCommand):
    help = "Escalate reports nearing their response deadline now (tiaki worker does it every 15 minutes)."

    def handle(self, *args: Any, **options: Any) -> None:
        highlighted, notified = reports_escalate()
        self.stdout.write(f"Highlighted {highlighted} report(s); told supervisors about {notified} report(s).")
