"""What an audit event records. Values are stable: they are stored and hashed."""

from enum import StrEnum


class AuditAction(StrEnum):
    ACCESS_LOG_READ = "access_log.read"  # "who has seen this record"
    API_TOKEN_ISSUE = "api_token.issue"  # noqa: S105 - an action name, not a secret
    AUDIT_SEARCH = "audit.search"
    BREAKGLASS_ESCALATE = "breakglass.escalate"
    BREAKGLASS_OPEN = "breakglass.open"
    BREAKGLASS_REVIEW = "breakglass.review"
    EXPORT = "export"
    INDUCTION_RECORD = "induction.record"
    PERSON_CREATE = "person.create"
    PERSON_READ = "person.read"
    PERSON_SEARCH = "person.search"
    PERSON_UPDATE = "person.update"
    POLICY_UPDATE = "policy.update"
    REPORT_ALLOCATE = "report.allocate"
    REPORT_APPROVE = "report.approve"
    REPORT_CREATE = "report.create"
    REPORT_ESCALATE = "report.escalate"
    REPORT_READ = "report.read"
    REPORT_RESPOND = "report.respond"
    REPORT_TRIAGE = "report.triage"
    ROLE_GRANT = "role.grant"
    SEALED_GRANT = "sealed.grant"
    SEALED_REVOKE = "sealed.revoke"
    USER_CREATE = "user.create"
    USER_UPDATE = "user.update"


class Outcome(StrEnum):
    ALLOWED = "allowed"
    REFUSED = "refused"
