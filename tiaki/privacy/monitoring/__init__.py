"""Access monitoring: scheduled analysis of the audit trail that raises
alerts for the privacy office (docs/privacy.md "Access monitoring").

``monitoring_run(kind="incremental" | "full")`` is the pass
(tiaki.privacy.services.monitoring_pass: run.py, and detectors.py with one
detector per MonitoringRule.Code); the working set's SQL is
tiaki.audit.working_set; describe.py says an alert in words."""

from tiaki.privacy.services.monitoring_pass import monitoring_run

__all__ = ["monitoring_run"]
