"""Access monitoring: scheduled analysis of the audit trail that raises
alerts for the privacy office (docs/privacy.md "Access monitoring").

``monitoring_run(kind="incremental" | "full")`` is the pass; the detectors
(one per MonitoringRule.Code) are in detectors.py, their SQL in sql.py."""

from tiaki.privacy.monitoring.run import monitoring_run

__all__ = ["monitoring_run"]
