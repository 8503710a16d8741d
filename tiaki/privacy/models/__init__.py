"""Privacy office models: the breach and near-miss register, and access
monitoring's rules, watched records, alerts and passes."""

from tiaki.privacy.models.incidents import (
    COMMISSIONER_HOURS,
    IncidentAction,
    IncidentAuditLink,
    IncidentNotice,
    IncidentPerson,
    PrivacyIncident,
)
from tiaki.privacy.models.monitoring import AccessAlert, ActorDayVolume, MonitoringRule, MonitoringRun, WatchedRecord

__all__ = [
    "COMMISSIONER_HOURS",
    "AccessAlert",
    "ActorDayVolume",
    "IncidentAction",
    "IncidentAuditLink",
    "IncidentNotice",
    "IncidentPerson",
    "MonitoringRule",
    "MonitoringRun",
    "PrivacyIncident",
    "WatchedRecord",
]
