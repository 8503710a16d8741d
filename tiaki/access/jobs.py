"""The access kernel's scheduled job (tiaki.jobs; docs/jobs.md)."""

from __future__ import annotations

import datetime as dt

from tiaki.access.services import breakglass_escalate_overdue
from tiaki.jobs.registry import scheduled


@scheduled(
    "access.breakglass_escalate",
    cron="5 * * * *",
    late_after=dt.timedelta(hours=2),
    description="Send break-glass reviews still open after 5 working days to the site manager",
)
def breakglass_escalate() -> str:
    """Idempotent: only grants not yet escalated (escalated_at unset) are
    escalated, in one transaction, so a second run sends nothing more."""
    count = breakglass_escalate_overdue()
    return f"Escalated {count} overdue break-glass review{'s' if count != 1 else ''}."
