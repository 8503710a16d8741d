"""Access monitoring's pass over the audit trail (tiaki.privacy.monitoring
re-exports it): run.py the pass, detectors.py one detector per rule; the
working set's SQL is the audit package's (tiaki.audit.working_set)."""

from tiaki.privacy.services.monitoring_pass.run import monitoring_run

__all__ = ["monitoring_run"]
